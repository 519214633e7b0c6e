//! `zoom-archive`: archive, plan and verify from the command line. A thin
//! layer over the `zoom_archiver` library: it parses flags, builds the job,
//! and shows its events. `zoom-archive --help` for everything.

mod cli;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;
use zoom_archiver::{Archiver, Filters, Include, Scope, Users, destination, verify};

use cli::args::{Cli, Command, RunArgs, users_text};
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
        Command::Archive(args) => archive(cli, render, args, false).await,
        Command::Plan(args) => archive(cli, render, args, true).await,
    }
}

async fn archive(cli: &Cli, render: &Render, args: &RunArgs, dry_run: bool) -> Result<u8, String> {
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
        if dry_run { "Planning" } else { "Archiving" },
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
    let report = if dry_run {
        archiver.plan().await
    } else {
        archiver.archive().await
    };
    render.finish();
    let report = report.map_err(|e| e.to_string())?;
    render.report(&report);
    drop(zoom);
    Ok(report.exit_code())
}
