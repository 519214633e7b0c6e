//! [`FakeZoom`]: the handle of a running fake.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::api::archive::download_url as archive_url;
use crate::api::render::download_url;
use crate::config::Config;
use crate::counters::Operation;
use crate::faults::Faults;
use crate::info::{ExpectedFile, FileInfo, MeetingInfo, UserInfo};
use crate::model::{Meeting, RecFile};
use crate::server;
use crate::state::App;
use crate::webhooks::Webhooks;

/// A running fake Zoom on 127.0.0.1: an API/OAuth/download server and a file
/// host. Dropping it (or [`FakeZoom::shutdown`]) stops both.
pub struct FakeZoom {
    pub(crate) app: Arc<App>,
    pub(crate) webhooks: Webhooks,
    api_addr: SocketAddr,
    files_addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for FakeZoom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeZoom")
            .field("api", &self.api_addr)
            .field("files", &self.files_addr)
            .finish()
    }
}

impl FakeZoom {
    /// Seeds the data and starts both servers on the current tokio runtime.
    pub async fn start(config: Config) -> io::Result<Self> {
        let r = server::start(config).await?;
        Ok(Self {
            app: r.app,
            webhooks: Webhooks::new(),
            api_addr: r.api_addr,
            files_addr: r.files_addr,
            shutdown: r.shutdown,
            tasks: r.tasks,
        })
    }

    /// Stops both servers and waits for their accept loops to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for task in std::mem::take(&mut self.tasks) {
            let _ = task.await;
        }
    }

    /// `http://127.0.0.1:PORT/v2`, the SDK's base URL.
    pub fn api_base_url(&self) -> String {
        format!("http://{}/v2", self.api_addr)
    }

    /// `http://127.0.0.1:PORT` (same server), where `POST /oauth/token` lives.
    pub fn oauth_base_url(&self) -> String {
        format!("http://{}", self.api_addr)
    }

    /// `http://127.0.0.1:PORT` of the file host that downloads redirect to.
    pub fn file_host_url(&self) -> String {
        format!("http://{}", self.files_addr)
    }

    /// The account id to send as `account_id` to `/oauth/token`.
    pub fn account_id(&self) -> &str {
        &self.app.account_id
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> &str {
        &self.app.client_id
    }

    /// The OAuth client secret.
    pub fn client_secret(&self) -> &str {
        &self.app.client_secret
    }

    /// The fake's clock: [`Config::now`] plus the time since start.
    pub fn now(&self) -> DateTime<Utc> {
        self.app.clock.now()
    }

    /// The users: the first is `me`; with 3 or more seeded users the last of
    /// them is deactivated, and a pending (invited) user follows them.
    pub fn users(&self) -> Vec<UserInfo> {
        let store = self.app.store();
        let users = self.app.users.iter().enumerate();
        users
            .map(|(i, u)| UserInfo {
                id: u.id.clone(),
                email: u.email.clone(),
                is_me: i == 0,
                status: u.status,
                first_name: u.first_name.clone(),
                last_name: u.last_name.clone(),
                role_id: u.role_id.into(),
                group_ids: u.group_ids.clone(),
                pmi: u.pmi,
                meetings: store.meetings.iter().filter(|m| m.host == i && !m.purged).count(),
            })
            .collect()
    }

    /// Every meeting that is not deleted for good, most recent first.
    pub fn meetings(&self) -> Vec<MeetingInfo> {
        let store = self.app.store();
        store
            .meetings
            .iter()
            .filter(|m| !m.purged)
            .map(|m| self.meeting_info(m))
            .collect()
    }

    /// One meeting by UUID (not percent-encoded).
    pub fn meeting(&self, uuid: &str) -> Option<MeetingInfo> {
        self.meetings().into_iter().find(|m| m.uuid == uuid)
    }

    /// Every file not deleted for good: recording, participant audio and archive
    /// files (attachments and transcripts: see [`FakeZoom::archive_meetings`]
    /// and [`FakeZoom::transcripts`]).
    pub fn files(&self) -> Vec<FileInfo> {
        let mut out: Vec<FileInfo> = self.meetings().into_iter().flat_map(|m| m.files).collect();
        let store = self.app.store();
        for am in &store.archive {
            for f in &am.files {
                let processing = f.status == "processing";
                out.push(FileInfo {
                    id: f.id.clone(),
                    meeting_uuid: am.uuid.clone(),
                    file_type: f.file_type.into(),
                    recording_type: Some(f.recording_type.into()),
                    id_in_listing: true,
                    size: (!processing).then_some(f.size),
                    download_url: (!processing).then(|| archive_url(&self.app, &f.id)),
                    processing,
                    trashed: false,
                    participant_audio: false,
                    archive: true,
                });
            }
        }
        out
    }

    fn meeting_info(&self, m: &Meeting) -> MeetingInfo {
        let user = &self.app.users[m.host];
        let file = |f: &RecFile, participant_audio: bool| FileInfo {
            id: f.id.clone(),
            meeting_uuid: m.uuid.clone(),
            file_type: f.file_type.into(),
            recording_type: f.recording_type.map(Into::into),
            id_in_listing: f.expose_id,
            size: (!f.processing).then_some(f.size),
            download_url: (!f.processing).then(|| download_url(&self.app, &f.id)),
            processing: f.processing,
            trashed: f.trashed_at.is_some() || m.trashed_at.is_some(),
            participant_audio,
            archive: false,
        };
        let files = m.files.iter().filter(|f| !f.purged).map(|f| file(f, false));
        let audio = m
            .participant_audio
            .iter()
            .filter(|f| !f.purged)
            .map(|f| file(f, true));
        MeetingInfo {
            uuid: m.uuid.clone(),
            id: m.id,
            host_id: user.id.clone(),
            host_email: user.email.clone(),
            topic: m.topic.clone(),
            start_time: m.start,
            in_progress: m.files.iter().any(|f| f.processing),
            trashed: m.trashed_at.is_some(),
            needs_double_encoding: m.uuid.starts_with('/') || m.uuid.contains("//"),
            files: files.chain(audio).collect(),
        }
    }

    /// Size and SHA-256 of a downloadable file (computed by streaming the
    /// generator once, then cached; large files take a moment).
    pub fn expected_file(&self, file_id: &str) -> Option<ExpectedFile> {
        let blob = self.app.blobs.get(file_id)?;
        Some(ExpectedFile {
            id: blob.id.clone(),
            meeting_uuid: blob.meeting_uuid.clone(),
            size: blob.size,
            sha256_hex: self.app.sha256_hex(blob),
            content_type: blob.kind.mime().into(),
            file_name: blob.file_name.clone(),
        })
    }

    /// A webhook-style `download_token` for one meeting's files, valid 24 hours
    /// (`None` for an unknown meeting).
    pub fn mint_download_token(&self, meeting_uuid: &str) -> Option<String> {
        let known = self.app.blobs.values().any(|b| b.meeting_uuid == meeting_uuid);
        known.then(|| {
            self.app
                .tokens()
                .issue_grant(meeting_uuid, Duration::from_secs(24 * 3600))
        })
    }

    /// A valid access token, without going through `/oauth/token` (not counted).
    pub fn issue_access_token(&self) -> String {
        self.app
            .tokens()
            .issue_access(&self.app.account_id, self.app.cfg.token_lifetime)
    }

    /// Expires every access and download token issued so far: the next API
    /// call with one answers 401 / 124 "Access token is expired.".
    pub fn expire_all_tokens(&self) {
        self.app.tokens().expire_all();
    }

    /// Invalidates every `next_page_token` issued so far (400 / 300).
    pub fn expire_page_tokens(&self) {
        self.app.tokens().expire_pages();
    }

    /// The fault rules (and random rate) of this fake.
    pub fn faults(&self) -> &Faults {
        &self.app.faults
    }

    /// Requests received for one operation (faulted ones included).
    pub fn requests(&self, op: Operation) -> u64 {
        self.app.counters.get(op)
    }

    /// Requests received in total, on both servers.
    pub fn requests_total(&self) -> u64 {
        self.app.counters.total()
    }

    /// Requests to `POST /oauth/token`, good or bad.
    pub fn token_requests(&self) -> u64 {
        self.requests(Operation::OAuthToken)
    }

    /// Body bytes the file host has sent of one file.
    pub fn bytes_served(&self, file_id: &str) -> u64 {
        self.app
            .blobs
            .get(file_id)
            .map_or(0, |b| b.served.load(Ordering::Relaxed))
    }

    /// Body bytes the file host has sent in total.
    pub fn bytes_served_total(&self) -> u64 {
        self.app
            .blobs
            .values()
            .map(|b| b.served.load(Ordering::Relaxed))
            .sum()
    }
}

impl Drop for FakeZoom {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}
