//! Developer commands for the portal: `cargo xtask <command>`.
//!
//! Plain std and a few crates: every machine that can build the workspace can run these.

mod bench;
mod bench_kpi;
mod bench_live;
mod bench_upload;
mod bench_web;
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

  install    install what is missing: wasm target, wasm-bindgen, wasm-opt (npm),
             Playwright (npm), Debian chromium, wrk, cargo-nextest
  build-web  the web app split by route into dist/: cargo (wasm-release, --emit-relocs),
             wasm-split, wasm-bindgen, wasm-opt; JS, wasm and CSS in dist/pkg-<hash>/, index.html,
             public/, .br and .gz of each asset; prints each stage's time
             [--project DIR --package NAME [--bin NAME]]: another app laid out like the portal
             (index.html, style/, public/, Cargo.lock in DIR), built into DIR/dist
  run        install, build, start the server in demo mode and print the URL and accounts
  test       fmt, clippy, unit and API tests, bundle size, end-to-end suite; a summary at the end
  bench      chunk sizes; what Chromium transfers for /login, each deep link and the policies -> claim
             move, and Lighthouse on /login; GET /api/v1/policies/{id} throughput and p99; all against
             the budgets, then bench-kpi, bench-live and bench-upload
  bench-kpi  the supervisors' KPI endpoints over 100,000 closed cases: p50/p99 against the budget
  bench-upload  1 GiB tus uploads over loopback: server memory growth and MiB/s against the budgets
  bench-live 1,000 open event streams (server memory per stream, one notice to all of them) and
             deliveries per second through the outbox to a loopback fake SMS provider
";

/// `build-web` with no arguments: the portal; with `--project DIR --package NAME [--bin NAME]`:
/// another app (a spike) through the same pipeline.
fn build_web(args: &[String]) -> Result<(), String> {
    let mut out = cmd::Out::stream();
    if args.is_empty() {
        return web::build_web(&mut out);
    }
    let mut project = None;
    let mut package = None;
    let mut bin = None;
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n\n{USAGE}"))?;
        match flag.as_str() {
            "--project" => project = Some(value),
            "--package" => package = Some(value),
            "--bin" => bin = Some(value),
            _ => return Err(format!("unknown build-web option `{flag}`\n\n{USAGE}")),
        }
    }
    let (Some(project), Some(package)) = (project, package) else {
        return Err(format!(
            "build-web needs both --project and --package\n\n{USAGE}"
        ));
    };
    let dir = std::path::absolute(project).map_err(|e| format!("{project}: {e}"))?;
    let bin = bin.unwrap_or(package);
    let target_dir = dir.join("target/split");
    web::build(&mut out, &web::Project::at(&dir, package, bin, target_dir))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::install(&mut cmd::Out::stream(), install::Needs::ALL),
        Some("build-web") => build_web(&args[1..]),
        Some("run") => run::run(),
        Some("test") => return test::test(),
        Some("bench") => bench::bench(),
        Some("bench-upload") => bench_upload::bench_upload(),
        Some("bench-live") => bench_live::bench_live(),
        Some("bench-kpi") => bench_kpi::bench_kpi_alone(),
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
