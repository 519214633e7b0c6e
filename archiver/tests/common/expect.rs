//! What the fake says an archive of its account must hold, computed from its
//! own accessors (never from the archiver's code).

use std::collections::{BTreeMap, BTreeSet};

use fake_zoom::{FakeZoom, FileInfo, MeetingInfo, TranscriptState, UserStatus};

use super::zoom::days;

/// The meetings a run over the fake's whole history lists for `hosts` (by
/// e-mail): not in the trash, started inside the run's days.
pub fn listed_meetings_of(zoom: &FakeZoom, hosts: &[String]) -> Vec<MeetingInfo> {
    let (from, to) = days(zoom);
    zoom.meetings()
        .into_iter()
        .filter(|m| hosts.contains(&m.host_email) && !m.trashed)
        .filter(|m| (from..=to).contains(&m.start_time.date_naive()))
        .collect()
}

/// The e-mails of the users `Users::All` covers: active and deactivated
/// (the pending user is not listed by it and has no recordings).
pub fn account_emails(zoom: &FakeZoom) -> Vec<String> {
    zoom.users()
        .into_iter()
        .filter(|u| u.status != UserStatus::Pending)
        .map(|u| u.email)
        .collect()
}

/// The listed meetings of every user `Users::All` covers.
pub fn listed_meetings(zoom: &FakeZoom) -> Vec<MeetingInfo> {
    listed_meetings_of(zoom, &account_emails(zoom))
}

/// The files of `meetings` that can be downloaded now (recording files and
/// participant audio, not processing, not in the trash).
pub fn downloadable(meetings: &[MeetingInfo]) -> Vec<FileInfo> {
    meetings
        .iter()
        .flat_map(|m| m.files.iter())
        .filter(|f| !f.processing && !f.trashed && !f.archive && f.download_url.is_some())
        .cloned()
        .collect()
}

/// The SHA-256 of each of `files`, as a multiset (hash → how many).
pub fn hashes_of_files<'a>(
    zoom: &FakeZoom,
    files: impl IntoIterator<Item = &'a FileInfo>,
) -> BTreeMap<String, usize> {
    count(files.into_iter().map(|f| {
        zoom.expected_file(&f.id)
            .unwrap_or_else(|| panic!("the fake serves {}", f.id))
            .sha256_hex
    }))
}

/// The SHA-256 of the ready transcript of each of `meetings` that has one.
pub fn transcript_hashes(zoom: &FakeZoom, meetings: &[MeetingInfo]) -> BTreeMap<String, usize> {
    count(meetings.iter().filter_map(|m| {
        let transcript = zoom.transcript(&m.uuid)?;
        (transcript.state == TranscriptState::Ready)
            .then(|| transcript.sha256_hex.expect("a ready transcript has bytes"))
    }))
}

/// The meetings of `meetings` whose transcript is in `state`.
pub fn transcripts_in(zoom: &FakeZoom, meetings: &[MeetingInfo], state: TranscriptState) -> usize {
    meetings
        .iter()
        .filter(|m| zoom.transcript(&m.uuid).is_some_and(|t| t.state == state))
        .count()
}

/// The meetings of `meetings` with a summary `Getameetingsummary` answers.
pub fn with_summary(zoom: &FakeZoom, meetings: &[MeetingInfo]) -> BTreeSet<String> {
    meetings
        .iter()
        .filter(|m| zoom.summary(&m.uuid).is_some_and(|s| !s.trashed))
        .map(|m| m.uuid.clone())
        .collect()
}

/// Adds `b` into `a`.
pub fn merge(mut a: BTreeMap<String, usize>, b: BTreeMap<String, usize>) -> BTreeMap<String, usize> {
    for (key, n) in b {
        *a.entry(key).or_insert(0) += n;
    }
    a
}

/// A multiset of `items`.
pub fn count(items: impl IntoIterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counted = BTreeMap::new();
    for item in items {
        *counted.entry(item).or_insert(0) += 1;
    }
    counted
}
