//! `fake-zoom [--port N] [--file-port M] [--seed S] [--users U] [--meetings K]
//! [--history-days D] [--token-lifetime SECS] [--delay-ms MS] [--print-token]`: runs the fake until
//! interrupted (or told `quit`) and prints its URLs and credentials, then `ready`.
//!
//! `--delay-ms` delays every API request (`/v2/…`, not the token endpoint nor
//! downloads) by that long, like a distant Zoom. `--print-token` adds an
//! `access_token` line (a valid token issued without `/oauth/token`) and its
//! `expires_in`, for clients that cannot be pointed at the fake's token endpoint.
//!
//! While it runs it answers commands on standard input, one a line, each with one
//! JSON line on standard output (end of input just stops the commands):
//! - `stats`: requests received so far (`requests_total`, `recordings_list`, `oauth_token`);
//! - `listed FROM TO` (dates `yyyy-mm-dd`, inclusive): the UUIDs that listing the
//!   recordings of `me` over that range must return (not trashed, at least one
//!   live file or none at all);
//! - `quit`: exits.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use fake_zoom::{Config, FakeZoom, Fault, Matcher, Operation, Rule};
use serde_json::json;

const USAGE: &str = "usage: fake-zoom [--port N] [--file-port M] [--seed S] [--users U] [--meetings K] \
                     [--history-days D] [--token-lifetime SECS] [--delay-ms MS] [--print-token]";

/// What the command line asks for (access tokens live 3599 s unless
/// `--token-lifetime` says otherwise).
struct Args {
    config: Config,
    delay: Option<Duration>,
    token_lifetime: Duration,
    print_token: bool,
}

/// What the command line says: run the fake, or print the usage.
enum Parsed {
    Run(Box<Args>),
    Help,
}

/// The command line, or what is wrong with it (naming the option).
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut parsed = Args {
        config: Config::default(),
        delay: None,
        token_lifetime: Duration::from_secs(3599),
        print_token: false,
    };
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--print-token" => {
                parsed.print_token = true;
                continue;
            }
            _ => {}
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = |max: u64| -> Result<u64, String> {
            match value.parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(format!(
                    "{flag}: expected a whole number up to {max}, got {value:?}"
                )),
            }
        };
        let config = std::mem::take(&mut parsed.config);
        parsed.config = match flag.as_str() {
            "--port" => config.api_port(number(u16::MAX.into())? as u16),
            "--file-port" => config.file_host_port(number(u16::MAX.into())? as u16),
            "--seed" => config.seed(number(u64::MAX)?),
            "--users" => config.users(number(10_000)? as usize),
            "--meetings" => config.meetings(number(10_000_000)? as usize),
            "--history-days" => config.history_days(number(100_000)? as u32),
            "--token-lifetime" => {
                parsed.token_lifetime = Duration::from_secs(number(86_400 * 365)?.max(1));
                config
            }
            "--delay-ms" => {
                parsed.delay = Some(Duration::from_millis(number(600_000)?));
                config
            }
            _ => return Err(format!("unknown option {flag:?}")),
        };
    }
    Ok(Parsed::Run(Box::new(parsed)))
}

/// The answer to one line of standard input (`None` for a blank line).
fn answer(zoom: &FakeZoom, line: &str) -> Option<serde_json::Value> {
    let words: Vec<&str> = line.split_whitespace().collect();
    Some(match words.as_slice() {
        [] => return None,
        ["stats"] => json!({
            "requests_total": zoom.requests_total(),
            "recordings_list": zoom.requests(Operation::RecordingsList),
            "oauth_token": zoom.token_requests(),
        }),
        ["listed", from, to] => match (parse_date(from), parse_date(to)) {
            (Ok(from), Ok(to)) => json!({ "from": from, "to": to, "uuids": listed(zoom, from, to) }),
            (Err(e), _) | (_, Err(e)) => json!({ "error": e }),
        },
        ["quit"] => std::process::exit(0),
        _ => json!({ "error": format!("unknown command {line:?}: stats | listed FROM TO | quit") }),
    })
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("not a yyyy-mm-dd date: {s:?}"))
}

/// The UUIDs `GET /users/me/recordings` shows over `from..=to` (UTC dates):
/// not trashed, and with a live recording file (or no file at all).
fn listed(zoom: &FakeZoom, from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let Some(me) = zoom.users().into_iter().find(|u| u.is_me) else {
        return Vec::new();
    };
    zoom.meetings()
        .into_iter()
        .filter(|m| m.host_id == me.id && !m.trashed)
        .filter(|m| (from..=to).contains(&m.start_time.date_naive()))
        .filter(|m| {
            let mut files = m.files.iter().filter(|f| !f.participant_audio).peekable();
            files.peek().is_none() || files.any(|f| !f.trashed)
        })
        .map(|m| m.uuid)
        .collect()
}

fn print_banner(zoom: &FakeZoom, args: &Args) {
    println!("api_base_url   {}", zoom.api_base_url());
    println!("oauth_base_url {}", zoom.oauth_base_url());
    println!("file_host_url  {}", zoom.file_host_url());
    println!("account_id     {}", zoom.account_id());
    println!("client_id      {}", zoom.client_id());
    println!("client_secret  {}", zoom.client_secret());
    if args.print_token {
        println!("access_token   {}", zoom.issue_access_token());
        println!("expires_in     {}", args.token_lifetime.as_secs());
    }
    println!(
        "users          {}",
        zoom.users()
            .iter()
            .map(|u| format!("{} ({})", u.email, u.status.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("meetings       {}", zoom.meetings().len());
    println!("now            {}", zoom.now().to_rfc3339());
    println!("ready");
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return Ok(());
        }
        Err(problem) => {
            eprintln!("fake-zoom: {problem}\n{USAGE}");
            std::process::exit(2)
        }
    };
    let config = args.config.clone().token_lifetime(args.token_lifetime);
    let zoom = Arc::new(FakeZoom::start(config).await?);
    if let Some(delay) = args.delay {
        let every_api_request = Matcher::PathPrefix("/v2/".into());
        zoom.faults()
            .add(Rule::always(every_api_request, Fault::Delay(delay)));
    }
    print_banner(&zoom, &args);
    let commands = Arc::clone(&zoom);
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if let Some(out) = answer(&commands, &line) {
                println!("{out}");
            }
        }
    });
    std::future::pending::<()>().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        parse_args(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn bad_options_are_named() {
        let err = |args: &[&str]| parse(args).err().expect("an error");
        assert_eq!(err(&["--port"]), "--port needs a value");
        assert!(err(&["--meetings", "many"]).starts_with("--meetings: expected a whole number"));
        assert!(err(&["--port", "70000"]).contains("up to 65535"));
        assert_eq!(err(&["--speed", "1"]), "unknown option \"--speed\"");
        assert!(matches!(parse(&["--seed", "1", "--help"]), Ok(Parsed::Help)));
    }

    #[test]
    fn options_reach_the_arguments() {
        let Ok(Parsed::Run(args)) = parse(&["--delay-ms", "150", "--print-token", "--token-lifetime", "60"])
        else {
            panic!("a run");
        };
        assert_eq!(args.delay, Some(Duration::from_millis(150)));
        assert_eq!(args.token_lifetime, Duration::from_secs(60));
        assert!(args.print_token);
        let Ok(Parsed::Run(plain)) = parse(&[]) else {
            panic!("a run");
        };
        assert_eq!((plain.delay, plain.print_token), (None, false));
    }

    /// `listed` must agree with what `GET /users/me/recordings` answers over HTTP,
    /// window by window, after one of `me`'s meetings is trashed.
    #[tokio::test]
    async fn listed_is_what_the_listing_returns() {
        let zoom = FakeZoom::start(Config::default().seed(7).meetings(60).history_days(80))
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let token = zoom.issue_access_token();
        let me = zoom.users().into_iter().find(|u| u.is_me).unwrap();
        let mine = zoom
            .meetings()
            .into_iter()
            .find(|m| m.host_id == me.id && !m.trashed);
        let victim = mine.expect("a meeting of me").uuid;
        let encoded = percent_encoding::utf8_percent_encode(&victim, percent_encoding::NON_ALPHANUMERIC);
        let encoded =
            percent_encoding::utf8_percent_encode(&encoded.to_string(), percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let url = format!("{}/meetings/{encoded}/recordings", zoom.api_base_url());
        let trashed = http.delete(url).bearer_auth(&token).send().await.unwrap();
        assert!(trashed.status().is_success(), "trash: {}", trashed.status());

        let to = zoom.now().date_naive();
        let from = to - chrono::Duration::days(90);
        let expected: std::collections::HashSet<String> = listed(&zoom, from, to).into_iter().collect();
        assert!(!expected.is_empty() && !expected.contains(&victim));

        let mut over_http = std::collections::HashSet::new();
        let mut start = from;
        while start <= to {
            let end = (start + chrono::Duration::days(27)).min(to);
            let (a, b) = (start.to_string(), end.to_string());
            let url = format!("{}/users/me/recordings", zoom.api_base_url());
            let query = [("from", a.as_str()), ("to", b.as_str()), ("page_size", "300")];
            let page: serde_json::Value = http
                .get(url)
                .bearer_auth(&token)
                .query(&query)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(page["next_page_token"], "", "one page per window");
            for m in page["meetings"].as_array().unwrap() {
                over_http.insert(m["uuid"].as_str().unwrap().to_owned());
            }
            start = end.succ_opt().unwrap();
        }
        assert_eq!(expected, over_http);
        let others = zoom.meetings().into_iter().filter(|m| m.host_id != me.id).count();
        assert!(others > 0, "other users' meetings exist and are left out");
    }

    #[tokio::test]
    async fn commands_answer_one_json_line_each() {
        let zoom = FakeZoom::start(Config::default().seed(7)).await.unwrap();
        let to = zoom.now().date_naive();
        let out = answer(&zoom, &format!("listed 2020-01-01 {to}")).unwrap();
        let from = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        assert_eq!(
            out["uuids"].as_array().unwrap().len(),
            listed(&zoom, from, to).len()
        );
        assert_eq!(answer(&zoom, "stats").unwrap()["requests_total"], 0);
        assert!(answer(&zoom, "  ").is_none());
        let bad = answer(&zoom, "listed 2026-02-30 2026-03-01").unwrap();
        assert!(bad["error"].as_str().unwrap().contains("2026-02-30"));
        assert!(
            answer(&zoom, "bogus").unwrap()["error"]
                .as_str()
                .unwrap()
                .contains("bogus")
        );
    }
}
