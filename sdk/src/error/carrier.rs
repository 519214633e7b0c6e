//! How a typed [`Error`] decided inside the request hooks reaches the caller.
//!
//! The generated operations only let `ClientHooks::exec` return a
//! `reqwest::Response` or a `reqwest::Error`, and neither can hold a failure
//! the SDK itself decided (the token endpoint refused the credentials, the
//! operation's time budget ran out). So `exec` answers with a synthetic
//! response whose status ([`CARRIER_STATUS`]) no operation documents: the
//! generated code hands it back untouched as `UnexpectedResponse`, and
//! `From<OperationError> for Error` takes the typed error out of its
//! extensions. Nothing of it is ever sent or received over the network.

use std::sync::{Arc, Mutex};

use super::Error;

/// A status outside every range the spec declares, so the generated code
/// treats the response as unexpected and returns it as it is.
const CARRIER_STATUS: u16 = 999;

/// The typed error inside a carrier response.
#[derive(Clone, Debug)]
pub(crate) struct CarriedError(Arc<Mutex<Option<Error>>>);

impl CarriedError {
    /// Takes the error out (once; a second take finds it gone).
    pub(crate) fn take(self) -> Error {
        let taken = self
            .0
            .lock()
            .map(|mut slot| slot.take())
            .unwrap_or_else(|mut poisoned| poisoned.get_mut().take());
        taken.unwrap_or_else(|| {
            Error::InvalidRequest("the SDK lost an internal error; please report this".into())
        })
    }
}

/// Wraps `error` in a response the generated code passes through unchanged.
pub(crate) fn carry(error: Error) -> reqwest::Response {
    let mut response = http::Response::new(Vec::<u8>::new());
    *response.status_mut() =
        http::StatusCode::from_u16(CARRIER_STATUS).unwrap_or(http::StatusCode::IM_A_TEAPOT);
    response
        .extensions_mut()
        .insert(CarriedError(Arc::new(Mutex::new(Some(error)))));
    reqwest::Response::from(response)
}
