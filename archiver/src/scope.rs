//! What a run covers: which users, which days, which kinds of files, and
//! which of the extras (transcripts, summaries, metadata, participant audio).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use zoom_cloud_recording::types::RecordingFile;

/// Whose recordings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Users {
    /// The account's owner (`me`: Server-to-Server apps act as the owner).
    Me,
    /// Every user of the account, active and deactivated (`GET /users`).
    All,
    /// Active users only.
    Active,
    /// Deactivated users only (Zoom keeps their recordings).
    Inactive,
    /// These users, by id or email.
    Listed(Vec<String>),
}

/// A `--users` value that names nobody.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidUsers(pub String);

impl fmt::Display for InvalidUsers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid users {:?}: use me, all, active, inactive, or ids and emails separated by commas",
            self.0
        )
    }
}

impl std::error::Error for InvalidUsers {}

impl FromStr for Users {
    type Err = InvalidUsers;

    /// `me`, `all`, `active`, `inactive`, or `ID_OR_EMAIL,...` (a file of them,
    /// `@file`, is read by the command before this).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "me" => Ok(Self::Me),
            "all" => Ok(Self::All),
            "active" => Ok(Self::Active),
            "inactive" => Ok(Self::Inactive),
            list => {
                let users: Vec<String> = list
                    .split([',', '\n'])
                    .map(str::trim)
                    .filter(|u| !u.is_empty() && !u.starts_with('#'))
                    .map(str::to_owned)
                    .collect();
                if users.is_empty() || users.iter().any(|u| u.contains(char::is_whitespace)) {
                    return Err(InvalidUsers(text.to_owned()));
                }
                Ok(Self::Listed(users))
            }
        }
    }
}

/// What is archived beside the recording files listed for each meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Include {
    /// The meeting transcript (`GetMeetingTranscript`), as `transcript.vtt`.
    pub transcripts: bool,
    /// The AI Companion summary (`Getameetingsummary`), as `meeting_summary.json`.
    pub summaries: bool,
    /// The meeting as `recordingGet` returns it, secrets removed, as `meeting.json`.
    pub metadata: bool,
    /// Each participant's own audio track, which only `recordingGet` lists.
    pub participant_audio: bool,
}

impl Include {
    /// Everything.
    pub const ALL: Self = Self {
        transcripts: true,
        summaries: true,
        metadata: true,
        participant_audio: true,
    };
    /// Only the listed recording files.
    pub const NONE: Self = Self {
        transcripts: false,
        summaries: false,
        metadata: false,
        participant_audio: false,
    };

    /// Whether `recordingGet` is needed for each meeting.
    pub fn needs_details(&self) -> bool {
        self.metadata || self.participant_audio
    }
}

impl Default for Include {
    fn default() -> Self {
        Self::ALL
    }
}

/// An `--include` value with a part this tool does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidInclude(pub String);

impl fmt::Display for InvalidInclude {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown --include part {:?}: use transcripts, summaries, metadata, participant-audio, all or none",
            self.0
        )
    }
}

impl std::error::Error for InvalidInclude {}

impl FromStr for Include {
    type Err = InvalidInclude;

    /// A comma-separated list: `transcripts,summaries,metadata,participant-audio`, `all` or `none`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut include = Self::NONE;
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "all" => include = Self::ALL,
                "none" => {}
                "transcripts" | "transcript" => include.transcripts = true,
                "summaries" | "summary" => include.summaries = true,
                "metadata" => include.metadata = true,
                "participant-audio" | "participant_audio" => include.participant_audio = true,
                other => return Err(InvalidInclude(other.to_owned())),
            }
        }
        Ok(include)
    }
}

/// Which listed recording files to archive (case-insensitive names as Zoom
/// spells them); `None` keeps all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// File types: `MP4`, `M4A`, `TRANSCRIPT`, `CHAT`, `CC`, `CSV`, `TIMELINE`, `SUMMARY`, …
    pub file_types: Option<Vec<String>>,
    /// Recording types: `shared_screen_with_speaker_view`, `audio_only`, …
    pub recording_types: Option<Vec<String>>,
}

impl Filters {
    /// Whether `file` is selected. A file without the field a filter names is
    /// not selected by that filter.
    pub fn keeps(&self, file: &RecordingFile) -> bool {
        let file_type = file.file_type.as_ref().map(|t| t.as_str().to_owned());
        let recording_type = file.recording_type.as_ref().map(|t| t.as_str().to_owned());
        matches(&self.file_types, file_type.as_deref())
            && matches(&self.recording_types, recording_type.as_deref())
    }

    /// Whether a participant's audio track (file type `M4A`, no recording
    /// type) is selected: only the file-type filter applies to it.
    pub fn keeps_participant_audio(&self, file_type: Option<&str>) -> bool {
        matches(&self.file_types, Some(file_type.unwrap_or("M4A")))
    }
}

fn matches(wanted: &Option<Vec<String>>, actual: Option<&str>) -> bool {
    match (wanted, actual) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(wanted), Some(actual)) => wanted.iter().any(|w| w.eq_ignore_ascii_case(actual)),
    }
}

/// A whole run's scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// Whose recordings.
    pub users: Users,
    /// The first day (UTC, meetings that started on it included).
    pub from: NaiveDate,
    /// The last day (UTC, included).
    pub to: NaiveDate,
    /// Which listed files.
    pub filters: Filters,
    /// Which extras.
    pub include: Include,
}

impl Scope {
    /// `users` over `from..=to`, every file and every extra.
    pub fn new(users: Users, from: NaiveDate, to: NaiveDate) -> Self {
        Self {
            users,
            from,
            to,
            filters: Filters::default(),
            include: Include::ALL,
        }
    }

    /// From the same day a year before `today` to `today`.
    pub fn last_twelve_months(users: Users, today: NaiveDate) -> Self {
        let from = today.checked_sub_months(chrono::Months::new(12)).unwrap_or(today);
        Self::new(users, from, today)
    }
}

#[cfg(test)]
mod tests {
    use super::{Include, Users};

    #[test]
    fn users_are_parsed() {
        assert_eq!("all".parse::<Users>().unwrap(), Users::All);
        assert_eq!(
            " a@x.com, id2 ".parse::<Users>().unwrap(),
            Users::Listed(vec!["a@x.com".into(), "id2".into()])
        );
        assert!(",,".parse::<Users>().is_err());
        assert!("a b".parse::<Users>().is_err());
    }

    #[test]
    fn include_is_a_list_and_names_an_unknown_part() {
        let include: Include = "transcripts,participant-audio".parse().unwrap();
        assert!(include.transcripts && include.participant_audio && !include.summaries && !include.metadata);
        assert_eq!("all".parse::<Include>().unwrap(), Include::ALL);
        let error = "transcripts,videos".parse::<Include>().unwrap_err();
        assert!(error.to_string().contains("\"videos\""), "{error}");
    }
}
