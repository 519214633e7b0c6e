//! Meeting transcripts in the archive: asks Zoom for each meeting's transcript
//! (`GetMeetingTranscript`), plans the download of the ready ones, and says
//! why the others are not archived.

use std::path::Path;

use futures::stream::{self, StreamExt};

use super::manifest::Manifest;
use super::naming::meeting_folder;
use super::plan::{slash_path, Plan};
use crate::quirks::TranscriptRestriction;
use crate::transcript::Transcript;
use crate::types::RecordingMeeting;
use crate::{Client, MeetingRef};

/// The name of a meeting's transcript inside its folder.
pub const TRANSCRIPT_FILE: &str = "transcript.vtt";

/// The manifest key of a meeting's transcript, which Zoom gives no file id:
/// `<meeting uuid>:transcript`.
pub fn transcript_key(meeting_uuid: &str) -> String {
    format!("{meeting_uuid}:transcript")
}

/// Why a meeting's transcript was not archived by a run.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TranscriptState {
    /// Zoom is still processing it (`NOT_READY`); a later run fetches it.
    NotReady,
    /// Zoom will not hand it out: deleted or in the trash, unsupported, no
    /// transcript data, or a reason this SDK does not know.
    Restricted(TranscriptRestriction),
}

impl std::fmt::Display for TranscriptState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotReady => f.write_str("transcript not ready yet (Zoom is processing it)"),
            Self::Restricted(TranscriptRestriction::DeletedOrTrashed) => {
                f.write_str("transcript deleted or in the trash")
            }
            Self::Restricted(reason) => write!(f, "transcript not downloadable ({})", reason.as_str()),
        }
    }
}

/// What asking for the transcripts found, beside the downloads it planned.
#[derive(Debug, Default)]
pub(crate) struct TranscriptFindings {
    /// Meeting folder and why its transcript is not archived.
    pub(crate) unavailable: Vec<(String, TranscriptState)>,
    /// Meetings without a transcript (Zoom's 3322).
    pub(crate) absent: usize,
    /// The transcript's would-be path and the error asking for it gave.
    pub(crate) failed: Vec<(String, String)>,
}

/// Asks for the transcript of every meeting not yet archived with one
/// (`concurrency` at a time) and adds the ready ones to `plan`.
pub(crate) async fn plan_transcripts(
    client: &Client,
    meetings: &[RecordingMeeting],
    root: &Path,
    manifest: &Manifest,
    plan: &mut Plan,
    concurrency: usize,
) -> TranscriptFindings {
    let mut pending = Vec::new();
    for meeting in meetings {
        let Some(uuid) = meeting.uuid.as_deref().filter(|u| !u.is_empty()) else {
            continue;
        };
        if !plan.is_archived(root, manifest, &transcript_key(uuid)).await {
            pending.push((uuid, meeting_folder(meeting)));
        }
    }
    let answers: Vec<_> = stream::iter(pending)
        .map(|(uuid, folder)| async move {
            let answer = client.transcript(MeetingRef::uuid(uuid)).await;
            (uuid, folder, answer)
        })
        .buffered(concurrency.max(1))
        .collect()
        .await;
    let mut findings = TranscriptFindings::default();
    for (uuid, folder, answer) in answers {
        let shown = slash_path(&folder);
        match answer {
            Ok(Transcript::Ready { request, .. }) => {
                plan.add(
                    manifest,
                    uuid,
                    transcript_key(uuid),
                    &folder,
                    TRANSCRIPT_FILE,
                    request,
                );
            }
            Ok(Transcript::NotReady { .. }) => findings.unavailable.push((shown, TranscriptState::NotReady)),
            Ok(Transcript::Restricted { reason, .. }) => {
                findings
                    .unavailable
                    .push((shown, TranscriptState::Restricted(reason)));
            }
            Ok(Transcript::Absent) => findings.absent += 1,
            Err(error) => findings
                .failed
                .push((format!("{shown}/{TRANSCRIPT_FILE}"), error.to_string())),
        }
    }
    findings
}
