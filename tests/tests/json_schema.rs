//! Generated types derive `schemars::JsonSchema`, so services can publish the
//! schema of what they store; the schema must cover every field of the spec.

use std::collections::BTreeSet;

use serde_json::Value;
use zoom_cloud_recording::types;

fn patched_spec() -> Value {
    let path = codegen::workspace_root().join(codegen::SPEC_PATH);
    let spec = serde_json::from_str(&std::fs::read_to_string(path).expect("spec")).expect("JSON");
    codegen::patch_spec(spec).expect("patches apply").0
}

fn spec_fields(spec: &Value, schema: &str) -> BTreeSet<String> {
    spec["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{schema} has properties"))
        .keys()
        .cloned()
        .collect()
}

fn schema_fields<T: schemars::JsonSchema>() -> (BTreeSet<String>, Value) {
    let schema = serde_json::to_value(schemars::schema_for!(T)).expect("schema encodes");
    let fields = schema["properties"]
        .as_object()
        .expect("object schema")
        .keys()
        .cloned()
        .collect();
    (fields, schema)
}

fn assert_covers<T: schemars::JsonSchema>(spec: &Value, name: &str) {
    let wanted = spec_fields(spec, name);
    let (have, schema) = schema_fields::<T>();
    let missing: Vec<_> = wanted.difference(&have).collect();
    assert!(missing.is_empty(), "{name}: JSON Schema lacks {missing:?}");
    assert!(
        schema["additionalProperties"] != Value::Bool(false),
        "{name}: unknown fields are kept, so the schema must allow them"
    );
}

#[test]
fn recording_meeting_schema_covers_every_spec_field() {
    let spec = patched_spec();
    assert_covers::<types::RecordingMeeting>(&spec, "RecordingMeeting");
    assert_covers::<types::MeetingRecordings>(&spec, "MeetingRecordings");
    assert_covers::<types::RecordingFile>(&spec, "RecordingFile");
    // The documented (unpatched) fields are a subset of the patched ones.
    let documented: Value = serde_json::from_str(
        &std::fs::read_to_string(codegen::workspace_root().join(codegen::SPEC_PATH)).unwrap(),
    )
    .unwrap();
    let (have, _) = schema_fields::<types::RecordingMeeting>();
    assert!(spec_fields(&documented, "RecordingMeeting").is_subset(&have));
    for undocumented in ["share_url", "timezone", "host_email"] {
        assert!(have.contains(undocumented), "{undocumented}");
    }
}

#[test]
fn lenient_fields_say_what_they_accept() {
    let (_, schema) = schema_fields::<types::RecordingMeeting>();
    let text = schema.to_string();
    assert!(
        text.contains("numeric string"),
        "ZoomInt documents its wire forms"
    );
    assert!(
        text.contains("Open enum") || text.contains("open enum"),
        "open enums are described"
    );
}

#[test]
fn the_new_response_schemas_cover_every_spec_field() {
    let spec = patched_spec();
    assert_covers::<types::RecordingAnalyticsDetails>(&spec, "RecordingAnalyticsDetails");
    assert_covers::<types::RecordingAnalyticsDetail>(&spec, "RecordingAnalyticsDetail");
    assert_covers::<types::RecordingAnalyticsSummary>(&spec, "RecordingAnalyticsSummary");
    assert_covers::<types::RecordingAnalyticsDay>(&spec, "RecordingAnalyticsDay");
    assert_covers::<types::MeetingTranscript>(&spec, "MeetingTranscript");
    assert_covers::<types::ArchivedFileStatistics>(&spec, "ArchivedFileStatistics");
    assert_covers::<types::ArchivedFileCountsByExtension>(&spec, "ArchivedFileCountsByExtension");
    assert_covers::<types::ArchivedFileCountsByStatus>(&spec, "ArchivedFileCountsByStatus");
    assert_covers::<types::ArchivedMeeting>(&spec, "ArchivedMeeting");
    assert_covers::<types::ArchivedFile>(&spec, "ArchivedFile");
    assert_covers::<types::PhysicalFile>(&spec, "PhysicalFile");
    assert_covers::<types::MeetingSummaryList>(&spec, "MeetingSummaryList");
    assert_covers::<types::MeetingSummaryListItem>(&spec, "MeetingSummaryListItem");
    assert_covers::<types::MeetingSummary>(&spec, "MeetingSummary");
    assert_covers::<types::MeetingSummaryDetail>(&spec, "MeetingSummaryDetail");
    assert_covers::<types::MeetingSummaryEdit>(&spec, "MeetingSummaryEdit");
    assert_covers::<types::UserList>(&spec, "UserList");
    assert_covers::<types::User>(&spec, "User");
    assert_covers::<types::UserCustomAttribute>(&spec, "UserCustomAttribute");
    // Fields Zoom added to an operation we already had.
    let (have, _) = schema_fields::<types::MeetingRecordings>();
    for added in ["external_storage_addr", "service_name", "rc_zone", "instance_id"] {
        assert!(have.contains(added), "MeetingRecordings: {added}");
    }
    let (have, _) = schema_fields::<types::RecordingSettings>();
    assert!(
        have.contains("authentication_name"),
        "RecordingSettings: authentication_name"
    );
}

#[test]
fn the_host_key_is_published_as_a_secret() {
    let (_, schema) = schema_fields::<types::User>();
    let host_key = schema["properties"]["host_key"].to_string();
    assert!(host_key.contains("#/definitions/Secret"), "{host_key}");
    assert_eq!(schema["definitions"]["Secret"]["format"], "password");
    assert_eq!(schema["definitions"]["Secret"]["type"], "string");
}
