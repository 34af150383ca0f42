//! `cargo xtask test`: every check, one after the other; keeps going after a failure, prints a
//! summary table and ends with `N passed, N failed`.

use std::process::{Command, ExitCode};
use std::time::Instant;

use crate::cmd::{self, Out, Result};
use crate::install::{self, Needs};
use crate::server::{self, TestServer};
use crate::web;

/// The first-load budget the suite enforces (brotli bytes of index.html + CSS + main JS + main
/// wasm: what `/login` needs; the chunks of other routes are not in it).
pub const BUNDLE_LIMIT_BYTES: u64 = 200_000;

struct Outcome {
    name: &'static str,
    result: Result,
    seconds: f64,
}

struct Steps {
    /// In CI every command's output is streamed; otherwise it goes to a log per step.
    stream: bool,
    outcomes: Vec<Outcome>,
}

impl Steps {
    fn run(&mut self, name: &'static str, step: impl FnOnce(&mut Out) -> Result) -> bool {
        println!("==> {name}");
        let started = Instant::now();
        let log_dir = cmd::target_dir().join("xtask-logs");
        let mut out = if self.stream {
            Out::stream()
        } else {
            let _ = std::fs::create_dir_all(&log_dir);
            Out::to_file(&log_dir.join(format!("{name}.log"))).unwrap_or_else(|_| Out::stream())
        };
        let result = step(&mut out);
        let seconds = started.elapsed().as_secs_f64();
        if let Some(log) = out.log_path() {
            // The runner's own summary on success, the whole story (its end) on failure.
            let lines = if result.is_ok() { 3 } else { 150 };
            let tail = tail(&std::fs::read_to_string(log).unwrap_or_default(), lines);
            if !tail.is_empty() {
                println!("{tail}");
            }
            if result.is_err() {
                println!("(full log: {})", log.display());
            }
        }
        match &result {
            Ok(()) => println!("<== {name}: passed in {seconds:.1}s\n"),
            Err(e) => println!("<== {name}: FAILED in {seconds:.1}s: {e}\n"),
        }
        let passed = result.is_ok();
        self.outcomes.push(Outcome {
            name,
            result,
            seconds,
        });
        passed
    }

    fn skip(&mut self, name: &'static str, because: &str) {
        println!("==> {name}: not run, {because}\n");
        self.outcomes.push(Outcome {
            name,
            result: Err(format!("not run: {because}")),
            seconds: 0.0,
        });
    }
}

pub fn test() -> ExitCode {
    let stream = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let mut steps = Steps {
        stream,
        outcomes: Vec::new(),
    };
    let root = cmd::root();

    steps.run("install", |out| install::install(out, Needs::ALL));
    steps.run("fmt", |out| {
        out.run(
            cmd::cargo()
                .args(["fmt", "--all", "--check"])
                .current_dir(&root),
        )
    });
    steps.run("clippy", |out| {
        out.run(
            cmd::cargo()
                .args([
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--",
                    "-D",
                    "warnings",
                ])
                .current_dir(&root),
        )
    });
    steps.run("clippy-wasm", |out| {
        out.run(cmd::cargo().current_dir(&root).args([
            "clippy",
            "-p",
            "portal-web",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    steps.run("tests-core", |out| rust_tests(out, "portal-core"));
    steps.run("tests-server", |out| rust_tests(out, "portal-server"));
    steps.run("tests-xtask", |out| rust_tests(out, "xtask"));
    steps.run("tests-web", web_unit_tests);
    let web_built = steps.run("build-web", web::build_web);
    let server_built = steps.run("build-server", server::build);
    if web_built {
        steps.run("bundle-size", bundle_size);
    } else {
        steps.skip("bundle-size", "build-web failed");
    }
    if web_built && server_built {
        steps.run("end2end", end_to_end);
    } else {
        steps.skip("end2end", "a build failed");
    }
    summary(&steps.outcomes)
}

/// The web app's unit tests: natively (its plain logic), then in headless Chromium
/// (`src/browser_tests`: components, storage, the uploader against a fake network), run by
/// wasm-bindgen-test-runner with Debian's chromedriver and the capabilities in webdriver.json.
fn web_unit_tests(out: &mut Out) -> Result {
    let root = cmd::root();
    rust_tests(out, "portal-web")?;
    out.run(
        cmd::cargo()
            .args(["test", "-p", "portal-web", "--lib"])
            .args(["--target", "wasm32-unknown-unknown"])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env(
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                root.join("webdriver.json"),
            )
            // For the whole suite, on a busy machine (the default is 20 s).
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .current_dir(&root),
    )
}

/// nextest when it is there (it is installed by `install`), else cargo test.
fn rust_tests(out: &mut Out, package: &str) -> Result {
    let root = cmd::root();
    if cmd::stdout_of(cmd::cargo().args(["nextest", "--version"])).is_some() {
        out.run(
            cmd::cargo()
                .args(["nextest", "run", "-p", package, "--no-tests=warn"])
                .current_dir(&root),
        )
    } else {
        out.run(
            cmd::cargo()
                .args(["test", "-p", package])
                .current_dir(&root),
        )
    }
}

/// Prints every built file's brotli size and each route split's chunks; fails if the first load
/// (index.html, boot.js, the CSS, the main JS and its chunk loader, the main wasm) is above the
/// limit. The routes' own budgets are measured in Chromium by the end-to-end suite.
fn bundle_size(out: &mut Out) -> Result {
    let bundle = web::bundle()?;
    for line in web::size_lines(&bundle) {
        out.say(&line);
    }
    let total = bundle.first_load_total();
    out.say(&format!(
        "first load (brotli): {:.1} KB; limit {:.0} KB",
        kb(total),
        kb(BUNDLE_LIMIT_BYTES),
    ));
    if total > BUNDLE_LIMIT_BYTES {
        return Err(format!(
            "first load is {:.1} KB, above the {:.0} KB limit",
            kb(total),
            kb(BUNDLE_LIMIT_BYTES)
        ));
    }
    Ok(())
}

/// Kilobytes of 1000 bytes.
pub fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1000.0
}

/// The notice channels of the end-to-end server: email on, so the settings screen offers it and
/// takes an address. Nothing listens on the discard port, so a confirmation mail is retried
/// and never leaves the machine.
const E2E_NOTIFY: &str = "[email]\nhost = \"127.0.0.1\"\nport = 9\nsecurity = \"plain\"\n\
                          from = \"示例保险 <notices@insurer.example>\"\ntimeout_ms = 2000\n";

fn end_to_end(out: &mut Out) -> Result {
    let notify =
        std::env::temp_dir().join(format!("portal-e2e-notify-{}.toml", std::process::id()));
    std::fs::write(&notify, E2E_NOTIFY).map_err(|e| format!("{}: {e}", notify.display()))?;
    let notify_file = notify.display().to_string();
    let server = TestServer::start_with(&[("PORTAL_NOTIFY_FILE", &notify_file)])?;
    out.note(&format!(
        "server at {} (log {})",
        server.base_url,
        server.log.display()
    ));
    let result = out.run(
        Command::new("npx")
            .args(["playwright", "test"])
            .env("BASE_URL", &server.base_url)
            .current_dir(cmd::root().join("end2end")),
    );
    if result.is_err() {
        out.note(&format!(
            "--- the server's log (end) ---\n{}",
            server.log_tail(30)
        ));
    }
    drop(server);
    let _ = std::fs::remove_file(&notify);
    result
}

fn summary(outcomes: &[Outcome]) -> ExitCode {
    let passed = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let failed = outcomes.len() - passed;
    println!("{:<14} {:<7} {:>9}", "step", "result", "seconds");
    for outcome in outcomes {
        let result = if outcome.result.is_ok() {
            "passed"
        } else {
            "FAILED"
        };
        println!(
            "{:<14} {:<7} {:>9.1}",
            outcome.name, result, outcome.seconds
        );
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
