//! The archive's names: any user, meeting (UUID, topic, start) and file give a
//! path that stays under the root, with every component a safe name for
//! every filesystem: not empty, not `.`/`..`, at most
//! `MAX_COMPONENT_BYTES` bytes, no control or reserved characters, no
//! Windows device name, no leading space or trailing space or dot.
//!
//! Input: a byte saying which fields are present (bit n for line n), then
//! the lines: user, meeting UUID, topic, start time, recording type, file
//! type, file extension, file id, participant file name, participant file type.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use zoom_archiver::naming::{self, MAX_COMPONENT_BYTES};
use zoom_cloud_recording::types::{ParticipantAudioFile, RecordingFile, RecordingMeeting};

fn object(fields: &[(&str, &str)], present: u16, first_bit: u16) -> Map<String, Value> {
    let mut map = Map::new();
    for (i, (key, value)) in fields.iter().enumerate() {
        if present & (1 << (first_bit + i as u16)) != 0 {
            map.insert((*key).to_owned(), Value::String((*value).to_owned()));
        }
    }
    map
}

fn check_component(component: &str, what: &str) {
    assert!(
        component.len() <= MAX_COMPONENT_BYTES,
        "{what} {component:?} is {} bytes",
        component.len()
    );
    if let Some(problem) = zoom_fuzz::component_problem(component) {
        panic!("{what} {component:?}: {problem}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mask, rest)) = data.split_first() else {
        return;
    };
    let present = u16::from(mask) | 0xff00;
    let (l, _) = zoom_fuzz::lines(rest, 10);
    let mut meeting = object(
        &[("uuid", &l[1]), ("topic", &l[2]), ("start_time", &l[3])],
        present,
        0,
    );
    let file = object(
        &[
            ("recording_type", &l[4]),
            ("file_type", &l[5]),
            ("file_extension", &l[6]),
            ("id", &l[7]),
        ],
        present,
        3,
    );
    let participant = object(
        &[("file_name", &l[8]), ("file_type", &l[9]), ("id", &l[7])],
        present,
        7,
    );
    meeting.insert(
        "recording_files".into(),
        Value::Array(vec![Value::Object(file.clone())]),
    );
    let Ok(meeting) = serde_json::from_value::<RecordingMeeting>(Value::Object(meeting)) else {
        return;
    };
    let Ok(file) = serde_json::from_value::<RecordingFile>(Value::Object(file)) else {
        return;
    };
    let Ok(participant) = serde_json::from_value::<ParticipantAudioFile>(Value::Object(participant)) else {
        return;
    };

    let user = naming::user_folder(&l[0]);
    check_component(&user, "user folder");
    let folder = naming::meeting_folder(&meeting);
    let parts: Vec<String> = folder
        .iter()
        .map(|p| p.to_str().expect("names are UTF-8").to_owned())
        .collect();
    assert_eq!(
        parts.len(),
        2,
        "a meeting folder is a day and a meeting: {folder:?}"
    );
    for part in &parts {
        check_component(part, "meeting folder");
    }
    let name = naming::file_name(&file);
    check_component(&name, "file name");
    let audio = naming::participant_audio_name(&participant);
    let (audio_dir, audio_name) = audio.split_once('/').expect("participant_audio/<name>");
    assert_eq!(audio_dir, "participant_audio");
    check_component(audio_name, "participant audio name");
    check_component(&naming::sanitize_component(&l[2], "fallback"), "sanitised topic");

    let meeting_path = format!("{user}/{}", parts.join("/"));
    for leaf in [name.as_str(), audio.as_str()] {
        let path = format!("{meeting_path}/{leaf}");
        zoom_fuzz::assert_safe_path(&path);
        let mut depth = 0usize;
        for component in std::path::Path::new(&path).components() {
            match component {
                std::path::Component::Normal(_) => depth += 1,
                other => panic!("{path:?} has {other:?}"),
            }
        }
        assert!(depth >= 4, "{path:?} is under user/day/meeting");
    }
    // Zoom gives no file id to some files: the key is still one string and stable.
    let uuid = meeting.uuid.as_deref().unwrap_or("");
    assert_eq!(naming::file_key(uuid, &file), naming::file_key(uuid, &file));
});
