//! Seeded AI Companion meeting summaries, and the `summary_smart_chapters`
//! recording file of the meetings that have one.
//!
//! Every finished meeting with AI Companion files (`SUMMARY` recording files)
//! has a summary. Both come from streams of their own, so no other seeded value
//! moves.

use chrono::Duration;

use crate::config::Config;
use crate::model::{Meeting, RecFile};
use crate::model_aic::{EditedSummary, Summary, SummaryDetail};
use crate::rng::Rng;

const PEOPLE: &[&str] = &["Alex", "Sam", "Dana", "Jordan", "Casey"];
const OVERVIEWS: &[&str] = &[
    "The group reviewed progress since the last meeting and agreed on the next milestones.",
    "The team walked through open questions, settled the scope and split the follow-ups.",
    "Participants compared the latest numbers with the plan and chose what to cut.",
];
const DETAILS: &[(&str, &str)] = &[
    (
        "Status update",
        "Most items are on track; two are waiting on review.",
    ),
    (
        "Risks",
        "The release date depends on one vendor answering this week.",
    ),
    (
        "Decisions",
        "The group chose the simpler option and will revisit it next quarter.",
    ),
    (
        "Customer feedback",
        "Early users liked the new flow but asked for clearer errors.",
    ),
    ("Budget", "Spending is within plan; travel is slightly over."),
];
const STEPS: &[&str] = &[
    "send the revised plan to the group",
    "book a follow-up with the vendor",
    "update the tracker before Friday",
    "draft the announcement",
    "check the numbers with finance",
];

/// Whether a meeting has AI Companion recording files (and so a summary).
fn has_companion_files(m: &Meeting) -> bool {
    !m.files.iter().any(|f| f.processing) && m.files.iter().any(|f| f.recording_type == Some("summary"))
}

/// Adds a `summary_smart_chapters` file next to the other `SUMMARY` files.
pub(crate) fn add_smart_chapters(cfg: &Config, meetings: &mut [Meeting]) {
    let mut rng = Rng::new(cfg.seed, 11);
    for m in meetings.iter_mut().filter(|m| has_companion_files(m)) {
        let Some(summary) = m.files.iter().find(|f| f.recording_type == Some("summary")) else {
            continue;
        };
        let size = rng.range(512.min(cfg.file_size_max), 6144.min(cfg.file_size_max));
        let chapters = RecFile {
            id: rng.uuid(),
            recording_type: Some("summary_smart_chapters"),
            size,
            ..summary.clone()
        };
        m.files.push(chapters);
    }
}

fn picks<T: Copy>(rng: &mut Rng, items: &[T], n: usize) -> Vec<T> {
    let start = rng.range(0, items.len() as u64 - 1) as usize;
    (0..n.min(items.len()))
        .map(|i| items[(start + i) % items.len()])
        .collect()
}

/// The summaries of `meetings`, most recent first.
pub(crate) fn summaries(cfg: &Config, meetings: &[Meeting]) -> Vec<Summary> {
    let mut rng = Rng::new(cfg.seed, 12);
    let mut out = Vec::new();
    for m in meetings.iter().filter(|m| has_companion_files(m)) {
        let start = m.start + Duration::seconds(rng.range(5, 60) as i64);
        let end = m.start + Duration::minutes(m.duration as i64);
        let created = end + Duration::seconds(rng.range(60, 900) as i64);
        let overview = rng.pick(OVERVIEWS).to_owned();
        let n = rng_count(&mut rng);
        let details: Vec<SummaryDetail> = picks(&mut rng, DETAILS, n)
            .into_iter()
            .map(|(label, summary)| SummaryDetail {
                label: label.into(),
                summary: summary.into(),
            })
            .collect();
        let n = rng_count(&mut rng);
        let next_steps: Vec<String> = picks(&mut rng, STEPS, n)
            .into_iter()
            .map(|step| format!("{} will {step}.", rng.pick(PEOPLE)))
            .collect();
        let edited = rng.chance(0.25).then(|| EditedSummary {
            overview: format!("{overview} (Edited by the host.)"),
            details: details
                .iter()
                .map(|d| d.summary.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            next_steps: next_steps.iter().take(1).cloned().collect(),
        });
        let modified = match edited {
            Some(_) => created + Duration::hours(rng.range(1, 48) as i64),
            None => created,
        };
        let content = markdown(&overview, &details, &next_steps);
        out.push(Summary {
            meeting_uuid: m.uuid.clone(),
            start,
            end,
            created,
            modified,
            modified_by: m.host,
            title: format!("Meeting summary for {}", m.topic),
            overview,
            details,
            next_steps,
            edited,
            content,
            doc_id: rng.url_safe(22),
            trashed: false,
            deleted: false,
        });
    }
    out
}

fn rng_count(rng: &mut Rng) -> usize {
    rng.range(2, 3) as usize
}

/// The summary as Zoom's unified Markdown (`summary_content`).
fn markdown(overview: &str, details: &[SummaryDetail], next_steps: &[String]) -> String {
    let mut md = format!("## Key takeaways\n- {overview}\n\n## Discussed topics\n");
    for d in details {
        md.push_str(&format!("### {}\n{}\n\n", d.label, d.summary));
    }
    md.push_str("## Action items\n");
    for step in next_steps {
        md.push_str(&format!("- {step}\n"));
    }
    md
}
