//! The rustls configuration of the default `rustls` feature: the process
//! default provider or ring, the platform's verifier, `http/1.1` by ALPN.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;

use crate::client::BuildError;

/// Makes `reqwest::ClientBuilder`s with this crate's rustls configuration;
/// the configuration (the system's root certificates read once) is made on
/// first use and shared by every builder made after.
#[derive(Default)]
pub(crate) struct HttpTls {
    config: Option<rustls::ClientConfig>,
}

impl HttpTls {
    /// A builder for one HTTP client.
    pub(crate) fn client_builder(&mut self) -> Result<reqwest::ClientBuilder, BuildError> {
        let config = match &self.config {
            Some(config) => config.clone(),
            None => self.config.insert(client_config()?).clone(),
        };
        Ok(reqwest::Client::builder().tls_backend_preconfigured(config))
    }
}

/// TLS 1.2 and 1.3 with the process-default provider if there is one, else
/// ring; the server's certificate checked by the platform's verifier.
fn client_config() -> Result<rustls::ClientConfig, BuildError> {
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(Arc::clone(&provider)).map_err(tls_error)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn tls_error(e: rustls::Error) -> BuildError {
    BuildError::Tls(Box::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suites(provider: &CryptoProvider) -> Vec<rustls::CipherSuite> {
        provider.cipher_suites.iter().map(|s| s.suite()).collect()
    }

    #[test]
    fn without_a_process_default_the_provider_is_ring_and_alpn_offers_http1() {
        assert!(
            CryptoProvider::get_default().is_none(),
            "this test binary installs no provider"
        );
        let mut tls = HttpTls::default();
        tls.client_builder().unwrap().build().unwrap();
        let config = tls.config.as_ref().expect("made on first use");
        assert_eq!(config.alpn_protocols, vec![b"http/1.1".to_vec()]);
        assert_eq!(
            suites(config.crypto_provider()),
            suites(&rustls::crypto::ring::default_provider())
        );
    }

    #[test]
    fn the_configuration_is_made_once_per_builder() {
        let mut tls = HttpTls::default();
        let _ = tls.client_builder().unwrap();
        let first = Arc::clone(tls.config.as_ref().unwrap().crypto_provider());
        let _ = tls.client_builder().unwrap();
        // A second configuration would hold a provider of its own.
        assert!(Arc::ptr_eq(
            &first,
            tls.config.as_ref().unwrap().crypto_provider()
        ));
    }
}
