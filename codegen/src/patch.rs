//! The machinery of spec patches: what a patch is, how the table is applied, and
//! small helpers to find the parts of an OpenAPI document that patches edit.
//!
//! The table itself lives in [`crate::quirks`]. Patches edit the document as a
//! `serde_json::Value`, before it is typed as [`openapiv3::OpenAPI`], so a patch
//! can fix shapes the typed model would reject.

use serde_json::{Map, Value};

use crate::error::CodegenError;

/// Why a patch exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchKind {
    /// Zoom's documentation disagrees with what Zoom sends; the patch makes the
    /// spec describe the real payloads.
    ZoomQuirk,
    /// The spec is right, but progenitor 0.15 cannot take its shape; the patch
    /// normalises it without changing what the client accepts.
    GeneratorLimit,
    /// The spec types a credential as a plain string; the patch marks it so the
    /// SDK types it as `crate::Secret`, whose `Debug` and `Display` never show it.
    Credential,
}

/// One declared edit of the spec.
#[derive(Clone, Copy, Debug)]
pub struct Patch {
    /// Stable kebab-case name; the test of the patch is named after it.
    pub id: &'static str,
    /// Why the patch exists.
    pub kind: PatchKind,
    /// One line: what the patch changes and why.
    pub reason: &'static str,
    /// The fact the patch rests on, with its source.
    pub fact: &'static str,
    /// Applies the patch; returns how many places it changed.
    pub apply: fn(&mut Value) -> Result<usize, PatchError>,
}

/// A patch could not be applied: the spec lacks a part the patch must edit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PatchError(pub String);

/// What applying one patch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchOutcome {
    /// The patch's id.
    pub id: &'static str,
    /// Places changed; zero means the spec already agrees with the patch.
    pub edits: usize,
}

/// Applies `patches` in order, stopping at the first that fails.
pub fn apply_all(spec: &mut Value, patches: &[Patch]) -> Result<Vec<PatchOutcome>, CodegenError> {
    patches
        .iter()
        .map(|patch| {
            (patch.apply)(spec)
                .map(|edits| PatchOutcome { id: patch.id, edits })
                .map_err(|e| CodegenError::Patch {
                    id: patch.id,
                    message: e.0,
                })
        })
        .collect()
}

/// The HTTP methods an OpenAPI path item can hold operations under.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of the document, found by [`operations_mut`].
pub struct OperationMut<'a> {
    /// The path template, e.g. `/meetings/{meetingId}/recordings`.
    pub path: String,
    /// Lower-case HTTP method.
    pub method: &'static str,
    /// The operation object.
    pub operation: &'a mut Map<String, Value>,
}

impl OperationMut<'_> {
    /// The operation's `operationId`, or `"<no operationId>"`.
    pub fn operation_id(&self) -> &str {
        self.operation
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("<no operationId>")
    }
}

/// Every operation in the document, in document order.
pub fn operations_mut(spec: &mut Value) -> Vec<OperationMut<'_>> {
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let Some(method) = METHODS.iter().find(|m| **m == method.as_str()) else {
                continue;
            };
            if let Some(operation) = operation.as_object_mut() {
                out.push(OperationMut {
                    path: path.clone(),
                    method,
                    operation,
                });
            }
        }
    }
    out
}

/// The component schema `name`, or an error naming it.
pub fn schema_mut<'a>(spec: &'a mut Value, name: &str) -> Result<&'a mut Map<String, Value>, PatchError> {
    spec.pointer_mut(&format!("/components/schemas/{name}"))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| PatchError(format!("components/schemas/{name} is missing")))
}

/// Property `property` of component schema `schema`, or an error naming both.
pub fn property_mut<'a>(
    spec: &'a mut Value,
    schema: &str,
    property: &str,
) -> Result<&'a mut Map<String, Value>, PatchError> {
    schema_mut(spec, schema)?
        .get_mut("properties")
        .and_then(|p| p.get_mut(property))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| {
            PatchError(format!(
                "components/schemas/{schema} has no property `{property}`"
            ))
        })
}

/// Replaces the type keywords of a property schema, keeping its description and
/// any other documentation keywords. Returns whether anything changed.
pub fn retype(property: &mut Map<String, Value>, new_type: Value) -> bool {
    const TYPE_KEYWORDS: [&str; 13] = [
        "type",
        "format",
        "enum",
        "items",
        "properties",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "pattern",
        "$ref",
        "oneOf",
        "anyOf",
    ];
    let before = property.clone();
    property.retain(|key, _| !TYPE_KEYWORDS.contains(&key.as_str()));
    if let Value::Object(new_type) = new_type {
        property.extend(new_type);
    }
    *property != before
}
