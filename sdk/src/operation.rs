//! [`Operation::call`]: send any generated operation and get the bare value or
//! the SDK's [`Error`], naming the operation (and, for a body that did not
//! decode, the failing field).
//!
//! ```no_run
//! # async fn run(client: zoom_cloud_recording::Client) -> Result<(), zoom_cloud_recording::Error> {
//! use zoom_cloud_recording::{MeetingRef, Operation};
//!
//! let meeting = MeetingRef::uuid("/ajXp112QmuoKj4854875==");
//! let recordings = client.recording_get().meeting_id(&meeting).call().await?;
//! println!("{} files", recordings.recording_files.len());
//! # Ok(())
//! # }
//! ```
//!
//! `send()` still works: it returns progenitor's `ResponseValue` (status and
//! headers included) and an [`OperationError`](crate::OperationError) that converts into [`Error`]
//! with `?`.

use futures_util::future::BoxFuture;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::generated::builder;
use crate::types;

/// A generated operation's request builder.
pub trait Operation<'a>: Send + 'a {
    /// What a successful answer decodes to (`()` for answers without a body).
    type Output: DeserializeOwned + Send + 'a;

    /// The operation's snake_case operationId.
    const OPERATION: &'static str;

    /// Sends the request through the client's retries and token handling.
    fn call(self) -> BoxFuture<'a, Result<Self::Output, Error>>;
}

macro_rules! operations {
    ($($builder:ident => $output:ty, $operation:literal;)+) => {$(
        impl<'a> Operation<'a> for builder::$builder<'a> {
            type Output = $output;
            const OPERATION: &'static str = $operation;

            fn call(self) -> BoxFuture<'a, Result<$output, Error>> {
                Box::pin(async move {
                    self.send()
                        .await
                        .map(progenitor_client::ResponseValue::into_inner)
                        .map_err(Error::from)
                })
            }
        }
    )+};
}

operations! {
    RecordingsList => types::RecordingList, "recordings_list";
    GetAccountCloudRecording => types::AccountRecordingList, "get_account_cloud_recording";
    ListArchivedFiles => types::ArchivedFileList, "list_archived_files";
    RecordingGet => types::MeetingRecordings, "recording_get";
    RecordingDelete => (), "recording_delete";
    RecordingDeleteOne => (), "recording_delete_one";
    RecordingStatusUpdate => (), "recording_status_update";
    RecordingStatusUpdateOne => (), "recording_status_update_one";
    RecordingSettingUpdate => types::RecordingSettings, "recording_setting_update";
    RecordingSettingsUpdate => (), "recording_settings_update";
    MeetingRecordingRegistrants => types::RecordingRegistrantList, "meeting_recording_registrants";
    MeetingRecordingRegistrantCreate => types::RecordingRegistrantCreated, "meeting_recording_registrant_create";
    RecordingRegistrantsQuestionsGet => types::RecordingRegistrantQuestions, "recording_registrants_questions_get";
    RecordingRegistrantQuestionUpdate => (), "recording_registrant_question_update";
    MeetingRecordingRegistrantStatus => (), "meeting_recording_registrant_status";
    AnalyticsDetails => types::RecordingAnalyticsDetails, "analytics_details";
    AnalyticsSummary => types::RecordingAnalyticsSummary, "analytics_summary";
    GetMeetingTranscript => types::MeetingTranscript, "get_meeting_transcript";
    DeleteMeetingTranscript => (), "delete_meeting_transcript";
    GetArchivedFileStatistics => types::ArchivedFileStatistics, "get_archived_file_statistics";
    UpdateArchivedFile => (), "update_archived_file";
    GetArchivedFiles => types::ArchivedMeeting, "get_archived_files";
    DeleteArchivedFiles => (), "delete_archived_files";
    Listmeetingsummaries => types::MeetingSummaryList, "listmeetingsummaries";
    Getameetingsummary => types::MeetingSummary, "getameetingsummary";
    Deletemeetingorwebinarsummary => (), "deletemeetingorwebinarsummary";
    Users => types::UserList, "users";
}
