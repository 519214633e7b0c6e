//! Helpers of `retention_faults.rs`: a proxy that cuts uploads and alters read-backs
//! ([`proxy`]), the property checked from outside the library ([`oracle`]), and the
//! `zoom-archive` child process killed part-way ([`child`]).

pub mod child;
pub mod oracle;
pub mod proxy;
