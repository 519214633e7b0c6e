//! Specs progenitor cannot take get one clear error line naming the operation,
//! never a panic.

use serde_json::{Value, json};

fn minimal(responses: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/things/{id}": {"get": {
            "operationId": "thingGet",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": responses
        }}},
        "components": {"schemas": {
            "Thing": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Other": {"type": "object", "properties": {"b": {"type": "string"}}}
        }}
    })
}

fn problems(spec: &Value) -> Vec<String> {
    let typed: openapiv3::OpenAPI = serde_json::from_value(spec.clone()).expect("valid OpenAPI");
    codegen::preflight::check(&typed)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn json_and_empty_success_is_named() {
    let spec = minimal(json!({
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "204": {"description": "empty"}
    }));
    let found = problems(&spec);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("GET /things/{id} (thingGet): 2 success response types"),
        "{}",
        found[0]
    );
    assert!(found[0].contains("204 no content"), "{}", found[0]);
}

#[test]
fn two_error_types_are_named() {
    let spec = minimal(json!({
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "404": {"description": "nf", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Other"}}}},
        "500": {"description": "boom"}
    }));
    let found = problems(&spec);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("2 error response types"), "{}", found[0]);
}

#[test]
fn missing_operation_id_and_wrong_version_are_named() {
    let mut spec = minimal(json!({"204": {"description": "empty"}}));
    spec["openapi"] = json!("3.1.0");
    spec["paths"]["/things/{id}"]["get"]
        .as_object_mut()
        .unwrap()
        .remove("operationId");
    let found = problems(&spec);
    assert!(
        found.iter().any(|p| p.contains("3.1.0 is not supported")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p == "GET /things/{id} (no operationId): missing operationId; add one with a patch"),
        "{found:?}"
    );
}

#[test]
fn generate_reports_problems_instead_of_panicking() {
    // This shape makes progenitor 0.15.1 panic; generate() must return an error.
    let spec = minimal(json!({
        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "default": {"description": "unexpected"}
    }));
    let mut full = serde_json::from_str::<Value>(
        &std::fs::read_to_string(codegen::workspace_root().join(codegen::SPEC_PATH)).unwrap(),
    )
    .unwrap();
    full["paths"]["/things/{id}"] = spec["paths"]["/things/{id}"].clone();
    full["components"]["schemas"]["Thing"] = spec["components"]["schemas"]["Thing"].clone();
    let error = codegen::generate(&full.to_string()).unwrap_err().to_string();
    assert!(error.contains("GET /things/{id} (thingGet)"), "{error}");
    assert!(error.contains("success response types"), "{error}");
}

#[test]
fn a_spec_that_is_not_json_is_a_clear_error() {
    let error = codegen::generate("openapi: 3.0.3").unwrap_err().to_string();
    assert!(error.starts_with("reading the spec: "), "{error}");
}
