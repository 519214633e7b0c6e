//! Property tests of the archive's names (`zoom_archiver::naming`) and month
//! windows: whatever the user, topic, UUID, start time and file fields, a
//! file's path stays under the destination's root and every component is a
//! name every filesystem accepts; the month windows cover a range's days
//! exactly once.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use zoom_archiver::listing::month_windows;
use zoom_archiver::naming;
use zoom_cloud_recording::types::{ParticipantAudioFile, RecordingFile, RecordingMeeting};

/// Why `component` is not a safe name, if it is not: the archiver's own
/// checker, written apart from the sanitiser it holds to account.
fn problem(component: &str) -> Option<String> {
    naming::component_problem(component)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ ./\\\\:*?\"<>|\\x00-\\x1f\\u{7f}-\\u{9f}a-z]{0,20}",
        "(con|CON|nul|Nul|aux|prn|com[0-9¹²³]|LPT[0-9¹²³]|conin\\$|CONOUT\\$)[ .]{0,3}[a-z]{0,4}",
        "\\.{1,3}|\\.\\./\\.\\./etc/passwd|[ .]{1,5}",
        "[é€😀a]{100,200}",
    ]
}

fn maybe(text: impl Strategy<Value = String>) -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(0.8, text)
}

fn insert(map: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), json!(value));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_path_stays_under_the_root_with_safe_components(
        user in text(),
        uuid in maybe(text()),
        topic in maybe(text()),
        start in maybe(prop_oneof![text(), Just("2026-03-10T09:30:00Z".to_owned()), Just("+262143-12-31T23:59:59Z".to_owned())]),
        recording_type in maybe(text()),
        file_type in maybe(text()),
        extension in maybe(text()),
        id in maybe(text()),
        audio_name in maybe(text()),
    ) {
        let mut meeting = Map::new();
        insert(&mut meeting, "uuid", &uuid);
        insert(&mut meeting, "topic", &topic);
        insert(&mut meeting, "start_time", &start);
        let mut file = Map::new();
        insert(&mut file, "recording_type", &recording_type);
        insert(&mut file, "file_type", &file_type);
        insert(&mut file, "file_extension", &extension);
        insert(&mut file, "id", &id);
        let mut audio = Map::new();
        insert(&mut audio, "file_name", &audio_name);
        insert(&mut audio, "file_type", &file_type);
        insert(&mut audio, "id", &id);
        let meeting: RecordingMeeting = serde_json::from_value(Value::Object(meeting)).unwrap();
        let file: RecordingFile = serde_json::from_value(Value::Object(file)).unwrap();
        let audio: ParticipantAudioFile = serde_json::from_value(Value::Object(audio)).unwrap();

        let folder = naming::meeting_folder(&meeting);
        let parts: Vec<String> = folder.iter().map(|p| p.to_str().unwrap().to_owned()).collect();
        prop_assert_eq!(parts.len(), 2, "{:?}", folder);
        let user = naming::user_folder(&user);
        let name = naming::file_name(&file);
        let audio = naming::participant_audio_name(&audio);
        prop_assert!(audio.starts_with("participant_audio/"), "{}", audio);
        for leaf in [&name, &audio] {
            let path = format!("{user}/{}/{leaf}", parts.join("/"));
            for component in path.split('/') {
                prop_assert!(problem(component).is_none(), "{:?} in {:?}: {:?}", component, path, problem(component));
            }
            let normal = std::path::Path::new(&path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            prop_assert!(normal, "{:?}", path);
        }
    }

    #[test]
    fn a_sanitised_component_is_safe_and_stable(text in text(), fallback in "[a-z]{1,10}") {
        let name = naming::sanitize_component(&text, &fallback);
        prop_assert!(problem(&name).is_none(), "{:?} → {:?}: {:?}", text, name, problem(&name));
        prop_assert_eq!(naming::sanitize_component(&name, &fallback), name.clone(), "sanitising twice changes nothing");
    }

    #[test]
    fn month_windows_cover_every_day_once(from in 0i64..110_000, length in 0i64..1200) {
        let from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(from);
        let to = from + chrono::Duration::days(length);
        let mut next = from;
        for window in month_windows(from, to) {
            prop_assert_eq!(window.from, next);
            prop_assert!(window.from <= window.to);
            prop_assert_eq!((window.from.year(), window.from.month()), (window.to.year(), window.to.month()));
            next = window.to + chrono::Duration::days(1);
        }
        prop_assert_eq!(next, to + chrono::Duration::days(1));
    }
}
