//! The account's users: names, statuses, roles, groups and the rest of what
//! Zoom's Users API shows.
//!
//! Ids and e-mails come from the main seed stream (as they always have); every
//! other field comes from a stream of its own, so adding fields never moves
//! the meetings. With 3 or more users the last one is deactivated (it keeps
//! its recordings) and an invited, pending user is added after them.

use chrono::{DateTime, Duration, Utc};

use crate::config::Config;
use crate::info::UserStatus;
use crate::model::Meeting;
use crate::model_users::{CustomAttribute, User};
use crate::rng::Rng;
use crate::seed::TIMEZONES;

/// A user's id and the parts of their e-mail, drawn by the main seed.
pub(crate) struct Drawn {
    pub id: String,
    pub first: &'static str,
    pub last: &'static str,
    /// `""`, or a number that keeps e-mails unique past the name lists.
    pub n: String,
}

const DEPTS: &[&str] = &["Engineering", "Sales", "Customer Success", "Finance", "Marketing"];
const CLIENTS: &[&str] = &[
    "6.2.5.52187(mac)",
    "6.3.1.54567(win)",
    "6.1.10.49785(ios)",
    "6.2.0.51340(linux)",
];
const LANGUAGES: &[&str] = &["en-US", "en-US", "de-DE", "ja-JP", "es-ES"];

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The users: the drawn ones (the first is `me`), then a pending one when
/// there are 3 or more.
pub(crate) fn users(cfg: &Config, drawn: Vec<Drawn>) -> Vec<User> {
    let mut rng = Rng::new(cfg.seed, 7);
    let groups = [rng.alnum(22), rng.alnum(22)];
    let hosts = drawn.len();
    let since = cfg.now - Duration::days(i64::from(cfg.history_days));
    let mut users: Vec<User> = drawn
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let status = if hosts >= 3 && i == hosts - 1 {
                UserStatus::Inactive
            } else {
                UserStatus::Active
            };
            let group_ids = match i {
                0 => vec![groups[0].clone()],
                _ if i % 2 == 1 => groups.to_vec(),
                _ => vec![groups[1].clone()],
            };
            let role_id = match i {
                0 => "0",
                1 => "1",
                _ => "2",
            };
            let created = since - Duration::days(rng.range(30, 900) as i64);
            let email = format!("{}.{}{}@example.com", d.first, d.last, d.n);
            let mut user = user(&mut rng, d.id, email, status, created);
            user.first_name = capitalised(d.first);
            user.last_name = format!("{}{}", capitalised(d.last), d.n);
            user.group_ids = group_ids;
            user.role_id = role_id;
            user.last_login_time = Some(cfg.now - Duration::minutes(rng.range(30, 72 * 60) as i64));
            user
        })
        .collect();
    if hosts >= 3 {
        let created = cfg.now - Duration::days(rng.range(1, 10) as i64);
        let id = rng.url_safe(22);
        let mut pending = user(
            &mut rng,
            id,
            "jamie.invitee@example.com".into(),
            UserStatus::Pending,
            created,
        );
        pending.first_name = "Jamie".into();
        pending.last_name = "Invitee".into();
        pending.kind = 1;
        pending.verified = false;
        pending.last_client_version = None;
        pending.pic_url = None;
        users.push(pending);
    }
    users
}

fn user(rng: &mut Rng, id: String, email: String, status: UserStatus, created: DateTime<Utc>) -> User {
    User {
        id,
        email,
        first_name: String::new(),
        last_name: String::new(),
        kind: 2,
        pmi: rng.range(2_000_000_000, 9_999_999_999),
        timezone: rng.pick(TIMEZONES),
        verified: true,
        dept: rng.pick(DEPTS),
        created_at: created,
        last_login_time: None,
        last_client_version: Some(rng.pick(CLIENTS)),
        pic_url: Some(format!("https://example.invalid/p/v2/{}", rng.url_safe(40))),
        language: rng.pick(LANGUAGES),
        phone_number: format!("+1 555 01{:02}", rng.range(0, 99)),
        status,
        role_id: "2",
        group_ids: Vec::new(),
        employee_unique_id: format!("E{}", rng.range(10_000, 99_999)),
        custom_attributes: vec![CustomAttribute {
            key: "cbf_cost_center",
            name: "Cost center",
            value: format!("CC-{}", rng.range(100, 999)),
        }],
        host_key: format!("{:06}", rng.range(0, 999_999)),
    }
}

/// A deactivated user last signed in after their last meeting, not lately.
pub(crate) fn settle_logins(users: &mut [User], meetings: &[Meeting]) {
    for (i, user) in users.iter_mut().enumerate() {
        if user.status != UserStatus::Inactive {
            continue;
        }
        let last = meetings
            .iter()
            .filter(|m| m.host == i)
            .map(|m| m.start + Duration::minutes(m.duration as i64))
            .max();
        user.last_login_time = Some(last.unwrap_or(user.created_at) + Duration::hours(2));
    }
}
