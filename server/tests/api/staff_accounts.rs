//! Staff accounts: the `portal-server staff` commands run as the real binary against a
//! deployment's data directory, first passwords set with the one-time setup code, and demo
//! accounts that exist only while demo mode is on.

use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::process::Command;

use crate::helpers::{TestApp, field_code, new_client, problem, spawn_on};

const PASSWORD: &str = "correct horse battery";

/// A deployment: a data directory that the CLI and the server share.
struct Deployment {
    dir: TempDir,
}

impl Deployment {
    fn new() -> Deployment {
        Deployment {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// Runs `portal-server staff <args>` with only `PORTAL_DATA_DIR` set.
    async fn staff(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_portal-server"))
            .arg("staff")
            .args(args)
            .env_clear()
            .env("PORTAL_DATA_DIR", self.data())
            .stdin(Stdio::null())
            .output()
            .await
            .unwrap()
    }

    /// Runs a command that prints a setup code, and returns the code.
    async fn code(&self, args: &[&str]) -> String {
        let output = self.staff(args).await;
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {stdout} {}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
            .lines()
            .find_map(|line| line.strip_prefix("one-time setup code: "))
            .unwrap()
            .trim()
            .to_owned()
    }

    async fn add(&self, username: &str, role: &str) -> String {
        self.code(&[
            "add",
            "--username",
            username,
            "--name",
            "李明",
            "--role",
            role,
        ])
        .await
    }

    /// `staff list`'s state of a username.
    async fn state_of(&self, username: &str) -> String {
        let output = self.staff(&["list"]).await;
        assert!(output.status.success());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let line = stdout
            .lines()
            .find(|line| line.split_whitespace().next() == Some(username))
            .unwrap_or_else(|| panic!("{username} not in {stdout}"));
        ["waiting for a password", "disabled", "active"]
            .into_iter()
            .find(|state| line.ends_with(state))
            .unwrap_or_else(|| panic!("no state in {line:?}"))
            .to_owned()
    }

    async fn start(&self, demo: bool) -> TestApp {
        spawn_on(&self.data(), demo).await
    }
}

async fn set_password(
    app: &TestApp,
    username: &str,
    code: &str,
    password: &str,
) -> reqwest::Response {
    app.post(
        "/api/v1/auth/staff/password",
        json!({ "username": username, "code": code, "password": password }),
    )
    .await
}

/// A browser of its own, logged in with a password.
async fn logged_in(app: &TestApp, username: &str, password: &str) -> reqwest::Client {
    let client = new_client();
    let response = client
        .post(app.url("/api/v1/auth/staff/login"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    client
}

async fn me_status(app: &TestApp, client: &reqwest::Client) -> u16 {
    client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn staff_added_on_the_command_line_sets_a_password_with_the_code_once_and_logs_in() {
    let deployment = Deployment::new();
    let code = deployment.add("li.ming", "supervisor").await;
    assert_eq!(
        deployment.state_of("li.ming").await,
        "waiting for a password"
    );
    let app = deployment.start(false).await;

    // No password works before one is set: the same 401 as a wrong one.
    let refused = problem(app.staff_login("li.ming", "").await, 422).await;
    assert_eq!(
        field_code(&refused, "password").as_deref(),
        Some("required")
    );
    let refused = problem(app.staff_login("li.ming", PASSWORD).await, 401).await;
    assert_eq!(refused["code"], "credentials_wrong");

    // Too short, in the person's language.
    let short = app
        .client
        .post(app.url("/api/v1/auth/staff/password"))
        .header("accept-language", "en")
        .json(&json!({ "username": "li.ming", "code": code, "password": "short-pass" }))
        .send()
        .await
        .unwrap();
    let short = problem(short, 422).await;
    assert_eq!(
        field_code(&short, "password").as_deref(),
        Some("password_too_short")
    );
    assert_eq!(
        short["errors"][0]["message"],
        "The password needs at least 12 characters."
    );
    let short = problem(
        set_password(&app, "li.ming", &code, "十一个字符的密码不够长").await,
        422,
    )
    .await;
    assert_eq!(short["errors"][0]["message"], "密码至少需要 12 个字符。");

    // A wrong code, another username, or a malformed body: refused, never a 500.
    for (username, typed) in [
        ("li.ming", "AAAA-BBBB-CCCC-DDDD"),
        ("handler", code.as_str()),
    ] {
        let wrong = problem(set_password(&app, username, typed, PASSWORD).await, 422).await;
        assert_eq!(
            field_code(&wrong, "code").as_deref(),
            Some("setup_code_invalid")
        );
    }
    let empty = problem(set_password(&app, "", "", PASSWORD).await, 422).await;
    assert_eq!(field_code(&empty, "username").as_deref(), Some("required"));
    assert_eq!(field_code(&empty, "code").as_deref(), Some("required"));
    problem(
        app.post("/api/v1/auth/staff/password", json!({ "username": 1 }))
            .await,
        400,
    )
    .await;

    // The code as typed: lower case and without dashes is the same code. It works once.
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(
        set_password(&app, "li.ming", &typed, PASSWORD)
            .await
            .status(),
        204
    );
    let again = problem(
        set_password(&app, "li.ming", &code, "another good password").await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&again, "code").as_deref(),
        Some("setup_code_invalid")
    );

    let me: Value = app
        .staff_login("li.ming", PASSWORD)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["kind"], "staff");
    assert_eq!(me["role"], "supervisor");
    assert_eq!(me["name"], "李明");
    assert_eq!(deployment.state_of("li.ming").await, "active");
    // Only a hash of the password is stored, and no code is left.
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM staff WHERE username = 'li.ming' AND password_hash LIKE '$argon2id$%' \
             AND setup_code_hash IS NULL AND setup_salt IS NULL AND setup_expires_at IS NULL"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_staff_setup_code_expires_after_a_day() {
    let deployment = Deployment::new();
    let code = deployment.add("zhao", "handler").await;
    let app = deployment.start(false).await;
    let lifetime = app
        .scalar("SELECT setup_expires_at - created_at FROM staff WHERE username = 'zhao'")
        .await;
    assert_eq!(lifetime, 24 * 3600);
    app.exec(
        "UPDATE staff SET setup_expires_at = strftime('%s', 'now') - 1 WHERE username = 'zhao'",
    )
    .await;
    let expired = problem(set_password(&app, "zhao", &code, PASSWORD).await, 422).await;
    assert_eq!(
        field_code(&expired, "code").as_deref(),
        Some("setup_code_invalid")
    );
    assert_eq!(deployment.state_of("zhao").await, "waiting for a password");
}

#[tokio::test]
async fn a_staff_password_reset_refuses_the_old_password_and_its_new_code_works_once() {
    let deployment = Deployment::new();
    let code = deployment.add("chen", "handler").await;
    let app = deployment.start(false).await;
    assert_eq!(
        set_password(&app, "chen", &code, PASSWORD).await.status(),
        204
    );
    let browser = logged_in(&app, "chen", PASSWORD).await;
    assert_eq!(me_status(&app, &browser).await, 200);

    let new_code = deployment
        .code(&["reset-password", "--username", "chen"])
        .await;
    assert_ne!(new_code, code);
    assert_eq!(deployment.state_of("chen").await, "waiting for a password");
    assert_eq!(
        me_status(&app, &browser).await,
        401,
        "the reset ends sessions"
    );
    problem(app.staff_login("chen", PASSWORD).await, 401).await;
    // The first code is dead.
    let old = problem(
        set_password(&app, "chen", &code, "a brand new password").await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&old, "code").as_deref(),
        Some("setup_code_invalid")
    );

    assert_eq!(
        set_password(&app, "chen", &new_code, "a brand new password")
            .await
            .status(),
        204
    );
    let twice = problem(
        set_password(&app, "chen", &new_code, "yet another password").await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&twice, "code").as_deref(),
        Some("setup_code_invalid")
    );
    problem(app.staff_login("chen", PASSWORD).await, 401).await;
    assert_eq!(
        app.staff_login("chen", "a brand new password")
            .await
            .status(),
        200
    );
    problem(app.staff_login("chen", "yet another password").await, 401).await;
}

#[tokio::test]
async fn a_disabled_staff_account_cannot_log_in_and_its_session_ends() {
    let deployment = Deployment::new();
    let code = deployment.add("sun", "handler").await;
    let waiting = deployment.add("qian", "supervisor").await;
    let app = deployment.start(false).await;
    assert_eq!(
        set_password(&app, "sun", &code, PASSWORD).await.status(),
        204
    );
    let browser = logged_in(&app, "sun", PASSWORD).await;
    assert_eq!(me_status(&app, &browser).await, 200);

    let output = deployment.staff(&["disable", "--username", "sun"]).await;
    assert!(output.status.success());
    assert_eq!(me_status(&app, &browser).await, 401);
    let refused = problem(app.staff_login("sun", PASSWORD).await, 401).await;
    assert_eq!(refused["code"], "credentials_wrong");

    // A disabled account's code is dead too.
    let output = deployment.staff(&["disable", "--username", "qian"]).await;
    assert!(output.status.success());
    let dead = problem(set_password(&app, "qian", &waiting, PASSWORD).await, 422).await;
    assert_eq!(
        field_code(&dead, "code").as_deref(),
        Some("setup_code_invalid")
    );

    let _ = deployment.add("wu", "handler").await;
    assert_eq!(deployment.state_of("sun").await, "disabled");
    assert_eq!(deployment.state_of("qian").await, "disabled");
    assert_eq!(deployment.state_of("wu").await, "waiting for a password");
    let list = deployment.staff(&["list"]).await;
    let list = String::from_utf8(list.stdout).unwrap();
    assert!(
        list.lines()
            .any(|l| l.contains("wu") && l.contains("handler") && l.contains("李明"))
    );
}

#[tokio::test]
async fn staff_commands_refuse_bad_input_with_a_reason() {
    let deployment = Deployment::new();
    let _ = deployment.add("zhou", "handler").await;
    let cases: [(&[&str], &str); 5] = [
        (
            &[
                "add",
                "--username",
                "zhou",
                "--name",
                "周",
                "--role",
                "handler",
            ],
            "exists already",
        ),
        (
            &["add", "--username", "x", "--name", "X", "--role", "boss"],
            "--role",
        ),
        (&["disable", "--username", "nobody"], "no staff account"),
        (
            &["reset-password", "--username", "nobody"],
            "no staff account",
        ),
        (&["remove", "--username", "zhou"], "unknown command"),
    ];
    for (args, reason) in cases {
        let output = deployment.staff(args).await;
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert!(
            output.stdout.is_empty()
                || !String::from_utf8_lossy(&output.stdout).contains("setup code")
        );
    }
}

#[tokio::test]
async fn demo_staff_accounts_exist_only_while_demo_mode_is_on() {
    let deployment = Deployment::new();
    let demo = deployment.start(true).await;
    let browser = logged_in(&demo, "handler", "handler-demo").await;
    assert_eq!(me_status(&demo, &browser).await, 200);

    // A restart without demo mode disables them and ends their sessions.
    let real = deployment.start(false).await;
    for (username, password) in [
        ("handler", "handler-demo"),
        ("supervisor", "supervisor-demo"),
    ] {
        let refused = problem(real.staff_login(username, password).await, 401).await;
        assert_eq!(refused["code"], "credentials_wrong");
        assert_eq!(deployment.state_of(username).await, "disabled");
    }
    assert_eq!(me_status(&demo, &browser).await, 401);
    // A real account made meanwhile is not a demo account.
    let code = deployment.add("real", "supervisor").await;
    assert_eq!(
        set_password(&real, "real", &code, PASSWORD).await.status(),
        204
    );

    // With demo mode again they are back; the real account stays as it was.
    let demo_again = deployment.start(true).await;
    assert_eq!(
        demo_again
            .staff_login("handler", "handler-demo")
            .await
            .status(),
        200
    );
    assert_eq!(demo_again.staff_login("real", PASSWORD).await.status(), 200);
    assert_eq!(deployment.state_of("supervisor").await, "active");
    let real_again = deployment.start(false).await;
    assert_eq!(real_again.staff_login("real", PASSWORD).await.status(), 200);
    problem(real_again.staff_login("handler", "handler-demo").await, 401).await;
}

#[tokio::test]
async fn staff_demo_mode_on_a_public_address_is_refused_at_start() {
    let deployment = Deployment::new();
    let start = Command::new(env!("CARGO_BIN_EXE_portal-server"))
        .env_clear()
        .env("PORTAL_DATA_DIR", deployment.data())
        .env("PORTAL_DEMO", "true")
        .env("PORTAL_ADDR", "0.0.0.0:0")
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(30), start)
        .await
        .expect("the server started instead of refusing")
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("PORTAL_DEMO_PUBLIC=true"), "{stderr}");
    assert!(stderr.contains("PORTAL_ADDR"), "{stderr}");
    assert!(!deployment.data().exists(), "nothing was touched");
}
