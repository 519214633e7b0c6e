//! Seeded meeting transcripts (`GET /meetings/{meetingId}/transcript`), so that
//! every state exists in any account of 7 or more meetings:
//!
//! | meeting (most recent first) | transcript |
//! |---|---|
//! | 0, still recording | not ready |
//! | 1 (2021-style files) and other 2021-style ones | none (404 / 3322) |
//! | 3 | no transcript data |
//! | 4 | unsupported |
//! | 6, in the trash | ready underneath, so `DELETED_OR_TRASHED` |
//! | AI Companion meetings | ready |
//! | the others | ready (60 %), no data (10 %), unsupported (5 %) or none |
//!
//! Ready transcripts are WebVTT of about one cue per 4 seconds of meeting.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::Duration;

use crate::config::Config;
use crate::content::{Blob, ContentKind};
use crate::content_vtt;
use crate::model::Meeting;
use crate::model_aic::{Transcript, TranscriptKind};
use crate::rng::Rng;

fn kind(k: usize, m: &Meeting, roll: u64) -> Option<TranscriptKind> {
    let classic = m.files.iter().any(|f| !f.expose_id);
    let companion = m.files.iter().any(|f| f.recording_type == Some("summary"));
    Some(match k {
        0 => TranscriptKind::NotReady,
        _ if m.files.iter().any(|f| f.processing) => TranscriptKind::NotReady,
        3 => TranscriptKind::NoData,
        4 => TranscriptKind::Unsupported,
        6 => TranscriptKind::Ready,
        _ if classic => return None,
        _ if companion => TranscriptKind::Ready,
        _ => match roll {
            0..=11 => TranscriptKind::Ready,
            12 | 13 => TranscriptKind::NoData,
            14 => TranscriptKind::Unsupported,
            _ => return None,
        },
    })
}

/// The transcripts of `meetings`; ready ones get their bytes in `blobs`.
pub(crate) fn transcripts(
    cfg: &Config,
    meetings: &[Meeting],
    blobs: &mut HashMap<String, Arc<Blob>>,
) -> Vec<Transcript> {
    let mut rng = Rng::new(cfg.seed, 8);
    let mut out = Vec::new();
    for (k, m) in meetings.iter().enumerate() {
        // Every meeting draws the same amount, whatever it gets.
        let roll = rng.range(0, 19);
        let file_id = format!("{}.{}", rng.url_safe(51), rng.url_safe(16));
        let delay = rng.range(2, 15) as i64;
        let Some(kind) = kind(k, m, roll) else {
            continue;
        };
        let end = m.start + Duration::minutes(m.duration as i64);
        let created = if kind == TranscriptKind::NotReady {
            m.start + Duration::minutes(1)
        } else {
            end + Duration::minutes(delay)
        };
        if kind == TranscriptKind::Ready {
            let cues = (m.duration * 15).clamp(1, content_vtt::cues_within(cfg.file_size_max));
            let size = content_vtt::size(cues);
            let blob = Blob::new(cfg.seed, &file_id, &m.uuid, size, ContentKind::Transcript);
            blobs.insert(file_id.clone(), Arc::new(blob));
        }
        out.push(Transcript {
            meeting_uuid: m.uuid.clone(),
            file_id,
            created,
            kind,
            deleted: false,
        });
    }
    out
}
