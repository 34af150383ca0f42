//! `cargo xtask install`: installs what is missing, skips what is there, says nothing when all is.
//!
//! Everything comes from the registries this network reaches (crates.io, npm, Debian): never a
//! tool that downloads its own binaries (no `npx playwright install`).

use std::path::Path;
use std::process::Command;

use crate::cmd::{self, Out, Result};

/// What a command needs besides the web build tools.
#[derive(Clone, Copy)]
pub struct Needs {
    /// Playwright (npm) and Debian chromium, for the end-to-end suite; chromedriver, for the web
    /// app's unit tests in the browser (wasm-bindgen-test-runner comes with wasm-bindgen-cli).
    pub browser: bool,
    /// wrk and the sqlite3 shell (it fills the KPI bench's database), for the benchmark.
    pub load_generator: bool,
    /// cargo-nextest, the reference tus client (npm) the server's API tests upload with and the
    /// SMTP server (npm) the email tests send to.
    pub test_runner: bool,
}

impl Needs {
    /// Everything.
    pub const ALL: Needs = Needs {
        browser: true,
        load_generator: true,
        test_runner: true,
    };
    /// Enough to build and run the portal.
    pub const RUN: Needs = Needs {
        browser: false,
        load_generator: false,
        test_runner: false,
    };
}

/// Installs every missing tool of `needs`; tries them all, then reports every failure.
pub fn install(out: &mut Out, needs: Needs) -> Result {
    let mut failures = Vec::new();
    let mut attempt = |result: Result| {
        if let Err(e) = result {
            failures.push(e);
        }
    };
    attempt(wasm_target(out));
    attempt(wasm_bindgen(out));
    attempt(npm_ci(out, "tools"));
    if needs.browser {
        attempt(npm_ci(out, "end2end"));
    }
    let mut debian = Vec::new();
    if needs.browser && !Path::new("/usr/bin/chromium").exists() {
        debian.push("chromium");
    }
    if needs.browser && !Path::new("/usr/bin/chromedriver").exists() {
        debian.push("chromium-driver");
    }
    if needs.load_generator && cmd::stdout_of(Command::new("which").arg("wrk")).is_none() {
        debian.push("wrk");
    }
    if needs.load_generator && cmd::stdout_of(Command::new("which").arg("sqlite3")).is_none() {
        debian.push("sqlite3");
    }
    attempt(apt_install(out, &debian));
    if needs.test_runner {
        attempt(npm_ci(out, "server/tests/tus-client"));
        attempt(npm_ci(out, "server/tests/smtp-sink"));
        // Not fatal: `test` falls back to `cargo test` without it.
        if let Err(e) = nextest(out) {
            out.say(&format!(
                "cargo-nextest unavailable ({e}); the tests will use cargo test"
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("install failed:\n  {}", failures.join("\n  ")))
    }
}

fn wasm_target(out: &mut Out) -> Result {
    let installed = cmd::stdout_of(Command::new("rustup").args(["target", "list", "--installed"]))
        .unwrap_or_default();
    if installed
        .lines()
        .any(|t| t.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    out.say("installing the wasm32-unknown-unknown target");
    out.run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

/// The CLI must be exactly the `wasm-bindgen` version in Cargo.lock, or the app's JS and wasm do not
/// fit together (`build-web` checks it too).
fn wasm_bindgen(out: &mut Out) -> Result {
    let wanted = locked_version("wasm-bindgen")?;
    let version = cmd::stdout_of(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    out.say(&format!(
        "installing wasm-bindgen-cli {wanted} (about 4 minutes)"
    ));
    let install = |out: &mut Out, locked: bool| {
        let mut install = cmd::cargo();
        install.args(["install", "wasm-bindgen-cli", "--version", &wanted]);
        if locked {
            install.arg("--locked");
        }
        out.run(&mut install)
    };
    // Some releases pin a dependency that was later yanked: then only an unlocked build works.
    install(out, true).or_else(|_| {
        out.say("retrying wasm-bindgen-cli without --locked");
        install(out, false)
    })
}

/// The version of `package` in the workspace's Cargo.lock.
pub fn locked_version(package: &str) -> Result<String> {
    locked_version_in(&cmd::root().join("Cargo.lock"), package)
}

/// The version of `package` in the Cargo.lock at `path`.
pub fn locked_version_in(path: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next().unwrap_or_default().trim();
            if let Some(v) = version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
            {
                return Ok(v.to_string());
            }
        }
    }
    Err(format!("{package} is not in {}", path.display()))
}

/// `npm ci` in `dir`, unless node_modules was installed from the current package-lock.json.
pub fn npm_ci(out: &mut Out, dir: &str) -> Result {
    let dir = cmd::root().join(dir);
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = modified(&dir.join("package-lock.json"));
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    if let (Some(lock), Some(installed)) = (lock, installed)
        && installed >= lock
    {
        return Ok(());
    }
    out.say(&format!("npm ci in {}", dir.display()));
    out.run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(&dir),
    )
}

fn apt_install(out: &mut Out, packages: &[&str]) -> Result {
    if packages.is_empty() {
        return Ok(());
    }
    out.say(&format!(
        "installing Debian packages: {}",
        packages.join(" ")
    ));
    let apt = |args: &[&str]| {
        let mut command = if cmd::is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    out.run(&mut apt(&["update"]))?;
    let mut args = vec!["install", "-y"];
    args.extend_from_slice(packages);
    out.run(&mut apt(&args))
}

fn nextest(out: &mut Out) -> Result {
    if cmd::stdout_of(cmd::cargo().args(["nextest", "--version"])).is_some() {
        return Ok(());
    }
    out.say("installing cargo-nextest");
    out.run(cmd::cargo().args(["install", "cargo-nextest", "--locked"]))
}
