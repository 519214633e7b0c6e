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
}

impl Plan {
    pub(crate) async fn new(meetings: &[RecordingMeeting], root: &Path, manifest: &Manifest) -> Self {
        let mut plan = Plan {
            jobs: Vec::new(),
            already_archived: 0,
            not_ready: 0,
        };
        let mut taken: HashSet<String> = HashSet::new();
        for meeting in meetings {
            let uuid = meeting.uuid.clone().unwrap_or_default();
            let folder = meeting_folder(meeting);
            for file in &meeting.recording_files {
                let key = file_key(&uuid, file);
                if manifest.archived(root, &key).await.is_some() {
                    plan.already_archived += 1;
                    taken.extend(manifest.path_of(&key).map(str::to_owned));
                    continue;
                }
                let request = match DownloadRequest::for_file(file) {
                    Ok(request) => request,
                    Err(_) => {
                        plan.not_ready += 1;
                        continue;
                    }
                };
                let relative = match manifest.path_of(&key) {
                    Some(path) => path.to_owned(),
                    None => unique(&mut taken, &folder, &file_name(file)),
                };
                taken.insert(relative.clone());
                plan.jobs.push(Job {
                    meeting_uuid: uuid.clone(),
                    key,
                    relative,
                    request,
                });
            }
        }
        plan
    }
}

/// `folder/name`, or `folder/stem-2.ext`, … when another file has it.
fn unique(taken: &mut HashSet<String>, folder: &Path, name: &str) -> String {
    let folder = folder
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
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
