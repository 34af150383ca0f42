//! A real SMTP server on loopback: `smtp-server` and `mailparser` from npm
//! (`server/tests/smtp-sink`, installed with `npm ci` when missing, as the tus client is). It
//! prints one JSON line per message received; [`Sink::mails`] are those lines.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The running sink (stopped when dropped).
pub struct Sink {
    pub port: u16,
    mails: Arc<Mutex<Vec<Value>>>,
    _child: Child,
}

impl Sink {
    /// The messages received so far.
    pub fn mails(&self) -> Vec<Value> {
        self.mails.lock().unwrap().clone()
    }
}

/// Installs (if needed) and starts the sink.
pub async fn start() -> Sink {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp-sink");
    if !dir.join("node_modules/smtp-server").exists() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefer-offline"])
            .current_dir(&dir)
            .status()
            .await;
        assert!(
            installed.is_ok_and(|s| s.success()),
            "npm ci in {} failed (the email tests need node and npm)",
            dir.display()
        );
    }
    let mut child = Command::new("node")
        .arg(dir.join("sink.mjs"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines
        .next_line()
        .await
        .unwrap()
        .expect("the sink prints its port");
    let port: u16 = serde_json::from_str::<Value>(&first).unwrap()["port"]
        .as_u64()
        .unwrap() as u16;
    let mails = Arc::new(Mutex::new(Vec::new()));
    let sink = mails.clone();
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Ok(mail) = serde_json::from_str::<Value>(&line) {
                sink.lock().unwrap().push(mail);
            }
        }
    });
    Sink {
        port,
        mails,
        _child: child,
    }
}

/// The `[email]` section pointing at the sink (plain SMTP on loopback, with a login).
pub fn toml(port: u16) -> String {
    format!(
        "[email]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"plain\"\n\
         username = \"portal\"\npassword = \"smtp-test-password\"\n\
         from = \"示例保险 <notices@insurer.example>\"\ntimeout_ms = 5000\n"
    )
}
