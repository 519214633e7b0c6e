//! What today's archiving adds to the seeded archived meetings: AI Companion
//! conversation files (`AIC_COVERSATION`, Zoom's spelling), chat files,
//! attachments (`physical_files`), auto-delete tags and participant groups.
//!
//! Drawn from a stream of its own and only appended, so the files the archive
//! held before keep their ids, sizes and bytes. Among parent meetings (most
//! recent first): every second gets an AI Companion file (the most recent one
//! still processing), every third a chat file, and every fourth from the
//! second on one or two screenshots.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Blob, ContentKind};
use crate::model::{ArchiveFile, ArchiveMeeting, PhysicalFile, User};
use crate::rng::Rng;

fn text_size(cfg: &Config, rng: &mut Rng) -> u64 {
    rng.range(256.min(cfg.file_size_max), 16_384.min(cfg.file_size_max))
}

/// Extends `archive` in place and adds the new bytes to `blobs`.
pub(crate) fn extend(
    cfg: &Config,
    archive: &mut [ArchiveMeeting],
    users: &[User],
    blobs: &mut HashMap<String, Arc<Blob>>,
) {
    let mut rng = Rng::new(cfg.seed, 10);
    let mut parent = 0usize;
    for am in archive.iter_mut() {
        if let Some(host) = users.iter().find(|u| !am.external && u.id == am.host_id) {
            am.group_ids = host.group_ids.clone();
        }
        for f in &mut am.files {
            f.auto_delete = rng.chance(0.2);
        }
        if am.parent_uuid.is_some() {
            continue;
        }
        let (join, leave) = am
            .files
            .first()
            .map_or((am.start, am.complete), |f| (f.join, f.leave));
        let template = ArchiveFile {
            id: String::new(),
            file_type: "",
            file_extension: "",
            recording_type: "",
            size: 0,
            status: "completed",
            individual: false,
            participant_email: None,
            number_of_messages: None,
            join,
            leave,
            auto_delete: false,
            storage_location: "US",
        };
        if parent.is_multiple_of(2) {
            let file = ArchiveFile {
                id: rng.uuid(),
                file_type: "AIC_COVERSATION",
                file_extension: "JSON",
                recording_type: "aic_conversation",
                size: text_size(cfg, &mut rng),
                status: if parent == 0 { "processing" } else { "completed" },
                number_of_messages: Some(rng.range(2, 40)),
                auto_delete: rng.chance(0.2),
                ..template.clone()
            };
            add(cfg, blobs, am, file, ContentKind::Json);
        }
        if parent.is_multiple_of(3) {
            let file = ArchiveFile {
                id: rng.uuid(),
                file_type: "CHAT",
                file_extension: "TXT",
                recording_type: "chat_file",
                size: text_size(cfg, &mut rng),
                number_of_messages: Some(rng.range(1, 80)),
                auto_delete: rng.chance(0.2),
                ..template
            };
            add(cfg, blobs, am, file, ContentKind::Txt);
        }
        if parent % 4 == 1 {
            for n in 0..rng.range(1, 2) {
                let at = am.start + chrono::Duration::minutes(5 + 7 * n as i64);
                let file = PhysicalFile {
                    id: rng.url_safe(22),
                    name: format!("Screenshot {}.png", at.format("%Y-%m-%d at %H.%M.%S")),
                    size: rng.range(1024.min(cfg.file_size_max), 600_000.min(cfg.file_size_max)),
                };
                let blob = Blob::new(cfg.seed, &file.id, &am.uuid, file.size, ContentKind::Png);
                blobs.insert(file.id.clone(), Arc::new(blob));
                am.physical_files.push(file);
            }
        }
        parent += 1;
    }
}

/// Appends `file`, with its bytes unless it is still processing.
fn add(
    cfg: &Config,
    blobs: &mut HashMap<String, Arc<Blob>>,
    am: &mut ArchiveMeeting,
    file: ArchiveFile,
    kind: ContentKind,
) {
    if file.status != "processing" {
        let blob = Blob::new(cfg.seed, &file.id, &am.uuid, file.size, kind);
        blobs.insert(file.id.clone(), Arc::new(blob));
    }
    am.files.push(file);
}
