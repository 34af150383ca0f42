//! The dispatcher against providers that misbehave: one that fails every other request, one
//! that takes the message and then never answers (the sender times out), one that always
//! fails, one that refuses; and the real server binary killed with SIGKILL while it sends, then
//! started again. Every delivery ends sent or dead, and no message reaches the deduping fake
//! twice: a retry carries the same client reference.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::complaints::own_complaint;
use crate::fakes::{self, aliyun, eventually, tencent, wechat};
use crate::helpers::{ZHANG_WEI, daytime_now, new_client};

/// Alibaba fails every other request: every text message is sent in the end, the attempts add
/// up to the requests, and each message was taken once.
#[tokio::test]
async fn a_provider_failing_half_the_time_still_gets_every_message_once() {
    let (fake, endpoint) = aliyun::start().await;
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    fake.behaviour.fail_half(true);
    for _ in 0..6 {
        me.file(own_complaint()).await;
    }
    let (_, ticks) = app.drain(daytime_now()).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms.len(), 6);
    assert!(sms.iter().all(|d| d.state == "sent"), "{sms:?}");
    assert!(sms.iter().any(|d| d.attempts > 1), "some had to be retried");
    let attempts: i64 = sms.iter().map(|d| d.attempts).sum();
    // The login code was one request (and one message) more.
    assert_eq!(attempts + 1, i64::from(fake.ledger.requests()));
    assert_eq!(fake.ledger.unique(), 7);
    assert_eq!(fake.ledger.duplicates(), 0);
    assert_eq!(fake.ledger.rejected(), 0);
    assert!(ticks > 1);
}

/// Tencent takes the messages and never answers: the sender times out, the deliveries are
/// queued again; once the provider answers, the retries carry the same SessionContext and the
/// fake recognises them: one message each, and the delivery keeps the first SerialNo.
#[tokio::test]
async fn a_provider_that_times_out_is_retried_without_a_second_message() {
    let (fake, endpoint) = tencent::start().await;
    let app = fakes::spawn(&tencent::toml(&endpoint, 400)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    for _ in 0..3 {
        me.file(own_complaint()).await;
    }
    fake.behaviour.hang(true);
    let start = daytime_now();
    portal_server::notify::dispatcher::tick(&app.state, start)
        .await
        .unwrap();
    let sms = app.deliveries("sms").await;
    assert!(
        sms.iter().all(|d| d.state == "queued" && d.attempts == 1),
        "{sms:?}"
    );
    assert!(sms.iter().all(|d| {
        d.last_error
            .as_deref()
            .is_some_and(|e| e.contains("timed out"))
    }));
    assert_eq!(
        fake.ledger.unique(),
        4,
        "the provider took them (and the login code)"
    );

    fake.behaviour.hang(false);
    app.drain(start + 1).await;
    let sms = app.deliveries("sms").await;
    let taken = fake.ledger.taken();
    for d in &sms {
        assert_eq!(d.state, "sent");
        assert_eq!(d.attempts, 2);
        assert_eq!(
            d.provider_ref.as_deref(),
            Some(taken[&d.id.to_string()].provider_ref.as_str())
        );
    }
    assert_eq!(fake.ledger.unique(), 4);
    assert_eq!(fake.ledger.duplicates(), 3);
}

/// A provider that always fails: dead after the maximum attempts (8), with backoff between
/// them; one that refuses the number: dead after one.
#[tokio::test]
async fn failures_end_in_dead_letters() {
    let (fake, endpoint) = aliyun::start().await;
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    fake.behaviour.fail_next(1_000);
    me.file(own_complaint()).await;
    let start = daytime_now();
    let (end, ticks) = app.drain(start).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms[0].state, "dead");
    assert_eq!(sms[0].attempts, 8);
    assert_eq!(ticks, 8);
    assert!(
        sms[0]
            .last_error
            .as_deref()
            .unwrap()
            .contains("isv.BUSINESS_LIMIT_CONTROL")
    );
    // Seven waits of at least half of 10 s, 20 s, … (capped at an hour), quiet hours aside.
    assert!(
        end - start >= (5 + 10 + 20 + 40 + 80 + 160 + 320),
        "{}",
        end - start
    );

    fake.behaviour.fail_next(0);
    fake.behaviour.refuse(true);
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms[1].state, "dead");
    assert_eq!(sms[1].attempts, 1);
    assert!(
        sms[1]
            .last_error
            .as_deref()
            .unwrap()
            .contains("MOBILE_NUMBER_ILLEGAL")
    );
    for d in &sms {
        let error = d.last_error.as_deref().unwrap();
        assert!(!error.contains(ZHANG_WEI), "no phone number in {error}");
        assert!(!error.contains(aliyun::SECRET), "no secret in {error}");
    }
    assert_eq!(fake.ledger.unique(), 1, "only the login code was taken");
}

/// The real server binary, its dispatcher sending WeChat messages to a fake that takes each
/// message at once and answers 250 ms later, is killed with SIGKILL while it waits for an
/// answer: the crash window (taken by the provider, not recorded). Started again on the same
/// database, it sends what was left, the row it held in `sending` once its lease ran out, with
/// the same client reference: every delivery ends sent, the fake recognised the repeat, and it
/// got each message once.
#[tokio::test]
async fn kill_9_during_dispatch_then_restart_sends_everything_once() {
    let (fake, api) = wechat::start().await;
    fake.behaviour
        .answer_after_taking(Duration::from_millis(250));
    let dir = tempfile::tempdir().unwrap();
    let notify = dir.path().join("notify.toml");
    std::fs::write(&notify, wechat::toml(&api)).unwrap();

    let (mut server, base) = start_server(dir.path()).await;
    let me = crate::complaints::Session {
        client: new_client(),
        base: base.clone(),
    };
    let sent: Value = me
        .post("/api/v1/auth/otp", json!({ "phone": ZHANG_WEI }))
        .await
        .json()
        .await
        .unwrap();
    let login = me
        .post(
            "/api/v1/auth/login",
            json!({ "phone": ZHANG_WEI, "code": sent["demo_code"] }),
        )
        .await;
    assert_eq!(login.status(), 200);
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("data/portal.db").display()
    ))
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, wechat, wechat_openid, updated_at) \
         SELECT id, 1, 'oZhangWei-openid', 0 FROM policyholders WHERE phone = ? \
         ON CONFLICT (policyholder_id) DO UPDATE SET wechat = 1, wechat_openid = excluded.wechat_openid",
    )
    .bind(ZHANG_WEI)
    .execute(&db)
    .await
    .unwrap();

    const N: usize = 8;
    for _ in 0..N {
        me.file(own_complaint()).await;
    }
    eventually(
        Duration::from_secs(20),
        "the dispatcher started sending",
        || async { fake.ledger.requests() >= 2 },
    )
    .await;
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    let sent_before: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE channel = 'wechat' AND state = 'sent'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(
        (sent_before as usize) < N,
        "killed while sending ({sent_before} of {N} sent)"
    );
    let in_flight: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM deliveries WHERE channel = 'wechat' AND state = 'sending'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(
        in_flight >= 1,
        "a delivery was being sent when the server died"
    );
    let taken_before = fake.ledger.unique();
    assert!(
        taken_before > sent_before as usize,
        "one was taken but not recorded"
    );

    let (_server, _base) = start_server(dir.path()).await;
    eventually(
        Duration::from_secs(60),
        "every delivery was sent",
        || async {
            let pending: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM deliveries WHERE channel = 'wechat' AND state <> 'sent'",
            )
            .fetch_one(&db)
            .await
            .unwrap();
            pending == 0
        },
    )
    .await;
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, state FROM deliveries WHERE channel = 'wechat' ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(rows.len(), N);
    let taken = fake.ledger.taken();
    assert_eq!(taken.len(), N, "one message per delivery");
    assert!(
        fake.ledger.duplicates() >= 1,
        "the message in the crash window was sent again, and recognised"
    );
    for (id, _) in &rows {
        assert!(
            taken.contains_key(&id.to_string()),
            "delivery {id} reached WeChat"
        );
    }
}

/// Starts the server binary on a free port with the data and notify file under `dir`, the
/// dispatcher sending one message at a time with a 2 s lease; answers it once it is healthy.
async fn start_server(dir: &std::path::Path) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("PORTAL_DATA_DIR", dir.join("data"))
        .env("PORTAL_DIST_DIR", &dist)
        .env("PORTAL_DEMO", "true")
        .env("PORTAL_NOTIFY_FILE", dir.join("notify.toml"))
        .env("PORTAL_PUBLIC_URL", "https://portal.example.com")
        .env("PORTAL_DISPATCH_LEASE_SECS", "2")
        .env("PORTAL_DISPATCH_POLL_MS", "50")
        .env("PORTAL_DISPATCH_CONCURRENCY", "1")
        .env("PORTAL_DISPATCH_BATCH", "2")
        .env("PORTAL_DISPATCH_BACKOFF_BASE_MS", "100")
        .env("PORTAL_DISPATCH_BACKOFF_CAP_MS", "500")
        .env_remove("PORTAL_DATABASE_URL")
        .env_remove("PORTAL_DEMO_HISTORY")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    eventually(Duration::from_secs(60), "the server is up", || async {
        client
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    })
    .await;
    (child, base)
}
