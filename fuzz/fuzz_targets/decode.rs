//! Every response type through the SDK's decode path: no panic, and a value
//! that decodes re-encodes and decodes again to the same value (numbers in the
//! kept `extra` maps included).
//!
//! Input: one byte choosing the type, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use zoom_cloud_recording::{decode, types};

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(body: &[u8]) {
    let Ok(value) = decode::<T>(body) else {
        return;
    };
    let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
    let again = match decode::<T>(&encoded) {
        Ok(again) => again,
        Err(e) => panic!(
            "re-encoded value does not decode ({e}): {}",
            String::from_utf8_lossy(&encoded)
        ),
    };
    assert_eq!(value, again, "re-encoded: {}", String::from_utf8_lossy(&encoded));
    // And the second encoding is the first: nothing drifts on each pass.
    let twice = serde_json::to_vec(&again).expect("encodes");
    assert_eq!(encoded, twice);
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    match which % 17 {
        0 => round_trip::<types::RecordingList>(body),
        1 => round_trip::<types::MeetingRecordings>(body),
        2 => round_trip::<types::AccountRecordingList>(body),
        3 => round_trip::<types::ArchivedFileList>(body),
        4 => round_trip::<types::ArchivedMeeting>(body),
        5 => round_trip::<types::ArchivedFileStatistics>(body),
        6 => round_trip::<types::MeetingTranscript>(body),
        7 => round_trip::<types::MeetingSummary>(body),
        8 => round_trip::<types::MeetingSummaryList>(body),
        9 => round_trip::<types::RecordingAnalyticsDetails>(body),
        10 => round_trip::<types::RecordingAnalyticsSummary>(body),
        11 => round_trip::<types::RecordingRegistrantCreated>(body),
        12 => round_trip::<types::RecordingRegistrantList>(body),
        13 => round_trip::<types::RecordingRegistrantQuestions>(body),
        14 => round_trip::<types::RecordingSettings>(body),
        15 => round_trip::<types::UserList>(body),
        _ => round_trip::<types::ErrorResponse>(body),
    }
});
