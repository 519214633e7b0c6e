//! The declared table of spec patches, applied in order before generation.
//!
//! Each entry says what it changes, why, and the fact it rests on (sources are
//! in `../shared/reference/zoom-api-facts.md`). Each has a test in
//! `codegen/tests/patches.rs` named after its id. The OpenAPI document in
//! `openapi/` stays as Zoom documents it; every correction lives here, once.

use serde_json::{Map, Value, json};

use crate::patch::{Patch, PatchError, PatchKind, operations_mut, property_mut, retype, schema_mut};

/// Every patch, in the order it is applied.
pub const PATCHES: &[Patch] = &[
    Patch {
        id: "numbers-documented-as-strings",
        kind: PatchKind::ZoomQuirk,
        reason: "meeting `id`, `type`, `recording_count` and `total_size` are documented as strings but sent as integers; type them as integers",
        fact: "seed page 'Get meeting recordings': the reference lists them as string, its own example sends 68000000031879, 2, 3 and 47383; facts §3 (REAL-2021, REAL-2024a/b)",
        apply: numbers_documented_as_strings,
    },
    Patch {
        id: "file-size-is-a-byte-count",
        kind: PatchKind::ZoomQuirk,
        reason: "`file_size` is documented as `number` (f64) but is a whole byte count; type it as a 64-bit integer so it compares with Content-Length",
        fact: "facts §3: every example and real payload sends integer bytes (0 for in-progress files)",
        apply: file_size_is_a_byte_count,
    },
    Patch {
        id: "recording-objects-have-no-required-fields",
        kind: PatchKind::ZoomQuirk,
        reason: "TIMELINE and CC files lack `id`, `status`, `file_size`, `recording_type` and `play_url`, and in-progress or trashed entries lack more; no field of a recording meeting or file may be required",
        fact: "seed page: 'A recording file object with file type of either CC or TIMELINE does not have the following properties: id, status, file_size, recording_type, and play_url'; facts §2.15-2.16, §3",
        apply: recording_objects_have_no_required_fields,
    },
    Patch {
        id: "account-list-dates-are-dates",
        kind: PatchKind::ZoomQuirk,
        reason: "the account list's `from`/`to` are documented as date-time but sent as plain dates; type the response fields as dates",
        fact: "facts §2.14: the documented example response carries \"2019-08-19\"",
        apply: account_list_dates_are_dates,
    },
    Patch {
        id: "registrant-limit-is-max-items",
        kind: PatchKind::ZoomQuirk,
        reason: "the registrant-status body puts `maximum: 30` on an array, where it means nothing; it is the item limit `maxItems: 30`",
        fact: "facts §2.13: both of Zoom's specs declare `maximum: 30` on the `registrants` array",
        apply: registrant_limit_is_max_items,
    },
    Patch {
        id: "responses-do-not-enforce-lengths",
        kind: PatchKind::ZoomQuirk,
        reason: "length and pattern bounds are Zoom's input rules; enforced while decoding a response they reject the whole payload, so drop them from schemas reachable from responses",
        fact: "facts §3: the documented settings example has a 7-character `password` while `minLength` is 8",
        apply: responses_do_not_enforce_lengths,
    },
    Patch {
        id: "bodyless-success-is-any-2xx",
        kind: PatchKind::GeneratorLimit,
        reason: "operations without a success body are documented as 200 in one version and 204 in another; accept any 2XX with one arm instead of failing on the other",
        fact: "facts §2.3-2.6, §2.12, §12: old docs say 204, current docs say 200, and the questions update says 204 while its text says 200",
        apply: bodyless_success_is_any_2xx,
    },
    Patch {
        id: "errors-share-one-type",
        kind: PatchKind::GeneratorLimit,
        reason: "every 4XX and 5XX answer carries Zoom's `{code, message, errors}` body; fold the documented statuses into 4XX/5XX ranges (descriptions kept) so undocumented ones (401, 403, 5xx) decode into the one error type too",
        fact: "facts §10: Zoom's error format; statuses such as 401/124 and 429 are missing from many operations' documented responses",
        apply: errors_share_one_type,
    },
];

/// The component schemas that describe recording meetings and their files.
const RECORDING_SCHEMAS: [&str; 9] = [
    "RecordingMeeting",
    "MeetingRecordings",
    "RecordingFile",
    "ParticipantAudioFile",
    "AccountRecordingMeeting",
    "AccountRecordingFile",
    "ArchivedMeeting",
    "ArchivedFile",
    "PhysicalFile",
];

fn integer_type(format: Option<&str>) -> Value {
    match format {
        Some(format) => json!({"type": "integer", "format": format}),
        None => json!({"type": "integer"}),
    }
}

fn numbers_documented_as_strings(spec: &mut Value) -> Result<usize, PatchError> {
    const FIELDS: [(&str, &str, Option<&str>); 9] = [
        ("RecordingMeeting", "id", Some("int64")),
        ("RecordingMeeting", "type", None),
        ("RecordingMeeting", "recording_count", None),
        ("RecordingMeeting", "total_size", Some("int64")),
        ("MeetingRecordings", "id", Some("int64")),
        ("MeetingRecordings", "type", None),
        ("MeetingRecordings", "recording_count", None),
        ("MeetingRecordings", "total_size", Some("int64")),
        ("AccountRecordingMeeting", "id", Some("int64")),
    ];
    let mut edits = 0;
    for (schema, field, format) in FIELDS {
        edits += usize::from(retype(property_mut(spec, schema, field)?, integer_type(format)));
    }
    Ok(edits)
}

fn file_size_is_a_byte_count(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for schema in ["RecordingFile", "ParticipantAudioFile", "AccountRecordingFile"] {
        edits += usize::from(retype(
            property_mut(spec, schema, "file_size")?,
            integer_type(Some("int64")),
        ));
    }
    Ok(edits)
}

fn recording_objects_have_no_required_fields(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for name in RECORDING_SCHEMAS {
        let schema = schema_mut(spec, name)?;
        if schema.remove("required").is_some() {
            edits += 1;
        }
    }
    Ok(edits)
}

fn account_list_dates_are_dates(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for field in ["from", "to"] {
        let property = property_mut(spec, "AccountRecordingList", field)?;
        edits += usize::from(retype(property, json!({"type": "string", "format": "date"})));
    }
    Ok(edits)
}

fn registrant_limit_is_max_items(spec: &mut Value) -> Result<usize, PatchError> {
    let registrants = property_mut(spec, "RecordingRegistrantStatusUpdate", "registrants")?;
    match registrants.remove("maximum") {
        Some(limit) => {
            registrants.insert("maxItems".into(), limit);
            Ok(1)
        }
        None => Ok(0),
    }
}

fn responses_do_not_enforce_lengths(spec: &mut Value) -> Result<usize, PatchError> {
    let mut pending: Vec<String> = Vec::new();
    for op in operations_mut(spec) {
        if let Some(responses) = op.operation.get("responses") {
            collect_refs(responses, &mut pending);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Ok(schema) = schema_mut(spec, &name) {
            collect_refs(&Value::Object(schema.clone()), &mut pending);
        }
    }
    let mut edits = 0;
    for name in seen {
        if let Ok(schema) = schema_mut(spec, &name) {
            edits += strip_lengths(schema);
        }
    }
    Ok(edits)
}

/// Pushes the component schema names of every `$ref` inside `value`.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref")
                && let Some(name) = target.strip_prefix("#/components/schemas/")
            {
                out.push(name.to_owned());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Removes string bounds from a schema and its inline sub-schemas.
fn strip_lengths(schema: &mut Map<String, Value>) -> usize {
    let mut edits = 0;
    if schema.get("type").and_then(Value::as_str) == Some("string") {
        for key in ["minLength", "maxLength", "pattern"] {
            edits += usize::from(schema.remove(key).is_some());
        }
    }
    for value in schema.values_mut() {
        match value {
            Value::Object(child) => edits += strip_lengths(child),
            Value::Array(items) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    edits += strip_lengths(item);
                }
            }
            _ => {}
        }
    }
    edits
}

fn bodyless_success_is_any_2xx(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for op in operations_mut(spec) {
        let Some(responses) = op.operation.get_mut("responses").and_then(Value::as_object_mut) else {
            continue;
        };
        let success: Vec<String> = responses
            .keys()
            .filter(|status| status.starts_with('2'))
            .cloned()
            .collect();
        let bodyless = success.iter().all(|status| {
            responses[status.as_str()]
                .get("content")
                .and_then(Value::as_object)
                .is_none_or(Map::is_empty)
        });
        if success.is_empty() || !bodyless || success == ["2XX"] {
            continue;
        }
        let description = success
            .iter()
            .map(|status| {
                let text = responses[status.as_str()]
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                format!("{status}: {text}")
            })
            .collect::<Vec<_>>()
            .join(" / ");
        for status in &success {
            responses.remove(status);
        }
        responses.insert("2XX".into(), json!({ "description": description }));
        edits += 1;
    }
    Ok(edits)
}

fn errors_share_one_type(spec: &mut Value) -> Result<usize, PatchError> {
    const ERROR_REF: &str = "#/components/schemas/ErrorResponse";
    schema_mut(spec, "ErrorResponse")?;
    let mut edits = 0;
    for op in operations_mut(spec) {
        let id = op.operation_id().to_owned();
        let responses = op
            .operation
            .get_mut("responses")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| PatchError(format!("operation `{id}` has no responses")))?;
        for class in ['4', '5'] {
            let range = format!("{class}XX");
            let documented: Vec<String> = responses
                .keys()
                .filter(|status| status.len() == 3 && status.starts_with(class) && **status != range)
                .cloned()
                .collect();
            let mut notes = Vec::new();
            for status in documented {
                let response = responses.remove(&status).unwrap_or_default();
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                if !response["content"].is_null() && schema != ERROR_REF {
                    return Err(PatchError(format!(
                        "operation `{id}` documents {status} with a body other than ErrorResponse"
                    )));
                }
                let text = response["description"].as_str().unwrap_or_default();
                notes.push(format!("{status}: {text}"));
            }
            if responses.contains_key(&range) && notes.is_empty() {
                continue;
            }
            let description = if notes.is_empty() {
                format!("Zoom error body ({range} not documented for this operation).")
            } else {
                notes.join(" / ")
            };
            responses.insert(
                range,
                json!({
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": ERROR_REF}}}
                }),
            );
            edits += 1;
        }
    }
    Ok(edits)
}
