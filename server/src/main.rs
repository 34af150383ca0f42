//! `portal-server`: reads `PORTAL_*` settings and serves until SIGINT/SIGTERM, or runs a staff
//! account command (`portal-server staff add|disable|reset-password|list`, see [`portal_server::staff`]).

use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let staff = match args.split_first() {
        None => None,
        Some((first, rest)) if first == "staff" => match portal_server::staff::parse(rest) {
            Ok(command) => Some(command),
            Err(error) => {
                eprintln!("portal-server {error}\n{}", portal_server::staff::USAGE);
                return ExitCode::from(2);
            }
        },
        Some((first, _)) if first == "help" || first == "--help" || first == "-h" => {
            println!("{}", portal_server::staff::USAGE);
            return ExitCode::SUCCESS;
        }
        Some((first, _)) => {
            eprintln!(
                "portal-server: unknown command {first:?}\n{}",
                portal_server::staff::USAGE
            );
            return ExitCode::from(2);
        }
    };
    let config = match portal_server::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("portal-server: {error}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(command) = staff {
        let mut out = std::io::stdout().lock();
        return match portal_server::staff::run(&config, command, &mut out).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("portal-server staff: {error}");
                ExitCode::FAILURE
            }
        };
    }
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    match portal_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "portal-server stopped");
            ExitCode::FAILURE
        }
    }
}
