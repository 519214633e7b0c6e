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
