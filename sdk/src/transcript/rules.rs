//! The rules that turn a `MeetingTranscript` body into a [`Transcript`], and
//! the checks [`DownloadRequest::for_transcript`] makes.

use reqwest::Url;

use super::Transcript;
use crate::download::DownloadRequest;
use crate::error::Error;
use crate::quirks::TranscriptRestriction;
use crate::types;

/// The operation whose answers these rules read.
const OPERATION: &str = "get_meeting_transcript";

/// The status of every answer [`classify`] sees (the operation decodes no other as a body).
const OK: u16 = 200;

/// The outcome of a decoded `200` answer.
pub(super) fn classify(transcript: types::MeetingTranscript) -> Result<Transcript, Error> {
    let reason = restriction(&transcript);
    match (transcript.can_download, reason) {
        (Some(true), Some(_)) => Err(contradiction(
            &transcript,
            Some(OK),
            "download_restriction_reason",
            "`can_download` is true but Zoom also gives a `download_restriction_reason`",
        )),
        (Some(true), None) => {
            let request = DownloadRequest::for_transcript(&transcript).map_err(|e| with_status(e, OK))?;
            Ok(Transcript::Ready {
                transcript: Box::new(transcript),
                request,
            })
        }
        // A reason alone is unambiguous: Zoom says why it cannot be downloaded.
        (Some(false) | None, Some(TranscriptRestriction::NotReady)) => Ok(Transcript::NotReady {
            transcript: Box::new(transcript),
        }),
        (Some(false) | None, Some(reason)) => Ok(Transcript::Restricted {
            reason,
            transcript: Box::new(transcript),
        }),
        (Some(false), None) => Err(contradiction(
            &transcript,
            Some(OK),
            "download_restriction_reason",
            "`can_download` is false but Zoom gives no `download_restriction_reason`",
        )),
        (None, None) => Err(contradiction(
            &transcript,
            Some(OK),
            "can_download",
            "neither `can_download` nor `download_restriction_reason` is present",
        )),
    }
}

/// The URL [`DownloadRequest::for_transcript`] downloads: present, absolute
/// http(s), and only when Zoom says the transcript can be downloaded.
pub(crate) fn ready_url(transcript: &types::MeetingTranscript) -> Result<String, Error> {
    if transcript.can_download != Some(true) {
        let meeting = transcript.meeting_id.as_deref().unwrap_or("(without id)");
        let why = match restriction(transcript) {
            Some(reason) => format!("Zoom gives the reason `{reason}`"),
            None => "`can_download` is not true".to_owned(),
        };
        return Err(Error::InvalidRequest(format!(
            "the transcript of meeting {meeting} cannot be downloaded: {why}; `Client::transcript` tells \
             when it can"
        )));
    }
    let url = transcript
        .download_url
        .as_deref()
        .map(str::trim)
        .filter(|url| !url.is_empty())
        .ok_or_else(|| {
            contradiction(
                transcript,
                None,
                "download_url",
                "`can_download` is true but there is no `download_url`",
            )
        })?;
    match Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "https" | "http") => Ok(url.to_owned()),
        _ => Err(contradiction(
            transcript,
            None,
            "download_url",
            "`download_url` is not an absolute http(s) URL",
        )),
    }
}

/// The reason Zoom gives, if any; an empty string counts as none.
fn restriction(transcript: &types::MeetingTranscript) -> Option<TranscriptRestriction> {
    transcript
        .download_restriction_reason
        .clone()
        .filter(|reason| !reason.as_str().trim().is_empty())
}

/// A body that decoded but says two incompatible things, as a decode failure
/// at `field`. The excerpt is the body re-encoded, secrets redacted; `why`
/// names fields, never values.
fn contradiction(
    transcript: &types::MeetingTranscript,
    status: Option<u16>,
    field: &str,
    why: &str,
) -> Error {
    let body = serde_json::to_vec(transcript).unwrap_or_default();
    let source = <serde_json::Error as serde::de::Error>::custom(why);
    Error::decode(Some(OPERATION), status, &body, source, Some(field.to_owned()))
}

/// Sets the status of a decode failure that did not know it.
fn with_status(error: Error, status: u16) -> Error {
    match error {
        Error::Decode(mut failure) => {
            failure.status = failure.status.or(Some(status));
            Error::Decode(failure)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{classify, ready_url};
    use crate::download::{DownloadRequest, ExpectedContent};
    use crate::error::Error;
    use crate::quirks::TranscriptRestriction;
    use crate::transcript::Transcript;
    use crate::types;

    const URL: &str = "https://us06web.zoom.us/rec/meeting/transcript/download/abc";

    fn body(fields: Value) -> types::MeetingTranscript {
        let mut base = json!({
            "meeting_id": "qT7mB2+yZkW9nV4sX0cLdg==",
            "meeting_topic": "Planning",
            "transcript_created_time": "2025-10-14T15:02:37Z"
        });
        base.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        serde_json::from_value(base).expect("a MeetingTranscript")
    }

    /// The field a decode failure names, or a panic saying what came instead.
    fn decode_path(outcome: Result<Transcript, Error>) -> String {
        match outcome {
            Err(Error::Decode(failure)) => {
                assert_eq!(failure.operation, Some("get_meeting_transcript"));
                assert_eq!(failure.status, Some(200));
                failure.path.clone().expect("names a field")
            }
            other => panic!("expected a decode failure, got {other:?}"),
        }
    }

    #[test]
    fn ready_carries_a_text_download_of_the_url() {
        let outcome = classify(body(json!({"can_download": true, "download_url": URL}))).unwrap();
        let Transcript::Ready { transcript, request } = outcome else {
            panic!("not ready: {outcome:?}")
        };
        assert_eq!(request.url(), URL);
        assert_eq!(request.expected_content(), ExpectedContent::Text);
        assert_eq!(request.size(), None);
        assert_eq!(transcript.meeting_topic.as_deref(), Some("Planning"));
    }

    #[test]
    fn not_ready_is_its_own_outcome_with_or_without_can_download() {
        for fields in [
            json!({"can_download": false, "download_restriction_reason": "NOT_READY", "download_url": null}),
            json!({"download_restriction_reason": "NOT_READY"}),
        ] {
            let outcome = classify(body(fields)).unwrap();
            assert!(matches!(outcome, Transcript::NotReady { .. }), "{outcome:?}");
            assert_eq!(outcome.kind(), "not_ready");
            assert!(outcome.download_request().is_none());
        }
    }

    #[test]
    fn other_reasons_are_restricted_and_unknown_ones_kept_verbatim() {
        let cases = [
            ("DELETED_OR_TRASHED", TranscriptRestriction::DeletedOrTrashed),
            ("UNSUPPORTED", TranscriptRestriction::Unsupported),
            ("NO_TRANSCRIPT_DATA", TranscriptRestriction::NoTranscriptData),
            ("LEGAL_HOLD", TranscriptRestriction::Unknown("LEGAL_HOLD".into())),
        ];
        for (wire, expected) in cases {
            let outcome = classify(body(
                json!({"can_download": false, "download_restriction_reason": wire}),
            ))
            .unwrap();
            match outcome {
                Transcript::Restricted { reason, .. } => {
                    assert_eq!(reason, expected);
                    assert_eq!(reason.as_str(), wire);
                }
                other => panic!("{wire}: {other:?}"),
            }
        }
    }

    #[test]
    fn false_with_a_url_and_a_reason_is_restricted_not_ready() {
        let outcome = classify(body(json!({
            "can_download": false, "download_url": URL, "download_restriction_reason": "DELETED_OR_TRASHED"
        })))
        .unwrap();
        assert!(matches!(outcome, Transcript::Restricted { .. }), "{outcome:?}");
    }

    #[test]
    fn contradictory_bodies_are_decode_failures_naming_the_field() {
        let cases = [
            (json!({"can_download": true}), "download_url"),
            (
                json!({"can_download": true, "download_url": null}),
                "download_url",
            ),
            (
                json!({"can_download": true, "download_url": "  "}),
                "download_url",
            ),
            (
                json!({"can_download": true, "download_url": "/rec/relative"}),
                "download_url",
            ),
            (
                json!({"can_download": true, "download_url": "ftp://zoom.us/x"}),
                "download_url",
            ),
            (
                json!({"can_download": true, "download_url": URL, "download_restriction_reason": "NOT_READY"}),
                "download_restriction_reason",
            ),
            (json!({"can_download": false}), "download_restriction_reason"),
            (
                json!({"can_download": false, "download_restriction_reason": ""}),
                "download_restriction_reason",
            ),
            (json!({"download_url": URL}), "can_download"),
        ];
        for (fields, field) in cases {
            let shown = fields.to_string();
            assert_eq!(decode_path(classify(body(fields))), field, "{shown}");
        }
    }

    #[test]
    fn a_contradiction_says_what_is_wrong_without_secrets() {
        let url = "https://zoom.us/rec/meeting/transcript/download/x?access_token=TOPSECRET";
        let outcome = classify(body(json!({
            "can_download": true, "download_url": url, "download_restriction_reason": "UNSUPPORTED"
        })));
        let error = outcome.expect_err("contradictory");
        let text = error.to_string();
        assert!(text.contains("download_restriction_reason"), "{text}");
        assert!(text.contains("get_meeting_transcript"), "{text}");
        assert!(
            !text.contains("TOPSECRET") && !format!("{error:?}").contains("TOPSECRET"),
            "{text}"
        );
    }

    #[test]
    fn for_transcript_refuses_what_cannot_be_downloaded() {
        let restricted = body(json!({"can_download": false, "download_restriction_reason": "UNSUPPORTED"}));
        match DownloadRequest::for_transcript(&restricted) {
            Err(Error::InvalidRequest(why)) => {
                assert!(
                    why.contains("UNSUPPORTED") && why.contains("qT7mB2+yZkW9nV4sX0cLdg=="),
                    "{why}"
                )
            }
            other => panic!("{other:?}"),
        }
        let no_url = body(json!({"can_download": true}));
        match ready_url(&no_url) {
            Err(Error::Decode(failure)) => {
                assert_eq!(failure.path.as_deref(), Some("download_url"));
                assert_eq!(failure.status, None);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn debug_redacts_secret_url_parameters() {
        let url = "https://zoom.us/rec/meeting/transcript/download/x?access_token=TOPSECRET&pwd=P4SS";
        let outcome = classify(body(json!({"can_download": true, "download_url": url}))).unwrap();
        for shown in [format!("{outcome:?}"), format!("{outcome:#?}")] {
            assert!(shown.starts_with("Ready"), "{shown}");
            assert!(shown.contains("/rec/meeting/transcript/download/x"), "{shown}");
            assert!(!shown.contains("TOPSECRET") && !shown.contains("P4SS"), "{shown}");
        }
        // The request itself keeps the URL it must send.
        assert_eq!(outcome.download_request().map(DownloadRequest::url), Some(url));
    }
}
