//! Loopback fakes of the providers the notice channels call: small axum servers on
//! 127.0.0.1:0 that check each request's signature and shape as the real API would, keep one
//! message per client reference (a retry with the same reference is not a second message), and
//! can be told to fail, fail every other time, time out or answer slowly. The SMTP server is a
//! real one from npm (`server/tests/smtp-sink`, see [`smtp`]).

pub mod aliyun;
pub mod smtp;
pub mod tencent;
pub mod wechat;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use serde_json::Value;

/// How a fake answers the next requests.
#[derive(Default)]
pub struct Behaviour {
    /// Fail this many requests (with a retryable error), then work.
    fail_next: AtomicU32,
    /// Fail every other request (1st ok, 2nd fails, …): "half the time", deterministically.
    fail_half: AtomicBool,
    /// Refuse every request with a final error (a bad number, say).
    refuse: AtomicBool,
    /// Take the message, then never answer (the sender times out).
    hang: AtomicBool,
    /// Answer after this many milliseconds (before taking the message).
    delay_ms: AtomicU64,
    /// Take the message at once, answer after this many milliseconds (the window in which a
    /// sender that dies has handed the message over without hearing back).
    answer_delay_ms: AtomicU64,
    /// Requests seen, for `fail_half`.
    seen: AtomicU32,
}

/// What the fake does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Take the message and answer.
    Accept,
    /// Answer with a retryable error, without taking it.
    Fail,
    /// Answer with a final error, without taking it.
    Refuse,
    /// Take the message and never answer.
    Hang,
}

impl Behaviour {
    pub fn fail_next(&self, n: u32) {
        self.fail_next.store(n, Ordering::SeqCst);
    }
    pub fn fail_half(&self, on: bool) {
        self.fail_half.store(on, Ordering::SeqCst);
    }
    pub fn refuse(&self, on: bool) {
        self.refuse.store(on, Ordering::SeqCst);
    }
    pub fn hang(&self, on: bool) {
        self.hang.store(on, Ordering::SeqCst);
    }
    pub fn delay(&self, delay: Duration) {
        self.delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    pub fn answer_after_taking(&self, delay: Duration) {
        self.answer_delay_ms
            .store(delay.as_millis() as u64, Ordering::SeqCst);
    }

    /// Waits the answer delay (after a message was taken).
    pub async fn answer_delay(&self) {
        let delay = self.answer_delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
    }

    /// The verdict on the next (well-formed, correctly signed) request, after the delay.
    pub async fn next(&self) -> Verdict {
        let delay = self.delay_ms.load(Ordering::SeqCst);
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let n = self.seen.fetch_add(1, Ordering::SeqCst);
        if self.refuse.load(Ordering::SeqCst) {
            return Verdict::Refuse;
        }
        if self
            .fail_next
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
                left.checked_sub(1)
            })
            .is_ok()
        {
            return Verdict::Fail;
        }
        if self.fail_half.load(Ordering::SeqCst) && n % 2 == 1 {
            return Verdict::Fail;
        }
        if self.hang.load(Ordering::SeqCst) {
            return Verdict::Hang;
        }
        Verdict::Accept
    }
}

/// One message a fake took.
#[derive(Debug, Clone)]
pub struct Taken {
    /// Our client reference (the delivery's id).
    pub reference: String,
    /// The phone number, address or openid.
    pub to: String,
    /// The template code or id.
    pub template: String,
    /// The template's variables as sent (an object for Alibaba and WeChat, a list for Tencent).
    pub params: Value,
    /// The provider's id given back.
    pub provider_ref: String,
}

/// What a fake saw: every request, and the messages it took, one per client reference.
#[derive(Default)]
pub struct Ledger {
    /// Requests that reached the fake (any verdict, bad signatures too).
    pub requests: AtomicU32,
    /// Requests refused because the signature or the shape was wrong.
    pub rejected: AtomicU32,
    /// Requests that repeated a reference already taken (not a second message).
    pub duplicates: AtomicU32,
    taken: Mutex<BTreeMap<String, Taken>>,
    serial: AtomicU64,
}

impl Ledger {
    /// Takes `message` unless its reference was taken before; answers the provider id of the
    /// message (the first one's, for a repeat).
    pub fn take(&self, mut message: Taken, prefix: &str) -> String {
        let mut taken = self.taken.lock().unwrap();
        if let Some(first) = taken.get(&message.reference) {
            self.duplicates.fetch_add(1, Ordering::SeqCst);
            return first.provider_ref.clone();
        }
        let serial = self.serial.fetch_add(1, Ordering::SeqCst) + 1;
        message.provider_ref = format!("{prefix}{serial:08}");
        let id = message.provider_ref.clone();
        taken.insert(message.reference.clone(), message);
        id
    }

    /// The messages taken, by reference.
    pub fn taken(&self) -> BTreeMap<String, Taken> {
        self.taken.lock().unwrap().clone()
    }

    /// How many messages were taken (unique references).
    pub fn unique(&self) -> usize {
        self.taken.lock().unwrap().len()
    }

    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::SeqCst)
    }

    pub fn rejected(&self) -> u32 {
        self.rejected.load(Ordering::SeqCst)
    }

    pub fn duplicates(&self) -> u32 {
        self.duplicates.load(Ordering::SeqCst)
    }
}

/// Serves `router` on a free loopback port; answers its base address (`http://127.0.0.1:N`).
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, router).await.ok();
    });
    base
}

/// Waits (polling) until `check` holds, at most `limit`; panics with `what` otherwise.
pub async fn eventually<F, Fut>(limit: Duration, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = std::time::Instant::now();
    loop {
        if check().await {
            return;
        }
        assert!(start.elapsed() < limit, "not within {limit:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A running app whose notice channels point at fakes (`PORTAL_NOTIFY_FILE` written from
/// `toml`); its dispatcher is not running: tests call [`NotifyApp::drain`] with a chosen clock.
pub struct NotifyApp {
    pub base: String,
    pub db: sqlx::SqlitePool,
    pub state: portal_server::AppState,
    _dir: tempfile::TempDir,
}

/// Starts the app in demo mode with `toml` as its notify file.
pub async fn spawn(toml: &str) -> NotifyApp {
    use std::collections::HashMap;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notify.toml");
    std::fs::write(&file, toml).unwrap();
    let vars: HashMap<&str, String> = HashMap::from([
        ("PORTAL_ADDR", "127.0.0.1:0".to_owned()),
        (
            "PORTAL_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        (
            "PORTAL_DIST_DIR",
            dir.path().join("dist").display().to_string(),
        ),
        ("PORTAL_DEMO", "true".to_owned()),
        ("PORTAL_NOTIFY_FILE", file.display().to_string()),
        ("PORTAL_PUBLIC_URL", "https://portal.example.com".to_owned()),
    ]);
    let config = portal_server::Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let state = portal_server::prepare(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(portal_server::run(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    NotifyApp {
        base,
        db: state.db.clone(),
        state,
        _dir: dir,
    }
}

/// A row of the outbox, as the tests look at it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub id: i64,
    pub purpose: String,
    pub recipient: String,
    pub state: String,
    pub attempts: i64,
    pub provider_ref: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

/// A time of day outside quiet hours (now, or 08:00 China time when it is night in China now),
/// so that text messages are not held.
pub fn daytime() -> i64 {
    let now = chrono::Utc::now();
    portal_core::notify::quiet_hours_end(now)
        .unwrap_or(now)
        .timestamp()
        + 1
}

impl NotifyApp {
    /// A logged-in policyholder's browser (the demo shows the code; it is sent by SMS too).
    pub async fn policyholder(&self, phone: &str) -> crate::complaints::Session {
        let session = crate::complaints::Session {
            client: crate::helpers::new_client(),
            base: self.base.clone(),
        };
        let sent: Value = session
            .post("/api/v1/auth/otp", serde_json::json!({ "phone": phone }))
            .await
            .json()
            .await
            .unwrap();
        let code = sent["demo_code"].as_str().unwrap();
        let login = session
            .post(
                "/api/v1/auth/login",
                serde_json::json!({ "phone": phone, "code": code }),
            )
            .await;
        assert_eq!(login.status(), 200);
        session
    }

    /// The outbox's rows of `channel`, by id.
    pub async fn deliveries(&self, channel: &str) -> Vec<Delivery> {
        sqlx::query_as(
            "SELECT id, purpose, recipient, state, attempts, provider_ref, last_error, \
                    sent_at, delivered_at \
             FROM deliveries WHERE channel = ? ORDER BY id",
        )
        .bind(channel)
        .fetch_all(&self.db)
        .await
        .unwrap()
    }

    /// Runs the dispatcher from `start` (seconds), each tick at the next due time, until
    /// nothing is pending; answers the clock it stopped at and the ticks it took.
    pub async fn drain(&self, start: i64) -> (i64, usize) {
        let mut now = start;
        for ticks in 1..=500 {
            portal_server::notify::dispatcher::tick(&self.state, now)
                .await
                .unwrap();
            let next: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(next_attempt_at) FROM deliveries \
                 WHERE state IN ('queued', 'held', 'sending')",
            )
            .fetch_one(&self.db)
            .await
            .unwrap();
            match next {
                None => return (now, ticks),
                Some(next) => now = next.max(now + 1),
            }
        }
        panic!("the outbox did not drain in 500 ticks");
    }
}
