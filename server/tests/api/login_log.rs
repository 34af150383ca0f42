//! The real server binary's log after a login holds no code, no session token and no full
//! phone number, even at the most verbose level.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::helpers::{ZHANG_WEI, new_client};

/// Collects every line a child writes to one of its pipes.
fn collect(
    pipe: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    log: Arc<Mutex<String>>,
    listening: Option<tokio::sync::mpsc::Sender<String>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut lines = BufReader::new(pipe).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(tx) = &listening
                && line.contains("portal listening")
            {
                let _ = tx.send(line.clone()).await;
            }
            let mut log = log.lock().unwrap();
            log.push_str(&line);
            log.push('\n');
        }
    })
}

/// The port in the "portal listening" line (`url=http://127.0.0.1:PORT`, maybe with colours).
fn port_of(line: &str) -> u16 {
    let start = line.find("127.0.0.1:").unwrap() + "127.0.0.1:".len();
    line[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_login_leaves_no_code_token_or_phone_number_in_the_servers_log() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .env("PORTAL_ADDR", "127.0.0.1:0")
        .env("PORTAL_DATA_DIR", dir.path().join("data"))
        .env("PORTAL_DIST_DIR", &dist)
        .env("PORTAL_DEMO", "true")
        .env("PORTAL_LOG", "debug")
        .env_remove("PORTAL_NOTIFY_FILE")
        .env_remove("PORTAL_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let (tx, mut rx) = tokio::sync::mpsc::channel(1);
    let out = collect(
        child.stdout.take().unwrap(),
        Arc::clone(&log),
        Some(tx.clone()),
    );
    let err = collect(child.stderr.take().unwrap(), Arc::clone(&log), Some(tx));
    let line = tokio::time::timeout(Duration::from_secs(60), rx.recv())
        .await
        .expect("the server started")
        .expect("the server is listening");
    let base = format!("http://127.0.0.1:{}", port_of(&line));

    let client = new_client();
    let sent: Value = client
        .post(format!("{base}/api/v1/auth/otp"))
        .json(&json!({ "phone": ZHANG_WEI }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let code = sent["demo_code"].as_str().unwrap().to_owned();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "phone": ZHANG_WEI, "code": wrong }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "phone": ZHANG_WEI, "code": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let cookie = login
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let token = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, value)| value.to_owned())
        .unwrap();
    assert!(token.len() >= 16, "{cookie}");
    let me = client
        .get(format!("{base}/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let settings = client
        .get(format!("{base}/api/v1/me/notifications"))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), 200);

    child.start_kill().unwrap();
    child.wait().await.unwrap();
    out.await.unwrap();
    err.await.unwrap();
    let log = log.lock().unwrap().clone();
    assert!(log.contains("portal listening"), "{log}");
    assert!(log.lines().count() > 3, "the debug log was written: {log}");
    // Each line's timestamp (its first word) is left out of the search.
    let words: String = log
        .lines()
        .map(|line| line.split_once(' ').map_or("", |(_, rest)| rest))
        .collect::<Vec<_>>()
        .join("\n");
    // A decimal fraction (`elapsed=1.234567ms`) may hold any six digits by chance: not a code.
    let leaked = words
        .match_indices(code.as_str())
        .any(|(at, _)| !words[..at].ends_with('.'));
    assert!(!leaked, "the code is in the log:\n{log}");
    assert!(
        !log.contains(&token),
        "the session token is in the log:\n{log}"
    );
    assert!(
        !log.contains(ZHANG_WEI),
        "the phone number is in the log:\n{log}"
    );
}
