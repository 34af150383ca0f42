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

use crate::helpers::{TestApp, spawn_configured};

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

/// Starts the app in demo mode with `toml` as its notify file (`PORTAL_NOTIFY_FILE`), so that
/// its notice channels point at fakes; its dispatcher is not running: tests call
/// [`TestApp::drain`] with a chosen clock.
pub async fn spawn(toml: &str) -> TestApp {
    spawn_configured(
        |dir| {
            let file = dir.join("notify.toml");
            std::fs::write(&file, toml).unwrap();
            vec![
                ("PORTAL_NOTIFY_FILE", file.display().to_string()),
                ("PORTAL_PUBLIC_URL", "https://portal.example.com".to_owned()),
            ]
        },
        |_| {},
    )
    .await
}
