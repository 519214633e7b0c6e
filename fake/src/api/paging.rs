//! Token pagination: `page_size`, `next_page_token`, and the cursors behind tokens.

use std::collections::HashMap;

use crate::api::analytics::AnalyticsQuery;
use crate::api::archive::ArchiveQuery;
use crate::api::error::{ApiError, ApiResult};
use crate::api::recordings::ListQuery;
use crate::api::registrants::RegistrantQuery;
use crate::api::summaries::SummaryQuery;
use crate::api::users::UserQuery;
use crate::state::App;

/// Query parameters of a request.
pub(crate) type Params = HashMap<String, String>;

/// The listing a page token continues.
#[derive(Clone, Debug)]
pub(crate) enum PageQuery {
    /// `GET /users/{userId}/recordings` or `GET /accounts/{accountId}/recordings`.
    Recordings(ListQuery),
    /// `GET /archive_files`.
    Archive(ArchiveQuery),
    /// `GET /meetings/{meetingId}/recordings/registrants`.
    Registrants(RegistrantQuery),
    /// `GET /users`.
    Users(UserQuery),
    /// `GET /meetings/{meetingId}/recordings/analytics_details`.
    Analytics(AnalyticsQuery),
    /// `GET /meetings/meeting_summaries`.
    Summaries(SummaryQuery),
}

/// What a `page_size` above 300 gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Oversize {
    /// Served as 300 (what the recording listings are seen to do).
    Clamp,
    /// 400 / 300 naming `page_size` (the newer listings, whose spec declares
    /// `maximum: 300`).
    Reject,
}

/// Where the next page of a listing starts.
#[derive(Clone, Debug)]
pub(crate) struct Cursor {
    pub query: PageQuery,
    pub offset: usize,
    pub page_size: usize,
}

/// `page_size`: default 30; above 300 clamped or refused as `oversize` says.
pub(crate) fn page_size(params: &Params, oversize: Oversize) -> ApiResult<Option<usize>> {
    match params.get("page_size").map(|s| s.trim()) {
        None | Some("") => Ok(None),
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n < 1 => Ok(Some(30)),
            Ok(n) if n > 300 && oversize == Oversize::Reject => {
                Err(ApiError::validation("page_size", "must be between 1 and 300"))
            }
            Ok(n) => Ok(Some(n.min(300) as usize)),
            Err(_) => Err(ApiError::validation("page_size", "must be an integer")),
        },
    }
}

/// The listing to serve and where to start: from `next_page_token` when one is
/// sent, otherwise from `fresh()`; a `page_size` above 300 is served as 300.
pub(crate) fn start(
    app: &App,
    params: &Params,
    fresh: impl FnOnce() -> ApiResult<PageQuery>,
) -> ApiResult<Cursor> {
    start_with(app, params, Oversize::Clamp, fresh)
}

/// Like [`start`], with the `page_size` rule chosen.
pub(crate) fn start_with(
    app: &App,
    params: &Params,
    oversize: Oversize,
    fresh: impl FnOnce() -> ApiResult<PageQuery>,
) -> ApiResult<Cursor> {
    let size = page_size(params, oversize)?;
    match params.get("next_page_token").filter(|t| !t.is_empty()) {
        Some(token) => {
            let mut cursor = app
                .tokens()
                .page(token, app.cfg.page_token_ttl)
                .ok_or_else(|| ApiError::bad_request("The next page token is invalid or expired."))?;
            if let Some(size) = size {
                cursor.page_size = size;
            }
            Ok(cursor)
        }
        None => Ok(Cursor {
            query: fresh()?,
            offset: 0,
            page_size: size.unwrap_or(30),
        }),
    }
}

/// The range of `total` items this page serves, and the token for the next
/// page (`""` on the last one).
pub(crate) fn finish(app: &App, cursor: &Cursor, total: usize) -> (std::ops::Range<usize>, String) {
    let start = cursor.offset.min(total);
    let end = (start + cursor.page_size).min(total);
    let token = if end < total {
        let next = Cursor {
            offset: end,
            ..cursor.clone()
        };
        app.tokens().issue_page(next)
    } else {
        String::new()
    };
    (start..end, token)
}

/// The error for a page token of another listing.
pub(crate) fn wrong_token() -> ApiError {
    ApiError::bad_request("The next page token is invalid or expired.")
}

/// `page_count` for `total` items.
pub(crate) fn page_count(total: usize, page_size: usize) -> usize {
    total.div_ceil(page_size.max(1))
}
