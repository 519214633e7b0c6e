//! Typed client for Zoom's Cloud Recording API.
//!
//! The operations are generated from an OpenAPI document (`openapi/` in the
//! repository) after a declared table of patches corrected what Zoom's
//! documentation gets wrong; the hand-written modules around the generated code
//! carry credentials, request hooks and, as the crate grows, retries,
//! pagination, downloads and webhooks.
//!
//! Every operation is a builder named after Zoom's operationId in snake_case:
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use zoom_cloud_recording::Client;
//!
//! let client = Client::builder().access_token("an OAuth access token").build()?;
//! let page = client.recordings_list().user_id("me").page_size(300).send().await?;
//! for meeting in &page.meetings {
//!     println!("{:?} {:?}", meeting.id, meeting.topic);
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod client;
mod clock;
mod decode;
mod error;
mod hooks;
mod meeting;
mod operation;
mod paginate;
pub mod quirks;
mod runtime;
mod secret;

#[rustfmt::skip]
#[allow(missing_docs, unused_imports, clippy::all, clippy::pedantic)]
mod generated;

pub use client::{env, BuildError, ClientBuilder, ClientState, DEFAULT_BASE_URL};
pub use clock::{Clock, Sleep, SystemClock};
pub use decode::{decode, DecodeError};
pub use error::{
    ApiError, AuthError, DecodeFailure, Error, RateLimitKind, RateLimited, TimeoutError, TimeoutScope,
    ZoomCode,
};
pub use generated::{builder, types, ByteStream, Client, ClientInfo, ResponseValue};
pub use meeting::{InvalidMeetingRef, MeetingRef};
pub use paginate::{
    AccountRecordings, ArchivedFiles, Page, Paginate, Paginator, TrashKind, UserRecordings, MAX_PAGE_SIZE,
};
pub use runtime::auth::{AccessToken, Credentials, TokenFuture, TokenProvider, DEFAULT_OAUTH_BASE_URL};
pub use runtime::policy::{RetryPolicy, Timeouts};
pub use secret::Secret;

/// The error every generated operation returns: a documented Zoom error body
/// (`ErrorResponse`), a transport failure, or a response that did not decode.
pub type OperationError = generated::Error<types::ErrorResponse>;
