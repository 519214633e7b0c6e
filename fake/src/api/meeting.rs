//! Meeting path parameters (Zoom's double-encoding rule) and `recordingGet`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use percent_encoding::percent_decode_str;

use crate::api::error::{ApiError, ApiResult, json};
use crate::api::paging::Params;
use crate::api::render::{self, Shape};
use crate::model::RecFile;
use crate::state::{App, MeetingKey};

/// The longest `ttl` of a `download_access_token` (7 days).
const MAX_TTL: u64 = 604_800;
/// The `ttl` when none is given (Zoom does not document its default).
const DEFAULT_TTL: u64 = 86_400;

/// The meeting a path parameter names. The router has percent-decoded the
/// segment once. A value that still holds escapes was double-encoded and is
/// decoded again. A value that, decoded once, starts with `/` or contains `//`
/// was sent single-encoded: Zoom cannot route it and answers 404 / 3301.
pub(crate) fn meeting_key(once: &str) -> ApiResult<MeetingKey> {
    let value = if once.contains('%') {
        percent_decode_str(once)
            .decode_utf8()
            .map_err(|_| ApiError::no_recording())?
            .into_owned()
    } else if once.starts_with('/') || once.contains("//") {
        return Err(ApiError::no_recording());
    } else {
        once.to_owned()
    };
    if !value.is_empty()
        && value.len() <= 19
        && value.bytes().all(|b| b.is_ascii_digit())
        && let Ok(id) = value.parse()
    {
        return Ok(MeetingKey::Id(id));
    }
    Ok(MeetingKey::Uuid(value))
}

/// A numeric meeting id (the registrant endpoints take no UUID).
pub(crate) fn numeric_id(raw: &str) -> ApiResult<u64> {
    match meeting_key(raw)? {
        MeetingKey::Id(id) => Ok(id),
        MeetingKey::Uuid(_) => Err(ApiError::no_recording()),
    }
}

fn ttl(params: &Params) -> ApiResult<u64> {
    match params.get("ttl").filter(|s| !s.is_empty()) {
        None => Ok(DEFAULT_TTL),
        Some(s) => match s.parse::<u64>() {
            Ok(n) if n <= MAX_TTL => Ok(n),
            _ => Err(ApiError::validation("ttl", "must be between 0 and 604800")),
        },
    }
}

/// `GET /meetings/{meetingId}/recordings`
pub(crate) async fn get(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let key = meeting_key(&meeting)?;
    let include_token = params
        .get("include_fields")
        .is_some_and(|v| v.split(',').any(|f| f.trim() == "download_access_token"));
    let ttl = ttl(&params)?;
    let store = app.store();
    let index = store.resolve(&key, false).ok_or_else(ApiError::no_recording)?;
    let m = &store.meetings[index];
    let files: Vec<&RecFile> = m.files.iter().filter(|f| f.live()).collect();
    let mut out = render::meeting(&app, m, &files, Shape::Get);
    if include_token {
        let token = app.tokens().issue_grant(&m.uuid, Duration::from_secs(ttl));
        out.download_access_token = Some(token);
    }
    Ok(json(StatusCode::OK, &out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_encoding_rule() {
        assert_eq!(
            meeting_key("85746065432").unwrap(),
            MeetingKey::Id(85_746_065_432)
        );
        assert_eq!(
            meeting_key("ab+c/d==").unwrap(),
            MeetingKey::Uuid("ab+c/d==".into())
        );
        assert_eq!(
            meeting_key("%2Fab%3D%3D").unwrap(),
            MeetingKey::Uuid("/ab==".into())
        );
        assert_eq!(meeting_key("a%2F%2Fb").unwrap(), MeetingKey::Uuid("a//b".into()));
        assert!(meeting_key("/ab==").is_err());
        assert!(meeting_key("a//b==").is_err());
    }
}
