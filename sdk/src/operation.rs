//! Turning a generated operation's failure into an [`Error`] that names the
//! operation and, for bodies that did not decode, the failing field.

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::OperationError;

/// Classifies `error` from the operation `operation`, whose success body is `T`.
pub(crate) fn error_of<T: DeserializeOwned>(error: OperationError, operation: &'static str) -> Error {
    match error {
        progenitor_client::Error::InvalidResponsePayload(body, source) => {
            let path = crate::decode::<T>(&body).err().map(|e| e.path().to_owned());
            Error::decode(Some(operation), None, &body, source, path)
        }
        other => Error::from(other),
    }
}
