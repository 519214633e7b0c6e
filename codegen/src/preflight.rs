//! Checks, before progenitor runs, for the shapes progenitor 0.15 panics on or
//! rejects with a vague message, so the user gets one clear line per problem
//! naming the operation. See `../shared/reference/progenitor.md` §3.

use std::collections::{BTreeSet, HashSet};

use openapiv3::{OpenAPI, Operation, ParameterSchemaOrContent, ReferenceOr, Response};

/// One shape progenitor cannot take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `METHOD /path (operationId)`, or `document` for document-level problems.
    pub location: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in `spec`; empty when progenitor can take it.
pub fn check(spec: &OpenAPI) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !spec.openapi.starts_with("3.0.") {
        problems.push(Problem {
            location: "document".into(),
            message: format!(
                "OpenAPI version {} is not supported; progenitor takes 3.0.x only",
                spec.openapi
            ),
        });
    }
    let mut ids = HashSet::new();
    for (path, item) in spec.paths.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            problems.push(Problem {
                location: path.clone(),
                message: "the path item is a $ref, which progenitor does not resolve; inline it".into(),
            });
            continue;
        };
        for (method, operation) in item.iter() {
            let location = format!(
                "{} {path} ({})",
                method.to_uppercase(),
                operation.operation_id.as_deref().unwrap_or("no operationId")
            );
            let mut push = |message: String| {
                problems.push(Problem {
                    location: location.clone(),
                    message,
                })
            };
            match &operation.operation_id {
                None => push("missing operationId; add one with a patch".into()),
                Some(id) if !ids.insert(id.clone()) => push(format!("operationId `{id}` is used twice")),
                Some(_) => {}
            }
            check_responses(operation, &mut push);
            check_request(operation, &mut push);
        }
    }
    problems
}

fn check_responses(operation: &Operation, push: &mut impl FnMut(String)) {
    let mut success = BTreeSet::new();
    let mut error = BTreeSet::new();
    let default = operation
        .responses
        .default
        .as_ref()
        .map(|r| ("default".to_owned(), r));
    let statuses = operation
        .responses
        .responses
        .iter()
        .map(|(status, response)| (status.to_string(), response))
        .chain(default);
    for (status, response) in statuses {
        let kind = match response_kind(response) {
            Ok(kind) => kind,
            Err(message) => {
                push(format!("response {status}: {message}"));
                continue;
            }
        };
        let is_success = status.starts_with('2') || status == "default";
        let is_error = status.starts_with('4') || status.starts_with('5') || status == "default";
        if is_success {
            success.insert(format!("{status} {kind}"));
        }
        if is_error {
            error.insert(format!("{status} {kind}"));
        }
    }
    for (side, set) in [("success", success), ("error", error)] {
        let kinds: BTreeSet<&str> = set
            .iter()
            .filter_map(|s| s.split_once(' ').map(|(_, k)| k))
            .collect();
        if kinds.len() > 1 {
            push(format!(
                "{} {side} response types ({}); progenitor takes one success and one error type per operation",
                kinds.len(),
                set.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
    }
}

/// How progenitor classifies a response: a JSON type, raw bytes, or nothing.
fn response_kind(response: &ReferenceOr<Response>) -> Result<String, String> {
    let ReferenceOr::Item(response) = response else {
        return Ok(format!("ref {}", reference(response)));
    };
    let json = response
        .content
        .iter()
        .find(|(media, _)| *media == "application/json" || media.starts_with("application/json;"));
    match json {
        Some((_, media)) => match &media.schema {
            Some(ReferenceOr::Reference { reference }) => Ok(format!("json {reference}")),
            Some(ReferenceOr::Item(_)) => Ok("json <inline schema>".into()),
            None => Err("application/json without a schema".into()),
        },
        None if response.content.is_empty() => Ok("no content".into()),
        None => Ok("raw bytes".into()),
    }
}

fn reference<T>(value: &ReferenceOr<T>) -> &str {
    match value {
        ReferenceOr::Reference { reference } => reference,
        ReferenceOr::Item(_) => "<inline>",
    }
}

fn check_request(operation: &Operation, push: &mut impl FnMut(String)) {
    if let Some(ReferenceOr::Item(body)) = &operation.request_body {
        if body.content.len() > 1 {
            push(format!(
                "request body has {} media types ({}); progenitor takes one",
                body.content.len(),
                body.content.keys().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        if body.content.keys().any(|m| m.starts_with("multipart/")) {
            push("multipart request bodies are not supported by progenitor".into());
        }
    }
    for parameter in &operation.parameters {
        let ReferenceOr::Item(parameter) = parameter else {
            continue;
        };
        let data = parameter.parameter_data_ref();
        if matches!(parameter, openapiv3::Parameter::Cookie { .. }) {
            push(format!("cookie parameter `{}` is not supported", data.name));
        }
        if matches!(data.format, ParameterSchemaOrContent::Content(_)) {
            push(format!(
                "parameter `{}` uses `content` instead of `schema`",
                data.name
            ));
        }
        if let openapiv3::Parameter::Query {
            style: openapiv3::QueryStyle::DeepObject,
            ..
        } = parameter
        {
            push(format!(
                "deepObject query parameter `{}` is not supported",
                data.name
            ));
        }
    }
}
