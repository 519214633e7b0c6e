//! Downloads one recording file with the SDK's verified download: streamed to
//! `<path>.part`, checked against the listed size and kind (an HTML error page
//! is refused), resumed after a cut, and renamed to `<path>` only when whole.
//!
//! ```sh
//! cargo run -p zoom-cloud-recording --example download_one [DIR]   # default ./downloads
//! ```
//!
//! It takes the first finished file of the last 30 days of `me`'s recordings.
//! With `ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID` and `ZOOM_CLIENT_SECRET` set that is
//! your account; without them, a fake Zoom started in-process.

mod common;

use std::path::PathBuf;

use chrono::Days;
use futures::TryStreamExt;
use zoom_cloud_recording::{types::RecordingFile, DownloadRequest};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let zoom = common::connect().await?;
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "downloads".into()));
    let from = zoom.today - Days::new(30);

    // The first file Zoom has finished (files still processing have no URL yet).
    let mut meetings = zoom.client.recordings("me").between(from, zoom.today).meetings();
    let mut found: Option<RecordingFile> = None;
    while let Some(meeting) = meetings.try_next().await? {
        found = meeting
            .recording_files
            .into_iter()
            .find(|f| DownloadRequest::for_file(f).is_ok());
        if found.is_some() {
            break;
        }
    }
    let file = found.ok_or("no finished recording file in the last 30 days")?;
    let id = file.id.clone().unwrap_or_default();
    let extension = file
        .file_extension
        .as_ref()
        .map_or("bin".into(), |e| e.as_str().to_lowercase());
    // File ids are Zoom's: keep only characters that are safe in a file name.
    let stem: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path = dir.join(format!("{stem}.{extension}"));
    tokio::fs::create_dir_all(&dir).await?;

    let done = zoom
        .client
        .download(DownloadRequest::for_file(&file)?)
        .on_progress(|p| {
            eprint!(
                "\r{} of {} bytes",
                p.downloaded,
                p.total.map_or("?".into(), |t| t.to_string())
            )
        })
        .to_path(&path)
        .await?;
    eprintln!();
    println!("file {id}");
    println!(
        "downloaded {} ({} bytes, sha256 {})",
        path.display(),
        done.bytes,
        done.sha256
    );
    Ok(())
}
