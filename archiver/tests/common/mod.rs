//! Helpers shared by `archive_folder.rs` (the library against a local folder)
//! and `cli.rs` (the `zoom-archive` binary): a fake Zoom and a client for it
//! with instant retries, what the fake says an archive must hold, and looks
//! at a folder on disk.

// Each test file uses a part of these helpers.
#![allow(dead_code)]

pub mod cli;
pub mod expect;
pub mod files;
pub mod retention;
pub mod serve;
pub mod serve_child;
pub mod zoom;
