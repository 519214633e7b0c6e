//! Test support shared by the archiver's integration tests and benchmarks.
//!
//! Include it from a test file with `mod support;` (this directory is `tests/support/`, which
//! Cargo does not build as a test of its own), then use:
//!
//! - [`s3::S3Server`]: a real S3-compatible server (moto from PyPI, installed once into a
//!   virtualenv under the target directory) on 127.0.0.1, stopped on drop;
//! - [`cut_proxy::CutProxy`]: a TCP proxy that cuts one connection mid-upload on request;
//! - [`archive`]: running the archiver against the fake Zoom and such a server;
//! - [`postgres::Postgres`]: a real PostgreSQL server (Debian's, installed once if missing) on
//!   127.0.0.1, stopped on drop or when the test process dies.

// Each test binary uses only part of the support code (and of its re-exports).
#![allow(dead_code, unused_imports)]

pub mod archive;
pub mod cut_proxy;
pub mod listener;
mod moto_install;
mod moto_process;
pub mod postgres;
pub mod s3;

pub use moto_install::MOTO_VERSION;
