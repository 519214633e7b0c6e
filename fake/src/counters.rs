//! What the fake can do (its operations) and how often each was asked for.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::http::Method;

/// One kind of request the fake answers: the Cloud Recording, Archiving,
/// meeting summary and users operations (by Zoom's operationId), the OAuth
/// token endpoint, the download redirect and the file host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operation {
    /// `GET /users/{userId}/recordings`
    RecordingsList,
    /// `GET /accounts/{accountId}/recordings`
    GetAccountCloudRecording,
    /// `GET /archive_files`
    ListArchivedFiles,
    /// `GET /meetings/{meetingId}/recordings`
    RecordingGet,
    /// `DELETE /meetings/{meetingId}/recordings`
    RecordingDelete,
    /// `DELETE /meetings/{meetingId}/recordings/{recordingId}`
    RecordingDeleteOne,
    /// `PUT /meetings/{meetingUUID}/recordings/status`
    RecordingStatusUpdate,
    /// `PUT /meetings/{meetingId}/recordings/{recordingId}/status`
    RecordingStatusUpdateOne,
    /// `GET /meetings/{meetingId}/recordings/settings`
    RecordingSettingUpdate,
    /// `PATCH /meetings/{meetingId}/recordings/settings`
    RecordingSettingsUpdate,
    /// `GET /meetings/{meetingId}/recordings/registrants`
    MeetingRecordingRegistrants,
    /// `POST /meetings/{meetingId}/recordings/registrants`
    MeetingRecordingRegistrantCreate,
    /// `GET /meetings/{meetingId}/recordings/registrants/questions`
    RecordingRegistrantsQuestionsGet,
    /// `PATCH /meetings/{meetingId}/recordings/registrants/questions`
    RecordingRegistrantQuestionUpdate,
    /// `PUT /meetings/{meetingId}/recordings/registrants/status`
    MeetingRecordingRegistrantStatus,
    /// `GET /users` (Users API)
    Users,
    /// `GET /meetings/{meetingId}/recordings/analytics_details`
    AnalyticsDetails,
    /// `GET /meetings/{meetingId}/recordings/analytics_summary`
    AnalyticsSummary,
    /// `GET /meetings/{meetingId}/transcript`
    GetMeetingTranscript,
    /// `DELETE /meetings/{meetingId}/transcript`
    DeleteMeetingTranscript,
    /// `GET /archive_files/statistics`
    GetArchivedFileStatistics,
    /// `PATCH /archive_files/{fileId}`
    UpdateArchivedFile,
    /// `GET /past_meetings/{meetingUUID}/archive_files`
    GetArchivedFiles,
    /// `DELETE /past_meetings/{meetingUUID}/archive_files`
    DeleteArchivedFiles,
    /// `GET /meetings/meeting_summaries`
    ListMeetingSummaries,
    /// `GET /meetings/{meetingId}/meeting_summary`
    GetMeetingSummary,
    /// `DELETE /meetings/{meetingId}/meeting_summary`
    DeleteMeetingSummary,
    /// `POST /oauth/token`
    OAuthToken,
    /// `GET /rec/download/{fileId}` and the archive, attachment and transcript
    /// download paths on the API host.
    Download,
    /// `GET /{fileId}?sig=…` on the file host.
    FileHost,
}

impl Operation {
    /// Every operation, in declaration order.
    pub const ALL: [Operation; 30] = [
        Self::RecordingsList,
        Self::GetAccountCloudRecording,
        Self::ListArchivedFiles,
        Self::RecordingGet,
        Self::RecordingDelete,
        Self::RecordingDeleteOne,
        Self::RecordingStatusUpdate,
        Self::RecordingStatusUpdateOne,
        Self::RecordingSettingUpdate,
        Self::RecordingSettingsUpdate,
        Self::MeetingRecordingRegistrants,
        Self::MeetingRecordingRegistrantCreate,
        Self::RecordingRegistrantsQuestionsGet,
        Self::RecordingRegistrantQuestionUpdate,
        Self::MeetingRecordingRegistrantStatus,
        Self::Users,
        Self::AnalyticsDetails,
        Self::AnalyticsSummary,
        Self::GetMeetingTranscript,
        Self::DeleteMeetingTranscript,
        Self::GetArchivedFileStatistics,
        Self::UpdateArchivedFile,
        Self::GetArchivedFiles,
        Self::DeleteArchivedFiles,
        Self::ListMeetingSummaries,
        Self::GetMeetingSummary,
        Self::DeleteMeetingSummary,
        Self::OAuthToken,
        Self::Download,
        Self::FileHost,
    ];

    /// Zoom's operationId (or `oauthToken`, `download`, `fileHost`).
    pub fn name(self) -> &'static str {
        match self {
            Self::RecordingsList => "recordingsList",
            Self::GetAccountCloudRecording => "getAccountCloudRecording",
            Self::ListArchivedFiles => "listArchivedFiles",
            Self::RecordingGet => "recordingGet",
            Self::RecordingDelete => "recordingDelete",
            Self::RecordingDeleteOne => "recordingDeleteOne",
            Self::RecordingStatusUpdate => "recordingStatusUpdate",
            Self::RecordingStatusUpdateOne => "recordingStatusUpdateOne",
            Self::RecordingSettingUpdate => "recordingSettingUpdate",
            Self::RecordingSettingsUpdate => "recordingSettingsUpdate",
            Self::MeetingRecordingRegistrants => "meetingRecordingRegistrants",
            Self::MeetingRecordingRegistrantCreate => "meetingRecordingRegistrantCreate",
            Self::RecordingRegistrantsQuestionsGet => "recordingRegistrantsQuestionsGet",
            Self::RecordingRegistrantQuestionUpdate => "recordingRegistrantQuestionUpdate",
            Self::MeetingRecordingRegistrantStatus => "meetingRecordingRegistrantStatus",
            Self::Users => "users",
            Self::AnalyticsDetails => "analytics_details",
            Self::AnalyticsSummary => "analytics_summary",
            Self::GetMeetingTranscript => "GetMeetingTranscript",
            Self::DeleteMeetingTranscript => "DeleteMeetingTranscript",
            Self::GetArchivedFileStatistics => "getArchivedFileStatistics",
            Self::UpdateArchivedFile => "updateArchivedFile",
            Self::GetArchivedFiles => "getArchivedFiles",
            Self::DeleteArchivedFiles => "deleteArchivedFiles",
            Self::ListMeetingSummaries => "Listmeetingsummaries",
            Self::GetMeetingSummary => "Getameetingsummary",
            Self::DeleteMeetingSummary => "Deletemeetingorwebinarsummary",
            Self::OAuthToken => "oauthToken",
            Self::Download => "download",
            Self::FileHost => "fileHost",
        }
    }

    /// The operation a routed API-host request is, from its method and route.
    pub(crate) fn from_route(method: &Method, route: &str) -> Option<Self> {
        const M: &str = "/v2/meetings/{meetingId}/recordings";
        let rest = route.strip_prefix(M);
        Some(match (method.as_str(), route, rest) {
            ("GET", "/v2/users", _) => Self::Users,
            ("GET", "/v2/users/{userId}/recordings", _) => Self::RecordingsList,
            ("GET", "/v2/accounts/{accountId}/recordings", _) => Self::GetAccountCloudRecording,
            ("GET", "/v2/archive_files", _) => Self::ListArchivedFiles,
            ("GET", "/v2/archive_files/statistics", _) => Self::GetArchivedFileStatistics,
            ("PATCH", "/v2/archive_files/{fileId}", _) => Self::UpdateArchivedFile,
            ("GET", "/v2/past_meetings/{meetingUUID}/archive_files", _) => Self::GetArchivedFiles,
            ("DELETE", "/v2/past_meetings/{meetingUUID}/archive_files", _) => Self::DeleteArchivedFiles,
            ("GET", "/v2/meetings/meeting_summaries", _) => Self::ListMeetingSummaries,
            ("GET", "/v2/meetings/{meetingId}/meeting_summary", _) => Self::GetMeetingSummary,
            ("DELETE", "/v2/meetings/{meetingId}/meeting_summary", _) => Self::DeleteMeetingSummary,
            ("GET", "/v2/meetings/{meetingId}/transcript", _) => Self::GetMeetingTranscript,
            ("DELETE", "/v2/meetings/{meetingId}/transcript", _) => Self::DeleteMeetingTranscript,
            ("POST", "/oauth/token", _) => Self::OAuthToken,
            (
                "GET",
                "/rec/download/{fileId}"
                | "/rec/archive/download/{fileId}"
                | "/rec/archive/attached/download/{fileId}"
                | "/rec/meeting/transcript/download/{fileId}",
                _,
            ) => Self::Download,
            ("GET", _, Some("")) => Self::RecordingGet,
            ("DELETE", _, Some("")) => Self::RecordingDelete,
            ("DELETE", _, Some("/{recordingId}")) => Self::RecordingDeleteOne,
            ("PUT", _, Some("/status")) => Self::RecordingStatusUpdate,
            ("PUT", _, Some("/{recordingId}/status")) => Self::RecordingStatusUpdateOne,
            ("GET", _, Some("/settings")) => Self::RecordingSettingUpdate,
            ("PATCH", _, Some("/settings")) => Self::RecordingSettingsUpdate,
            ("GET", _, Some("/registrants")) => Self::MeetingRecordingRegistrants,
            ("POST", _, Some("/registrants")) => Self::MeetingRecordingRegistrantCreate,
            ("GET", _, Some("/registrants/questions")) => Self::RecordingRegistrantsQuestionsGet,
            ("PATCH", _, Some("/registrants/questions")) => Self::RecordingRegistrantQuestionUpdate,
            ("PUT", _, Some("/registrants/status")) => Self::MeetingRecordingRegistrantStatus,
            ("GET", _, Some("/analytics_details")) => Self::AnalyticsDetails,
            ("GET", _, Some("/analytics_summary")) => Self::AnalyticsSummary,
            _ => return None,
        })
    }
}

/// Request counts per operation.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    hits: [AtomicU64; Operation::ALL.len()],
    unrouted: AtomicU64,
    tracking: AtomicU64,
}

impl Counters {
    pub(crate) fn hit(&self, op: Option<Operation>) {
        match op {
            Some(op) => self.hits[op as usize].fetch_add(1, Ordering::Relaxed),
            None => self.unrouted.fetch_add(1, Ordering::Relaxed),
        };
    }

    pub(crate) fn get(&self, op: Operation) -> u64 {
        self.hits[op as usize].load(Ordering::Relaxed)
    }

    /// A fresh `x-zm-trackingid` value.
    pub(crate) fn tracking_id(&self) -> String {
        let n = self.tracking.fetch_add(1, Ordering::Relaxed);
        format!(
            "v=2.0;clid=us06;rid=WEB_{:016x}{:016x}",
            crate::rng::mix64(n),
            crate::rng::mix64(!n)
        )
    }

    pub(crate) fn total(&self) -> u64 {
        self.hits.iter().map(|h| h.load(Ordering::Relaxed)).sum::<u64>()
            + self.unrouted.load(Ordering::Relaxed)
    }
}
