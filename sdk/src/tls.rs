//! TLS of the HTTP clients the builder makes.
//!
//! With the default `rustls` feature, reqwest is built without a crypto
//! provider (`rustls-no-provider`: its own default, aws-lc-rs, is a large C
//! build), and this module hands it a ready rustls configuration instead:
//! the process-default provider if the application installed one
//! (`rustls::crypto::CryptoProvider::install_default`), otherwise *ring*; TLS
//! 1.2 and 1.3; certificates checked by the platform's verifier, as reqwest
//! does; `http/1.1` offered by ALPN. Nothing is installed process-wide.
//!
//! With `rustls-aws-lc-rs` or `native-tls`, reqwest sets TLS up itself and the
//! builder is reqwest's own.

// The predicate is written twice: once for the rustls configuration, once
// (negated) for reqwest's own set-up.
#[cfg(all(
    feature = "rustls",
    not(feature = "rustls-aws-lc-rs"),
    not(feature = "native-tls")
))]
#[path = "tls/preconfigured.rs"]
mod imp;

#[cfg(not(all(
    feature = "rustls",
    not(feature = "rustls-aws-lc-rs"),
    not(feature = "native-tls")
)))]
mod imp {
    use crate::client::BuildError;

    /// Makes `reqwest::ClientBuilder`s; reqwest sets TLS up itself.
    #[derive(Default)]
    pub(crate) struct HttpTls {
        /// Nothing to keep: the field makes `HttpTls::default()` read as it
        /// does with the rustls configuration.
        _nothing: (),
    }

    impl HttpTls {
        /// A builder for one HTTP client.
        #[allow(clippy::unnecessary_wraps, clippy::unused_self)]
        pub(crate) fn client_builder(&mut self) -> Result<reqwest::ClientBuilder, BuildError> {
            Ok(reqwest::Client::builder())
        }
    }
}

pub(crate) use imp::HttpTls;
