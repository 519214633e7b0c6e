//! The JSON shapes of recording meetings and their files, quirks included.

use serde::Serialize;
use serde_json::Value;

use crate::model::{Meeting, RecFile, iso};
use crate::state::App;

/// Which response a meeting is rendered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `recordingsList` (not in the trash).
    List,
    /// `recordingsList?trash=true`: `deleted_time`, some files lacking
    /// `file_type` and `download_url`.
    Trash,
    /// `getAccountCloudRecording`: `id` as a string, `host_email`.
    Account,
    /// `recordingGet`: adds `password`, participant audio and the storage fields
    /// of 2026.
    Get,
}

/// A recording meeting.
#[derive(Serialize)]
pub(crate) struct MeetingOut<'a> {
    uuid: &'a str,
    id: Value,
    account_id: &'a str,
    host_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_email: Option<&'a str>,
    topic: &'a str,
    #[serde(rename = "type")]
    kind: Value,
    start_time: String,
    timezone: &'a str,
    duration: Value,
    total_size: Value,
    recording_count: Value,
    share_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_storage_status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_breakout: Option<bool>,
    recording_files: Vec<FileOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recording_play_passcode: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_delete: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    auto_delete_date: Option<&'a str>,
    /// The four `recordingGet` fields of June 2026 (see [`Storage`]).
    #[serde(flatten)]
    storage: Option<Storage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    participant_audio_files: Option<Vec<FileOut<'a>>>,
    /// Set by `recordingGet` when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub download_access_token: Option<String>,
}

/// `external_storage_addr`, `service_name`, `rc_zone` and `instance_id`, which
/// Zoom added to `recordingGet` in June 2026 without describing them. Our best
/// inference: they say where a recording made through external storage or a
/// recording connector lives, so they are `""` for plain cloud recordings and
/// filled in for the meetings that also carry `external_storage_status`.
#[derive(Serialize)]
pub(crate) struct Storage {
    external_storage_addr: String,
    service_name: &'static str,
    rc_zone: &'static str,
    instance_id: String,
}

impl Storage {
    fn of(m: &Meeting) -> Self {
        if m.undocumented {
            Self {
                external_storage_addr: format!("https://recordings.example.invalid/zoom/{}", m.id),
                service_name: "Amazon S3",
                rc_zone: "us-east-1",
                instance_id: format!("i-{:012x}", m.id),
            }
        } else {
            Self {
                external_storage_addr: String::new(),
                service_name: "",
                rc_zone: "",
                instance_id: String::new(),
            }
        }
    }
}

/// One entry of `recording_files` or `participant_audio_files`.
#[derive(Serialize)]
pub(crate) struct FileOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_id: Option<&'a str>,
    recording_start: String,
    recording_end: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_extension: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_size: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    play_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    download_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    recording_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deleted_time: Option<String>,
}

/// The `download_url` of a file.
pub(crate) fn download_url(app: &App, file_id: &str) -> String {
    format!("{}/rec/download/{file_id}", app.api_origin)
}

fn file<'a>(app: &App, m: &'a Meeting, f: &'a RecFile, shape: Shape, index: usize) -> FileOut<'a> {
    let style = m.num_style;
    let participant = f.file_name.is_some();
    // Trash listings lose `file_type` and `download_url` on some files (PSZoom#8).
    let stripped = shape == Shape::Trash && index % 2 == 1;
    FileOut {
        id: f.expose_id.then_some(f.id.as_str()),
        meeting_id: (!participant).then_some(m.uuid.as_str()),
        recording_start: iso(f.start),
        recording_end: if f.processing { String::new() } else { iso(f.end) },
        file_name: f.file_name.as_deref(),
        file_type: (!stripped).then_some(f.file_type),
        file_extension: f.file_extension.map(|e| if f.processing { "" } else { e }),
        file_size: f.show_size.then(|| style.num(f.size)),
        play_url: f
            .play_url
            .then(|| format!("{}/rec/play/{}", app.api_origin, f.id)),
        download_url: (!stripped).then(|| {
            if f.processing {
                String::new()
            } else {
                download_url(app, &f.id)
            }
        }),
        status: f.status,
        recording_type: f.recording_type,
        deleted_time: if shape == Shape::Trash {
            f.trashed_at.or(m.trashed_at).map(iso)
        } else {
            None
        },
    }
}

/// Renders `m` with the files `files` (indexes into `m.files`).
pub(crate) fn meeting<'a>(
    app: &'a App,
    m: &'a Meeting,
    files: &[&'a RecFile],
    shape: Shape,
) -> MeetingOut<'a> {
    let style = m.num_style;
    let id = if shape == Shape::Account {
        Value::from(m.id.to_string())
    } else {
        style.num(m.id)
    };
    let get = shape == Shape::Get;
    // `auto_delete` and the play passcode are documented for the listing too.
    let list_or_get = get || shape == Shape::List;
    let auto_delete = m.settings.get("auto_delete").and_then(|v| v.as_bool());
    let auto_delete_date = m
        .settings
        .get("auto_delete_date")
        .and_then(|v| v.as_str())
        .filter(|_| auto_delete == Some(true));
    let participant: Vec<_> = m.participant_audio.iter().filter(|f| f.live()).collect();
    MeetingOut {
        uuid: &m.uuid,
        id,
        account_id: &app.account_id,
        host_id: &app.users[m.host].id,
        host_email: (get || shape == Shape::Account).then_some(app.users[m.host].email.as_str()),
        topic: &m.topic,
        kind: style.num(u64::from(m.kind)),
        start_time: iso(m.start),
        timezone: m.timezone,
        duration: style.num(m.duration),
        total_size: style.num(m.total_size),
        recording_count: style.num(m.recording_count),
        share_url: format!("{}/rec/share/{}", app.api_origin, m.share_token),
        external_storage_status: m.undocumented.then_some("synced"),
        is_breakout: m.undocumented.then_some(false),
        recording_files: files
            .iter()
            .enumerate()
            .map(|(i, f)| file(app, m, f, shape, i))
            .collect(),
        password: get.then_some(m.password.as_str()),
        recording_play_passcode: list_or_get.then_some(m.play_passcode.as_str()),
        auto_delete: auto_delete.filter(|_| list_or_get),
        auto_delete_date: auto_delete_date.filter(|_| list_or_get),
        storage: get.then(|| Storage::of(m)),
        participant_audio_files: (get && !participant.is_empty()).then(|| {
            participant
                .iter()
                .enumerate()
                .map(|(i, f)| file(app, m, f, shape, i))
                .collect()
        }),
        download_access_token: None,
    }
}
