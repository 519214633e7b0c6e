//! Turning a listing into download jobs: what is new, what is already in the
//! archive, what Zoom has not finished, and where each file goes.

use std::collections::HashSet;
use std::path::Path;

use super::manifest::{Manifest, ManifestEntry, DOWNLOADED};
use super::naming::{file_key, file_name, meeting_folder};
use crate::download::DownloadRequest;
use crate::types::RecordingMeeting;

/// One file to download.
pub(crate) struct Job {
    pub(crate) meeting_uuid: String,
    pub(crate) key: String,
    /// Relative to the archive folder, `/`-separated.
    pub(crate) relative: String,
    /// The download, checked against the listed size and kind.
    pub(crate) request: DownloadRequest,
}

impl Job {
    pub(crate) fn entry(&self, size: u64, sha256: String) -> ManifestEntry {
        ManifestEntry {
            meeting_uuid: self.meeting_uuid.clone(),
            file_key: self.key.clone(),
            path: self.relative.clone(),
            size,
            sha256,
            status: DOWNLOADED.to_owned(),
        }
    }
}

pub(crate) struct Plan {
    pub(crate) jobs: Vec<Job>,
    pub(crate) already_archived: usize,
    pub(crate) not_ready: usize,
    /// Relative paths in use (archived or planned), so no two files share one.
    taken: HashSet<String>,
}

impl Plan {
    pub(crate) async fn new(meetings: &[RecordingMeeting], root: &Path, manifest: &Manifest) -> Self {
        let mut plan = Plan {
            jobs: Vec::new(),
            already_archived: 0,
            not_ready: 0,
            taken: HashSet::new(),
        };
        for meeting in meetings {
            let uuid = meeting.uuid.clone().unwrap_or_default();
            let folder = meeting_folder(meeting);
            for file in &meeting.recording_files {
                let key = file_key(&uuid, file);
                if plan.is_archived(root, manifest, &key).await {
                    continue;
                }
                match DownloadRequest::for_file(file) {
                    Ok(request) => plan.add(manifest, &uuid, key, &folder, &file_name(file), request),
                    Err(_) => plan.not_ready += 1,
                }
            }
        }
        plan
    }

    /// Whether `key` is archived and intact; counts it and keeps its path taken.
    pub(crate) async fn is_archived(&mut self, root: &Path, manifest: &Manifest, key: &str) -> bool {
        if manifest.archived(root, key).await.is_none() {
            return false;
        }
        self.already_archived += 1;
        self.taken.extend(manifest.path_of(key).map(str::to_owned));
        true
    }

    /// Plans a download into `folder/name` (or the path an earlier run chose
    /// for `key`), renamed `stem-2.ext`, … when another file has that path.
    pub(crate) fn add(
        &mut self,
        manifest: &Manifest,
        meeting_uuid: &str,
        key: String,
        folder: &Path,
        name: &str,
        request: DownloadRequest,
    ) {
        let relative = match manifest.path_of(&key) {
            Some(path) => path.to_owned(),
            None => unique(&self.taken, folder, name),
        };
        self.taken.insert(relative.clone());
        self.jobs.push(Job {
            meeting_uuid: meeting_uuid.to_owned(),
            key,
            relative,
            request,
        });
    }
}

/// A relative path as `/`-separated text (the manifest's form).
pub(crate) fn slash_path(path: &Path) -> String {
    path.iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `folder/name`, or `folder/stem-2.ext`, … when another file has it.
fn unique(taken: &HashSet<String>, folder: &Path, name: &str) -> String {
    let folder = slash_path(folder);
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    (1..)
        .map(|n| match (n, extension) {
            (1, _) => format!("{folder}/{name}"),
            (n, "") => format!("{folder}/{stem}-{n}"),
            (n, ext) => format!("{folder}/{stem}-{n}.{ext}"),
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or_default()
}
