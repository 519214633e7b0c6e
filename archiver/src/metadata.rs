//! The JSON the archive keeps beside recordings (`meeting.json`,
//! `meeting_summary.json`): Zoom's answer as it came, every credential removed
//! (passcodes, download tokens, `pwd=` in share links) by the SDK's
//! `remove_secrets` ([`zoom_cloud_recording::redact`]).

use bytes::Bytes;
use serde::Serialize;
use zoom_cloud_recording::redact::remove_secrets;
use zoom_cloud_recording::types::ParticipantAudioFile;

/// `value` as pretty JSON with no credential left in it.
pub fn to_json(value: &impl Serialize) -> Result<Bytes, String> {
    let mut json = serde_json::to_value(value).map_err(|e| format!("could not encode Zoom's answer: {e}"))?;
    remove_secrets(&mut json);
    let mut text =
        serde_json::to_vec_pretty(&json).map_err(|e| format!("could not encode Zoom's answer: {e}"))?;
    text.push(b'\n');
    Ok(Bytes::from(text))
}

/// A participant audio file's key: its id, or `<meeting uuid>:participant_audio:<file name>`.
pub fn participant_audio_key(meeting_uuid: &str, file: &ParticipantAudioFile) -> String {
    match file.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => id.to_owned(),
        None => format!(
            "{meeting_uuid}:participant_audio:{}",
            file.file_name.as_deref().unwrap_or_default()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::to_json;

    #[test]
    fn kept_metadata_has_no_credentials() {
        let meeting: zoom_cloud_recording::types::MeetingRecordings =
            serde_json::from_value(serde_json::json!({
                "uuid": "abc==", "topic": "Board", "password": "p4ss", "recording_play_passcode": "pl4y",
                "download_access_token": "eyJhbGciOiJIUzI1NiJ9.e30.sig",
                "share_url": "https://example.zoom.us/rec/share/x?pwd=p4ss",
                "recording_files": [{"id": "f1", "file_size": 12}]
            }))
            .unwrap();
        let text = String::from_utf8(to_json(&meeting).unwrap().to_vec()).unwrap();
        for secret in ["p4ss", "pl4y", "eyJhbGci"] {
            assert!(!text.contains(secret), "{secret} kept: {text}");
        }
        assert!(text.contains("\"topic\": \"Board\""), "{text}");
        assert!(text.contains("\"file_size\": 12"), "{text}");
    }
}
