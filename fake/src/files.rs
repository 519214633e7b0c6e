//! The file host: signed, short-lived URLs; bytes streamed with `Range` support.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body::{Frame, SizeHint};
use sha2::{Digest, Sha256};

use crate::api::paging::Params;
use crate::content::{Blob, hex};
use crate::state::App;

/// Bytes per body frame.
const CHUNK: u64 = 64 * 1024;

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn sign(app: &App, file_id: &str, expires: u64) -> String {
    let digest = Sha256::digest(format!("{}:{file_id}:{expires}", app.url_secret));
    hex(&digest[..20])
}

/// A signed file-host URL for one file, valid for [`Config::signed_url_ttl`](crate::Config::signed_url_ttl).
pub(crate) fn signed_url(app: &App, file_id: &str) -> String {
    let expires = unix_now() + app.cfg.signed_url_ttl.as_secs().max(1);
    format!(
        "{}/{file_id}?exp={expires}&sig={}",
        app.file_origin,
        sign(app, file_id, expires)
    )
}

/// What a `Range` header asks for.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// Parses `bytes=N-`, `bytes=N-M` and `bytes=-K`; anything else is ignored
/// (multiple ranges included: the whole file is sent, as RFC 9110 allows).
fn wanted(range: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return Wanted::Whole;
    };
    let Some((a, b)) = spec.split_once('-').filter(|_| !spec.contains(',')) else {
        return Wanted::Whole;
    };
    let (a, b) = (a.trim(), b.trim());
    let parse = |s: &str| s.parse::<u64>().ok();
    let (first, last) = match (a.is_empty(), parse(a), parse(b)) {
        (true, _, Some(0)) => return Wanted::Unsatisfiable,
        (true, _, Some(n)) => (size.saturating_sub(n), size.saturating_sub(1)),
        (false, Some(first), None) if b.is_empty() => (first, size.saturating_sub(1)),
        (false, Some(first), Some(last)) if last >= first => (first, last.min(size.saturating_sub(1))),
        _ => return Wanted::Whole,
    };
    if size == 0 || first >= size {
        Wanted::Unsatisfiable
    } else {
        Wanted::Part(first, last)
    }
}

/// `GET /{fileId}?exp=…&sig=…` on the file host.
pub(crate) async fn serve(
    State(app): State<Arc<App>>,
    Path(file_id): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let Some(blob) = app.blobs.get(&file_id).cloned() else {
        return (StatusCode::NOT_FOUND, "NoSuchKey: the file does not exist.").into_response();
    };
    let expires = params.get("exp").and_then(|e| e.parse::<u64>().ok()).unwrap_or(0);
    let signed = params
        .get("sig")
        .is_some_and(|s| *s == sign(&app, &file_id, expires));
    if !signed || expires < unix_now() {
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>\
                    <Message>Request has expired or the signature does not match</Message></Error>";
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/xml")],
            body,
        )
            .into_response();
    }
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let (status, first, end) = match wanted(range, blob.size) {
        Wanted::Whole => (StatusCode::OK, 0, blob.size),
        Wanted::Part(first, last) => (StatusCode::PARTIAL_CONTENT, first, last + 1),
        Wanted::Unsatisfiable => {
            let content_range = format!("bytes */{}", blob.size);
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, content_range)],
            )
                .into_response();
        }
    };
    let mut resp = Response::new(Body::new(BlobBody {
        blob: blob.clone(),
        pos: first,
        end,
    }));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(blob.kind.mime()));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(end - first));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::ETAG, header_value(format!("\"{:016x}\"", blob.key)));
    let disposition = format!("attachment; filename=\"{}\"", blob.file_name);
    h.insert(header::CONTENT_DISPOSITION, header_value(disposition));
    if status == StatusCode::PARTIAL_CONTENT {
        h.insert(
            header::CONTENT_RANGE,
            header_value(format!("bytes {first}-{}/{}", end - 1, blob.size)),
        );
    }
    resp
}

fn header_value(s: String) -> HeaderValue {
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Streams `pos..end` of a blob, generating each chunk as it is sent.
struct BlobBody {
    blob: Arc<Blob>,
    pos: u64,
    end: u64,
}

impl http_body::Body for BlobBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if self.pos >= self.end {
            return Poll::Ready(None);
        }
        let n = (self.end - self.pos).min(CHUNK);
        let mut buf = vec![0u8; n as usize];
        self.blob.fill(self.pos, &mut buf);
        self.blob.add_served(n);
        self.pos += n;
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(buf)))))
    }

    fn is_end_stream(&self) -> bool {
        self.pos >= self.end
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.end - self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(wanted(None, 100), Wanted::Whole);
        assert_eq!(wanted(Some("bytes=10-"), 100), Wanted::Part(10, 99));
        assert_eq!(wanted(Some("bytes=10-19"), 100), Wanted::Part(10, 19));
        assert_eq!(wanted(Some("bytes=90-200"), 100), Wanted::Part(90, 99));
        assert_eq!(wanted(Some("bytes=-5"), 100), Wanted::Part(95, 99));
        assert_eq!(wanted(Some("bytes=100-"), 100), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-1,5-6"), 100), Wanted::Whole);
        assert_eq!(wanted(Some("items=0-1"), 100), Wanted::Whole);
    }
}
