//! Zoom's numeric error codes, named where the recording endpoints document them.

use std::fmt;

/// A Zoom error code from an error body (`{"code": …, "message": …}`).
///
/// Codes the Cloud Recording API and its OAuth endpoint document have a name;
/// every other code is kept as [`ZoomCode::Other`]. Decide on these, never on
/// the message text, which Zoom rewords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ZoomCode {
    /// 124: the access token is missing, invalid or expired.
    InvalidAccessToken,
    /// 300: validation failed; the field errors say which fields.
    ValidationFailed,
    /// 429 in the body of a rate-limit answer.
    RateLimited,
    /// 1001: the user does not exist or does not belong to this account.
    UserNotFound,
    /// 1010: the user does not belong to this account.
    UserNotInAccount,
    /// 2001: the account does not exist or does not belong to you.
    AccountNotFound,
    /// 200: the account or the app may not do this. Zoom uses the code for
    /// several refusals: "only available for paid accounts", "not available
    /// for this account" (summaries, archiving), "no permission".
    NotAvailableForAccount,
    /// 2305: access to meeting summaries is restricted by account settings
    /// (summaries shared by email only, or IP address access control).
    SummaryAccessRestricted,
    /// 2313: Zoom failed to delete the meeting summary.
    SummaryDeleteFailed,
    /// 3000: AI Companion meeting summaries are disabled for the user.
    SummariesDisabled,
    /// 3001: the meeting (or meeting instance) does not exist.
    MeetingNotFound,
    /// 3161: the user may not host or schedule meetings.
    HostingNotAllowed,
    /// 3301: there is no recording for this meeting.
    RecordingNotFound,
    /// 3303: the meeting has not ended, so its recording cannot be deleted.
    MeetingNotEnded,
    /// 3309: not enough cloud storage to recover the recording.
    NotEnoughStorage,
    /// 3322: the meeting has no transcript (none was made, or it was deleted).
    TranscriptNotFound,
    /// 3310 or 3332 (the number differs by API version): the recording is used
    /// by a simulive webinar or IQ for Sales and cannot be deleted or trashed.
    RecordingInUse(u16),
    /// 4700: the access token is invalid (OAuth).
    InvalidToken,
    /// 4702 or 4704: the client ID or client secret is wrong.
    InvalidClient(u16),
    /// 4705: the grant type is not supported by the token endpoint.
    UnsupportedGrantType,
    /// 4706: the client ID, client secret or grant type is missing.
    MissingClientCredentials,
    /// 4711: the access token lacks the scopes this operation needs.
    MissingScopes,
    /// A code without a name here.
    Other(i64),
}

impl ZoomCode {
    /// Names `code`.
    pub fn from_number(code: i64) -> Self {
        match code {
            124 => Self::InvalidAccessToken,
            300 => Self::ValidationFailed,
            429 => Self::RateLimited,
            1001 => Self::UserNotFound,
            1010 => Self::UserNotInAccount,
            200 => Self::NotAvailableForAccount,
            2001 => Self::AccountNotFound,
            2305 => Self::SummaryAccessRestricted,
            2313 => Self::SummaryDeleteFailed,
            3000 => Self::SummariesDisabled,
            3001 => Self::MeetingNotFound,
            3161 => Self::HostingNotAllowed,
            3322 => Self::TranscriptNotFound,
            3301 => Self::RecordingNotFound,
            3303 => Self::MeetingNotEnded,
            3309 => Self::NotEnoughStorage,
            3310 => Self::RecordingInUse(3310),
            3332 => Self::RecordingInUse(3332),
            4700 => Self::InvalidToken,
            4702 => Self::InvalidClient(4702),
            4704 => Self::InvalidClient(4704),
            4705 => Self::UnsupportedGrantType,
            4706 => Self::MissingClientCredentials,
            4711 => Self::MissingScopes,
            other => Self::Other(other),
        }
    }

    /// The number Zoom sent.
    pub fn number(self) -> i64 {
        match self {
            Self::InvalidAccessToken => 124,
            Self::ValidationFailed => 300,
            Self::RateLimited => 429,
            Self::UserNotFound => 1001,
            Self::UserNotInAccount => 1010,
            Self::NotAvailableForAccount => 200,
            Self::AccountNotFound => 2001,
            Self::SummaryAccessRestricted => 2305,
            Self::SummaryDeleteFailed => 2313,
            Self::SummariesDisabled => 3000,
            Self::MeetingNotFound => 3001,
            Self::HostingNotAllowed => 3161,
            Self::TranscriptNotFound => 3322,
            Self::RecordingNotFound => 3301,
            Self::MeetingNotEnded => 3303,
            Self::NotEnoughStorage => 3309,
            Self::RecordingInUse(n) | Self::InvalidClient(n) => i64::from(n),
            Self::InvalidToken => 4700,
            Self::UnsupportedGrantType => 4705,
            Self::MissingClientCredentials => 4706,
            Self::MissingScopes => 4711,
            Self::Other(n) => n,
        }
    }

    /// Whether the code says the credentials or token are the problem.
    pub fn is_auth(self) -> bool {
        matches!(
            self,
            Self::InvalidAccessToken
                | Self::InvalidToken
                | Self::InvalidClient(_)
                | Self::UnsupportedGrantType
                | Self::MissingClientCredentials
                | Self::MissingScopes
        ) || (4700..=4799).contains(&self.number())
    }

    /// What a person should do about it, when there is something to say.
    pub fn advice(self) -> Option<&'static str> {
        Some(match self {
            Self::InvalidAccessToken | Self::InvalidToken => {
                "the access token was refused; check the app's credentials and that the app is activated"
            }
            Self::ValidationFailed => "fix the fields listed in the error and send again",
            Self::RateLimited => "slow down, or retry after the reset time",
            Self::UserNotFound | Self::UserNotInAccount => {
                "check the user id or email; it must belong to the account the app is installed on"
            }
            Self::AccountNotFound => "check the account id; use `me` for the app's own account",
            Self::RecordingNotFound => {
                "a numeric meeting id finds only the latest instance; pass the instance UUID for older ones"
            }
            Self::NotAvailableForAccount => "the account's plan or the app's role does not allow this; check the plan, the feature's settings and the app's permissions",
            Self::SummaryAccessRestricted => {
                "turn off \"Only share meeting summaries by email\" or allow this address in IP access control"
            }
            Self::SummaryDeleteFailed => "Zoom could not delete the summary; try again later",
            Self::SummariesDisabled => "enable \"Meeting Summary with AI Companion\" for the host",
            Self::MeetingNotFound => "check the meeting id or UUID; archive and summary operations need the instance UUID",
            Self::HostingNotAllowed => "the user may not host meetings; check their license and role",
            Self::TranscriptNotFound => {
                "the meeting has no transcript: none was made, or it was deleted"
            }
            Self::MeetingNotEnded => "wait until the meeting has ended and its recording is processed",
            Self::NotEnoughStorage => "free cloud storage (or raise the plan's limit) and recover again",
            Self::RecordingInUse(_) => "remove the recording from the simulive webinar or IQ for Sales first",
            Self::InvalidClient(_) => "check ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET",
            Self::UnsupportedGrantType | Self::MissingClientCredentials => {
                "use a Server-to-Server OAuth app and pass its account id, client id and client secret"
            }
            Self::MissingScopes => "add the missing scopes to the Zoom app and reactivate it",
            Self::Other(_) => return None,
        })
    }
}

impl fmt::Display for ZoomCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

#[cfg(test)]
mod tests {
    use super::ZoomCode;

    #[test]
    fn every_named_code_round_trips_through_its_number() {
        for n in [
            124, 200, 300, 429, 1001, 1010, 2001, 2305, 2313, 3000, 3001, 3161, 3301, 3303, 3309, 3310, 3322,
            3332, 4700, 4702, 4704, 4705, 4706, 4711,
        ] {
            let code = ZoomCode::from_number(n);
            assert!(!matches!(code, ZoomCode::Other(_)), "{n} has a name");
            assert_eq!(code.number(), n);
            assert!(code.advice().is_some(), "{n} has advice");
        }
        assert_eq!(ZoomCode::from_number(9999), ZoomCode::Other(9999));
        assert_eq!(ZoomCode::from_number(9999).number(), 9999);
    }

    #[test]
    fn auth_codes_are_told_apart_from_others() {
        assert!(ZoomCode::from_number(124).is_auth());
        assert!(ZoomCode::from_number(4703).is_auth());
        assert!(!ZoomCode::from_number(3301).is_auth());
    }
}
