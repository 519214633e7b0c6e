//! Seeded extras: recording settings, registrants and archived meetings.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

use crate::config::Config;
use crate::content::{Blob, ContentKind};
use crate::model::{ArchiveFile, ArchiveMeeting, Meeting, User, iso};
use crate::rng::Rng;

/// A registrant, as the API shows it (always has `id` and `status`).
pub(crate) type Registrant = Map<String, Value>;

/// The recording settings a meeting starts with.
pub(crate) fn settings(m: &Meeting) -> Map<String, Value> {
    let v = json!({
        "share_recording": "publicly",
        "recording_authentication": false,
        "authentication_option": "",
        "authentication_domains": "",
        "viewer_download": true,
        "password": m.password,
        "on_demand": false,
        "approval_type": 2,
        "send_email_to_host": true,
        "show_social_share_buttons": true,
        "topic": m.topic,
        "auto_delete": false,
        // Added by Zoom in 2025: the display name of the authentication profile.
        "authentication_name": "",
    });
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// A few registrants on every third recurring series.
pub(crate) fn registrants(
    rng: &mut Rng,
    meetings: &[Meeting],
    now: DateTime<Utc>,
) -> HashMap<u64, Vec<Registrant>> {
    let mut out: HashMap<u64, Vec<Registrant>> = HashMap::new();
    for (k, m) in meetings.iter().enumerate() {
        if k % 3 != 1 || out.contains_key(&m.id) {
            continue;
        }
        let n = rng.range(1, 7);
        let list = (0..n)
            .map(|i| {
                let status = ["approved", "approved", "pending", "denied"][(i % 4) as usize];
                let created = now - Duration::hours(rng.range(1, 2000) as i64);
                registrant(
                    rng,
                    &format!("viewer{i}.{}", m.id % 1000),
                    "Viewer",
                    status,
                    created,
                )
            })
            .collect();
        out.insert(m.id, list);
    }
    out
}

/// One registrant record.
pub(crate) fn registrant(
    rng: &mut Rng,
    local: &str,
    first_name: &str,
    status: &str,
    created: DateTime<Utc>,
) -> Registrant {
    let v = json!({
        "id": rng.url_safe(22),
        "email": format!("{local}@example.org"),
        "first_name": first_name,
        "last_name": "Example",
        "address": "",
        "city": "Springfield",
        "country": "US",
        "zip": "",
        "state": "",
        "phone": "",
        "industry": "",
        "org": "",
        "job_title": "",
        "purchasing_time_frame": "",
        "role_in_purchase_process": "",
        "no_of_employees": "",
        "comments": "",
        "custom_questions": [],
        "status": status,
        "create_time": iso(created),
        "share_url": format!("https://example.invalid/rec/share/{}?tk={}", rng.url_safe(40), rng.url_safe(43)),
    });
    match v {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Archived copies of every fourth completed meeting, some with a breakout room.
pub(crate) fn archive(
    cfg: &Config,
    rng: &mut Rng,
    meetings: &[Meeting],
    users: &[User],
    blobs: &mut HashMap<String, Arc<Blob>>,
) -> Vec<ArchiveMeeting> {
    let mut out = Vec::new();
    for (k, m) in meetings.iter().enumerate() {
        if k % 4 != 1 {
            continue;
        }
        let secs = m.duration * 60 + rng.range(0, 59);
        let leave = m.start + Duration::seconds(secs as i64);
        let mut files = vec![
            file(
                cfg,
                rng,
                "MP4",
                "MP4",
                "shared_screen_with_speaker_view",
                m.start,
                leave,
            ),
            file(cfg, rng, "M4A", "M4A", "audio_only", m.start, leave),
            file(cfg, rng, "CHAT_MESSAGE", "JSON", "chat_message", m.start, leave),
            file(cfg, rng, "TRANSCRIPT", "VTT", "audio_transcript", m.start, leave),
        ];
        files[1].individual = true;
        files[1].participant_email = Some(users[m.host].email.clone());
        files[2].number_of_messages = Some(rng.range(1, 80));
        if rng.chance(0.1) {
            files[3].status = "failed";
        }
        let external = rng.chance(0.125);
        let complete = leave + Duration::seconds(rng.range(300, 900) as i64);
        let timezone = if rng.chance(0.33) { "" } else { m.timezone };
        let parent = ArchiveMeeting {
            uuid: m.uuid.clone(),
            id: m.id,
            host_id: if external {
                String::new()
            } else {
                users[m.host].id.clone()
            },
            topic: if external { String::new() } else { m.topic.clone() },
            kind: u16::from(m.kind),
            start: m.start,
            timezone,
            duration_secs: secs,
            external,
            parent_uuid: None,
            complete,
            files,
            physical_files: Vec::new(),
            group_ids: Vec::new(),
        };
        let breakout = rng.chance(0.2).then(|| {
            let start = m.start + Duration::minutes(10);
            let end = start + Duration::minutes(15);
            ArchiveMeeting {
                uuid: rng.meeting_uuid(),
                topic: "Breakout Room 1".into(),
                kind: 100,
                start,
                duration_secs: 900,
                parent_uuid: Some(m.uuid.clone()),
                files: vec![file(
                    cfg,
                    rng,
                    "MP4",
                    "MP4",
                    "shared_screen_with_speaker_view",
                    start,
                    end,
                )],
                ..parent.clone()
            }
        });
        out.push(parent);
        out.extend(breakout);
    }
    for am in &out {
        for f in &am.files {
            let kind = match f.file_type {
                "MP4" => ContentKind::Mp4,
                "M4A" => ContentKind::M4a,
                "TRANSCRIPT" => ContentKind::Vtt,
                _ => ContentKind::Json,
            };
            blobs.insert(
                f.id.clone(),
                Arc::new(Blob::new(cfg.seed, &f.id, &am.uuid, f.size, kind)),
            );
        }
    }
    out
}

fn file(
    cfg: &Config,
    rng: &mut Rng,
    file_type: &'static str,
    file_extension: &'static str,
    recording_type: &'static str,
    join: DateTime<Utc>,
    leave: DateTime<Utc>,
) -> ArchiveFile {
    let (lo, hi) = match file_type {
        "MP4" => (cfg.file_size_min, cfg.file_size_max),
        "M4A" => ((cfg.file_size_min / 4).max(1), (cfg.file_size_max / 4).max(1)),
        _ => (256.min(cfg.file_size_max), 16_384.min(cfg.file_size_max)),
    };
    ArchiveFile {
        id: rng.uuid(),
        file_type,
        file_extension,
        recording_type,
        size: rng.range(lo, hi),
        status: "completed",
        individual: false,
        participant_email: None,
        number_of_messages: None,
        join,
        leave,
        auto_delete: false,
        storage_location: "US",
    }
}
