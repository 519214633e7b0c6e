//! Whether one file may be removed at Zoom. Every rule must hold; the first
//! that does not is the reason it is kept. When in doubt, it keeps.

use crate::manifest::Manifest;
use crate::store::Store;

use super::audit::VerifiedCopy;

/// How a copy is checked before its original is removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Verify {
    /// Size and the SHA-256 the object carries; an object without a SHA-256
    /// label (a multipart upload) is read back in full. A folder always
    /// re-reads the file.
    #[default]
    Metadata,
    /// Every copy read back in full and hashed.
    Full,
}

/// What Zoom says about the file, and whether the run's scope selects it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AtZoom {
    /// Zoom lists it as `completed`.
    pub(crate) completed: bool,
    /// The run's filters select it.
    pub(crate) selected: bool,
    /// The recording is older than `--min-age`.
    pub(crate) old_enough: bool,
}

/// Judges the file with manifest key `key`: its verified copy, or why it stays.
pub(crate) async fn judge(
    store: &dyn Store,
    manifest: &Manifest,
    key: &str,
    zoom: AtZoom,
    verify: Verify,
) -> Result<VerifiedCopy, String> {
    if !zoom.completed {
        return Err("not completed at Zoom".into());
    }
    if !zoom.selected {
        return Err("not selected by the run's filters".into());
    }
    if !zoom.old_enough {
        return Err("younger than --min-age".into());
    }
    let entry = manifest.get(key).ok_or("not archived")?;
    let copy = VerifiedCopy {
        file_key: entry.file_key.clone(),
        path: entry.path.clone(),
        size: entry.size,
        sha256: entry.sha256.clone(),
    };
    // Full: one read back, nothing else. Metadata: the label, when there is one.
    if verify == Verify::Metadata {
        let head = match store.head(&entry.path).await {
            Ok(Some(head)) => head,
            Ok(None) => return Err(format!("its copy {} is missing", entry.path)),
            Err(e) => return Err(format!("its copy could not be checked: {e}")),
        };
        if head.size != entry.size {
            return Err(format!(
                "its copy {} has {} bytes, the manifest says {}",
                entry.path, head.size, entry.size
            ));
        }
        match head.sha256 {
            Some(label) if label == entry.sha256 => return Ok(copy),
            Some(_) => {
                return Err(format!(
                    "its copy {} carries another SHA-256 than the manifest",
                    entry.path
                ));
            }
            None => {}
        }
    }
    match store.digest(&entry.path).await {
        Ok(Some(read)) if read.size != entry.size => Err(format!(
            "its copy {} has {} bytes, the manifest says {}",
            entry.path, read.size, entry.size
        )),
        Ok(Some(read)) if read.sha256 == entry.sha256 => Ok(copy),
        Ok(Some(_)) => Err(format!("its copy {} reads back different bytes", entry.path)),
        Ok(None) => Err(format!("its copy {} is missing", entry.path)),
        Err(e) => Err(format!("its copy could not be read back: {e}")),
    }
}
