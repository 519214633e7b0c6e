//! The progenitor `ClientHooks` implementation: the single place every
//! generated operation passes through on its way to Zoom.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{HeaderValue, AUTHORIZATION, USER_AGENT};

use crate::client::ClientState;
use crate::Client;

/// progenitor adds `api-version: <info.version>` to every request; Zoom has no
/// such header, so it is removed.
const PROGENITOR_VERSION_HEADER: &str = "api-version";

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        let state = self.inner();
        let headers = request.headers_mut();
        headers.remove(PROGENITOR_VERSION_HEADER);
        headers.insert(USER_AGENT, state.user_agent.clone());
        let mut bearer =
            HeaderValue::try_from(format!("Bearer {}", state.access_token.expose())).map_err(|_| {
                Error::InvalidRequest("the access token has characters not allowed in a header".into())
            })?;
        bearer.set_sensitive(true);
        headers.insert(AUTHORIZATION, bearer);
        Ok(())
    }
}
