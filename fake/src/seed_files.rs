//! The files of a seeded meeting: which ones, their sizes and their quirks.

use chrono::{DateTime, Duration, Utc};

use crate::config::Config;
use crate::content::ContentKind;
use crate::model::RecFile;
use crate::rng::Rng;

/// Which set of files a meeting has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Profile {
    /// Still recording: files with `""` types, no size, no download URL.
    InProgress,
    /// 2021 style: MP4, M4A, CHAT, old-style TIMELINE and CC (no `id`).
    Classic,
    /// 2024 style: MP4, M4A, TRANSCRIPT, TIMELINE with `id`, sometimes CHAT and CC.
    Modern,
    /// Modern plus AI Companion SUMMARY files and participant audio.
    Companion,
    /// M4A and TRANSCRIPT only.
    AudioOnly,
}

impl Profile {
    pub(crate) fn random(rng: &mut Rng) -> Self {
        match rng.range(0, 9) {
            0 | 1 => Self::Classic,
            2..=6 => Self::Modern,
            7 | 8 => Self::Companion,
            _ => Self::AudioOnly,
        }
    }
}

struct Spec {
    file_type: &'static str,
    ext: &'static str,
    recording_type: &'static str,
    /// Old-style entry: no id, status, size, recording type, extension or play URL.
    old_style: bool,
    play_url: bool,
    size: u64,
}

fn spec(file_type: &'static str, ext: &'static str, recording_type: &'static str, size: u64) -> Spec {
    let play_url = !matches!(file_type, "TIMELINE" | "CC");
    Spec {
        file_type,
        ext,
        recording_type,
        old_style: false,
        play_url,
        size,
    }
}

/// A size for a media file: within the configured range.
fn media(cfg: &Config, rng: &mut Rng, divisor: u64) -> u64 {
    let lo = (cfg.file_size_min / divisor).max(1);
    let hi = (cfg.file_size_max / divisor).max(lo);
    rng.range(lo, hi)
}

/// A size for a text file: small, but never above the configured maximum.
fn text(cfg: &Config, rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    rng.range(lo.min(cfg.file_size_max), hi.min(cfg.file_size_max))
}

/// The recording files of one meeting.
pub(crate) fn files(
    cfg: &Config,
    rng: &mut Rng,
    start: DateTime<Utc>,
    minutes: u64,
    profile: Profile,
) -> Vec<RecFile> {
    let video = rng.pick(&[
        "shared_screen_with_speaker_view",
        "shared_screen_with_gallery_view",
        "active_speaker",
    ]);
    let mut specs = Vec::new();
    match profile {
        Profile::InProgress => {
            specs.push(spec("", "", "shared_screen_with_speaker_view", 0));
            specs.push(spec("", "", "audio_only", 0));
        }
        Profile::Classic => {
            specs.push(spec(
                "MP4",
                "MP4",
                "shared_screen_with_speaker_view",
                media(cfg, rng, 1),
            ));
            specs.push(spec("M4A", "M4A", "audio_only", media(cfg, rng, 4)));
            specs.push(spec("CHAT", "TXT", "chat_file", text(cfg, rng, 200, 4096)));
            let mut timeline = spec("TIMELINE", "JSON", "timeline", text(cfg, rng, 1024, 120_000));
            timeline.old_style = true;
            specs.push(timeline);
            let mut cc = spec("CC", "VTT", "closed_caption", text(cfg, rng, 2048, 90_000));
            cc.old_style = true;
            specs.push(cc);
        }
        Profile::Modern | Profile::Companion => {
            specs.push(spec("MP4", "MP4", video, media(cfg, rng, 1)));
            specs.push(spec("M4A", "M4A", "audio_only", media(cfg, rng, 4)));
            specs.push(spec(
                "TRANSCRIPT",
                "VTT",
                "audio_transcript",
                text(cfg, rng, 2048, 60_000),
            ));
            specs.push(spec(
                "TIMELINE",
                "JSON",
                "timeline",
                text(cfg, rng, 1024, 120_000),
            ));
            if profile == Profile::Companion || rng.chance(0.5) {
                specs.push(spec("CHAT", "TXT", "chat_file", text(cfg, rng, 200, 4096)));
            }
            if rng.chance(0.3) {
                specs.push(spec("CC", "VTT", "closed_caption", text(cfg, rng, 2048, 90_000)));
            }
            if profile == Profile::Companion {
                specs.push(spec("SUMMARY", "JSON", "summary", text(cfg, rng, 1024, 8192)));
                specs.push(spec(
                    "SUMMARY",
                    "JSON",
                    "summary_next_steps",
                    text(cfg, rng, 512, 4096),
                ));
            }
        }
        Profile::AudioOnly => {
            specs.push(spec("M4A", "M4A", "audio_only", media(cfg, rng, 4)));
            specs.push(spec(
                "TRANSCRIPT",
                "VTT",
                "audio_transcript",
                text(cfg, rng, 2048, 60_000),
            ));
        }
    }
    let rec_start = start + Duration::seconds(rng.range(3, 9) as i64);
    let rec_end = rec_start + Duration::seconds((minutes * 60).saturating_sub(rng.range(0, 30)) as i64);
    let processing = profile == Profile::InProgress;
    specs
        .into_iter()
        .map(|s| RecFile {
            id: rng.uuid(),
            expose_id: !s.old_style,
            file_type: s.file_type,
            file_extension: if s.old_style { None } else { Some(s.ext) },
            recording_type: (!s.old_style).then_some(s.recording_type),
            status: if s.old_style {
                None
            } else if processing {
                Some("processing")
            } else {
                Some("completed")
            },
            size: s.size,
            show_size: !s.old_style && !processing,
            play_url: s.play_url && !s.old_style,
            processing,
            file_name: None,
            start: rec_start,
            end: rec_end,
            trashed_at: None,
            purged: false,
        })
        .collect()
}

/// Separate audio files per participant (Companion meetings only).
pub(crate) fn participant_audio(
    cfg: &Config,
    rng: &mut Rng,
    start: DateTime<Utc>,
    minutes: u64,
    profile: Profile,
) -> Vec<RecFile> {
    if profile != Profile::Companion {
        return Vec::new();
    }
    let names = ["Alex Example", "Sam Sample", "Dana Demo"];
    let n = rng.range(2, 3) as usize;
    let rec_start = start + Duration::seconds(rng.range(3, 9) as i64);
    let rec_end = rec_start + Duration::seconds((minutes * 60) as i64);
    names[..n]
        .iter()
        .map(|name| RecFile {
            id: rng.uuid(),
            expose_id: true,
            file_type: "M4A",
            file_extension: None,
            recording_type: None,
            status: Some("completed"),
            size: media(cfg, rng, 8),
            show_size: true,
            play_url: true,
            processing: false,
            file_name: Some(format!("Audio only - {name}")),
            start: rec_start,
            end: rec_end,
            trashed_at: None,
            purged: false,
        })
        .collect()
}

/// `recording_count` and `total_size` the way Zoom reports them: SUMMARY files
/// are not counted, old-style entries add no size, in-progress meetings show 0.
pub(crate) fn counters(files: &[RecFile]) -> (u64, u64) {
    if files.iter().any(|f| f.processing) {
        return (0, 0);
    }
    let counted = files.iter().filter(|f| f.file_type != "SUMMARY");
    let count = counted.clone().count() as u64;
    let size = counted.filter(|f| f.show_size).map(|f| f.size).sum();
    (count, size)
}

/// What the bytes of a file look like; `None` when it has none yet.
pub(crate) fn content_kind(f: &RecFile) -> Option<ContentKind> {
    if f.processing {
        return None;
    }
    Some(match f.file_type {
        "MP4" => ContentKind::Mp4,
        "M4A" => ContentKind::M4a,
        "TRANSCRIPT" | "CC" => ContentKind::Vtt,
        "CHAT" => ContentKind::Txt,
        "CSV" => ContentKind::Csv,
        _ => ContentKind::Json,
    })
}
