//! The one error type of code generation: each variant renders as one clear line.

use crate::preflight::Problem;

/// Why the SDK source could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CodegenError {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file that was read.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec is not JSON, or not an OpenAPI document after patching.
    #[error("{stage}: {source}")]
    Parse {
        /// Which step failed (`reading the spec`, `typing the patched spec`).
        stage: &'static str,
        /// The serde error, with line and column where known.
        source: serde_json::Error,
    },
    /// A quirk patch found the spec without the part it edits.
    #[error("patch `{id}` cannot be applied: {message}")]
    Patch {
        /// The patch's id.
        id: &'static str,
        /// What is missing.
        message: String,
    },
    /// The patched spec has shapes progenitor cannot take.
    #[error("the patched spec has {} shape(s) progenitor cannot take:\n{}", .0.len(), render_problems(.0))]
    Unsupported(Vec<Problem>),
    /// progenitor returned an error.
    #[error("progenitor: {0}")]
    Generator(String),
    /// progenitor panicked on a shape the preflight check does not know yet.
    #[error(
        "progenitor panicked ({0}); the spec has a shape it cannot take, add a preflight check and a patch"
    )]
    GeneratorPanicked(String),
    /// A rewrite of progenitor's output met a shape it does not handle.
    #[error("rewriting the generated code: {0}")]
    Rewrite(String),
    /// The generated tokens are not valid Rust.
    #[error("the generated code does not parse as Rust: {0}")]
    Render(String),
}

fn render_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
