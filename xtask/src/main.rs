//! Developer commands for the portal: `cargo xtask <command>`.
//!
//! Plain std and a few crates: every machine that can build the workspace can run these.

mod bench;
mod bench_upload;
mod cmd;
mod http;
mod install;
mod run;
mod server;
mod signal;
mod test;
mod web;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>

  install    install what is missing: wasm target, Trunk, wasm-bindgen, wasm-opt (npm),
             Playwright (npm), Debian chromium, wrk, cargo-nextest
  build-web  trunk build --release --offline into dist/, then .br and .gz of each asset
  run        install, build, start the server in demo mode and print the URL and accounts
  test       fmt, clippy, unit and API tests, bundle size, end-to-end suite; a summary at the end
  bench      first-load size and GET /api/v1/policies/{id} throughput and p99 against the budgets,
             then bench-upload
  bench-upload  1 GiB tus uploads over loopback: server memory growth and MiB/s against the budgets
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::install(&mut cmd::Out::stream(), install::Needs::ALL),
        Some("build-web") => web::build_web(&mut cmd::Out::stream()),
        Some("run") => run::run(),
        Some("test") => return test::test(),
        Some("bench") => bench::bench(),
        Some("bench-upload") => bench_upload::bench_upload(),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
