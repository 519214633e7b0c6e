//! One test per entry of `codegen::quirks::PATCHES`, named after its id: each
//! checks the documented shape before the patch and the corrected one after.

use codegen::patch::{Patch, PatchKind};
use codegen::quirks::PATCHES;
use serde_json::{Value, json};

fn documented_spec() -> Value {
    let path = codegen::workspace_root().join(codegen::SPEC_PATH);
    serde_json::from_str(&std::fs::read_to_string(path).expect("spec readable")).expect("spec is JSON")
}

fn patch(id: &str) -> &'static Patch {
    PATCHES
        .iter()
        .find(|p| p.id == id)
        .unwrap_or_else(|| panic!("no patch `{id}`"))
}

/// Applies patch `id` to the documented spec; returns (before, after, edits).
fn apply(id: &str) -> (Value, Value, usize) {
    let before = documented_spec();
    let mut after = before.clone();
    let edits = (patch(id).apply)(&mut after).expect("patch applies");
    (before, after, edits)
}

fn property<'a>(spec: &'a Value, schema: &str, field: &str) -> &'a Value {
    &spec["components"]["schemas"][schema]["properties"][field]
}

#[test]
fn numbers_documented_as_strings() {
    let (before, after, edits) = apply("numbers-documented-as-strings");
    assert_eq!(edits, 9);
    for schema in ["RecordingMeeting", "MeetingRecordings"] {
        for field in ["id", "type", "recording_count", "total_size"] {
            assert_eq!(
                property(&before, schema, field)["type"],
                "string",
                "{schema}.{field} as documented"
            );
            assert_eq!(
                property(&after, schema, field)["type"],
                "integer",
                "{schema}.{field} patched"
            );
            assert!(
                property(&after, schema, field)["description"].is_string(),
                "description kept"
            );
        }
        assert_eq!(
            property(&after, schema, "id")["format"],
            "int64",
            "11-digit ids exceed i32"
        );
    }
    assert_eq!(
        property(&after, "AccountRecordingMeeting", "id")["type"],
        "integer"
    );
}

#[test]
fn file_size_is_a_byte_count() {
    let (before, after, edits) = apply("file-size-is-a-byte-count");
    assert_eq!(edits, 3);
    for schema in ["RecordingFile", "ParticipantAudioFile", "AccountRecordingFile"] {
        assert_eq!(property(&before, schema, "file_size")["type"], "number");
        assert_eq!(property(&after, schema, "file_size")["type"], "integer");
        assert_eq!(property(&after, schema, "file_size")["format"], "int64");
    }
}

#[test]
fn recording_objects_have_no_required_fields() {
    let (before, after, edits) = apply("recording-objects-have-no-required-fields");
    // Zoom marks required fields only on the archive objects.
    assert!(before["components"]["schemas"]["ArchivedFile"]["required"].is_array());
    assert!(
        edits >= 2,
        "archive meeting and file lose their required lists, got {edits}"
    );
    for name in [
        "RecordingFile",
        "RecordingMeeting",
        "ArchivedMeeting",
        "ArchivedFile",
    ] {
        assert!(
            after["components"]["schemas"][name].get("required").is_none(),
            "{name}"
        );
    }
    // A spec that marks the fields CC and TIMELINE files lack as required is corrected too.
    let mut strict = before.clone();
    strict["components"]["schemas"]["RecordingFile"]["required"] =
        json!(["id", "status", "file_size", "recording_type", "play_url"]);
    let edits = (patch("recording-objects-have-no-required-fields").apply)(&mut strict).unwrap();
    assert!(
        strict["components"]["schemas"]["RecordingFile"]
            .get("required")
            .is_none()
    );
    assert!(edits >= 3);
}

#[test]
fn account_list_dates_are_dates() {
    let (before, after, edits) = apply("account-list-dates-are-dates");
    assert_eq!(edits, 2);
    for field in ["from", "to"] {
        assert_eq!(
            property(&before, "AccountRecordingList", field)["format"],
            "date-time"
        );
        assert_eq!(property(&after, "AccountRecordingList", field)["format"], "date");
    }
}

#[test]
fn registrant_limit_is_max_items() {
    let (before, after, edits) = apply("registrant-limit-is-max-items");
    assert_eq!(edits, 1);
    let documented = property(&before, "RecordingRegistrantStatusUpdate", "registrants");
    let patched = property(&after, "RecordingRegistrantStatusUpdate", "registrants");
    assert_eq!(documented["maximum"], 30);
    assert!(patched.get("maximum").is_none());
    assert_eq!(patched["maxItems"], 30);
}

#[test]
fn responses_do_not_enforce_lengths() {
    let (before, after, edits) = apply("responses-do-not-enforce-lengths");
    assert!(edits >= 2, "got {edits}");
    assert_eq!(property(&before, "RecordingSettings", "password")["minLength"], 8);
    assert!(
        property(&after, "RecordingSettings", "password")
            .get("minLength")
            .is_none()
    );
    assert!(
        property(&after, "RecordingSettings", "password")
            .get("maxLength")
            .is_none()
    );
    // Request bodies keep Zoom's input rules.
    assert_eq!(
        property(&after, "RecordingSettingsUpdate", "password")["minLength"],
        8
    );
}

fn responses<'a>(spec: &'a Value, path: &str, method: &str) -> &'a serde_json::Map<String, Value> {
    spec["paths"][path][method]["responses"]
        .as_object()
        .expect("responses")
}

#[test]
fn bodyless_success_is_any_2xx() {
    let (before, after, edits) = apply("bodyless-success-is-any-2xx");
    assert!(
        edits >= 7,
        "delete, delete one, recover, recover one, settings, questions, status: {edits}"
    );
    let path = "/meetings/{meetingId}/recordings";
    assert!(responses(&before, path, "delete").contains_key("200"));
    assert!(responses(&before, path, "delete").contains_key("204"));
    let patched = responses(&after, path, "delete");
    assert!(patched.contains_key("2XX") && !patched.contains_key("200") && !patched.contains_key("204"));
    let description = patched["2XX"]["description"].as_str().unwrap();
    assert!(
        description.starts_with("200: ") && description.contains("204: "),
        "{description}"
    );
    // Operations with a body keep their status.
    assert!(responses(&after, path, "get").contains_key("200"));
}

#[test]
fn errors_share_one_type() {
    let (before, after, edits) = apply("errors-share-one-type");
    let operations = codegen::patch::METHODS
        .iter()
        .map(|method| {
            before["paths"]
                .as_object()
                .unwrap()
                .values()
                .filter(|item| item.get(*method).is_some())
                .count()
        })
        .sum::<usize>();
    assert_eq!(
        operations, 27,
        "the classic 15, the 11 added since, and the Users API listing"
    );
    assert_eq!(edits, 2 * operations, "4XX and 5XX on each operation");
    let get = responses(&after, "/meetings/{meetingId}/recordings", "get");
    for range in ["4XX", "5XX"] {
        assert_eq!(
            get[range]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorResponse"
        );
    }
    assert!(
        !get.contains_key("404"),
        "documented statuses fold into the range"
    );
    let described = get["4XX"]["description"].as_str().unwrap();
    assert!(
        described.contains("404: ") && described.contains("400: "),
        "{described}"
    );
    assert!(
        get["5XX"]["description"]
            .as_str()
            .unwrap()
            .contains("not documented")
    );
}

#[test]
fn every_patch_has_a_reason_a_fact_and_a_test_named_after_it() {
    let tests = include_str!("patches.rs");
    for patch in PATCHES {
        assert!(!patch.reason.is_empty() && !patch.fact.is_empty(), "{}", patch.id);
        let test = format!("fn {}()", patch.id.replace('-', "_"));
        assert!(tests.contains(&test), "patch `{}` has no test `{test}`", patch.id);
    }
    let quirks = PATCHES.iter().filter(|p| p.kind == PatchKind::ZoomQuirk).count();
    assert!(quirks >= 2);
}

#[test]
fn every_patch_applies_to_the_documented_spec() {
    let (_, outcomes) = codegen::patch_spec(documented_spec()).expect("patches apply");
    assert_eq!(outcomes.len(), PATCHES.len());
    for outcome in outcomes {
        assert!(
            outcome.edits > 0,
            "patch `{}` changed nothing in the documented spec",
            outcome.id
        );
    }
}

#[test]
fn a_patch_that_cannot_find_its_target_is_a_clear_error() {
    let mut spec = documented_spec();
    spec["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .remove("RecordingMeeting");
    let error = codegen::patch_spec(spec).unwrap_err().to_string();
    assert_eq!(
        error,
        "patch `numbers-documented-as-strings` cannot be applied: components/schemas/RecordingMeeting is missing"
    );
}

/// The documented spec with every patch before `id` applied, then `id` itself.
fn apply_in_order(id: &str) -> (Value, Value, usize) {
    let mut before = documented_spec();
    for earlier in PATCHES.iter().take_while(|p| p.id != id) {
        (earlier.apply)(&mut before).expect("earlier patch applies");
    }
    let mut after = before.clone();
    let edits = (patch(id).apply)(&mut after).expect("patch applies");
    (before, after, edits)
}

fn reference(spec: &Value, schema: &str, field: &str) -> String {
    property(spec, schema, field)["$ref"]
        .as_str()
        .unwrap_or("<none>")
        .to_owned()
}

#[test]
fn undocumented_fields_zoom_sends() {
    let (before, after, edits) = apply_in_order("undocumented-fields-zoom-sends");
    assert!(edits >= 16, "got {edits}");
    // Zoom's current documentation has `file_path`; the spec states it, no patch adds it.
    assert_eq!(property(&before, "RecordingFile", "file_path")["type"], "string");
    for (schema, field) in [
        ("RecordingMeeting", "share_url"),
        ("RecordingMeeting", "timezone"),
        ("MeetingRecordings", "host_email"),
        ("RecordingFile", "file_name"),
        ("RecordingFile", "encryption_fingerprint"),
    ] {
        assert!(
            property(&before, schema, field).is_null(),
            "{schema}.{field} is undocumented"
        );
        assert_eq!(
            property(&after, schema, field)["type"],
            "string",
            "{schema}.{field}"
        );
    }
}

#[test]
fn numbers_arrive_in_any_form() {
    let (_, after, edits) = apply_in_order("numbers-arrive-in-any-form");
    assert!(edits >= 30, "got {edits}");
    let lenient = "#/components/schemas/ZoomInteger";
    for (schema, field) in [
        ("RecordingMeeting", "id"),
        ("RecordingMeeting", "duration"),
        ("RecordingFile", "file_size"),
        ("RecordingList", "page_count"),
        ("RecordingList", "total_records"),
        ("ArchivedMeeting", "type"),
        ("RecordingSettings", "approval_type"),
    ] {
        assert_eq!(reference(&after, schema, field), lenient, "{schema}.{field}");
    }
    // Request bodies keep strict integers.
    assert_eq!(
        property(&after, "RecordingSettingsUpdate", "approval_type")["type"],
        "integer"
    );
}

#[test]
fn drifting_enums_are_open() {
    let (before, after, edits) = apply_in_order("drifting-enums-are-open");
    assert!(edits >= 20, "got {edits}");
    assert_eq!(
        property(&before, "RecordingFile", "status")["enum"],
        json!(["completed"])
    );
    assert_eq!(
        reference(&after, "RecordingFile", "status"),
        "#/components/schemas/FileStatus"
    );
    assert_eq!(
        reference(&after, "RecordingFile", "file_type"),
        "#/components/schemas/FileType"
    );
    assert_eq!(
        reference(&after, "ArchivedFile", "recording_type"),
        "#/components/schemas/RecordingType"
    );
    assert_eq!(
        reference(&after, "MeetingTranscript", "download_restriction_reason"),
        "#/components/schemas/TranscriptRestriction"
    );
    assert_eq!(
        reference(&after, "User", "status"),
        "#/components/schemas/UserStatus"
    );
    let file_types = &after["components"]["schemas"]["FileType"]["x-documented-values"];
    assert!(
        file_types.as_array().unwrap().contains(&json!("AIC_COVERSATION")),
        "Zoom's misspelt archive file type is documented: {file_types}"
    );
    let documented = &after["components"]["schemas"]["FileStatus"]["x-documented-values"];
    for value in ["completed", "processing", "failed"] {
        assert!(documented.as_array().unwrap().contains(&json!(value)), "{value}");
    }
    // A new closed enum in a response is reported, not silently left closed.
    let mut drifted = before.clone();
    drifted["components"]["schemas"]["RecordingMeeting"]["properties"]["new_state"] =
        json!({"type": "string", "enum": ["a", "b"]});
    let error = (patch("drifting-enums-are-open").apply)(&mut drifted).unwrap_err();
    assert!(error.0.contains("RecordingMeeting.new_state"), "{}", error.0);
}

#[test]
fn times_may_be_empty() {
    let (_, after, edits) = apply_in_order("times-may-be-empty");
    assert!(edits >= 10, "got {edits}");
    for (schema, field, target) in [
        ("RecordingMeeting", "start_time", "ZoomTime"),
        ("RecordingFile", "recording_end", "ZoomTime"),
        ("RecordingFile", "deleted_time", "ZoomTime"),
        ("ParticipantAudioFile", "recording_start", "ZoomTime"),
        ("MeetingRecordings", "auto_delete_date", "ZoomDate"),
        ("RecordingList", "from", "ZoomDate"),
        // Documented as plain strings (`UNTYPED_TIMES`).
        ("MeetingTranscript", "transcript_created_time", "ZoomTime"),
        ("MeetingTranscript", "auto_delete_date", "ZoomDate"),
        ("RecordingAnalyticsDay", "date", "ZoomDate"),
        ("MeetingSummary", "summary_created_time", "ZoomTime"),
        ("User", "last_login_time", "ZoomTime"),
    ] {
        assert_eq!(
            reference(&after, schema, field),
            format!("#/components/schemas/{target}"),
            "{schema}.{field}"
        );
    }
}

#[test]
fn responses_keep_unknown_fields() {
    let (before, after, edits) = apply_in_order("responses-keep-unknown-fields");
    assert!(edits >= 15, "got {edits}");
    for name in [
        "RecordingMeeting",
        "RecordingFile",
        "MeetingRecordings",
        "RecordingList",
    ] {
        assert!(
            before["components"]["schemas"][name]
                .get("additionalProperties")
                .is_none()
        );
        assert_eq!(
            after["components"]["schemas"][name]["additionalProperties"],
            json!({}),
            "{name}"
        );
    }
    assert!(
        after["components"]["schemas"]["RecordingSettingsUpdate"]
            .get("additionalProperties")
            .is_none()
    );
}

#[test]
fn secrets_are_redacted() {
    let (before, after, edits) = apply_in_order("secrets-are-redacted");
    assert_eq!(edits, codegen::quirks::SECRET_FIELDS.len());
    assert!(codegen::quirks::SECRET_FIELDS.contains(&("User", "host_key")));
    for (schema, field) in codegen::quirks::SECRET_FIELDS {
        assert_eq!(
            property(&before, schema, field)["type"],
            "string",
            "{schema}.{field}"
        );
        assert!(
            property(&before, schema, field).get("format").is_none(),
            "{schema}.{field} is documented as a plain string"
        );
        assert_eq!(
            property(&after, schema, field)["type"],
            "string",
            "{schema}.{field}"
        );
        assert_eq!(
            property(&after, schema, field)["format"],
            codegen::quirks::SECRET_FORMAT,
            "{schema}.{field}"
        );
        assert!(
            property(&after, schema, field)["description"].is_string(),
            "{schema}.{field} keeps its description"
        );
    }
    for (schema, field) in [
        ("MeetingRecordings", "download_access_token"),
        ("MeetingRecordings", "password"),
        ("RecordingMeeting", "recording_play_passcode"),
        ("RecordingSettings", "password"),
    ] {
        assert!(
            codegen::quirks::SECRET_FIELDS.contains(&(schema, field)),
            "{schema}.{field}"
        );
    }
    // The request body's passcode loses its length bounds: `Secret` cannot check them.
    assert_eq!(
        property(&before, "RecordingSettingsUpdate", "password")["minLength"],
        8
    );
    assert!(
        property(&after, "RecordingSettingsUpdate", "password")
            .get("minLength")
            .is_none()
    );
    // Page cursors are not secrets.
    assert!(
        property(&after, "RecordingList", "next_page_token")
            .get("format")
            .is_none()
    );
    // A new credential-like field is reported, not silently left printable.
    let mut drifted = before.clone();
    drifted["components"]["schemas"]["RecordingFile"]["properties"]["file_access_token"] =
        json!({"type": "string"});
    let error = (patch("secrets-are-redacted").apply)(&mut drifted).unwrap_err();
    assert!(
        error
            .0
            .contains("/components/schemas/RecordingFile/properties/file_access_token"),
        "{}",
        error.0
    );
    let mut drifted = before.clone();
    drifted["paths"]["/meetings/{meetingId}/recordings"]["get"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "access_token", "in": "query", "schema": {"type": "string"}}));
    let error = (patch("secrets-are-redacted").apply)(&mut drifted).unwrap_err();
    assert!(error.0.contains("parameter `access_token`"), "{}", error.0);
}

#[test]
fn secrets_generate_as_the_redacting_type() {
    let generated = codegen::generate_from_path(&codegen::workspace_root().join(codegen::SPEC_PATH))
        .expect("generation succeeds");
    let secret_fields = generated
        .source
        .lines()
        .filter(|line| line.contains("::std::option::Option<crate::Secret>,") && line.contains("pub "))
        .count();
    assert_eq!(secret_fields, codegen::quirks::SECRET_FIELDS.len());
    for line in generated
        .source
        .lines()
        .filter(|line| line.trim_start().starts_with("pub "))
    {
        let field = line.trim_start().trim_start_matches("pub ");
        if let Some((name, _)) = field.split_once(':')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && codegen::quirks::named_like_a_secret(name)
        {
            assert!(line.contains("crate::Secret"), "{line}");
        }
    }
    assert!(!generated.source.contains("RecordingSettingsUpdatePassword"));
}
