//! Workspace tasks.
//!
//! `cargo xtask generate` regenerates `sdk/src/generated.rs` from the spec and
//! the quirk patches; `cargo xtask generate --check` regenerates in memory and
//! exits non-zero with a unified diff when the committed file is stale.

use std::process::ExitCode;

use similar::TextDiff;

const USAGE: &str = "usage: cargo xtask generate [--check] [--verbose]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, flags) = match args.split_first() {
        Some((command, flags)) => (command.as_str(), flags),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut check = false;
    let mut verbose = false;
    for flag in flags {
        match flag.as_str() {
            "--check" => check = true,
            "--verbose" | "-v" => verbose = true,
            other => {
                eprintln!("unknown flag `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match command {
        "generate" => generate(check, verbose),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("unknown command `{other}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn generate(check: bool, verbose: bool) -> ExitCode {
    let root = codegen::workspace_root();
    let spec_path = root.join(codegen::SPEC_PATH);
    let out_path = root.join(codegen::GENERATED_PATH);
    let generated = match codegen::generate_from_path(&spec_path) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    if verbose {
        for outcome in &generated.patches {
            let what = match outcome.edits {
                0 => "not needed: the spec already agrees".to_owned(),
                n => format!("{n} edit(s)"),
            };
            eprintln!("patch {:<45} {what}", outcome.id);
        }
    }
    let committed = std::fs::read_to_string(&out_path).unwrap_or_default();
    if check {
        if committed == generated.source {
            eprintln!("{} is up to date", codegen::GENERATED_PATH);
            return ExitCode::SUCCESS;
        }
        let diff = TextDiff::from_lines(&committed, &generated.source);
        print!(
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("{} (committed)", codegen::GENERATED_PATH), "generated")
        );
        eprintln!(
            "error: {} is stale; run `cargo xtask generate` and commit the result",
            codegen::GENERATED_PATH
        );
        return ExitCode::FAILURE;
    }
    if committed == generated.source {
        eprintln!("{} is up to date", codegen::GENERATED_PATH);
        return ExitCode::SUCCESS;
    }
    if let Err(error) = std::fs::write(&out_path, &generated.source) {
        eprintln!("error: cannot write {}: {error}", out_path.display());
        return ExitCode::FAILURE;
    }
    let lines = generated.source.lines().count();
    eprintln!("wrote {} ({lines} lines)", codegen::GENERATED_PATH);
    ExitCode::SUCCESS
}
