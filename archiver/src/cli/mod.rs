//! The `zoom-archive` command's own parts: its arguments, its output, and
//! where it gets a Zoom from.

pub mod args;
pub mod render;
pub mod serve;
pub mod zoom;
