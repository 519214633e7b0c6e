//! Helpers of the retention tests (`retention*.rs`): an archiver and a prune
//! against a folder, the audit log, and what the fake shows in its trash.

use std::collections::BTreeSet;
use std::path::Path;

use fake_zoom::{FakeZoom, FileInfo, MeetingInfo};
use zoom_archiver::retention::{Action, AuditLog, AuditRecord, Options, RetentionReport, State};
use zoom_archiver::store::FolderStore;
use zoom_archiver::{Archiver, ManifestEntry, Scope, Store, Users};

use super::files::sha256_of;
use super::zoom::{client, folder, scope};

/// An archiver of `scope` of `zoom` into the folder `root`.
pub fn archiver(zoom: &FakeZoom, root: &Path, scope: Scope) -> Archiver {
    Archiver::new(client(zoom), folder(root), scope).concurrency(3)
}

/// Archives everything of `zoom` into `root` (no retention), checking it all worked.
pub async fn archive_all(zoom: &FakeZoom, root: &Path) {
    let report = archiver(zoom, root, scope(zoom, Users::All))
        .archive()
        .await
        .expect("the archive runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
}

/// `prune` over every user of `zoom` against the folder `root`.
pub async fn prune(zoom: &FakeZoom, root: &Path, options: &Options) -> RetentionReport {
    let (report, freed) = archiver(zoom, root, scope(zoom, Users::All))
        .prune(options)
        .await
        .expect("the prune runs");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    freed
}

/// Every record of the audit log in `store`.
pub async fn audit_of(store: &dyn Store) -> Vec<AuditRecord> {
    let log = AuditLog::load(store).await.expect("the audit log is readable");
    assert!(log.damaged().is_empty(), "{:?}", log.damaged());
    log.records().to_vec()
}

pub async fn audit(root: &Path) -> Vec<AuditRecord> {
    audit_of(&FolderStore::new(root)).await
}

/// The ids of the recording and participant audio files the fake shows in the trash.
pub fn trashed_files(zoom: &FakeZoom) -> BTreeSet<String> {
    zoom.files()
        .into_iter()
        .filter(|f| !f.archive && f.trashed)
        .map(|f| f.id)
        .collect()
}

/// The UUIDs of the meetings the fake shows in the trash.
pub fn trashed_meetings(zoom: &FakeZoom) -> BTreeSet<String> {
    zoom.meetings()
        .into_iter()
        .filter(|m| m.trashed)
        .map(|m| m.uuid)
        .collect()
}

/// The files trashed since `before` (ids of what was trashed then).
pub fn newly_trashed(zoom: &FakeZoom, before: &BTreeSet<String>) -> Vec<FileInfo> {
    zoom.files()
        .into_iter()
        .filter(|f| !f.archive && f.trashed && !before.contains(&f.id))
        .collect()
}

/// (meeting UUID, file id) of a record or removal.
pub type Item = (String, Option<String>);

pub fn item(record: &AuditRecord) -> Item {
    (record.meeting_uuid.clone(), record.file_id.clone())
}

/// The items with a `done` record of `action`.
pub fn done(records: &[AuditRecord], action: Action) -> BTreeSet<Item> {
    records
        .iter()
        .filter(|r| r.action == action && r.state == State::Done)
        .map(item)
        .collect()
}

/// Whether the archive at `root` holds `file` byte for byte as the fake
/// serves it (an entry of its meeting, by id, or for files whose listing
/// shows no id, any entry of the meeting with those bytes).
pub fn archived_exactly(zoom: &FakeZoom, root: &Path, entries: &[ManifestEntry], file: &FileInfo) -> bool {
    let expected = zoom.expected_file(&file.id).expect("the fake serves it");
    entries
        .iter()
        .filter(|e| e.meeting_uuid == file.meeting_uuid && (e.file_key == file.id || !file.id_in_listing))
        .any(|e| {
            let path = root.join(&e.path);
            path.is_file()
                && std::fs::metadata(&path).unwrap().len() == expected.size
                && sha256_of(&path) == expected.sha256_hex
        })
}

pub fn meeting<'a>(meetings: &'a [MeetingInfo], uuid: &str) -> &'a MeetingInfo {
    meetings
        .iter()
        .find(|m| m.uuid == uuid)
        .unwrap_or_else(|| panic!("meeting {uuid}"))
}
