//! `--dest`: a folder path or a URL, opened as a [`Store`].
//!
//! | DEST | store |
//! |---|---|
//! | `./dir`, `/srv/zoom`, `file:///srv/zoom` | a local folder ([`FolderStore`]) |
//! | `s3://bucket/prefix` | S3 or a compatible server, from `AWS_*` variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`, …) |
//! | `gs://bucket/prefix` | Google Cloud Storage, from `GOOGLE_*` variables (`GOOGLE_SERVICE_ACCOUNT`, …) |
//! | `az://container/prefix` | Azure Blob Storage, from `AZURE_*` variables (`AZURE_STORAGE_ACCOUNT_NAME`, `AZURE_STORAGE_ACCOUNT_KEY`, …) |

use std::fmt;
use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::azure::MicrosoftAzureBuilder;
use object_store::gcp::GoogleCloudStorageBuilder;
use url::Url;

use crate::store::{FolderStore, ObjectStoreDest, Store};

/// Why a destination could not be opened.
#[derive(Debug)]
#[non_exhaustive]
pub enum DestinationError {
    /// A URL whose scheme this tool does not store to.
    UnsupportedScheme(String),
    /// Not a usable URL (the text is shown without any credentials).
    InvalidUrl {
        /// The destination as given, credentials removed.
        dest: String,
        /// Why.
        reason: String,
    },
    /// The store's client could not be configured (a missing region or
    /// credential variable, for example).
    Configuration {
        /// The destination as given, credentials removed.
        dest: String,
        /// What the store library said.
        reason: String,
    },
}

impl fmt::Display for DestinationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedScheme(scheme) => write!(
                f,
                "destination scheme `{scheme}://` is not supported (use a folder, file://, s3://, gs:// or az://)"
            ),
            Self::InvalidUrl { dest, reason } => write!(f, "destination {dest} is not a valid URL: {reason}"),
            Self::Configuration { dest, reason } => write!(f, "cannot open destination {dest}: {reason}"),
        }
    }
}

impl std::error::Error for DestinationError {}

/// Opens `dest` (see the module docs for the forms it takes).
pub fn open(dest: &str) -> Result<Arc<dyn Store>, DestinationError> {
    let Some((scheme, _)) = dest.split_once("://") else {
        return Ok(Arc::new(FolderStore::new(dest)));
    };
    let url = Url::parse(dest).map_err(|e| DestinationError::InvalidUrl {
        dest: shown(dest),
        reason: e.to_string(),
    })?;
    if scheme == "file" {
        let path = url.to_file_path().map_err(|()| DestinationError::InvalidUrl {
            dest: shown(dest),
            reason: "a file:// URL needs an absolute path".into(),
        })?;
        return Ok(Arc::new(FolderStore::new(path)));
    }
    let configured = |e: object_store::Error| DestinationError::Configuration {
        dest: shown(dest),
        reason: e.to_string(),
    };
    let bucket_url = format!("{scheme}://{}", url.host_str().unwrap_or_default());
    let store: Arc<dyn ObjectStore> = match scheme {
        "s3" => Arc::new(
            AmazonS3Builder::from_env()
                .with_url(&bucket_url)
                .build()
                .map_err(configured)?,
        ),
        "gs" => Arc::new(
            GoogleCloudStorageBuilder::from_env()
                .with_url(&bucket_url)
                .build()
                .map_err(configured)?,
        ),
        "az" => Arc::new(
            MicrosoftAzureBuilder::from_env()
                .with_url(&bucket_url)
                .build()
                .map_err(configured)?,
        ),
        other => return Err(DestinationError::UnsupportedScheme(other.to_owned())),
    };
    if url.host_str().is_none_or(str::is_empty) {
        return Err(DestinationError::InvalidUrl {
            dest: shown(dest),
            reason: "no bucket or container named".into(),
        });
    }
    let prefix = url.path().trim_matches('/');
    Ok(Arc::new(ObjectStoreDest::new(store, prefix, shown(dest))))
}

/// `dest` without any `user:password@` part.
fn shown(dest: &str) -> String {
    match Url::parse(dest) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Ok(_) => dest.to_owned(),
        Err(_) => dest.split_once('@').map_or(dest, |(_, rest)| rest).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{DestinationError, open};

    #[test]
    fn folders_and_file_urls_are_folders() {
        assert_eq!(open("./zoom-archive").unwrap().describe(), "./zoom-archive");
        assert_eq!(open("file:///srv/zoom").unwrap().describe(), "/srv/zoom");
    }

    #[test]
    fn an_unknown_scheme_is_named() {
        let error = open("ftp://host/dir").unwrap_err();
        assert!(
            matches!(&error, DestinationError::UnsupportedScheme(s) if s == "ftp"),
            "{error}"
        );
    }

    #[test]
    fn credentials_in_a_url_are_never_shown() {
        let error = open("ftp://user:hunter2@host/dir").unwrap_err().to_string();
        assert!(!error.contains("hunter2"), "{error}");
        let error = open("file://user:hunter2@/relative")
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(!error.contains("hunter2"), "{error}");
    }

    #[test]
    fn an_s3_url_keeps_its_prefix() {
        // Region and keys are given here so nothing depends on this machine's environment.
        let store = object_store::aws::AmazonS3Builder::new()
            .with_url("s3://bucket")
            .with_region("us-east-1")
            .build();
        assert!(store.is_ok());
        let opened = open("s3://bucket/team/zoom").unwrap();
        assert_eq!(opened.describe(), "s3://bucket/team/zoom");
    }
}
