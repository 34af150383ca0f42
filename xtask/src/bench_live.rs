//! `cargo xtask bench-live`: the notices' figures.
//!
//! 1. 1,000 open event streams (`GET /api/v1/inbox/stream`) held by one server: the server's
//!    memory per stream (RSS growth / streams), and how long one new notice takes to reach all of
//!    them.
//! 2. Deliveries per second through the outbox: the server's SMS channel pointed at a loopback
//!    fake of Alibaba Cloud's SendSms (a few lines here: it answers `OK` with a `BizId` and counts
//!    the distinct `OutId`s, our client references), N queued text messages put in the outbox
//!    with the server stopped, then the time from the start until the fake has them all.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::bench::{log_in, verdict};
use crate::cmd::Result;
use crate::http;
use crate::server::TestServer;

const STREAMS: usize = 1_000;
/// Goal: an open page costs the server less than this (RSS).
const PER_STREAM_GOAL_KB: f64 = 64.0;
/// Goal: a notice reaches every open page within this.
const FAN_OUT_GOAL_MS: f64 = 2_000.0;
const DELIVERIES: usize = 2_000;
/// Goal: the outbox sends at least this many messages a second to a provider that answers at once.
const DELIVERIES_GOAL: f64 = 200.0;
const ZHANG_WEI: &str = "13800138000";

pub fn bench_live() -> Result {
    streams()?;
    deliveries()
}

/// The server's resident memory, in KiB, from `/proc/<pid>/status` (Linux).
fn rss_kib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Files a complaint as the cookie's policyholder (its registration is a notice).
fn file_complaint(addr: &str, cookie: &str, key: usize) -> Result {
    let headers = [("Cookie", cookie)];
    let prefill = http::request(addr, "GET", "/api/v1/complaints/prefill", &headers, None)?;
    let consumer = prefill.json()?["consumer"].clone();
    let body = serde_json::json!({
        "filed_as": "self",
        "consumer": consumer,
        "about": "客服中心",
        "category": "surrender_premium",
        "request": "请退还多收的保费。",
        "facts": "续期时多扣了一期保费。",
        "preferred_contact": "phone",
    })
    .to_string();
    let key = format!("bench-live-{}-{key}", std::process::id());
    let headers = [("Cookie", cookie), ("Idempotency-Key", key.as_str())];
    let filed = http::request(addr, "POST", "/api/v1/complaints", &headers, Some(&body))?;
    if filed.status != 201 {
        return Err(format!("filing: {} {}", filed.status, filed.body));
    }
    Ok(())
}

/// An open event stream: the socket and what has been read off it.
struct Stream {
    socket: TcpStream,
    seen: String,
}

impl Stream {
    fn open(addr: &str, cookie: &str) -> Result<Stream> {
        let mut socket = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
        socket
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(|e| e.to_string())?;
        write!(
            socket,
            "GET /api/v1/inbox/stream HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .map_err(|e| e.to_string())?;
        Ok(Stream {
            socket,
            seen: String::new(),
        })
    }

    /// Reads until `needle` has arrived.
    fn wait_for(&mut self, needle: &str) -> Result {
        let mut buffer = [0_u8; 4096];
        while !self.seen.contains(needle) {
            let n = self
                .socket
                .read(&mut buffer)
                .map_err(|e| format!("waiting for {needle:?}: {e}"))?;
            if n == 0 {
                return Err(format!("stream closed before {needle:?}: {}", self.seen));
            }
            self.seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        Ok(())
    }
}

fn streams() -> Result {
    println!("\n== {STREAMS} open event streams (GET /api/v1/inbox/stream)");
    let server = TestServer::start()?;
    let cookie = log_in(&server.addr, ZHANG_WEI)?;
    // One stream first, so the watcher task and the pools exist before the baseline.
    let mut first = Stream::open(&server.addr, &cookie)?;
    first.wait_for("event: ready")?;
    let before = rss_kib(server.pid()).ok_or("cannot read the server's RSS")?;
    let opened = Instant::now();
    let mut open = Vec::with_capacity(STREAMS);
    for _ in 0..STREAMS {
        let mut stream = Stream::open(&server.addr, &cookie)?;
        stream.wait_for("event: ready")?;
        open.push(stream);
    }
    let opening = opened.elapsed();
    let after = rss_kib(server.pid()).ok_or("cannot read the server's RSS")?;
    let per_stream = (after - before) / STREAMS as f64;
    verdict(
        "memory per open stream",
        per_stream <= PER_STREAM_GOAL_KB,
        &format!(
            "{per_stream:.1} KiB (server RSS {:.1} → {:.1} MiB with {STREAMS} streams, opened in {:.1} s), goal <= {PER_STREAM_GOAL_KB:.0} KiB",
            before / 1024.0,
            after / 1024.0,
            opening.as_secs_f64()
        ),
    );
    let filed = Instant::now();
    file_complaint(&server.addr, &cookie, 0)?;
    for stream in &mut open {
        stream.wait_for("event: notice")?;
    }
    let fan_out = filed.elapsed().as_secs_f64() * 1000.0;
    verdict(
        "one notice to every open stream",
        fan_out <= FAN_OUT_GOAL_MS,
        &format!(
            "{fan_out:.0} ms from the filing's request to the last of {STREAMS} streams (the watcher reads every 250 ms), goal <= {FAN_OUT_GOAL_MS:.0} ms"
        ),
    );
    drop(open);
    drop(first);
    drop(server);
    Ok(())
}

/// What the fake provider has received.
#[derive(Default)]
struct Received {
    requests: AtomicUsize,
    references: Mutex<HashSet<String>>,
}

/// A loopback fake of Alibaba Cloud's SendSms: every request answered `OK` at once (keep-alive).
fn fake_sms() -> Result<(String, Arc<Received>)> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let endpoint = format!(
        "http://{}/",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    let received = Arc::new(Received::default());
    let shared = Arc::clone(&received);
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            let received = Arc::clone(&shared);
            std::thread::spawn(move || serve_fake(socket, &received));
        }
    });
    Ok((endpoint, received))
}

fn serve_fake(socket: TcpStream, received: &Received) {
    let Ok(mut writer) = socket.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(socket);
    loop {
        let mut length = 0_usize;
        let mut line = String::new();
        // The request line and headers.
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0_u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body);
        let n = received.requests.fetch_add(1, Ordering::SeqCst);
        if let Some(reference) = body
            .split('&')
            .find_map(|pair| pair.strip_prefix("OutId="))
            .map(str::to_owned)
            && let Ok(mut references) = received.references.lock()
        {
            references.insert(reference);
        }
        let answer =
            format!(r#"{{"Code":"OK","Message":"OK","BizId":"bench-{n}","RequestId":"r{n}"}}"#);
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{answer}",
            answer.len()
        );
        if writer.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn deliveries() -> Result {
    println!("\n== deliveries through the outbox to a loopback fake SMS provider");
    if Command::new("sqlite3").arg("-version").output().is_err() {
        return Err(
            "the outbox bench needs the sqlite3 command (cargo xtask install installs it)".into(),
        );
    }
    let (endpoint, received) = fake_sms()?;
    let dir = std::env::temp_dir().join(format!("portal-bench-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = run_deliveries(&dir, &endpoint, &received);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_deliveries(dir: &Path, endpoint: &str, received: &Received) -> Result {
    let notify = dir.join("notify.toml");
    std::fs::write(
        &notify,
        format!(
            "[sms]\nprovider = \"aliyun\"\nendpoint = \"{endpoint}\"\nsign_name = \"示例保险\"\n\
             key_id = \"bench\"\nkey_secret = \"bench-secret\"\ntimeout_ms = 5000\n\n\
             [sms.templates.zh-CN]\nprogress = \"SMS_1\"\nsurvey = \"SMS_2\"\nlogin_code = \"SMS_3\"\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    let db = dir.join("portal.db");
    let url = format!("sqlite://{}", db.display());
    let notify_path = notify.display().to_string();
    let env = [
        ("PORTAL_DATABASE_URL", url.as_str()),
        ("PORTAL_NOTIFY_FILE", notify_path.as_str()),
    ];
    // One complaint writes one text message (its registration is a required step); it is the
    // model of the bench's rows.
    let server = TestServer::start_with(&env)?;
    let cookie = log_in(&server.addr, ZHANG_WEI)?;
    file_complaint(&server.addr, &cookie, 1)?;
    drop(server);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    // Urgent, so that quiet hours (21:00–08:00 China time) do not hold them during the bench.
    let sql = format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {DELIVERIES}) \
         INSERT INTO deliveries (notice_id, policyholder_id, channel, purpose, recipient, lang, urgent, \
             state, attempts, next_attempt_at, created_at, updated_at) \
         SELECT d.notice_id, d.policyholder_id, 'sms', 'notice', d.recipient, d.lang, 1, 'queued', 0, \
             {now}, {now}, {now} \
         FROM n, (SELECT * FROM deliveries WHERE channel = 'sms' ORDER BY id LIMIT 1) d;"
    );
    let mut child = Command::new("sqlite3")
        .arg(&db)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run sqlite3: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin for sqlite3")?
        .write_all(sql.as_bytes())
        .map_err(|e| format!("sqlite3: {e}"))?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() || !output.stderr.is_empty() {
        return Err(format!(
            "sqlite3 could not fill the outbox: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let already = received.references.lock().map(|r| r.len()).unwrap_or(0);
    let started = Instant::now();
    let server = TestServer::start_with(&env)?;
    let deadline = Duration::from_secs(300);
    let count = || received.references.lock().map(|r| r.len()).unwrap_or(0);
    while count() < already + DELIVERIES && started.elapsed() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let sent = count() - already;
    let requests = received.requests.load(Ordering::SeqCst);
    let rate = sent as f64 / elapsed;
    verdict(
        "deliveries per second",
        sent == DELIVERIES && rate >= DELIVERIES_GOAL,
        &format!(
            "{rate:.0}/s: {sent} of {DELIVERIES} queued text messages at the fake in {elapsed:.2} s from the server's start \
             ({requests} requests in all; default dispatch settings: batch 50, 8 at a time), goal >= {DELIVERIES_GOAL:.0}/s"
        ),
    );
    drop(server);
    Ok(())
}
