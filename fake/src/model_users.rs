//! The users of the fake account, as Zoom's Users API knows them.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::info::UserStatus;

/// One custom attribute of a user (`custom_attributes[]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CustomAttribute {
    pub key: &'static str,
    pub name: &'static str,
    pub value: String,
}

/// A user of the fake account. `Debug` leaves out the host key.
#[derive(Clone)]
pub(crate) struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// 1 Basic, 2 Licensed.
    pub kind: u8,
    /// Personal meeting id.
    pub pmi: u64,
    pub timezone: &'static str,
    pub verified: bool,
    pub dept: &'static str,
    pub created_at: DateTime<Utc>,
    /// `None` for a user who never signed in (pending).
    pub last_login_time: Option<DateTime<Utc>>,
    pub last_client_version: Option<&'static str>,
    pub pic_url: Option<String>,
    pub language: &'static str,
    pub phone_number: String,
    pub status: UserStatus,
    /// `"0"` owner, `"1"` admin, `"2"` member.
    pub role_id: &'static str,
    pub group_ids: Vec<String>,
    pub employee_unique_id: String,
    pub custom_attributes: Vec<CustomAttribute>,
    /// The PIN that claims host controls: a credential, never in `Debug`.
    pub host_key: String,
}

impl User {
    /// `first_name last_name`.
    pub(crate) fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("status", &self.status)
            .field("role_id", &self.role_id)
            .field("host_key", &"<redacted>")
            .finish_non_exhaustive()
    }
}
