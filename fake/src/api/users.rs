//! `users` (Zoom's Users API, `GET /users`): the account's users by status and
//! role, paginated by token (or the legacy `page_number`).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use crate::api::error::{ApiError, ApiResult, json};
use crate::api::paging::{self, Oversize, PageQuery, Params};
use crate::info::UserStatus;
use crate::model::{User, iso};
use crate::state::App;

/// A normalised users listing.
#[derive(Clone, Debug)]
pub(crate) struct UserQuery {
    status: UserStatus,
    role_id: Option<String>,
    custom_attributes: bool,
    host_key: bool,
}

fn query(params: &Params) -> ApiResult<UserQuery> {
    let status = match params.get("status").map(|s| s.trim()) {
        None | Some("") | Some("active") => UserStatus::Active,
        Some("inactive") => UserStatus::Inactive,
        Some("pending") => UserStatus::Pending,
        Some(_) => {
            return Err(ApiError::validation(
                "status",
                "must be active, inactive or pending",
            ));
        }
    };
    let mut q = UserQuery {
        status,
        role_id: params.get("role_id").filter(|r| !r.is_empty()).cloned(),
        custom_attributes: false,
        host_key: false,
    };
    let fields = params.get("include_fields").map_or("", String::as_str);
    for field in fields.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        match field {
            "custom_attributes" => q.custom_attributes = true,
            "host_key" => q.host_key = true,
            _ => {
                return Err(ApiError::validation(
                    "include_fields",
                    "must list custom_attributes and/or host_key",
                ));
            }
        }
    }
    Ok(q)
}

fn render(u: &User, q: &UserQuery) -> Value {
    let mut v = json!({
        "id": u.id,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "display_name": u.display_name(),
        "email": u.email,
        "type": u.kind,
        "pmi": u.pmi,
        "timezone": u.timezone,
        "verified": u8::from(u.verified),
        "dept": u.dept,
        "created_at": iso(u.created_at),
        "user_created_at": iso(u.created_at),
        "language": u.language,
        "phone_number": u.phone_number,
        "status": u.status.as_str(),
        "role_id": u.role_id,
        "employee_unique_id": u.employee_unique_id,
        "group_ids": u.group_ids,
    });
    // A user who never signed in has no login, client or picture.
    if let Some(t) = u.last_login_time {
        v["last_login_time"] = iso(t).into();
    }
    if let Some(version) = u.last_client_version {
        v["last_client_version"] = version.into();
    }
    if let Some(url) = &u.pic_url {
        v["pic_url"] = url.as_str().into();
    }
    if q.custom_attributes {
        let attributes: Vec<Value> = u
            .custom_attributes
            .iter()
            .map(|a| json!({ "key": a.key, "name": a.name, "value": a.value }))
            .collect();
        v["custom_attributes"] = attributes.into();
    }
    if q.host_key {
        v["host_key"] = u.host_key.as_str().into();
    }
    v
}

/// `GET /users`
pub(crate) async fn list(State(app): State<Arc<App>>, Query(params): Query<Params>) -> ApiResult<Response> {
    let mut cursor = paging::start_with(&app, &params, Oversize::Reject, || {
        Ok(PageQuery::Users(query(&params)?))
    })?;
    if !params.contains_key("next_page_token")
        && let Some(n) = params.get("page_number").filter(|n| !n.is_empty())
    {
        let n: usize = n
            .parse()
            .map_err(|_| ApiError::validation("page_number", "must be a positive integer"))?;
        cursor.offset = n.saturating_sub(1) * cursor.page_size;
    }
    let PageQuery::Users(q) = &cursor.query else {
        return Err(paging::wrong_token());
    };
    let selected: Vec<&User> = app
        .users
        .iter()
        .filter(|u| u.status == q.status && q.role_id.as_ref().is_none_or(|r| r == u.role_id))
        .collect();
    let (range, next_page_token) = paging::finish(&app, &cursor, selected.len());
    let page_number = range.start / cursor.page_size.max(1) + 1;
    let users: Vec<Value> = selected[range].iter().map(|u| render(u, q)).collect();
    let out = json!({
        "page_count": paging::page_count(selected.len(), cursor.page_size),
        "page_number": page_number,
        "page_size": cursor.page_size,
        "total_records": selected.len(),
        "next_page_token": next_page_token,
        "users": users,
    });
    Ok(json(StatusCode::OK, &out))
}
