//! The declared table of spec patches, applied in order before generation.
//!
//! Each entry says what it changes, why, and the fact it rests on (sources are
//! in `../shared/reference/zoom-api-facts.md`). Each has a test in
//! `codegen/tests/patches.rs` named after its id. The OpenAPI document in
//! `openapi/` stays as Zoom documents it; every correction lives here, once.

use serde_json::{Map, Value, json};

use crate::patch::{METHODS, Patch, PatchError, PatchKind, operations_mut, property_mut, retype, schema_mut};

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
        id: "undocumented-fields-zoom-sends",
        kind: PatchKind::ZoomQuirk,
        reason: "Zoom sends fields its schemas omit (meeting `share_url`, `timezone`, `host_email`; file `file_name`, `encryption_fingerprint`; ...); declare them so they are typed",
        fact: "facts §2.16, §3: present in the documented examples, in every real response (REAL-2021, REAL-2024a/b) and in Zoom's webhook types (RIVET)",
        apply: undocumented_fields_zoom_sends,
    },
    Patch {
        id: "numbers-arrive-in-any-form",
        kind: PatchKind::ZoomQuirk,
        reason: "integers in responses arrive as numbers, integral floats or numeric strings depending on endpoint and era; every response integer becomes `ZoomInt`, which takes all three and re-encodes as it came",
        fact: "facts §3, §12: ids and counts documented as strings but sent as integers, `file_size` documented as number; Jericho/ZoomNet#202 (number where a string was typed)",
        apply: numbers_arrive_in_any_form,
    },
    Patch {
        id: "drifting-enums-are-open",
        kind: PatchKind::ZoomQuirk,
        reason: "Zoom adds enum values without notice (`processing`, `TIMELINE`, `SUMMARY`, `summary_next_steps`, `\"\"`); every response enum becomes a hand-written open enum that keeps unknown values verbatim",
        fact: "facts §3: TIMELINE and SUMMARY files, `processing` status, 20+ recording types beyond older enums; progenitor.md §5.2: a closed enum fails the whole response",
        apply: drifting_enums_are_open,
    },
    Patch {
        id: "times-may-be-empty",
        kind: PatchKind::ZoomQuirk,
        reason: "in-progress recordings send `\"\"` for times and some times lack an offset; every response time becomes `ZoomTime`/`ZoomDate`, which keeps the string and parses it when it can, including the times Zoom documents as plain strings (`UNTYPED_TIMES`)",
        fact: "facts §3: `recording_end` is `\"\"` while recording (REAL-2021); progenitor.md §5.1: `\"\"` and offset-less times fail chrono; Zoom's 2025-09 spec types the transcript's `transcript_created_time`/`auto_delete_date` and the analytics `date` as plain strings while its examples are ISO times and dates",
        apply: times_may_be_empty,
    },
    Patch {
        id: "responses-keep-unknown-fields",
        kind: PatchKind::ZoomQuirk,
        reason: "Zoom adds fields without notice (`recording_play_passcode` broke strict clients); every response object keeps fields it does not know in a flattened `extra` map",
        fact: "facts §11: chamilo/chamilo-lms#9027 (2026), a strict decoder broke when `recording_play_passcode` appeared",
        apply: responses_keep_unknown_fields,
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
    Patch {
        id: "secrets-are-redacted",
        kind: PatchKind::Credential,
        reason: "passcodes, host keys and the download JWT are typed as plain strings, which the generated `Debug` prints; mark them `format: password` so they generate as `crate::Secret`, which never prints its value (the 8-10 length rule of the settings passcode stays in its description; Zoom enforces it)",
        fact: "spec: `download_access_token` is a JWT that downloads the meeting's files, `password` and `recording_play_passcode` open the recording, a user's `host_key` claims the host role; OpenAPI 3.0 `format: password` marks a value to hide",
        apply: secrets_are_redacted,
    },
];

/// The properties that carry credentials; the `secrets-are-redacted` patch
/// marks them with [`SECRET_FORMAT`] and the generator types them as `crate::Secret`.
pub const SECRET_FIELDS: &[(&str, &str)] = &[
    ("RecordingMeeting", "recording_play_passcode"),
    ("MeetingRecordings", "recording_play_passcode"),
    ("MeetingRecordings", "password"),
    ("MeetingRecordings", "download_access_token"),
    ("RecordingSettings", "password"),
    ("RecordingSettingsUpdate", "password"),
    ("User", "host_key"),
];

/// The string `format` that marks a credential (OpenAPI 3.0's "hide this value").
pub const SECRET_FORMAT: &str = "password";

/// The Rust type of every property marked with [`SECRET_FORMAT`].
pub const SECRET_TYPE: &str = "crate::Secret";

/// Names that look like credentials but are not: page cursors.
const NOT_SECRETS: [&str; 1] = ["next_page_token"];

/// Component schemas replaced by hand-written SDK types, with the Rust path
/// of each. The patches above point fields at these components.
pub const REPLACEMENTS: &[(&str, &str)] = &[
    ("ZoomInteger", "crate::quirks::ZoomInt"),
    ("ZoomTime", "crate::quirks::ZoomTime"),
    ("ZoomDate", "crate::quirks::ZoomDate"),
    ("FileStatus", "crate::quirks::FileStatus"),
    ("FileType", "crate::quirks::FileType"),
    ("FileExtension", "crate::quirks::FileExtension"),
    ("RecordingType", "crate::quirks::RecordingType"),
    ("StorageLocation", "crate::quirks::StorageLocation"),
    ("ArchiveMeetingType", "crate::quirks::ArchiveMeetingType"),
    ("ShareRecording", "crate::quirks::ShareRecording"),
    ("RegistrantStatus", "crate::quirks::RegistrantStatus"),
    ("NoOfEmployees", "crate::quirks::NoOfEmployees"),
    ("PurchasingTimeFrame", "crate::quirks::PurchasingTimeFrame"),
    ("RoleInPurchaseProcess", "crate::quirks::RoleInPurchaseProcess"),
    ("QuestionFieldName", "crate::quirks::QuestionFieldName"),
    ("CustomQuestionType", "crate::quirks::CustomQuestionType"),
    ("TranscriptRestriction", "crate::quirks::TranscriptRestriction"),
    ("UserStatus", "crate::quirks::UserStatus"),
];

/// Which response fields each open enum replaces.
pub const OPEN_ENUM_FIELDS: &[(&str, &[(&str, &str)])] = &[
    (
        "FileStatus",
        &[
            ("RecordingFile", "status"),
            ("ParticipantAudioFile", "status"),
            ("AccountRecordingFile", "status"),
            ("ArchivedFile", "status"),
            ("ArchivedMeeting", "status"),
        ],
    ),
    (
        "FileType",
        &[
            ("RecordingFile", "file_type"),
            ("ParticipantAudioFile", "file_type"),
            ("AccountRecordingFile", "file_type"),
            ("ArchivedFile", "file_type"),
        ],
    ),
    (
        "FileExtension",
        &[
            ("RecordingFile", "file_extension"),
            ("ArchivedFile", "file_extension"),
        ],
    ),
    (
        "RecordingType",
        &[
            ("RecordingFile", "recording_type"),
            ("AccountRecordingFile", "recording_type"),
            ("ArchivedFile", "recording_type"),
        ],
    ),
    ("StorageLocation", &[("ArchivedFile", "storage_location")]),
    ("ArchiveMeetingType", &[("ArchivedMeeting", "meeting_type")]),
    ("ShareRecording", &[("RecordingSettings", "share_recording")]),
    ("RegistrantStatus", &[("RecordingRegistrant", "status")]),
    ("NoOfEmployees", &[("RecordingRegistrant", "no_of_employees")]),
    (
        "PurchasingTimeFrame",
        &[("RecordingRegistrant", "purchasing_time_frame")],
    ),
    (
        "RoleInPurchaseProcess",
        &[("RecordingRegistrant", "role_in_purchase_process")],
    ),
    ("QuestionFieldName", &[("RegistrantQuestion", "field_name")]),
    (
        "CustomQuestionType",
        &[("RegistrantCustomQuestionDefinition", "type")],
    ),
    (
        "TranscriptRestriction",
        &[("MeetingTranscript", "download_restriction_reason")],
    ),
    ("UserStatus", &[("User", "status")]),
];

/// A property schema that is only a `$ref` to component schema `name`.
fn component_ref(name: &str) -> Map<String, Value> {
    let mut reference = Map::new();
    reference.insert(
        "$ref".into(),
        Value::String(format!("#/components/schemas/{name}")),
    );
    reference
}

/// Adds component schema `name` unless it exists; returns whether it was added.
fn add_component(spec: &mut Value, name: &str, schema: Value) -> Result<bool, PatchError> {
    let schemas = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| PatchError("components/schemas is missing".into()))?;
    if schemas.contains_key(name) {
        return Ok(false);
    }
    schemas.insert(name.to_owned(), schema);
    Ok(true)
}

/// Names of the component schemas reachable from any operation's responses.
pub fn response_schemas(spec: &Value) -> std::collections::BTreeSet<String> {
    let mut pending: Vec<String> = Vec::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, item)| item)
    {
        for method in METHODS {
            collect_refs(&item[method]["responses"], &mut pending);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = pending.pop() {
        if seen.insert(name.clone()) {
            collect_refs(&spec["components"]["schemas"][&name], &mut pending);
        }
    }
    seen
}

/// Applies `edit` to every property schema (and array item schema) of the
/// response schemas; `edit` returns whether it changed the property.
fn edit_response_properties(
    spec: &mut Value,
    mut edit: impl FnMut(&str, &str, &mut Map<String, Value>) -> bool,
) -> usize {
    let mut edits = 0;
    for name in response_schemas(spec) {
        let Ok(schema) = schema_mut(spec, &name) else {
            continue;
        };
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        for (field, property) in properties.iter_mut() {
            let Some(property) = property.as_object_mut() else {
                continue;
            };
            let is_array = property.get("type").and_then(Value::as_str) == Some("array");
            let target = match property.get_mut("items").and_then(Value::as_object_mut) {
                Some(items) if is_array => items,
                _ => property,
            };
            edits += usize::from(edit(&name, field, target));
        }
    }
    edits
}

fn undocumented_fields_zoom_sends(spec: &mut Value) -> Result<usize, PatchError> {
    const SHARE_URL: &str =
        "Link to the recording's share page; append `?pwd=` with `recording_play_passcode`.";
    const TIMEZONE: &str = "The meeting's IANA time zone.";
    const HOST_EMAIL: &str = "The host's email address.";
    const FILE_NAME: &str = "The file's name.";
    // (schema, field, JSON type, description)
    const FIELDS: [(&str, &str, &str, &str); 17] = [
        ("RecordingMeeting", "share_url", "string", SHARE_URL),
        ("RecordingMeeting", "timezone", "string", TIMEZONE),
        ("RecordingMeeting", "host_email", "string", HOST_EMAIL),
        ("MeetingRecordings", "share_url", "string", SHARE_URL),
        ("MeetingRecordings", "timezone", "string", TIMEZONE),
        ("MeetingRecordings", "host_email", "string", HOST_EMAIL),
        (
            "AccountRecordingMeeting",
            "account_id",
            "string",
            "The account's ID.",
        ),
        (
            "AccountRecordingMeeting",
            "share_url",
            "string",
            "Link to the recording's share page.",
        ),
        ("AccountRecordingMeeting", "timezone", "string", TIMEZONE),
        ("AccountRecordingMeeting", "host_email", "string", HOST_EMAIL),
        ("AccountRecordingMeeting", "type", "integer", "The meeting type."),
        ("RecordingFile", "file_name", "string", FILE_NAME),
        (
            "RecordingFile",
            "encryption_fingerprint",
            "string",
            "SHA-256 fingerprint of the file.",
        ),
        (
            "AccountRecordingFile",
            "file_extension",
            "string",
            "The file's extension.",
        ),
        ("AccountRecordingFile", "file_name", "string", FILE_NAME),
        (
            "RecordingRegistrant",
            "create_time",
            "string",
            "When the registrant registered.",
        ),
        (
            "RecordingRegistrant",
            "share_url",
            "string",
            "The registrant's personal share link.",
        ),
    ];
    let mut edits = 0;
    for (schema, field, json_type, description) in FIELDS {
        let properties = schema_mut(spec, schema)?
            .entry("properties")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .ok_or_else(|| PatchError(format!("{schema}.properties is not an object")))?;
        if !properties.contains_key(field) {
            properties.insert(
                field.into(),
                json!({"type": json_type, "description": description}),
            );
            edits += 1;
        }
    }
    Ok(edits)
}

fn numbers_arrive_in_any_form(spec: &mut Value) -> Result<usize, PatchError> {
    add_component(
        spec,
        "ZoomInteger",
        json!({
            "type": "integer",
            "format": "int64",
            "description": "An integer Zoom may send as a number, an integral float or a numeric string."
        }),
    )?;
    Ok(edit_response_properties(spec, |_, _, property| {
        if property.get("type").and_then(Value::as_str) == Some("integer") {
            *property = component_ref("ZoomInteger");
            true
        } else {
            false
        }
    }))
}

fn drifting_enums_are_open(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for (component, fields) in OPEN_ENUM_FIELDS {
        let mut documented: Vec<Value> = Vec::new();
        for (schema, field) in *fields {
            let property = property_mut(spec, schema, field)?;
            for value in property
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !documented.contains(value) {
                    documented.push(value.clone());
                }
            }
            *property = component_ref(component);
            edits += 1;
        }
        add_component(
            spec,
            component,
            json!({
                "type": "string",
                "description": "Open enum: the values Zoom documents; any other value is kept verbatim.",
                "x-documented-values": documented
            }),
        )?;
    }
    let closed: Vec<String> = {
        let mut found = Vec::new();
        edit_response_properties(spec, |schema, field, property| {
            if property.contains_key("enum") {
                found.push(format!("{schema}.{field}"));
            }
            false
        });
        found
    };
    if !closed.is_empty() {
        return Err(PatchError(format!(
            "response enums without an open type (add them to OPEN_ENUM_FIELDS): {}",
            closed.join(", ")
        )));
    }
    Ok(edits)
}

/// Times and dates Zoom documents as plain strings (no `format`), with the
/// component each becomes. `*` matches every schema whose name ends in `File`.
pub const UNTYPED_TIMES: &[(&str, &str, &str)] = &[
    ("*File", "recording_start", "ZoomTime"),
    ("*File", "recording_end", "ZoomTime"),
    ("*File", "deleted_time", "ZoomTime"),
    ("MeetingTranscript", "transcript_created_time", "ZoomTime"),
    ("MeetingTranscript", "auto_delete_date", "ZoomDate"),
    ("RecordingAnalyticsDay", "date", "ZoomDate"),
];

/// The component an untyped time field of `schema` becomes, if it is one.
fn untyped_time(schema: &str, field: &str) -> Option<&'static str> {
    UNTYPED_TIMES.iter().find_map(|(pattern, name, target)| {
        let schema_matches = match pattern.strip_prefix('*') {
            Some(suffix) => schema.ends_with(suffix),
            None => schema == *pattern,
        };
        (schema_matches && field == *name).then_some(*target)
    })
}

fn times_may_be_empty(spec: &mut Value) -> Result<usize, PatchError> {
    add_component(
        spec,
        "ZoomTime",
        json!({"type": "string", "format": "date-time",
        "description": "A date-time as Zoom sent it; may be empty or lack an offset."}),
    )?;
    add_component(
        spec,
        "ZoomDate",
        json!({"type": "string", "format": "date",
        "description": "A date as Zoom sent it; may be empty."}),
    )?;
    Ok(edit_response_properties(spec, |schema, field, property| {
        let is_string = property.get("type").and_then(Value::as_str) == Some("string");
        let target = match property.get("format").and_then(Value::as_str) {
            Some("date-time") if is_string => "ZoomTime",
            Some("date") if is_string => "ZoomDate",
            None if is_string => match untyped_time(schema, field) {
                Some(target) => target,
                None => return false,
            },
            _ => return false,
        };
        *property = component_ref(target);
        true
    }))
}

fn responses_keep_unknown_fields(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for name in response_schemas(spec) {
        let schema = schema_mut(spec, &name)?;
        let is_object =
            schema.get("type").and_then(Value::as_str) == Some("object") || schema.contains_key("properties");
        if is_object && !schema.contains_key("additionalProperties") {
            schema.insert("additionalProperties".into(), json!({}));
            edits += 1;
        }
    }
    Ok(edits)
}

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
    let mut edits = 0;
    for name in response_schemas(spec) {
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

/// Whether a property or parameter name looks like it carries a credential.
pub fn named_like_a_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    !NOT_SECRETS.contains(&name.as_str())
        && ["password", "passcode", "secret", "token", "pwd"]
            .iter()
            .any(|word| name.contains(word))
}

fn secrets_are_redacted(spec: &mut Value) -> Result<usize, PatchError> {
    let mut edits = 0;
    for (schema, field) in SECRET_FIELDS {
        let property = property_mut(spec, schema, field)?;
        if property.get("type").and_then(Value::as_str) != Some("string") {
            return Err(PatchError(format!("{schema}.{field} is not a string")));
        }
        edits += usize::from(retype(
            property,
            json!({"type": "string", "format": SECRET_FORMAT}),
        ));
    }
    let mut unmarked = Vec::new();
    find_unmarked_secrets(spec, &mut String::new(), &mut unmarked);
    if !unmarked.is_empty() {
        return Err(PatchError(format!(
            "names that look like credentials but are not typed as secrets (add them to SECRET_FIELDS, or to NOT_SECRETS if they are not): {}",
            unmarked.join(", ")
        )));
    }
    Ok(edits)
}

/// Pushes the location of every property named like a credential that is not
/// marked with [`SECRET_FORMAT`], and of every parameter named like one.
fn find_unmarked_secrets(value: &Value, at: &mut String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let is_parameter = map.get("in").is_some_and(Value::is_string);
            // A parameter cannot be a `Secret`: progenitor formats path
            // parameters with `Display`, which is redacted. Report it instead.
            if is_parameter
                && let Some(name) = map.get("name").and_then(Value::as_str)
                && named_like_a_secret(name)
            {
                out.push(format!("{at} parameter `{name}` (parameters cannot be `Secret`)"));
            }
            for (key, child) in map {
                if key == "properties"
                    && let Some(properties) = child.as_object()
                {
                    for (name, property) in properties {
                        let marked = property.get("format").and_then(Value::as_str) == Some(SECRET_FORMAT);
                        if named_like_a_secret(name) && !marked {
                            out.push(format!("{at}/properties/{name}"));
                        }
                    }
                }
                let len = at.len();
                at.push('/');
                at.push_str(key);
                find_unmarked_secrets(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let len = at.len();
                at.push_str(&format!("/{index}"));
                find_unmarked_secrets(item, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}
