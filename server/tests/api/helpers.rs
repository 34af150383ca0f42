//! Starting the app for a test, and the requests most tests make.

use std::collections::HashMap;
use std::path::Path;

use portal_server::notify::dispatcher::tick;
use portal_server::{AppState, Config, prepare, run};
use reqwest::{Client, Response};
use serde_json::{Value, json};
use sqlx::SqlitePool;
use tempfile::TempDir;

use crate::complaints::Session;

pub const ZHANG_WEI: &str = "13800138000";
pub const LI_NA: &str = "13900139000";

/// A running app with its own database (and, optionally, its own built web app).
pub struct TestApp {
    pub base: String,
    pub db: SqlitePool,
    /// What the handlers share (for running the sweeper).
    pub state: AppState,
    /// A client with a cookie store, like a browser.
    pub client: Client,
    _dir: TempDir,
}

/// Starts the app in demo mode with no web app built.
pub async fn spawn() -> TestApp {
    spawn_with_dist(|_| {}).await
}

/// Starts the app after `write_dist` has filled its dist directory.
pub async fn spawn_with_dist(write_dist: impl FnOnce(&Path)) -> TestApp {
    spawn_configured(
        |dir| {
            write_dist(&dir.join("dist"));
            Vec::new()
        },
        |_| {},
    )
    .await
}

/// Starts the app in demo mode in a fresh temporary directory (its `data` and `dist` below it).
/// `vars` gets that directory (to write a file there, say) and answers more `PORTAL_*`
/// variables, which win over the defaults; `adjust` changes the prepared state before the app
/// starts serving.
pub async fn spawn_configured(
    vars: impl FnOnce(&Path) -> Vec<(&'static str, String)>,
    adjust: impl FnOnce(&mut AppState),
) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let mut all: HashMap<&str, String> = HashMap::from([
        ("PORTAL_ADDR", "127.0.0.1:0".to_owned()),
        (
            "PORTAL_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("PORTAL_DIST_DIR", dist.display().to_string()),
        ("PORTAL_DEMO", "true".to_owned()),
    ]);
    all.extend(vars(dir.path()));
    let config = Config::from_lookup(|name| all.get(name).cloned()).unwrap();
    let mut state = prepare(config).await.unwrap();
    adjust(&mut state);
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(run(listener, state.clone(), std::future::pending()));
    TestApp {
        base,
        db,
        state,
        client: new_client(),
        _dir: dir,
    }
}

/// Starts the app on an existing data directory (a restart of the same deployment), with demo
/// mode on or off.
pub async fn spawn_on(data: &Path, demo: bool) -> TestApp {
    let data = data.display().to_string();
    spawn_configured(
        move |_| vec![("PORTAL_DATA_DIR", data), ("PORTAL_DEMO", demo.to_string())],
        |_| {},
    )
    .await
}

/// A browser-like client with its own cookie jar.
pub fn new_client() -> Client {
    Client::builder().cookie_store(true).build().unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Asks for a code; returns the response.
    pub async fn request_code(&self, phone: &str) -> Response {
        self.post("/api/v1/auth/otp", json!({ "phone": phone }))
            .await
    }

    /// Asks for a code and returns it (demo mode shows it).
    pub async fn demo_code(&self, phone: &str) -> String {
        let response = self.request_code(phone).await;
        assert_eq!(response.status(), 202);
        let body: Value = response.json().await.unwrap();
        body["demo_code"].as_str().unwrap().to_owned()
    }

    pub async fn submit_code(&self, phone: &str, code: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            json!({ "phone": phone, "code": code }),
        )
        .await
    }

    /// Logs a demo policyholder in; the client keeps the cookie.
    pub async fn log_in(&self, phone: &str) {
        let code = self.demo_code(phone).await;
        let response = self.submit_code(phone, &code).await;
        assert_eq!(response.status(), 200);
    }

    /// Logs a member of staff in with a password; returns the response.
    pub async fn staff_login(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/staff/login",
            json!({ "username": username, "password": password }),
        )
        .await
    }

    /// Runs a statement on the app's database (to move its clock back, say).
    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql).execute(&self.db).await.unwrap();
    }

    /// One number from the app's database.
    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.db).await.unwrap()
    }

    /// A logged-in policyholder's browser (its own cookie jar, not [`TestApp::client`]).
    pub async fn policyholder(&self, phone: &str) -> Session {
        Session::policyholder(self, phone).await
    }

    /// A demo member of staff's browser (`handler`, `supervisor`).
    pub async fn staff(&self, username: &str) -> Session {
        Session::staff(self, username).await
    }

    /// A browser with nobody logged in.
    pub fn anonymous(&self) -> Session {
        Session::anonymous(self)
    }

    /// The outbound rows of the outbox (not the inbox's), by id.
    pub async fn outbound(&self) -> Vec<OutboxRow> {
        self.outbox_rows("channel != 'inbox'", None).await
    }

    /// The outbox's rows of `channel`, by id.
    pub async fn deliveries(&self, channel: &str) -> Vec<OutboxRow> {
        self.outbox_rows("channel = ?", Some(channel)).await
    }

    async fn outbox_rows(&self, condition: &str, channel: Option<&str>) -> Vec<OutboxRow> {
        let sql = format!(
            "SELECT id, notice_id, channel, purpose, recipient, state, attempts, \
                    next_attempt_at, provider_ref, last_error, sent_at, delivered_at \
             FROM deliveries WHERE {condition} ORDER BY id"
        );
        let mut query = sqlx::query_as(&sql);
        if let Some(channel) = channel {
            query = query.bind(channel);
        }
        query.fetch_all(&self.db).await.unwrap()
    }

    /// Runs the dispatcher (which does not run by itself in these apps) from `start`, each tick
    /// at the earliest pending due time, until nothing is pending; answers the clock it stopped
    /// at and the ticks it took.
    pub async fn drain(&self, start: i64) -> (i64, usize) {
        let mut now = start;
        for ticks in 1..=500 {
            tick(&self.state, now).await.unwrap();
            let due: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(next_attempt_at) FROM deliveries \
                 WHERE state IN ('queued', 'held', 'sending')",
            )
            .fetch_one(&self.db)
            .await
            .unwrap();
            match due {
                None => return (now, ticks),
                Some(due) => now = now.max(due),
            }
        }
        panic!("the outbox did not drain in 500 ticks");
    }

    /// The ids of a policyholder's policies, straight from the database.
    pub async fn policy_ids_of(&self, phone: &str) -> Vec<i64> {
        sqlx::query_scalar(
            "SELECT p.id FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
             WHERE h.phone = ? ORDER BY p.id",
        )
        .bind(phone)
        .fetch_all(&self.db)
        .await
        .unwrap()
    }
}

/// A problem body, after checking the media type and the status.
pub async fn problem(response: Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    body
}

/// The code of the first field error.
pub fn field_code(problem: &Value, field: &str) -> Option<String> {
    problem["errors"]
        .as_array()?
        .iter()
        .find(|e| e["field"] == field)
        .and_then(|e| e["code"].as_str())
        .map(str::to_owned)
}

/// Starts the app in demo mode with the demo history (a year of closed cases with survey
/// answers) that the KPIs are computed from.
pub async fn spawn_with_history() -> TestApp {
    let app = spawn().await;
    assert!(portal_server::demo::seed_history(&app.db).await.unwrap());
    app
}

/// A row of the outbox, as the tests look at it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub notice_id: Option<i64>,
    pub channel: String,
    pub purpose: String,
    pub recipient: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: Option<i64>,
    pub provider_ref: Option<String>,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub delivered_at: Option<i64>,
}

/// 10:00 China time (02:00 UTC) tomorrow: outside quiet hours and after every row the test
/// wrote with the real clock. For the in-process fake senders, which do not look at the time.
pub fn tomorrow_at_ten_china() -> i64 {
    let now = chrono::Utc::now().timestamp();
    (now / 86_400 + 1) * 86_400 + 2 * 3600
}

/// Now, or just after 08:00 China time when it is night in China now: outside quiet hours, so
/// that text messages are not held, and close to the real clock that the loopback providers
/// check requests' signatures against.
pub fn daytime_now() -> i64 {
    let now = chrono::Utc::now();
    portal_core::notify::quiet_hours_end(now)
        .unwrap_or(now)
        .timestamp()
        + 1
}
