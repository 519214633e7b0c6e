//! https with the default features and no setup: a client from
//! `Client::builder()` completes a TLS handshake with a local rustls server
//! (a self-signed certificate for 127.0.0.1, trusted through
//! `SSL_CERT_FILE`, which the platform verifier reads on Linux), sends its
//! request and decodes the answer; a certificate that is not trusted is
//! refused. No crypto provider is installed by the test or by the SDK.

#![cfg(all(target_os = "linux", feature = "rustls", not(feature = "native-tls")))]

use std::sync::{Arc, OnceLock};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use zoom_cloud_recording::{Client, Error, Operation, RetryPolicy};

/// A self-signed certificate for 127.0.0.1 and its key.
struct TestCert {
    der: CertificateDer<'static>,
    key_der: Vec<u8>,
    pem: String,
}

/// A self-signed certificate for 127.0.0.1 whose subject is `name`.
fn self_signed(name: &str) -> TestCert {
    let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("names");
    params.distinguished_name.push(rcgen::DnType::CommonName, name);
    let key = rcgen::KeyPair::generate().expect("key");
    let cert = params.self_signed(&key).expect("certificate");
    TestCert {
        der: cert.der().clone(),
        key_der: key.serialize_der(),
        pem: cert.pem(),
    }
}

/// The certificate the system trusts in this test binary: written to a file
/// that `SSL_CERT_FILE` names, set once before any client is built (the
/// verifier reads the roots when a client is built).
fn trusted() -> &'static TestCert {
    static TRUSTED: OnceLock<(TestCert, std::path::PathBuf)> = OnceLock::new();
    let (cert, _) = TRUSTED.get_or_init(|| {
        let cert = self_signed("trusted test server");
        let path = std::env::temp_dir().join(format!("zoom-sdk-tls-test-{}.pem", std::process::id()));
        std::fs::write(&path, &cert.pem).expect("write the trusted certificate");
        std::env::set_var("SSL_CERT_FILE", &path);
        std::env::remove_var("SSL_CERT_DIR");
        (cert, path)
    });
    cert
}

const PAGE: &str = r#"{"from":"2025-01-01","to":"2025-01-31","page_size":300,"total_records":1,"next_page_token":"","meetings":[{"uuid":"tls-meeting==","id":81234567890,"topic":"over TLS","recording_files":[]}]}"#;

/// Serves one https connection on 127.0.0.1 with `cert`: reads the request
/// head and answers with [`PAGE`]. Returns the URL base and the request head
/// as the server saw it (or the handshake's error).
async fn serve_once(cert: &TestCert) -> (String, tokio::task::JoinHandle<Result<String, std::io::Error>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(cert.key_der.clone())),
        )
        .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!(
        "https://127.0.0.1:{}/v2",
        listener.local_addr().expect("address").port()
    );
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await?;
        let mut tls = acceptor.accept(tcp).await?;
        let mut head = Vec::new();
        let mut buf = [0_u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = tls.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PAGE}",
            PAGE.len()
        );
        tls.write_all(response.as_bytes()).await?;
        tls.shutdown().await?;
        Ok(String::from_utf8_lossy(&head).into_owned())
    });
    (base, server)
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .access_token("tls-test-token")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a default-features client builds without any TLS setup")
}

#[tokio::test]
async fn a_default_client_lists_recordings_over_https() {
    let cert = trusted();
    let (base, server) = serve_once(cert).await;

    let page = client(&base)
        .recordings_list()
        .user_id("me")
        .call()
        .await
        .expect("the listing over https");

    assert_eq!(page.meetings.len(), 1);
    assert_eq!(page.meetings[0].topic.as_deref(), Some("over TLS"));
    let head = server
        .await
        .expect("server task")
        .expect("the server's side of the handshake");
    assert!(head.starts_with("GET /v2/users/me/recordings"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("authorization: bearer tls-test-token"),
        "{head}"
    );
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "the SDK must not install a process-wide crypto provider"
    );
}

#[tokio::test]
async fn a_certificate_the_system_does_not_trust_is_refused() {
    let _ = trusted();
    // Another subject: not a certificate the system has, so no issuer is known.
    let stranger = self_signed("untrusted test server");
    let (base, server) = serve_once(&stranger).await;

    let error = client(&base)
        .recordings_list()
        .user_id("me")
        .call()
        .await
        .expect_err("an untrusted certificate");

    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let rustls_error = rustls_error_in(&error).unwrap_or_else(|| panic!("no rustls error in {error:?}"));
    assert!(
        matches!(
            rustls_error,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer)
        ),
        "{rustls_error:?}"
    );
    // The server saw the handshake fail: it never read a request.
    assert!(server.await.expect("server task").is_err());
}

/// The `rustls::Error` behind `error`, looking through the `io::Error`s that
/// carry it (their `source()` skips the error they wrap).
fn rustls_error_in<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if let Some(found) = io.get_ref().and_then(|inner| rustls_error_in(inner)) {
                return Some(found);
            }
        }
        next = current.source();
    }
    None
}
