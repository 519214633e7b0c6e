//! What [`FakeZoom`] tells tests about the data of Zoom's newer operations:
//! host keys, transcripts, recording analytics, summaries and archived
//! meetings; and the portal-only summary actions (trash, recover).

use crate::api::archive::{attachment_url, download_url as archive_url};
use crate::api::{summaries, transcript};
use crate::handle::FakeZoom;
use crate::info::{ArchiveFileInfo, ArchiveMeetingInfo};
use crate::info_aic::{AnalyticsEvent, SummaryInfo, TranscriptInfo, TranscriptState};
use crate::model::ArchiveMeeting;
use crate::model_aic::{Summary, Transcript, TranscriptKind};
use crate::seed_analytics;
use crate::state::{App, Store};

fn transcript_info(app: &App, store: &Store, t: &Transcript) -> Option<TranscriptInfo> {
    if t.deleted {
        return None;
    }
    let m = &store.meetings[store.by_uuid(&t.meeting_uuid)?];
    let state = transcript::state(m, t);
    let bytes = (t.kind == TranscriptKind::Ready)
        .then(|| app.blobs.get(&t.file_id))
        .flatten();
    Some(TranscriptInfo {
        meeting_uuid: m.uuid.clone(),
        meeting_id: m.id,
        state,
        created_time: t.created,
        file_id: bytes.map(|b| b.id.clone()),
        download_url: (state == TranscriptState::Ready).then(|| transcript::download_url(app, &t.file_id)),
        size: bytes.map(|b| b.size),
        sha256_hex: bytes.map(|b| app.sha256_hex(b)),
    })
}

fn summary_info(app: &App, store: &Store, s: &Summary) -> Option<SummaryInfo> {
    let m = &store.meetings[store.by_uuid(&s.meeting_uuid)?];
    (!s.deleted).then(|| SummaryInfo {
        meeting_uuid: s.meeting_uuid.clone(),
        meeting_id: m.id,
        title: s.title.clone(),
        created_time: s.created,
        last_modified_time: s.modified,
        doc_url: summaries::doc_url(app, s),
        trashed: s.trashed,
    })
}

fn archive_info(app: &App, m: &ArchiveMeeting) -> ArchiveMeetingInfo {
    let files = m.files.iter().map(|f| ArchiveFileInfo {
        id: f.id.clone(),
        file_type: f.file_type.into(),
        file_extension: f.file_extension.into(),
        recording_type: f.recording_type.into(),
        status: f.status.into(),
        size: f.size,
        file_name: None,
        download_url: archive_url(app, &f.id),
        auto_delete: f.auto_delete,
        downloadable: f.status != "processing",
    });
    let physical = m.physical_files.iter().map(|f| ArchiveFileInfo {
        id: f.id.clone(),
        file_type: String::new(),
        file_extension: String::new(),
        recording_type: String::new(),
        status: "completed".into(),
        size: f.size,
        file_name: Some(f.name.clone()),
        download_url: attachment_url(app, &f.id),
        auto_delete: false,
        downloadable: true,
    });
    ArchiveMeetingInfo {
        uuid: m.uuid.clone(),
        id: m.id,
        host_id: m.host_id.clone(),
        start_time: m.start,
        complete_time: m.complete,
        is_breakout_room: m.parent_uuid.is_some(),
        parent_meeting_uuid: m.parent_uuid.clone(),
        status: m.status().into(),
        files: files.collect(),
        physical_files: physical.collect(),
    }
}

impl FakeZoom {
    /// A user's host key (by id, e-mail or `me`): the PIN that
    /// `include_fields=host_key` shows. A credential: kept out of [`UserInfo`](crate::UserInfo).
    pub fn host_key(&self, user: &str) -> Option<String> {
        let index = self.app.user_index(user)?;
        Some(self.app.users[index].host_key.clone())
    }

    /// The transcript of one meeting instance, as `GetMeetingTranscript` would
    /// describe it (`None`: 404 / 3322, never had one or deleted).
    pub fn transcript(&self, meeting_uuid: &str) -> Option<TranscriptInfo> {
        let store = self.app.store();
        let t = store.transcripts.get(meeting_uuid)?;
        transcript_info(&self.app, &store, t)
    }

    /// Every transcript that is not deleted, most recent meeting first (each
    /// ready one's SHA-256 is computed once, so a large account takes a moment).
    pub fn transcripts(&self) -> Vec<TranscriptInfo> {
        let store = self.app.store();
        store
            .meetings
            .iter()
            .filter_map(|m| store.transcripts.get(&m.uuid))
            .filter_map(|t| transcript_info(&self.app, &store, t))
            .collect()
    }

    /// Every view and download of one meeting's recording, oldest first: what
    /// `analytics_details` and `analytics_summary` page and count. Empty for an
    /// unknown meeting.
    pub fn recording_analytics(&self, meeting_uuid: &str) -> Vec<AnalyticsEvent> {
        let store = self.app.store();
        let Some(index) = store.by_uuid(meeting_uuid) else {
            return Vec::new();
        };
        let app = &self.app;
        seed_analytics::events(app.cfg.seed, app.cfg.now, &app.users, &store.meetings[index])
    }

    /// Every summary that is not deleted (trashed ones too), most recent first.
    pub fn summaries(&self) -> Vec<SummaryInfo> {
        let store = self.app.store();
        let all = store.summaries.iter();
        all.filter_map(|s| summary_info(&self.app, &store, s)).collect()
    }

    /// The summary of one meeting instance, unless deleted.
    pub fn summary(&self, meeting_uuid: &str) -> Option<SummaryInfo> {
        self.summaries()
            .into_iter()
            .find(|s| s.meeting_uuid == meeting_uuid)
    }

    /// Moves a summary to the trash, as a user can in Zoom's web portal (no
    /// REST call does it): `Getameetingsummary` then answers 403 / 2305 and the
    /// listing leaves it out. False when there is no live summary.
    pub fn trash_summary(&self, meeting_uuid: &str) -> bool {
        self.set_summary_trashed(meeting_uuid, true)
    }

    /// Takes a summary out of the trash. False when it is not in the trash.
    pub fn recover_summary(&self, meeting_uuid: &str) -> bool {
        self.set_summary_trashed(meeting_uuid, false)
    }

    fn set_summary_trashed(&self, meeting_uuid: &str, trashed: bool) -> bool {
        let mut store = self.app.store();
        let found = store
            .summaries
            .iter_mut()
            .find(|s| s.meeting_uuid == meeting_uuid && !s.deleted && s.trashed != trashed);
        found.map(|s| s.trashed = trashed).is_some()
    }

    /// Every archived meeting instance not deleted, most recent first, each
    /// breakout room after its parent. [`FakeZoom::expected_file`] gives the size
    /// and SHA-256 of any of their files and attachments (not of processing ones).
    pub fn archive_meetings(&self) -> Vec<ArchiveMeetingInfo> {
        let store = self.app.store();
        let all = store.archive.iter();
        all.map(|m| archive_info(&self.app, m)).collect()
    }
}
