//! Readable, safe names for archived files:
//! `alice@example.com/2026-03-10/0930 Weekly sync [1a2b3c4d]/shared_screen_with_speaker_view.mp4`.
//!
//! Every component comes from Zoom's data (topics are typed by people), so each
//! is sanitised: no path separators or `..` (a topic like `../../etc/passwd`
//! stays one harmless component), no characters Windows or macOS reserve, no
//! control characters, no reserved device names, and at most
//! [`MAX_COMPONENT_BYTES`] bytes.

use sha2::{Digest, Sha256};

mod check;
pub use check::{component_problem, path_problem};

use zoom_cloud_recording::quirks::{FileType, ZoomTime};
use zoom_cloud_recording::types::{MeetingRecordings, ParticipantAudioFile, RecordingFile, RecordingMeeting};

/// What names a meeting's folder; implemented for the listing's
/// `RecordingMeeting` and for `MeetingRecordings` (the single-meeting answer
/// and the object of recording webhooks).
pub trait MeetingIdentity {
    /// The instance UUID.
    fn uuid(&self) -> Option<&str>;
    /// The topic.
    fn topic(&self) -> Option<&str>;
    /// When it started.
    fn start_time(&self) -> Option<&ZoomTime>;
}

macro_rules! meeting_identity {
    ($($type:ty),+) => {$(
        impl MeetingIdentity for $type {
            fn uuid(&self) -> Option<&str> {
                self.uuid.as_deref()
            }
            fn topic(&self) -> Option<&str> {
                self.topic.as_deref()
            }
            fn start_time(&self) -> Option<&ZoomTime> {
                self.start_time.as_ref()
            }
        }
    )+};
}

meeting_identity!(RecordingMeeting, MeetingRecordings);

/// The longest file or folder name written (well under every filesystem's 255).
pub const MAX_COMPONENT_BYTES: usize = 120;

/// Names Windows reserves for devices, whatever the extension (the digits
/// include 0 and the superscripts ¹ ² ³, which Windows also maps to ports).
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8",
    "LPT9", "LPT¹", "LPT²", "LPT³", "CONIN$", "CONOUT$",
];

/// `text` as one safe path component; `fallback` when nothing usable is left.
pub fn sanitize_component(text: &str, fallback: &str) -> String {
    let replaced: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let mut name = truncate(trimmed, MAX_COMPONENT_BYTES)
        .trim_end_matches(['.', ' '])
        .to_owned();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if is_reserved(&name) {
        // Room for the `_` within the limit.
        name = truncate(&name, MAX_COMPONENT_BYTES - 1)
            .trim_end_matches(['.', ' '])
            .to_owned();
        name.insert(0, '_');
    }
    name
}

/// Whether Windows takes `name` for a device: its part before the first dot,
/// trailing spaces ignored (`nul .txt` is the device too), is a reserved name.
fn is_reserved(name: &str) -> bool {
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    RESERVED.contains(&stem.as_str())
}

/// At most `max` bytes of `text`, cut on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The folder of a user inside the archive: their email (or the id or alias
/// the run was given), sanitised like every other component.
pub fn user_folder(user: &str) -> String {
    sanitize_component(user, "unknown-user")
}

/// A participant's audio track's name inside its meeting folder:
/// `participant_audio/<Zoom's file name, or the file id>.<extension>`.
pub fn participant_audio_name(file: &ParticipantAudioFile) -> String {
    let stem = file
        .file_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .or(file.id.as_deref())
        .unwrap_or("participant");
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    let extension = file
        .file_type
        .as_ref()
        .and_then(extension_of_type)
        .unwrap_or("m4a");
    let name = sanitize_component(
        &format!("{}.{extension}", truncate(stem, MAX_COMPONENT_BYTES - 10)),
        "participant.m4a",
    );
    format!("participant_audio/{name}")
}

/// The folder of a meeting instance, relative to its user's folder:
/// `<start date>/<HHMM> <topic> [<8 hex of the UUID's hash>]` (UTC).
pub fn meeting_folder(meeting: &impl MeetingIdentity) -> std::path::PathBuf {
    let start = meeting.start_time().and_then(|t| t.get());
    let day = start.map_or_else(|| "undated".to_owned(), |t| t.format("%Y-%m-%d").to_string());
    let time = start.map_or_else(String::new, |t| t.format("%H%M ").to_string());
    let topic = meeting.topic().unwrap_or("");
    let tag = short_hash(meeting.uuid().unwrap_or(topic));
    // Leave room for the time and the tag inside one component.
    let topic = sanitize_component(truncate(topic, MAX_COMPONENT_BYTES - 20), "untitled");
    let folder = sanitize_component(&format!("{time}{topic} [{tag}]"), "untitled");
    [day, folder].iter().collect()
}

/// A file's name inside its meeting folder: `<recording type or file type>.<extension>`.
pub fn file_name(file: &RecordingFile) -> String {
    let kind = file
        .recording_type
        .as_ref()
        .map(|t| t.as_str().to_owned())
        .filter(|t| !t.is_empty())
        .or_else(|| file.file_type.as_ref().map(|t| t.as_str().to_ascii_lowercase()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| "recording".to_owned());
    let extension = file
        .file_extension
        .as_ref()
        .map(|e| e.as_str().to_ascii_lowercase())
        .filter(|e| !e.is_empty())
        .or_else(|| {
            file.file_type
                .as_ref()
                .and_then(extension_of_type)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "bin".to_owned());
    let stem = sanitize_component(&kind, "recording");
    sanitize_component(
        &format!("{}.{}", truncate(&stem, MAX_COMPONENT_BYTES - 10), extension),
        "recording.bin",
    )
}

/// The extension a file type implies, for entries Zoom lists without
/// `file_extension` (old-style TIMELINE and CC files).
fn extension_of_type(file_type: &FileType) -> Option<&'static str> {
    Some(match file_type {
        FileType::Mp4 => "mp4",
        FileType::M4a => "m4a",
        FileType::Timeline | FileType::Summary => "json",
        FileType::Transcript | FileType::Cc => "vtt",
        FileType::Chat => "txt",
        FileType::Csv => "csv",
        _ => return None,
    })
}

/// A file's identity across listings, deliveries and runs: its id, or for
/// files Zoom lists without one, `<meeting uuid>:<file type>:<recording start>`.
/// The manifest's `file_key`.
pub fn file_key(meeting_uuid: &str, file: &RecordingFile) -> String {
    match file.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => id.to_owned(),
        None => format!(
            "{meeting_uuid}:{}:{}",
            file.file_type.as_ref().map_or("", |t| t.as_str()),
            file.recording_start.as_ref().map_or("", |t| t.as_str())
        ),
    }
}

/// 8 hex digits identifying `text` (UUIDs carry `/`, `+`, `=`, unfit for names).
fn short_hash(text: &str) -> String {
    crate::store::hex(&Sha256::digest(text.as_bytes())[..4])
}

#[cfg(test)]
mod tests {
    use super::{MAX_COMPONENT_BYTES, meeting_folder, sanitize_component};

    #[test]
    fn traversal_separators_and_reserved_characters_stay_inside_one_component() {
        assert_eq!(sanitize_component("../../etc/passwd", "x"), "_.._etc_passwd");
        assert_eq!(sanitize_component("..", "x"), "x");
        assert_eq!(
            sanitize_component("a\\b:c*d?e\"f<g>h|i\u{7}j", "x"),
            "a_b_c_d_e_f_g_h_i_j"
        );
        assert_eq!(sanitize_component("  . Q3 review .  ", "x"), "Q3 review");
        assert_eq!(sanitize_component("CON", "x"), "_CON");
        assert_eq!(sanitize_component("nul.txt", "x"), "_nul.txt");
    }

    #[test]
    fn device_names_with_spaces_before_the_extension_or_other_port_digits_are_reserved_too() {
        // Found by tests/naming_properties.rs: Windows ignores the spaces in `con .a`.
        assert_eq!(sanitize_component("con .a", "x"), "_con .a");
        for name in ["COM0", "lpt0.mp4", "COM¹", "LPT³.txt", "CONIN$", "conout$.log"] {
            assert!(sanitize_component(name, "x").starts_with('_'), "{name}");
        }
        assert_eq!(sanitize_component("COM10", "x"), "COM10");
        assert_eq!(sanitize_component("console.txt", "x"), "console.txt");
    }

    #[test]
    fn a_reserved_name_at_the_limit_stays_within_it() {
        let long = format!("nul.{}", "a".repeat(200));
        let name = sanitize_component(&long, "x");
        assert!(name.starts_with("_nul."), "{name}");
        assert_eq!(name.len(), MAX_COMPONENT_BYTES);
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary() {
        let name = sanitize_component(&"é".repeat(200), "x");
        assert!(name.len() <= MAX_COMPONENT_BYTES);
        assert!(name.chars().all(|c| c == 'é'));
    }

    #[test]
    fn a_meeting_folder_is_dated_and_tagged() {
        let meeting: zoom_cloud_recording::types::RecordingMeeting = serde_json::from_value(serde_json::json!({
            "uuid": "/ajXp112QmuoKj4854875==", "topic": "../../etc/passwd", "start_time": "2026-03-10T09:30:00Z"
        }))
        .unwrap();
        let folder = meeting_folder(&meeting);
        let parts: Vec<_> = folder.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        assert_eq!(parts.len(), 2, "{folder:?}");
        assert_eq!(parts[0], "2026-03-10");
        assert!(parts[1].starts_with("0930 _.._etc_passwd ["), "{}", parts[1]);
        assert!(
            !folder
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir))
        );
    }
}
