//! `portal-server`: reads `PORTAL_*` settings and serves until SIGINT/SIGTERM.

use std::process::ExitCode;

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match portal_server::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("portal-server: {error}");
            return ExitCode::FAILURE;
        }
    };
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
