//! The progenitor `ClientHooks` implementation: the single place every
//! generated operation passes through on its way to Zoom.

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::USER_AGENT;

use crate::client::ClientState;
use crate::Client;

/// progenitor adds `api-version: <info.version>` to every request; Zoom has no
/// such header, so it is removed.
const PROGENITOR_VERSION_HEADER: &str = "api-version";

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(&self, request: &mut reqwest::Request, _info: &OperationInfo) -> Result<(), Error<E>> {
        let headers = request.headers_mut();
        headers.remove(PROGENITOR_VERSION_HEADER);
        headers.insert(USER_AGENT, self.inner().user_agent.clone());
        crate::wire_times::whole_seconds(request.url_mut());
        Ok(())
    }

    /// Tokens, timeouts, retries and tracing: see `runtime`.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        crate::runtime::execute(self.client(), &self.inner().runtime, request, info.operation_id).await
    }
}
