//! The property, checked from outside the library: every file removed at Zoom (trashed or
//! deleted by the archiver, i.e. not already gone when the test started) has an audit record
//! naming it, and one of that record's copies is in the destination, byte for byte what the
//! fake served for that file.
//!
//! The destination is read directly (the folder on disk, or moto without any proxy), the audit
//! log line by line from `retention.jsonl` and `retention.d/`, and the fake's own view decides
//! what was removed: nothing here goes through the archiver's store or journal code.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use fake_zoom::{FakeZoom, FileInfo};
use object_store::ObjectStoreExt;
use object_store::path::Path;
use zoom_archiver::retention::AuditRecord;

use crate::support::archive::sha256_hex;
use crate::support::s3::S3Server;

/// Where an archive is, read without the archiver.
pub enum Dest<'a> {
    /// A folder on disk.
    Folder(PathBuf),
    /// `bucket/prefix/` on a moto server (read directly, never through a proxy).
    S3 {
        /// The server.
        server: &'a S3Server,
        /// The bucket.
        bucket: String,
        /// The archive's prefix in it.
        prefix: String,
    },
}

impl Dest<'_> {
    /// The bytes at `path` (relative to the archive), or `None`.
    pub async fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            Dest::Folder(root) => std::fs::read(root.join(path)).ok(),
            Dest::S3 {
                server,
                bucket,
                prefix,
            } => {
                let key = Path::parse(format!("{prefix}/{path}")).ok()?;
                match server.store(bucket).get(&key).await {
                    Ok(found) => Some(found.bytes().await.expect("moto sends the object").to_vec()),
                    Err(object_store::Error::NotFound { .. }) => None,
                    Err(e) => panic!("cannot read {bucket}/{key}: {e}"),
                }
            }
        }
    }

    /// Every path under `dir/` (relative to the archive), sorted.
    pub async fn list(&self, dir: &str) -> Vec<String> {
        match self {
            Dest::Folder(root) => {
                let mut found: Vec<String> = std::fs::read_dir(root.join(dir))
                    .map(|entries| {
                        entries
                            .filter_map(|e| e.ok())
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .filter(|name| !name.ends_with(".part"))
                            .map(|name| format!("{dir}/{name}"))
                            .collect()
                    })
                    .unwrap_or_default();
                found.sort();
                found
            }
            Dest::S3 {
                server,
                bucket,
                prefix,
            } => {
                let start = format!("{prefix}/{dir}/");
                server
                    .objects(bucket)
                    .await
                    .into_iter()
                    .filter_map(|(key, _)| {
                        key.strip_prefix(&format!("{prefix}/"))
                            .filter(|_| key.starts_with(&start))
                            .map(str::to_owned)
                    })
                    .collect()
            }
        }
    }

    /// Every audit record that parses, and how many lines did not.
    pub async fn audit(&self) -> (Vec<AuditRecord>, usize) {
        let mut texts = Vec::new();
        if let Some(bytes) = self.read("retention.jsonl").await {
            texts.push(bytes);
        }
        for piece in self.list("retention.d").await {
            if let Some(bytes) = self.read(&piece).await {
                texts.push(bytes);
            }
        }
        let mut records = Vec::new();
        let mut damaged = 0;
        for text in &texts {
            for line in String::from_utf8_lossy(text)
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                match serde_json::from_str::<AuditRecord>(line) {
                    Ok(record) => records.push(record),
                    Err(_) => damaged += 1,
                }
            }
        }
        (records, damaged)
    }
}

/// The fake's recording and participant audio files when the test started.
pub struct Baseline {
    /// Every file by id.
    pub files: HashMap<String, FileInfo>,
    /// Those already trashed then (not the archiver's doing).
    pub trashed_before: BTreeSet<String>,
}

impl Baseline {
    /// The fake as it is now.
    pub fn take(zoom: &FakeZoom) -> Baseline {
        let files: HashMap<String, FileInfo> = zoom
            .meetings()
            .into_iter()
            .flat_map(|m| m.files)
            .map(|f| (f.id.clone(), f))
            .collect();
        let trashed_before = files
            .values()
            .filter(|f| f.trashed)
            .map(|f| f.id.clone())
            .collect();
        Baseline {
            files,
            trashed_before,
        }
    }

    /// The files removed at Zoom since: trashed now, or gone for good.
    pub fn removed(&self, zoom: &FakeZoom) -> Vec<&FileInfo> {
        let now: HashMap<String, bool> = zoom
            .meetings()
            .into_iter()
            .flat_map(|m| m.files)
            .map(|f| (f.id, f.trashed))
            .collect();
        let mut removed: Vec<&FileInfo> = self
            .files
            .values()
            .filter(|f| !self.trashed_before.contains(&f.id))
            .filter(|f| now.get(&f.id).is_none_or(|trashed| *trashed))
            .collect();
        removed.sort_by(|a, b| a.id.cmp(&b.id));
        removed
    }

    /// The files the archiver may remove at all: not trashed before, downloadable.
    pub fn removable(&self) -> usize {
        self.files
            .values()
            .filter(|f| !self.trashed_before.contains(&f.id) && f.download_url.is_some())
            .count()
    }
}

/// Checks the property after a round; panics naming every file that breaks it. Returns how
/// many files are removed so far.
pub async fn check(zoom: &FakeZoom, baseline: &Baseline, dest: &Dest<'_>, round: &str) -> usize {
    let removed = baseline.removed(zoom);
    let (records, damaged) = dest.audit().await;
    let mut hashes: HashMap<String, Option<String>> = HashMap::new();
    let mut broken = Vec::new();
    for file in &removed {
        let expected = zoom
            .expected_file(&file.id)
            .unwrap_or_else(|| panic!("{round}: the fake knows no bytes of removed file {}", file.id));
        let naming: Vec<&AuditRecord> = records
            .iter()
            .filter(|r| r.meeting_uuid == file.meeting_uuid)
            .filter(|r| r.file_id.is_none() || r.file_id.as_deref() == Some(file.id.as_str()))
            .collect();
        if naming.is_empty() {
            broken.push(format!(
                "{} ({} of meeting {}) was removed at Zoom with no audit record naming it",
                file.id, file.file_type, file.meeting_uuid
            ));
            continue;
        }
        let mut verified = false;
        for copy in naming.iter().flat_map(|r| &r.copies) {
            if !hashes.contains_key(&copy.path) {
                let hash = dest.read(&copy.path).await.map(|b| sha256_hex(&b));
                hashes.insert(copy.path.clone(), hash);
            }
            if hashes[&copy.path].as_deref() == Some(expected.sha256_hex.as_str()) {
                verified = true;
                break;
            }
        }
        if !verified {
            broken.push(format!(
                "{} ({} of meeting {}) was removed at Zoom but no copy its audit records name holds its \
                 bytes (sha256 {}): {:?}",
                file.id,
                file.file_type,
                file.meeting_uuid,
                expected.sha256_hex,
                naming
                    .iter()
                    .flat_map(|r| &r.copies)
                    .map(|c| (&c.path, &hashes[&c.path]))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "{round}: the retention property is broken ({} of {} removed files; {damaged} audit lines \
         unreadable):\n{}",
        broken.len(),
        removed.len(),
        broken.join("\n")
    );
    removed.len()
}
