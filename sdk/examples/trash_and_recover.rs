//! Moves a meeting instance's recordings to the trash, finds them in the trash
//! listing, and recovers them (Zoom keeps trashed recordings for 30 days).
//!
//! ```sh
//! cargo run -p zoom-cloud-recording --example trash_and_recover              # the fake Zoom
//! cargo run -p zoom-cloud-recording --example trash_and_recover MEETING_UUID # real Zoom: that meeting
//! ```
//!
//! Against real Zoom (`ZOOM_ACCOUNT_ID`, `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`
//! set) it trashes only the instance you name, then recovers it; against the
//! fake Zoom it picks the first meeting of the last 30 days.

mod common;

use std::error::Error;

use chrono::{Days, NaiveDate};
use futures::TryStreamExt;
use zoom_cloud_recording::types::{RecordingDeleteAction, RecordingRecover, RecordingRecoverAction};
use zoom_cloud_recording::{Client, MeetingRef, Operation, TrashKind};

/// Where the meeting is now: in `me`'s trash listing, in the recordings listing.
async fn whereabouts(client: &Client, uuid: &str, day: NaiveDate) -> Result<String, Box<dyn Error>> {
    let mut found = Vec::new();
    for trash in [true, false] {
        let mut listing = client
            .recordings("me")
            .between(day - Days::new(1), day + Days::new(1));
        if trash {
            listing = listing.trash(TrashKind::MeetingRecordings);
        }
        let uuids: Vec<Option<String>> = listing.meetings().map_ok(|m| m.uuid).try_collect().await?;
        found.push(uuids.iter().any(|u| u.as_deref() == Some(uuid)));
    }
    Ok(format!(
        "in the trash listing: {}, in the recordings listing: {}",
        found[0], found[1]
    ))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let zoom = common::connect().await?;
    let uuid = match (std::env::args().nth(1), &zoom.fake) {
        (Some(uuid), _) => uuid,
        (None, Some(_)) => {
            // The first meeting of `me` in the last 30 days.
            let listing = zoom
                .client
                .recordings("me")
                .between(zoom.today - Days::new(30), zoom.today);
            let first = listing.meetings().try_next().await?;
            first
                .and_then(|m| m.uuid)
                .ok_or("no meeting in the last 30 days")?
        }
        (None, None) => {
            return Err("against real Zoom, name the meeting instance: trash_and_recover UUID".into())
        }
    };
    // A UUID that starts with `/` or contains `//` is double-encoded by MeetingRef.
    let meeting = MeetingRef::uuid(&uuid);
    let details = zoom.client.recording_get().meeting_id(&meeting).call().await?;
    let start = details
        .start_time
        .as_ref()
        .and_then(|t| t.get())
        .ok_or("no start time")?;
    let day = start.date_naive();
    println!(
        "meeting {uuid} of {day}: {}",
        whereabouts(&zoom.client, &uuid, day).await?
    );

    let trash = zoom
        .client
        .recording_delete()
        .meeting_id(&meeting)
        .action(RecordingDeleteAction::Trash);
    trash.call().await?;
    println!("trashed: {}", whereabouts(&zoom.client, &uuid, day).await?);

    let body = RecordingRecover {
        action: Some(RecordingRecoverAction::Recover),
    };
    zoom.client
        .recording_status_update()
        .meeting_uuid(&meeting)
        .body(body)
        .call()
        .await?;
    println!("recovered: {}", whereabouts(&zoom.client, &uuid, day).await?);
    Ok(())
}
