//! `zoom-archive`: archive, plan, prune, restore, verify and serve from the command line. A thin
//! layer over the `zoom_archiver` library: it parses flags, builds the job,
//! and shows its events. `zoom-archive --help` for everything.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use zoom_archiver::retention::{self, Verify};
use zoom_archiver::{Archiver, Filters, Include, Scope, Users, destination, verify};

use cli::args::{Cli, Command, RetentionArgs, RunArgs, Then, VerifyMode, users_text};
use cli::render::Render;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn")))
        .with_writer(std::io::stderr)
        .init();
    let render = Render::choose(cli.json, cli.quiet);
    match run(&cli, &render).await {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            render.finish();
            if cli.json {
                println!(
                    "{}",
                    serde_json::json!({"event": "error", "error": message, "exit_code": 1})
                );
            }
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli, render: &Render) -> Result<u8, String> {
    match &cli.command {
        Command::Verify(args) => {
            let store = destination::open(&args.dest.dest).map_err(|e| e.to_string())?;
            let report = verify(&*store, args.concurrency)
                .await
                .map_err(|e| e.to_string())?;
            render.verify_report(&report);
            Ok(report.exit_code())
        }
        Command::Archive(args) => archive(cli, render, args, Mode::Archive).await,
        Command::Plan(args) => archive(cli, render, args, Mode::Plan).await,
        Command::Prune(args) => {
            let mode = Mode::Prune {
                dry_run: args.dry_run,
            };
            archive(cli, render, &args.run, mode).await
        }
        Command::Serve(args) => {
            let then = retention_options(&args.retention, Mode::Archive)?;
            cli::serve::serve(args, then, cli.json, cli.fake_faults).await
        }
        Command::Restore(args) => {
            let store = destination::open(&args.dest.dest).map_err(|e| e.to_string())?;
            let zoom = cli::zoom::connect(cli.fake_faults).await?;
            let since = args.since.map(|d| d.format("%Y-%m-%d").to_string());
            let report = retention::restore(&zoom.client, &*store, since.as_deref(), args.dry_run)
                .await
                .map_err(|e| e.to_string())?;
            render.restore_report(&report);
            Ok(if report.failures.is_empty() && report.audit_damaged.is_empty() {
                0
            } else {
                2
            })
        }
    }
}

/// Which run over a scope.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Archive,
    Plan,
    Prune { dry_run: bool },
}

/// The retention options the flags ask for, confirmed when they delete.
fn retention_options(args: &RetentionArgs, mode: Mode) -> Result<Option<retention::Options>, String> {
    let dry_run = matches!(mode, Mode::Prune { dry_run: true });
    let then = match (args.then, mode) {
        (None, Mode::Prune { .. }) => Then::Trash,
        (None, _) => return Ok(None),
        (Some(_), Mode::Plan) => {
            return Err("plan changes nothing: use prune --dry-run to see what --then would remove".into());
        }
        (Some(then), _) => then,
    };
    if then == Then::Delete && !dry_run && !args.yes {
        use std::io::{BufRead, IsTerminal, Write};
        if !std::io::stdin().is_terminal() {
            return Err(
                "--then delete removes recordings at Zoom for good: confirm with --yes (or use --then trash)"
                    .into(),
            );
        }
        eprint!(
            "Delete at Zoom, for good, every recording verified in the destination? Type `delete` to go on: "
        );
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if answer.trim() != "delete" {
            return Err("not confirmed; nothing was deleted".into());
        }
    }
    Ok(Some(retention::Options {
        delete: then == Then::Delete,
        verify: match args.verify {
            VerifyMode::Metadata => Verify::Metadata,
            VerifyMode::Full => Verify::Full,
        },
        min_age_days: args.min_age,
        dry_run,
    }))
}

async fn archive(cli: &Cli, render: &Render, args: &RunArgs, mode: Mode) -> Result<u8, String> {
    let dry_run = mode != Mode::Archive;
    let retention = retention_options(&args.retention, mode)?;
    let users: Users = users_text(&args.users)?
        .parse()
        .map_err(|e| format!("--users: {e}"))?;
    let include: Include = args.include.parse().map_err(|e| format!("--include: {e}"))?;
    if let (Some(from), Some(to)) = (args.from, args.to)
        && from > to
    {
        return Err(format!("--from {from} is after --to {to}"));
    }
    let store = destination::open(&args.dest.dest).map_err(|e| e.to_string())?;
    let zoom = cli::zoom::connect(cli.fake_faults).await?;
    let to = args.to.unwrap_or(zoom.today);
    let mut scope = Scope::last_twelve_months(users, to);
    if let Some(from) = args.from {
        scope.from = from;
    }
    scope.include = include;
    scope.filters = Filters {
        file_types: args.types.clone(),
        recording_types: args.recording_types.clone(),
    };
    render.note(&format!(
        "{} {:?} from {} to {} {} {}",
        match mode {
            Mode::Archive => "Archiving",
            Mode::Plan => "Planning",
            Mode::Prune { .. } => "Pruning",
        },
        args.users,
        scope.from,
        scope.to,
        if dry_run { "against" } else { "into" },
        store.describe()
    ));
    let events = render.clone();
    let archiver = Archiver::new(zoom.client.clone(), store, scope)
        .concurrency(args.concurrency)
        .on_event(move |event| events.event(event));
    let outcome = match (mode, &retention) {
        (Mode::Plan, _) => archiver.plan().await.map(|r| (r, None)),
        (Mode::Archive, None) => archiver.archive().await.map(|r| (r, None)),
        (Mode::Archive, Some(options)) => archiver.archive_then(options).await.map(|(r, f)| (r, Some(f))),
        (Mode::Prune { .. }, options) => {
            let options = options.clone().unwrap_or_default();
            archiver.prune(&options).await.map(|(r, f)| (r, Some(f)))
        }
    };
    render.finish();
    let (report, freed) = outcome.map_err(|e| e.to_string())?;
    let mut code = report.exit_code();
    // A prune shows its listing's table only when the listing failed somewhere.
    if !matches!(mode, Mode::Prune { .. }) || !report.failures.is_empty() {
        render.report(&report);
    }
    if let Some(freed) = &freed {
        render.retention_report(freed);
        if !freed.failures.is_empty() {
            code = 2;
        }
    }
    drop(zoom);
    Ok(code)
}
