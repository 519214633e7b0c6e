//! Compact text views for the snapshot tests: one of the patched spec, one of
//! the generated Rust surface. A change to either shows up in review as a small
//! diff instead of a thousand-line regenerated file.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use quote::ToTokens;
use serde_json::Value;
use syn::{Fields, ImplItem, Item, ReturnType, Type};

use crate::patch::METHODS;

/// The patched spec: every operation with its parameters, body and responses,
/// then every component schema with its properties.
pub fn spec_summary(spec: &Value) -> String {
    let mut out = String::from("# Operations\n");
    for (path, method, op) in operations(spec) {
        let id = op["operationId"].as_str().unwrap_or("<no operationId>");
        let _ = writeln!(out, "{} {path}  {id}", method.to_uppercase());
        for param in op["parameters"].as_array().into_iter().flatten() {
            let required = if param["required"].as_bool() == Some(true) {
                " (required)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:<6} {}: {}{required}",
                param["in"].as_str().unwrap_or("?"),
                param["name"].as_str().unwrap_or("?"),
                describe(&param["schema"])
            );
        }
        if let Some(body) = op.get("requestBody") {
            for (media, content) in body["content"].as_object().into_iter().flatten() {
                let required = if body["required"].as_bool() == Some(true) {
                    " (required)"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "  body   {media}: {}{required}",
                    describe(&content["schema"])
                );
            }
        }
        for (status, response) in op["responses"].as_object().into_iter().flatten() {
            let content = response["content"].as_object().filter(|c| !c.is_empty());
            match content {
                None => {
                    let _ = writeln!(out, "  {status:<6} no content");
                }
                Some(content) => {
                    for (media, body) in content {
                        let _ = writeln!(out, "  {status:<6} {media}: {}", describe(&body["schema"]));
                    }
                }
            }
        }
    }
    out.push_str("\n# Schemas\n");
    for (name, schema) in spec["components"]["schemas"].as_object().into_iter().flatten() {
        let _ = writeln!(out, "{name}: {}", describe_head(schema));
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let mark = if required.contains(&field.as_str()) {
                " (required)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {field}: {}{mark}", describe(property));
        }
    }
    out
}

fn operations(spec: &Value) -> Vec<(&str, &str, &Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((path.as_str(), method, op));
            }
        }
    }
    out
}

/// A schema in one line: type, format, enum, bounds, default.
fn describe(schema: &Value) -> String {
    if let Some(target) = schema["$ref"].as_str() {
        return target.trim_start_matches("#/components/schemas/").to_owned();
    }
    let mut text = describe_head(schema);
    if text == "array" {
        text = format!("array of {}", describe(&schema["items"]));
    }
    if let Some(props) = schema["properties"].as_object()
        && schema.get("$ref").is_none()
    {
        let fields: Vec<String> = props
            .iter()
            .map(|(k, v)| format!("{k}: {}", describe(v)))
            .collect();
        text = format!("{text} {{{}}}", fields.join(", "));
    }
    text
}

/// The type keywords of a schema without its properties or items.
fn describe_head(schema: &Value) -> String {
    let mut text = schema["type"].as_str().unwrap_or("any").to_owned();
    if let Some(format) = schema["format"].as_str() {
        let _ = write!(text, "/{format}");
    }
    if let Some(values) = schema["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let _ = write!(text, " enum [{}]", values.join(", "));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(parts) = schema[key].as_array() {
            let parts: Vec<String> = parts.iter().map(describe).collect();
            let _ = write!(text, " {key} [{}]", parts.join(" | "));
        }
    }
    for key in [
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "maxItems",
        "pattern",
        "default",
        "nullable",
        "deprecated",
    ] {
        if let Some(value) = schema.get(key) {
            let _ = write!(text, ", {key} {value}");
        }
    }
    text
}

/// The generated Rust surface: each operation's method, path, parameters (with
/// location, Rust type and required-ness), body, success and error types; then
/// each generated type with its fields or variants.
pub fn surface_summary(source: &str, spec: &Value) -> Result<String, String> {
    let file = syn::parse_file(source).map_err(|e| format!("generated source does not parse: {e}"))?;
    let builders = builder_structs(&file);
    let mut out = String::from("# Operations\n");
    for (path, method, op) in operations(spec) {
        let id = op["operationId"].as_str().unwrap_or_default();
        let name = snake_case(id);
        let builder = builders
            .get(&name)
            .ok_or_else(|| format!("operation `{id}` has no builder `{name}` in the generated code"))?;
        let _ = writeln!(out, "client.{name}()  {} {path}", method.to_uppercase());
        for param in op["parameters"].as_array().into_iter().flatten() {
            let wire = param["name"].as_str().unwrap_or_default();
            let mut field = snake_case(wire);
            // progenitor appends `_` to names that are Rust keywords (`type` -> `type_`).
            if !builder.fields.contains_key(&field) && syn::parse_str::<syn::Ident>(&field).is_err() {
                field.push('_');
            }
            let ty = builder.fields.get(&field).ok_or_else(|| {
                format!("operation `{id}`: parameter `{wire}` has no builder field `{field}`")
            })?;
            let required = if param["required"].as_bool() == Some(true) {
                "required"
            } else {
                "optional"
            };
            let _ = writeln!(
                out,
                "  {:<6} .{field}(): {ty}  [{required}]",
                param["in"].as_str().unwrap_or("?")
            );
        }
        if let Some(ty) = builder.fields.get("body") {
            let required = if op["requestBody"]["required"].as_bool() == Some(true) {
                "required"
            } else {
                "optional"
            };
            let ty = ty.replace("types::builder::", "types::");
            let _ = writeln!(out, "  body   .body(): {ty}  [{required}]");
        }
        let _ = writeln!(out, "  -> {}", builder.send.as_deref().unwrap_or("<no send()>"));
    }
    out.push_str("\n# Types\n");
    for item in module_items(&file, "types") {
        describe_type(item, &mut out);
    }
    Ok(out)
}

struct Builder {
    fields: BTreeMap<String, String>,
    send: Option<String>,
}

/// Builder structs of `pub mod builder`, keyed by the snake_case operation name.
fn builder_structs(file: &syn::File) -> BTreeMap<String, Builder> {
    let mut builders = BTreeMap::new();
    let items = module_items(file, "builder");
    for item in &items {
        if let Item::Struct(s) = item {
            let fields = s
                .fields
                .iter()
                .filter_map(|f| Some((f.ident.as_ref()?.to_string(), unwrap_result(&type_string(&f.ty)))))
                .filter(|(name, _)| name != "client")
                .collect();
            builders.insert(s.ident.to_string(), Builder { fields, send: None });
        }
    }
    for item in &items {
        let Item::Impl(block) = item else { continue };
        let Type::Path(self_ty) = &*block.self_ty else {
            continue;
        };
        let Some(name) = self_ty.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        for member in &block.items {
            if let ImplItem::Fn(f) = member
                && f.sig.ident == "send"
                && let ReturnType::Type(_, ty) = &f.sig.output
                && let Some(builder) = builders.get_mut(&name)
            {
                builder.send = Some(type_string(ty));
            }
        }
    }
    builders
        .into_iter()
        .map(|(name, b)| (snake_case(&name), b))
        .collect()
}

/// The items of the top-level module `name` (without its nested modules).
fn module_items<'a>(file: &'a syn::File, name: &str) -> Vec<&'a Item> {
    file.items
        .iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items.iter().collect()),
            _ => None,
        })
        .unwrap_or_default()
}

fn describe_type(item: &Item, out: &mut String) {
    match item {
        Item::Struct(s) => match &s.fields {
            Fields::Named(fields) => {
                let _ = writeln!(out, "struct {}", s.ident);
                for field in &fields.named {
                    let name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                    let wire = serde_attr(&field.attrs, "rename")
                        .map(|w| format!(" (\"{w}\")"))
                        .unwrap_or_default();
                    let flatten = if serde_flag(&field.attrs, "flatten") {
                        " (flatten)"
                    } else {
                        ""
                    };
                    let _ = writeln!(out, "  {name}{wire}{flatten}: {}", type_string(&field.ty));
                }
            }
            Fields::Unnamed(fields) => {
                let inner: Vec<String> = fields.unnamed.iter().map(|f| type_string(&f.ty)).collect();
                let _ = writeln!(out, "struct {}({})", s.ident, inner.join(", "));
            }
            Fields::Unit => {
                let _ = writeln!(out, "struct {}", s.ident);
            }
        },
        Item::Enum(e) => {
            let _ = writeln!(out, "enum {}", e.ident);
            for variant in &e.variants {
                let wire = serde_attr(&variant.attrs, "rename")
                    .map(|w| format!(" = \"{w}\""))
                    .unwrap_or_default();
                let payload = match &variant.fields {
                    Fields::Unnamed(f) => {
                        let inner: Vec<String> = f.unnamed.iter().map(|f| type_string(&f.ty)).collect();
                        format!("({})", inner.join(", "))
                    }
                    Fields::Named(_) => " {..}".into(),
                    Fields::Unit => String::new(),
                };
                let _ = writeln!(out, "  {}{payload}{wire}", variant.ident);
            }
        }
        Item::Type(t) => {
            let _ = writeln!(out, "type {} = {}", t.ident, type_string(&t.ty));
        }
        _ => {}
    }
}

/// The string value of `#[serde(key = "...")]` among `attrs`.
fn serde_attr(attrs: &[syn::Attribute], key: &str) -> Option<String> {
    let mut found = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident(key) {
                let value: syn::LitStr = meta.value()?.parse()?;
                found = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// Whether `#[serde(key)]` is among `attrs`.
fn serde_flag(attrs: &[syn::Attribute], key: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .any(|a| a.to_token_stream().to_string().contains(key))
}

/// A type as compact text: `Option<Vec<types::RecordingFile>>`.
fn type_string(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut text = raw
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'")
        .replace("' a ", "'a ")
        .replace(",>", ">");
    for prefix in [
        "::std::string::",
        "::std::option::",
        "::std::vec::",
        "::std::num::",
        "::std::collections::",
        "::std::result::",
        "::serde_json::",
        "::chrono::offset::",
        "::chrono::naive::",
        "::chrono::",
        "super::",
    ] {
        text = text.replace(prefix, "");
    }
    text
}

/// `Result<T, String>` (how builders hold fields) becomes `T`.
fn unwrap_result(text: &str) -> String {
    text.strip_prefix("Result<")
        .and_then(|rest| rest.strip_suffix(", String>"))
        .unwrap_or(text)
        .to_owned()
}

/// The snake_case form progenitor gives identifiers: `recordingsList` ->
/// `recordings_list`, `RecordingsList` -> `recordings_list`, `meetingUUID` ->
/// `meeting_uuid`; `page_size` stays.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                None | Some('_') => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) => p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()),
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
