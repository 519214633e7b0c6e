//! Hand-written types that absorb what Zoom really sends.
//!
//! The spec patches in `codegen/src/quirks.rs` point the generated types at
//! these: numbers that arrive as integers, floats or strings ([`ZoomInt`]),
//! enums that grow new values ([`FileType`], [`RecordingType`], ...), and times
//! that arrive empty ([`ZoomTime`], [`ZoomDate`]), and objects that gain fields
//! (`open_object!`, the one-pass `Deserialize` of every response object). Each
//! decodes every shape Zoom sends and re-encodes to exactly what it decoded, so
//! nothing is lost.

mod integer;
mod open_enum;
mod open_enums;
pub(crate) mod open_object;
mod short_str;
mod time;

pub(crate) use open_object::open_object;

pub use integer::ZoomInt;
pub use open_enums::*;
pub use time::{WireTime, ZoomDate, ZoomTime};

/// A JSON Schema (schemars 0.8) from a JSON literal; the literals are fixed in
/// this crate, so a failure is a bug caught by the schema tests.
#[cfg(feature = "schemars")]
fn schema_from_json(value: serde_json::Value) -> schemars::schema::Schema {
    serde_json::from_value(value).unwrap_or(schemars::schema::Schema::Bool(true))
}
