//! The release server, started for `run`, `test` and `bench`.

use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::cmd::{self, Out, Result};
use crate::{http, signal};

/// `cargo build --release -p portal-server`.
pub fn build(out: &mut Out) -> Result {
    out.run(cmd::cargo().args(["build", "--release", "-p", "portal-server"]))
}

/// A server on a free loopback port with a fresh data directory, in demo mode; stopped and its
/// data removed on drop.
pub struct TestServer {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
    /// The server's stdout and stderr.
    pub log: PathBuf,
    scratch: PathBuf,
}

impl TestServer {
    /// Starts the release binary and waits until `/api/v1/health` answers 200.
    pub fn start() -> Result<TestServer> {
        TestServer::start_with(&[])
    }

    /// As [`TestServer::start`], with more `PORTAL_*` variables.
    pub fn start_with(env: &[(&str, &str)]) -> Result<TestServer> {
        let port = free_port()?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let scratch =
            std::env::temp_dir().join(format!("portal-xtask-{}-{nanos}", std::process::id()));
        let data = scratch.join("data");
        std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
        let log = scratch.join("server.log");
        let log_file = File::create(&log).map_err(|e| e.to_string())?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let addr = format!("127.0.0.1:{port}");
        let mut command = Command::new(binary());
        command
            .current_dir(cmd::root())
            .env("PORTAL_ADDR", &addr)
            .env("PORTAL_DATA_DIR", &data)
            .env(
                "PORTAL_DATABASE_URL",
                format!("sqlite://{}/portal.db", data.display()),
            )
            .env("PORTAL_DIST_DIR", cmd::root().join("dist"))
            .env("PORTAL_DEMO", "true")
            // The suite logs the demo people in many times a minute from one address.
            .env("PORTAL_OTP_RESEND_SECS", "0")
            .env("PORTAL_OTP_PER_PHONE_HOURLY", "100000")
            .env("PORTAL_OTP_PER_ADDRESS_HOURLY", "100000")
            .envs(env.iter().copied())
            .stdout(log_file)
            .stderr(log_err);
        let child = command
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", cmd::describe(&command)))?;
        let mut server = TestServer {
            child,
            base_url: format!("http://{addr}"),
            addr,
            log,
            scratch,
        };
        server.wait_healthy(Duration::from_secs(60))?;
        Ok(server)
    }

    fn wait_healthy(&mut self, within: Duration) -> Result {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "the server exited at start ({status}):\n{}",
                    self.log_tail(40)
                ));
            }
            if is_healthy(&self.addr) {
                return Ok(());
            }
            if started.elapsed() > within {
                return Err(format!(
                    "no healthy server after {within:?}:\n{}",
                    self.log_tail(40)
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last `lines` lines of the server's log.
    pub fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        stop(&mut self.child);
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Asks the server to shut down gracefully; kills it if it has not after ten seconds.
pub fn stop(child: &mut Child) {
    signal::terminate(child.id());
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether `GET /api/v1/health` answers 200.
pub fn is_healthy(addr: &str) -> bool {
    http::request(addr, "GET", "/api/v1/health", &[], None).is_ok_and(|r| r.status == 200)
}

/// The release binary of portal-server.
pub fn binary() -> PathBuf {
    cmd::target_dir().join("release").join("portal-server")
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}
