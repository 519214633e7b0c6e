//! `analytics_details` and `analytics_summary`: who viewed or downloaded a
//! meeting's recording, at most one month per call.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Months, NaiveDate};
use serde_json::{Value, json};

use crate::api::dates::date;
use crate::api::error::{ApiError, ApiResult, json};
use crate::api::meeting::meeting_key;
use crate::api::paging::{self, Oversize, PageQuery, Params};
use crate::info_aic::{AnalyticsEvent, AnalyticsKind};
use crate::model::iso;
use crate::seed_analytics;
use crate::state::{App, Store};

/// A normalised `analytics_details` listing.
#[derive(Clone, Debug)]
pub(crate) struct AnalyticsQuery {
    meeting_uuid: String,
    from: NaiveDate,
    to: NaiveDate,
    kind: AnalyticsKind,
}

/// `from` and `to` (both default to today); at most one month apart.
fn window(app: &App, params: &Params) -> ApiResult<(NaiveDate, NaiveDate)> {
    let today = app.clock.now().date_naive();
    let get = |name: &str| -> ApiResult<NaiveDate> {
        match params.get(name).filter(|s| !s.is_empty()) {
            Some(s) => date(name, s),
            None => Ok(today),
        }
    };
    let (from, to) = (get("from")?, get("to")?);
    if from > to {
        return Err(ApiError::validation(
            "from",
            "The from date must not be after the to date.",
        ));
    }
    if from
        .checked_add_months(Months::new(1))
        .is_some_and(|limit| to > limit)
    {
        return Err(ApiError::validation(
            "to",
            "The date range can not exceed one month.",
        ));
    }
    Ok((from, to))
}

/// The meeting a path names, if it has a finished recording that is not in
/// the trash (else 404 / 3301).
fn recorded(store: &Store, raw: &str) -> ApiResult<usize> {
    let key = meeting_key(raw)?;
    store
        .resolve(&key, false)
        .filter(|&i| store.meetings[i].files.iter().any(|f| f.live() && !f.processing))
        .ok_or_else(ApiError::no_recording)
}

/// The views and downloads of a meeting between two dates (inclusive).
fn events(app: &App, store: &Store, index: usize, from: NaiveDate, to: NaiveDate) -> Vec<AnalyticsEvent> {
    let m = &store.meetings[index];
    let all = seed_analytics::events(app.cfg.seed, app.cfg.now, &app.users, m);
    all.into_iter()
        .filter(|e| (from..=to).contains(&e.date_time.date_naive()))
        .collect()
}

/// `GET /meetings/{meetingId}/recordings/analytics_details`
pub(crate) async fn details(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let cursor = paging::start_with(&app, &params, Oversize::Reject, || {
        let kind = match params.get("type").map(String::as_str) {
            None | Some("") | Some("by_view") => AnalyticsKind::View,
            Some("by_download") => AnalyticsKind::Download,
            Some(_) => return Err(ApiError::validation("type", "must be by_view or by_download")),
        };
        let (from, to) = window(&app, &params)?;
        let store = app.store();
        let index = recorded(&store, &meeting)?;
        Ok(PageQuery::Analytics(AnalyticsQuery {
            meeting_uuid: store.meetings[index].uuid.clone(),
            from,
            to,
            kind,
        }))
    })?;
    let PageQuery::Analytics(q) = &cursor.query else {
        return Err(paging::wrong_token());
    };
    let store = app.store();
    let index = store
        .by_uuid(&q.meeting_uuid)
        .filter(|&i| store.meetings[i].live())
        .ok_or_else(ApiError::no_recording)?;
    let rows: Vec<AnalyticsEvent> = events(&app, &store, index, q.from, q.to)
        .into_iter()
        .filter(|e| e.kind == q.kind)
        .collect();
    let (range, next_page_token) = paging::finish(&app, &cursor, rows.len());
    let details: Vec<Value> = rows[range]
        .iter()
        .map(|e| {
            json!({
                "date_time": iso(e.date_time),
                "name": e.name,
                "email": e.email,
                // Our inference: downloads report 0 seconds rather than no field.
                "duration": e.duration,
            })
        })
        .collect();
    let out = json!({
        "from": q.from.format("%Y-%m-%d").to_string(),
        "to": q.to.format("%Y-%m-%d").to_string(),
        "page_size": cursor.page_size,
        "total_records": rows.len(),
        "next_page_token": next_page_token,
        "analytics_details": details,
    });
    Ok(json(StatusCode::OK, &out))
}

/// `GET /meetings/{meetingId}/recordings/analytics_summary`: one row per day
/// of the range, days without views or downloads included (our inference).
pub(crate) async fn summary(
    State(app): State<Arc<App>>,
    Path(meeting): Path<String>,
    Query(params): Query<Params>,
) -> ApiResult<Response> {
    let (from, to) = window(&app, &params)?;
    let store = app.store();
    let index = recorded(&store, &meeting)?;
    let events = events(&app, &store, index, from, to);
    let rows: Vec<Value> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|day| {
            let on = |kind| {
                events
                    .iter()
                    .filter(|e| e.kind == kind && e.date_time.date_naive() == day)
                    .count()
            };
            json!({
                "date": day.format("%Y-%m-%d").to_string(),
                "views_total_count": on(AnalyticsKind::View),
                "downloads_total_count": on(AnalyticsKind::Download),
            })
        })
        .collect();
    let out = json!({
        "from": from.format("%Y-%m-%d").to_string(),
        "to": to.format("%Y-%m-%d").to_string(),
        "analytics_summary": rows,
    });
    Ok(json(StatusCode::OK, &out))
}
