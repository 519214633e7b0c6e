//! `recordingsList` and `getAccountCloudRecording`: listings of recording meetings.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Duration, NaiveDate};
use serde::Serialize;

use crate::api::dates::{date, date_or_instant, month_window};
use crate::api::error::{ApiError, ApiResult, json};
use crate::api::paging::{self, Cursor, PageQuery, Params};
use crate::api::render::{self, MeetingOut, Shape};
use crate::model::RecFile;
use crate::state::{App, Store};

/// Which trash a listing shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TrashType {
    /// Whole meetings in the trash (`meeting_recordings`, the default).
    Meetings,
    /// Single files in the trash (`recording_file`).
    Files,
}

/// A normalised recordings listing.
#[derive(Clone, Debug)]
pub(crate) struct ListQuery {
    /// `None`: the whole account.
    user: Option<usize>,
    from: NaiveDate,
    to: NaiveDate,
    /// Echo `from`/`to` as dates (`Some(true)`), instants (`Some(false)`), or not at all.
    echo_dates: Option<bool>,
    trash: Option<TrashType>,
    meeting_id: Option<u64>,
    source: Option<SourceType>,
}

/// `recording_source_type` (added by Zoom in September 2026). Its values are not
/// in our reference: this is our best inference, splitting recordings of
/// meetings from those of webinars (meeting `type` 5, 6 and 9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceType {
    Meeting,
    Webinar,
}

impl SourceType {
    fn parse(params: &Params) -> ApiResult<Option<Self>> {
        match params.get("recording_source_type").map(|s| s.trim()) {
            None | Some("") => Ok(None),
            Some("meeting") => Ok(Some(Self::Meeting)),
            Some("webinar") => Ok(Some(Self::Webinar)),
            Some(_) => Err(ApiError::validation(
                "recording_source_type",
                "must be meeting or webinar",
            )),
        }
    }

    fn matches(self, kind: u8) -> bool {
        let webinar = matches!(kind, 5 | 6 | 9);
        webinar == (self == Self::Webinar)
    }
}

#[derive(Serialize)]
struct ListOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_count: Option<usize>,
    page_size: usize,
    total_records: usize,
    next_page_token: String,
    meetings: Vec<MeetingOut<'a>>,
}

fn flag(params: &Params, name: &str) -> ApiResult<bool> {
    match params.get(name).map(String::as_str) {
        None | Some("") | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(_) => Err(ApiError::validation(name, "must be true or false")),
    }
}

fn optional_date(params: &Params, name: &str) -> ApiResult<Option<NaiveDate>> {
    params
        .get(name)
        .filter(|s| !s.is_empty())
        .map(|s| date(name, s))
        .transpose()
}

fn user_query(app: &App, user: usize, params: &Params) -> ApiResult<PageQuery> {
    let today = app.clock.now().date_naive();
    // `mc` (meeting connector metadata) is accepted; the fake has no on-premise data.
    flag(params, "mc")?;
    let source = SourceType::parse(params)?;
    let meeting_id = match params.get("meeting_id").filter(|s| !s.is_empty()) {
        Some(s) => Some(
            s.parse()
                .map_err(|_| ApiError::validation("meeting_id", "must be an integer"))?,
        ),
        None => None,
    };
    let trash = if flag(params, "trash")? {
        match params.get("trash_type").map(String::as_str) {
            None | Some("") | Some("meeting_recordings") => Some(TrashType::Meetings),
            Some("recording_file") => Some(TrashType::Files),
            Some(_) => {
                return Err(ApiError::validation(
                    "trash_type",
                    "must be meeting_recordings or recording_file",
                ));
            }
        }
    } else {
        None
    };
    let (from, to) = match trash {
        // Trash cannot be filtered by date: the dates are ignored.
        Some(_) => (today, today.succ_opt().unwrap_or(today)),
        None => month_window(
            today,
            optional_date(params, "from")?,
            optional_date(params, "to")?,
        )?,
    };
    let echo_dates = (trash != Some(TrashType::Files)).then_some(true);
    Ok(PageQuery::Recordings(ListQuery {
        user: Some(user),
        from,
        to,
        echo_dates,
        trash,
        meeting_id,
        source,
    }))
}

fn account_query(app: &App, params: &Params) -> ApiResult<PageQuery> {
    let today = app.clock.now().date_naive();
    let mut date_only = true;
    let mut get = |name: &str| -> ApiResult<Option<NaiveDate>> {
        let Some(s) = params.get(name).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let (d, only) = date_or_instant(name, s)?;
        date_only &= only;
        Ok(Some(d))
    };
    let (from, to) = (get("from")?, get("to")?);
    let (from, to) = month_window(today, from, to)?;
    Ok(PageQuery::Recordings(ListQuery {
        user: None,
        from,
        to,
        echo_dates: Some(date_only),
        trash: None,
        meeting_id: None,
        source: None,
    }))
}

/// The meetings a listing shows (indexes) and, for each, the files it shows.
fn select<'s>(
    store: &'s Store,
    q: &ListQuery,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<(usize, Vec<&'s RecFile>)> {
    let retention = now - Duration::days(30);
    let mut out = Vec::new();
    for (i, m) in store.meetings.iter().enumerate() {
        if m.purged
            || q.user.is_some_and(|u| u != m.host)
            || q.meeting_id.is_some_and(|id| id != m.id)
            || q.source.is_some_and(|s| !s.matches(m.kind))
        {
            continue;
        }
        let files: Vec<&RecFile> = match q.trash {
            None => {
                let day = m.start.date_naive();
                if m.trashed_at.is_some() || day < q.from || day > q.to {
                    continue;
                }
                let live: Vec<_> = m.files.iter().filter(|f| f.live()).collect();
                if live.is_empty() && !m.files.is_empty() {
                    continue;
                }
                live
            }
            Some(TrashType::Meetings) => {
                if m.trashed_at.is_none_or(|t| t < retention) {
                    continue;
                }
                m.files.iter().filter(|f| !f.purged).collect()
            }
            Some(TrashType::Files) => {
                if m.trashed_at.is_some() {
                    continue;
                }
                let trashed: Vec<_> = m
                    .files
                    .iter()
                    .filter(|f| !f.purged && f.trashed_at.is_some_and(|t| t >= retention))
                    .collect();
                if trashed.is_empty() {
                    continue;
                }
                trashed
            }
        };
        out.push((i, files));
    }
    out
}

fn serve(app: &App, cursor: &Cursor, account: bool) -> ApiResult<Response> {
    let PageQuery::Recordings(q) = &cursor.query else {
        return Err(paging::wrong_token());
    };
    let store = app.store();
    let selected = select(&store, q, app.clock.now());
    let (range, next_page_token) = paging::finish(app, cursor, selected.len());
    let shape = match (account, q.trash) {
        (true, _) => Shape::Account,
        (false, None) => Shape::List,
        (false, Some(_)) => Shape::Trash,
    };
    let meetings = selected[range]
        .iter()
        .map(|(i, files)| render::meeting(app, &store.meetings[*i], files, shape))
        .collect();
    let fmt = |d: NaiveDate, date_only: bool| {
        if date_only {
            d.format("%Y-%m-%d").to_string()
        } else {
            format!("{}T00:00:00Z", d.format("%Y-%m-%d"))
        }
    };
    let out = ListOut {
        from: q.echo_dates.map(|only| fmt(q.from, only)),
        to: q.echo_dates.map(|only| fmt(q.to, only)),
        page_count: (!account).then(|| paging::page_count(selected.len(), cursor.page_size)),
        page_size: cursor.page_size,
        total_records: selected.len(),
        next_page_token,
        meetings,
    };
    Ok(json(StatusCode::OK, &out))
}

/// `GET /users/{userId}/recordings`
pub(crate) async fn list_user(
    State(app): State<Arc<App>>,
    Path(user_id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let user = app
        .user_index(&user_id)
        .ok_or_else(|| ApiError::no_user(&user_id))?;
    let cursor = paging::start(&app, &params, || user_query(&app, user, &params))?;
    serve(&app, &cursor, false)
}

/// `GET /accounts/{accountId}/recordings`
pub(crate) async fn list_account(
    State(app): State<Arc<App>>,
    Path(account_id): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    if account_id != "me" && account_id != app.account_id {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            2001,
            format!("Account does not exist: {account_id}."),
        ));
    }
    let cursor = paging::start(&app, &params, || account_query(&app, &params))?;
    serve(&app, &cursor, true)
}
