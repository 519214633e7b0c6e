//! `verify`: re-reads every object the manifest lists and checks that it is
//! there, has the recorded size, and hashes to the recorded SHA-256.

use futures::stream::{self, StreamExt};
use serde::Serialize;

use crate::manifest::Manifest;
use crate::store::{Store, StoreError};

/// What is wrong with one archived file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The object is gone.
    Missing {
        /// Its path.
        path: String,
    },
    /// It has another size than recorded (truncated, or replaced).
    Size {
        /// Its path.
        path: String,
        /// Recorded.
        expected: u64,
        /// Found.
        found: u64,
    },
    /// Same size, other bytes.
    Hash {
        /// Its path.
        path: String,
        /// Recorded.
        expected: String,
        /// Found.
        found: String,
    },
    /// It could not be read.
    Unreadable {
        /// Its path.
        path: String,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Missing { path } => write!(f, "{path}: missing"),
            Self::Size {
                path,
                expected,
                found,
            } => {
                write!(
                    f,
                    "{path}: {found} bytes, the manifest says {expected} (truncated or replaced)"
                )
            }
            Self::Hash {
                path,
                expected,
                found,
            } => {
                write!(
                    f,
                    "{path}: SHA-256 {found}, the manifest says {expected} (altered)"
                )
            }
            Self::Unreadable { path, reason } => write!(f, "{path}: unreadable: {reason}"),
        }
    }
}

/// What `verify` found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VerifyReport {
    /// Where.
    pub destination: String,
    /// Entries checked.
    pub checked: usize,
    /// Entries whose object is intact.
    pub intact: usize,
    /// Bytes re-read.
    pub bytes: u64,
    /// Every problem, by path.
    pub problems: Vec<Problem>,
    /// Parts of the manifest that could not be read.
    pub manifest_damaged: Vec<String>,
}

impl VerifyReport {
    /// `0` when everything is intact, `2` otherwise.
    pub fn exit_code(&self) -> u8 {
        if self.problems.is_empty() && self.manifest_damaged.is_empty() {
            0
        } else {
            2
        }
    }
}

/// Checks every manifest entry of `store`, `concurrency` at a time.
pub async fn verify(store: &dyn Store, concurrency: usize) -> Result<VerifyReport, StoreError> {
    let manifest = Manifest::load(store).await?;
    let entries = manifest.entries();
    let checks: Vec<_> = stream::iter(entries.iter())
        .map(|entry| async move { (entry, store.digest(&entry.path).await) })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    let mut report = VerifyReport {
        destination: store.describe(),
        checked: entries.len(),
        manifest_damaged: manifest
            .damaged()
            .iter()
            .map(|d| format!("{}: {}", d.at, d.reason))
            .collect(),
        ..VerifyReport::default()
    };
    for (entry, found) in checks {
        let path = entry.path.clone();
        let problem = match found {
            Err(e) => Some(Problem::Unreadable {
                path,
                reason: e.to_string(),
            }),
            Ok(None) => Some(Problem::Missing { path }),
            Ok(Some(stored)) if stored.size != entry.size => Some(Problem::Size {
                path,
                expected: entry.size,
                found: stored.size,
            }),
            Ok(Some(stored)) if stored.sha256 != entry.sha256 => Some(Problem::Hash {
                path,
                expected: entry.sha256.clone(),
                found: stored.sha256,
            }),
            Ok(Some(stored)) => {
                report.bytes += stored.size;
                None
            }
        };
        match problem {
            Some(problem) => report.problems.push(problem),
            None => report.intact += 1,
        }
    }
    Ok(report)
}
