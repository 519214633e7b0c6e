//! What the archive fetches per meeting beyond the listing: the meeting's
//! details (`recordingGet`: its metadata and the participant audio files only
//! it lists), the transcript (`GetMeetingTranscript`) and the AI Companion
//! summary (`Getameetingsummary`). Each is asked for only when something it
//! would give is not archived yet.

use zoom_cloud_recording::quirks::TranscriptRestriction;
use zoom_cloud_recording::types::{MeetingRecordings, MeetingSummary};
use zoom_cloud_recording::{Client, Error, MeetingRef, Operation, Transcript};

/// The name of a meeting's transcript inside its folder.
pub const TRANSCRIPT_FILE: &str = "transcript.vtt";
/// The name of a meeting's AI Companion summary (from `Getameetingsummary`)
/// inside its folder.
/// (`summary.json` is taken by the listed SUMMARY recording file when Zoom has one.)
pub const SUMMARY_FILE: &str = "meeting_summary.json";
/// The name of a meeting's metadata inside its folder.
pub const METADATA_FILE: &str = "meeting.json";

/// The manifest key of a meeting's transcript (Zoom gives it no file id).
pub fn transcript_key(meeting_uuid: &str) -> String {
    format!("{meeting_uuid}:transcript")
}

/// The manifest key of a meeting's summary.
pub fn summary_key(meeting_uuid: &str) -> String {
    format!("{meeting_uuid}:summary")
}

/// The manifest key of a meeting's metadata.
pub fn metadata_key(meeting_uuid: &str) -> String {
    format!("{meeting_uuid}:meeting")
}

/// Which extras to ask Zoom for.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Wanted {
    pub(crate) details: bool,
    pub(crate) transcript: bool,
    pub(crate) summary: bool,
}

impl Wanted {
    pub(crate) fn any(&self) -> bool {
        self.details || self.transcript || self.summary
    }
}

/// What Zoom answered (`None`: not asked).
#[derive(Debug, Default)]
pub(crate) struct Extras {
    pub(crate) details: Option<Result<MeetingRecordings, Error>>,
    pub(crate) transcript: Option<Result<Transcript, Error>>,
    /// `Ok(None)`: the meeting has no summary.
    pub(crate) summary: Option<Result<Option<MeetingSummary>, Error>>,
}

/// Asks for what `wanted` names, at once.
pub(crate) async fn fetch(client: &Client, uuid: &str, wanted: Wanted) -> Extras {
    let meeting = MeetingRef::uuid(uuid);
    let details = async {
        if !wanted.details {
            return None;
        }
        Some(client.recording_get().meeting_id(&meeting).call().await)
    };
    let transcript = async {
        if !wanted.transcript {
            return None;
        }
        Some(client.transcript(meeting.clone()).await)
    };
    let summary = async {
        if !wanted.summary {
            return None;
        }
        Some(
            match client.getameetingsummary().meeting_id(&meeting).call().await {
                Ok(summary) => Ok(Some(summary)),
                Err(error) if error.status() == Some(404) => Ok(None),
                Err(error) => Err(error),
            },
        )
    };
    let (details, transcript, summary) = futures::join!(details, transcript, summary);
    Extras {
        details,
        transcript,
        summary,
    }
}

/// Why a transcript is not archived, in words.
pub(crate) fn transcript_reason(transcript: &Transcript) -> Option<String> {
    match transcript {
        Transcript::NotReady { .. } => Some("transcript not ready yet (Zoom is processing it)".into()),
        Transcript::Restricted {
            reason: TranscriptRestriction::DeletedOrTrashed,
            ..
        } => Some("transcript deleted or in the trash".into()),
        Transcript::Restricted { reason, .. } => {
            Some(format!("transcript not downloadable ({})", reason.as_str()))
        }
        _ => None,
    }
}
