//! `fake-zoom --port N [--file-port M] [--seed S] [--meetings K]`: runs the fake
//! until interrupted and prints its URLs and credentials.

use fake_zoom::{Config, FakeZoom};

fn usage() -> ! {
    eprintln!("usage: fake-zoom [--port N] [--file-port M] [--seed S] [--meetings K]");
    std::process::exit(2)
}

fn parse_args() -> Config {
    let mut config = Config::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            usage();
        }
        let value = args.next().unwrap_or_else(|| usage());
        let number = |v: &str| v.parse::<u64>().unwrap_or_else(|_| usage());
        config = match flag.as_str() {
            "--port" => config.api_port(u16::try_from(number(&value)).unwrap_or_else(|_| usage())),
            "--file-port" => config.file_host_port(u16::try_from(number(&value)).unwrap_or_else(|_| usage())),
            "--seed" => config.seed(number(&value)),
            "--meetings" => config.meetings(number(&value) as usize),
            _ => usage(),
        };
    }
    config
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let zoom = FakeZoom::start(parse_args()).await?;
    println!("api_base_url   {}", zoom.api_base_url());
    println!("oauth_base_url {}", zoom.oauth_base_url());
    println!("file_host_url  {}", zoom.file_host_url());
    println!("account_id     {}", zoom.account_id());
    println!("client_id      {}", zoom.client_id());
    println!("client_secret  {}", zoom.client_secret());
    println!(
        "users          {}",
        zoom.users()
            .iter()
            .map(|u| format!("{} ({})", u.email, u.status.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("meetings       {}", zoom.meetings().len());
    std::future::pending::<()>().await;
    Ok(())
}
