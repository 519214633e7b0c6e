//! Code generation for the `zoom-cloud-recording` SDK.
//!
//! [`generate`] loads Zoom's Cloud Recording OpenAPI document, applies the
//! declared table of patches in [`quirks::PATCHES`], checks that progenitor can
//! take the result ([`preflight`]), runs progenitor, applies five rewrites of its
//! output ([`rewrite`], [`open_objects`], [`path_segments`], [`optional_schemas`],
//! [`optional_builders`]) and renders formatted Rust.
//! [`summary`] renders the compact views of the patched spec and of the
//! generated surface that the snapshot tests guard.

pub mod error;
pub mod open_objects;
pub mod optional_builders;
pub mod optional_schemas;
pub mod patch;
pub mod path_segments;
pub mod preflight;
pub mod quirks;
pub mod render;
pub mod rewrite;
pub mod summary;

use std::path::Path;

use serde_json::Value;

pub use error::CodegenError;
pub use patch::PatchOutcome;

/// The result of a generation run.
#[derive(Debug)]
pub struct Generated {
    /// The SDK source, `@generated` header included.
    pub source: String,
    /// The spec as progenitor saw it, after every patch.
    pub patched_spec: Value,
    /// What each patch changed, in table order.
    pub patches: Vec<PatchOutcome>,
}

/// The spec's location relative to the workspace root.
pub const SPEC_PATH: &str = "openapi/cloud-recording.json";
/// The generated file's location relative to the workspace root.
pub const GENERATED_PATH: &str = "sdk/src/generated.rs";

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the codegen crate lives inside the workspace")
}

/// Reads the spec at `path` and generates the SDK source.
pub fn generate_from_path(path: &Path) -> Result<Generated, CodegenError> {
    let text = std::fs::read_to_string(path).map_err(|source| CodegenError::Read {
        path: path.display().to_string(),
        source,
    })?;
    generate(&text)
}

/// Parses `spec_json`, applies every patch and generates the SDK source.
pub fn generate(spec_json: &str) -> Result<Generated, CodegenError> {
    let spec: Value = serde_json::from_str(spec_json).map_err(|source| CodegenError::Parse {
        stage: "reading the spec",
        source,
    })?;
    let (patched_spec, patches) = patch_spec(spec)?;
    let typed = typed_spec(&patched_spec)?;
    let problems = preflight::check(&typed);
    if !problems.is_empty() {
        return Err(CodegenError::Unsupported(problems));
    }
    let source = render::render(&typed)?;
    Ok(Generated {
        source,
        patched_spec,
        patches,
    })
}

/// Applies [`quirks::PATCHES`] to `spec` in order.
pub fn patch_spec(mut spec: Value) -> Result<(Value, Vec<PatchOutcome>), CodegenError> {
    let outcomes = patch::apply_all(&mut spec, quirks::PATCHES)?;
    Ok((spec, outcomes))
}

/// Types a (patched) spec as an OpenAPI document.
pub fn typed_spec(spec: &Value) -> Result<openapiv3::OpenAPI, CodegenError> {
    serde_json::from_value(spec.clone()).map_err(|source| CodegenError::Parse {
        stage: "typing the patched spec as OpenAPI 3.0",
        source,
    })
}
