//! Turning `--users` into the users to list, each with the folder their
//! recordings go to: their email when the account's user list knows them,
//! otherwise the id or alias given.

use futures::TryStreamExt;
use zoom_cloud_recording::Client;
use zoom_cloud_recording::types::{User, UsersStatus};

use crate::naming::user_folder;
use crate::scope::Users;

/// One user a run lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// What the API is called with (`me`, an id or an email).
    pub selector: String,
    /// Their folder in the archive (the email, sanitised).
    pub folder: String,
    /// Whether Zoom lists them as deactivated.
    pub inactive: bool,
}

/// The users `users` names. `all`, `active` and `inactive` need Zoom's user
/// list (`GET /users`) and fail with it; named users use it only to find
/// emails, and go on with what they were given when it fails. `me` starts as
/// the folder `me`; [`Directory::folder_of_host`] renames it after the
/// listing, from the meetings' `host_id`.
pub async fn resolve(
    client: &Client,
    users: &Users,
) -> Result<(Vec<Target>, Directory), zoom_cloud_recording::Error> {
    let statuses = match users {
        Users::All | Users::Me | Users::Listed(_) => vec![UsersStatus::Active, UsersStatus::Inactive],
        Users::Active => vec![UsersStatus::Active],
        Users::Inactive => vec![UsersStatus::Inactive],
    };
    let listed = client
        .account_users()
        .statuses(statuses)
        .users()
        .try_collect::<Vec<User>>()
        .await;
    let known = match (users, listed) {
        (Users::All | Users::Active | Users::Inactive, Err(e)) => return Err(e),
        (_, Err(error)) => {
            tracing::info!(%error, "the account's user list is not available; naming folders by the ids given");
            Vec::new()
        }
        (_, Ok(listed)) => listed,
    };
    let target = |user: &User| {
        let id = user.id.clone().unwrap_or_default();
        let email = user.email.clone().filter(|e| !e.is_empty());
        Target {
            folder: user_folder(email.as_deref().unwrap_or(&id)),
            selector: if id.is_empty() {
                email.unwrap_or_default()
            } else {
                id
            },
            inactive: user.status.as_ref().is_some_and(|s| s.as_str() == "inactive"),
        }
    };
    let directory = Directory {
        emails: known
            .iter()
            .filter_map(|u| Some((u.id.clone()?, u.email.clone().filter(|e| !e.is_empty())?)))
            .collect(),
    };
    let targets = match users {
        Users::All | Users::Active | Users::Inactive => known
            .iter()
            .filter(|u| u.id.as_deref().is_some_and(|id| !id.is_empty()))
            .map(target)
            .collect(),
        Users::Me => vec![Target {
            selector: "me".into(),
            folder: user_folder("me"),
            inactive: false,
        }],
        Users::Listed(names) => names
            .iter()
            .map(|name| {
                let found = known.iter().find(|u| {
                    u.id.as_deref() == Some(name.as_str())
                        || u.email.as_deref().is_some_and(|e| e.eq_ignore_ascii_case(name))
                });
                found.map(target).unwrap_or_else(|| Target {
                    selector: name.clone(),
                    folder: user_folder(name),
                    inactive: false,
                })
            })
            .collect(),
    };
    Ok((targets, directory))
}

/// The account's users' emails by id, as far as the user list was readable.
#[derive(Clone, Debug, Default)]
pub struct Directory {
    emails: std::collections::HashMap<String, String>,
}

impl Directory {
    /// The folder of the user with id `host_id`, when known.
    pub fn folder_of_host(&self, host_id: &str) -> Option<String> {
        self.emails.get(host_id).map(|email| user_folder(email))
    }
}
