//! Deterministic seeding: the same [`Config`] gives the same account, byte for byte.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::config::Config;
use crate::content::Blob;
use crate::model::{ArchiveMeeting, Meeting, NumStyle, User};
use crate::model_aic::{Summary, Transcript};
use crate::rng::Rng;
use crate::seed_extras::{self, Registrant};
use crate::seed_files::{self, Profile};
use crate::seed_users::{self, Drawn};
use crate::{seed_archive, seed_summaries, seed_transcripts};

/// Everything the fake starts with.
pub(crate) struct Seeded {
    pub account_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub users: Vec<User>,
    /// Most recent first.
    pub meetings: Vec<Meeting>,
    pub archive: Vec<ArchiveMeeting>,
    pub blobs: HashMap<String, Arc<Blob>>,
    pub registrants: HashMap<u64, Vec<Registrant>>,
    pub transcripts: Vec<Transcript>,
    /// Most recent first.
    pub summaries: Vec<Summary>,
}

const FIRST: &[&str] = &[
    "alex", "sam", "dana", "jordan", "casey", "riley", "morgan", "quinn",
];
const LAST: &[&str] = &["example", "sample", "demo", "test", "placeholder", "fixture"];
const TOPICS: &[&str] = &[
    "Weekly Platform Sync",
    "Design review: onboarding flow",
    "Customer onboarding call",
    "Quarterly planning offsite",
    "Finance month-end close",
    "Roadmap planning with AI Companion",
    "Community meetup",
    "Partner enablement webinar",
    "Board prep",
    "Incident retrospective",
    "1:1",
    "Sprint demo",
    // Topics are typed by people: archivers must keep these inside their folder.
    "../../etc/passwd",
    "Q3: plans/review? <draft> | \"final\" *",
    "CON",
    "A very long topic that keeps going because someone pasted the whole agenda into the meeting title field, \
     item one, item two, item three, item four, item five, item six, item seven, item eight, item nine, item ten",
];
pub(crate) const TIMEZONES: &[&str] = &[
    "America/New_York",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Europe/Madrid",
    "Asia/Tokyo",
    "America/Chicago",
    "Asia/Singapore",
    "Australia/Sydney",
];

/// Builds the seeded account.
pub(crate) fn seed(cfg: &Config) -> Seeded {
    let mut rng = Rng::new(cfg.seed, 1);
    let (account_id, client_id, client_secret) = match &cfg.credentials {
        Some((a, c, s)) => (a.clone(), c.clone(), s.clone()),
        None => (rng.url_safe(22), rng.url_safe(22), rng.alnum(32)),
    };
    let drawn = (0..cfg.users)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len() + i) % LAST.len()];
            let n = if i < FIRST.len() {
                String::new()
            } else {
                (i / FIRST.len()).to_string()
            };
            Drawn {
                id: rng.url_safe(22),
                first,
                last,
                n,
            }
        })
        .collect();
    let mut users = seed_users::users(cfg, drawn);

    // Only the drawn users host meetings (a pending user has none).
    let mut meetings = seed_meetings(cfg, &mut rng, cfg.users);
    seed_users::settle_logins(&mut users, &meetings);
    seed_summaries::add_smart_chapters(cfg, &mut meetings);
    let mut blobs = HashMap::new();
    for m in &meetings {
        for f in m.files.iter().chain(&m.participant_audio) {
            if let Some(kind) = seed_files::content_kind(f) {
                let blob = Blob::new(cfg.seed, &f.id, &m.uuid, f.size, kind);
                blobs.insert(f.id.clone(), Arc::new(blob));
            }
        }
    }
    let mut extra = Rng::new(cfg.seed, 2);
    for m in &mut meetings {
        m.settings = seed_extras::settings(m);
    }
    let mut archive = seed_extras::archive(cfg, &mut extra, &meetings, &users, &mut blobs);
    let registrants = seed_extras::registrants(&mut extra, &meetings, cfg.now);
    seed_archive::extend(cfg, &mut archive, &users, &mut blobs);
    let transcripts = seed_transcripts::transcripts(cfg, &meetings, &mut blobs);
    let summaries = seed_summaries::summaries(cfg, &meetings);
    Seeded {
        account_id,
        client_id,
        client_secret,
        users,
        meetings,
        archive,
        blobs,
        registrants,
        transcripts,
        summaries,
    }
}

fn seed_meetings(cfg: &Config, rng: &mut Rng, users: usize) -> Vec<Meeting> {
    let span = i64::from(cfg.history_days) * 86_400;
    let mut starts: Vec<DateTime<Utc>> = (0..cfg.meetings)
        .map(|_| cfg.now - Duration::seconds(rng.range(5400, span as u64) as i64))
        .collect();
    starts.sort_by(|a, b| b.cmp(a));

    let mut uuids = HashSet::new();
    let mut series: Vec<(usize, u64, String)> = Vec::new(); // (host, id, topic)
    let mut meetings = Vec::with_capacity(starts.len());
    for (k, mut start) in starts.into_iter().enumerate() {
        let host = if k == 0 {
            0
        } else {
            rng.range(0, users as u64 - 1) as usize
        };
        let recurring = series.iter().filter(|s| s.0 == host).count() > 0 && rng.chance(0.3);
        let (id, topic, kind) = if recurring {
            let mine: Vec<_> = series.iter().filter(|s| s.0 == host).collect();
            let s = rng.pick(&mine);
            (s.1, s.2.clone(), 8)
        } else {
            let id = if rng.chance(0.08) {
                rng.range(68_000_000_000_000, 68_999_999_999_999)
            } else {
                rng.range(81_000_000_000, 99_999_999_999)
            };
            let topic = rng.pick(TOPICS).to_string();
            series.push((host, id, topic.clone()));
            (id, topic, rng.pick(&[2, 2, 2, 1, 5, 8]))
        };
        let uuid = loop {
            let u = special_uuid(rng, k);
            if uuids.insert(u.clone()) {
                break u;
            }
        };
        let num_style = match k {
            3 => NumStyle::Str,
            4 => NumStyle::Float,
            0..=2 => NumStyle::Int,
            _ if rng.chance(0.08) => NumStyle::Str,
            _ if rng.chance(0.08) => NumStyle::Float,
            _ => NumStyle::Int,
        };
        let profile = match k {
            0 => Profile::InProgress,
            1 => Profile::Classic,
            2 => Profile::Companion,
            _ => Profile::random(rng),
        };
        if k == 0 {
            start = cfg.now - Duration::minutes(20);
        }
        let minutes = if k == 0 { 0 } else { rng.range(5, 95) };
        let files = seed_files::files(cfg, rng, start, minutes, profile);
        let participant_audio = seed_files::participant_audio(cfg, rng, start, minutes, profile);
        let (recording_count, total_size) = seed_files::counters(&files);
        let timezone = rng.pick(TIMEZONES);
        let mut m = Meeting {
            uuid,
            id,
            host,
            topic,
            kind,
            start,
            duration: minutes,
            timezone,
            share_token: format!("{}.{}", rng.url_safe(64), rng.url_safe(16)),
            password: rng.alnum(8),
            play_passcode: rng.url_safe(32),
            num_style,
            recording_count,
            total_size,
            undocumented: k == 5 || (k > 5 && rng.chance(0.05)),
            files,
            participant_audio,
            trashed_at: None,
            purged: false,
            settings: Default::default(),
        };
        if k == 6 {
            m.trashed_at = Some(cfg.now - Duration::days(2));
        }
        if k == 7
            && let Some(f) = m.files.iter_mut().find(|f| f.file_type == "M4A")
        {
            f.trashed_at = Some(cfg.now - Duration::days(1));
        }
        meetings.push(m);
    }
    meetings
}

/// UUIDs with the shapes that break clients: a leading `/`, a `//` and `+` inside,
/// forced on a few fixed positions so that small configs have them too.
fn special_uuid(rng: &mut Rng, k: usize) -> String {
    let u = rng.meeting_uuid();
    if k == 1 || k % 13 == 12 {
        format!("/{}", &u[1..])
    } else if k == 2 {
        format!("{}//{}+{}", &u[..7], &u[9..12], &u[13..])
    } else if k % 17 == 16 {
        format!("{}//{}", &u[..7], &u[9..])
    } else {
        u
    }
}
