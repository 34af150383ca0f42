use reqwest::Response;
use serde_json::{Value, json};

use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, field_code, problem, spawn};

/// A code that is not `code`.
fn wrong_code(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// The seconds of a `Retry-After` header.
fn retry_after(response: &Response) -> i64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_policyholder_logs_in_with_the_code_sent_to_their_phone() {
    let app = spawn().await;
    let response = app.request_code("138 0013 8000").await;
    assert_eq!(response.status(), 202);
    let sent: Value = response.json().await.unwrap();
    assert_eq!(sent["phone_masked"], "138****8000");
    assert_eq!(sent["expires_in_secs"], 300);
    assert_eq!(sent["resend_in_secs"], 60);
    let code = sent["demo_code"].as_str().unwrap();
    assert_eq!(code.len(), 6);

    let response = app.submit_code(ZHANG_WEI, code).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("portal_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["kind"], "policyholder");
    assert_eq!(me["name"], "张伟");

    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["name"], "张伟");
    assert_eq!(me["phone_masked"], "138****8000");
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_request_came_over_https() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-proto", "https")
        .json(&json!({ "phone": ZHANG_WEI, "code": code }))
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("; Secure")
    );
}

#[tokio::test]
async fn a_code_is_used_only_once() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    assert_eq!(app.submit_code(ZHANG_WEI, &code).await.status(), 200);
    let body = problem(app.submit_code(ZHANG_WEI, &code).await, 422).await;
    assert_eq!(body["code"], "code_expired");
}

#[tokio::test]
async fn a_wrong_code_is_refused_and_logs_nobody_in() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    let wrong = wrong_code(&code);
    let response = app.submit_code(ZHANG_WEI, wrong).await;
    assert!(response.headers().get("set-cookie").is_none());
    let body = problem(response, 422).await;
    assert_eq!(body["code"], "code_wrong");
    assert_eq!(field_code(&body, "code").as_deref(), Some("code_wrong"));
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    // The right code still works after one wrong try.
    assert_eq!(app.submit_code(ZHANG_WEI, &code).await.status(), 200);
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    app.exec("UPDATE otp_codes SET expires_at = expires_at - 301")
        .await;
    let body = problem(app.submit_code(ZHANG_WEI, &code).await, 422).await;
    assert_eq!(body["code"], "code_expired");
}

#[tokio::test]
async fn after_five_wrong_tries_even_the_right_code_is_refused() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    let wrong = wrong_code(&code);
    for attempt in 1..=5 {
        let body = problem(app.submit_code(ZHANG_WEI, wrong).await, 422).await;
        let expected = if attempt < 5 {
            "code_wrong"
        } else {
            "code_too_many_tries"
        };
        assert_eq!(body["code"], expected, "attempt {attempt}");
    }
    let body = problem(app.submit_code(ZHANG_WEI, &code).await, 422).await;
    assert_eq!(body["code"], "code_too_many_tries");
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn a_new_code_cannot_be_requested_within_a_minute() {
    let app = spawn().await;
    app.demo_code(ZHANG_WEI).await;
    let response = app.request_code(ZHANG_WEI).await;
    let retry_after = retry_after(&response);
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body = problem(response, 429).await;
    assert_eq!(body["code"], "code_resend_too_soon");
    // Another number is not affected.
    assert_eq!(app.request_code(LI_NA).await.status(), 202);
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let app = spawn().await;
    let first = app.demo_code(ZHANG_WEI).await;
    app.exec("UPDATE otp_codes SET created_at = created_at - 61")
        .await;
    let second = app.demo_code(ZHANG_WEI).await;
    if first != second {
        let body = problem(app.submit_code(ZHANG_WEI, &first).await, 422).await;
        assert_eq!(body["code"], "code_wrong");
    }
    assert_eq!(app.submit_code(ZHANG_WEI, &second).await.status(), 200);
}

#[tokio::test]
async fn at_most_five_codes_per_number_per_hour() {
    let app = spawn().await;
    for _ in 0..5 {
        assert_eq!(app.request_code(ZHANG_WEI).await.status(), 202);
        // Step past the resend wait without waiting.
        app.exec("UPDATE otp_codes SET created_at = created_at - 61")
            .await;
    }
    let response = app.request_code(ZHANG_WEI).await;
    assert!(response.headers().contains_key("retry-after"));
    let body = problem(response, 429).await;
    assert_eq!(body["code"], "rate_limited");
}

#[tokio::test]
async fn at_most_twenty_code_requests_per_address_per_hour_even_for_unknown_numbers() {
    let app = spawn().await;
    // Someone probing which numbers belong to policyholders.
    for i in 0..20 {
        let body = problem(app.request_code(&format!("1370000{i:04}")).await, 422).await;
        assert_eq!(body["code"], "phone_unknown");
    }
    let response = app.request_code(ZHANG_WEI).await;
    let retry_after = retry_after(&response);
    assert!(retry_after > 3000, "{retry_after}");
    assert_eq!(problem(response, 429).await["code"], "rate_limited");
    // An hour later the address may ask again.
    app.exec("UPDATE otp_requests SET requested_at = requested_at - 3600")
        .await;
    assert_eq!(app.request_code(ZHANG_WEI).await.status(), 202);
}

/// Login codes of a number, straight from the database.
async fn codes_of(app: &TestApp, phone: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM otp_codes WHERE phone = ?")
        .bind(phone)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sweeper_deletes_codes_and_requests_older_than_a_day_and_keeps_the_rest() {
    let app = spawn().await;
    // Zhang Wei asked for a code 25 hours ago, Li Na 23 hours ago and again just now.
    app.demo_code(ZHANG_WEI).await;
    app.exec(
        "UPDATE otp_codes SET created_at = created_at - 25 * 3600, \
                              expires_at = expires_at - 25 * 3600",
    )
    .await;
    app.exec("UPDATE otp_requests SET requested_at = requested_at - 25 * 3600")
        .await;
    app.demo_code(LI_NA).await;
    app.exec(&format!(
        "UPDATE otp_codes SET created_at = created_at - 23 * 3600, \
                              expires_at = expires_at - 23 * 3600 WHERE phone = '{LI_NA}'"
    ))
    .await;
    app.exec(
        "UPDATE otp_requests SET requested_at = requested_at - 23 * 3600 \
         WHERE requested_at > strftime('%s', 'now') - 3600",
    )
    .await;
    let li_nas_latest = app.demo_code(LI_NA).await;
    // (The sweep the app runs as it starts may take Zhang Wei's rows before the one below.)
    assert_eq!(codes_of(&app, LI_NA).await, 2);

    portal_server::tus::sweep(&app.state).await.unwrap();
    assert_eq!(codes_of(&app, ZHANG_WEI).await, 0, "older than a day");
    assert_eq!(codes_of(&app, LI_NA).await, 2, "within the day");
    let requests: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM otp_requests")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(requests, 2, "Li Na's two");
    // What the limits look at is still there: the resend wait, and the latest code logs in.
    let again = problem(app.request_code(LI_NA).await, 429).await;
    assert_eq!(again["code"], "code_resend_too_soon");
    assert_eq!(app.submit_code(LI_NA, &li_nas_latest).await.status(), 200);
}

#[tokio::test]
async fn an_unknown_number_gets_no_code() {
    let app = spawn().await;
    let body = problem(app.request_code("13700000000").await, 422).await;
    assert_eq!(body["code"], "phone_unknown");
    assert_eq!(field_code(&body, "phone").as_deref(), Some("phone_unknown"));
    let body = problem(app.submit_code("13700000000", "123456").await, 422).await;
    assert_eq!(body["code"], "phone_unknown");
}

#[tokio::test]
async fn a_malformed_number_is_a_field_error() {
    let app = spawn().await;
    let body = problem(app.request_code("12345").await, 422).await;
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(field_code(&body, "phone").as_deref(), Some("phone_invalid"));
    let body = problem(app.request_code("  ").await, 422).await;
    assert_eq!(
        field_code(&body, "phone").as_deref(),
        Some("phone_required")
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("手机号码")
    );
}

#[tokio::test]
async fn a_malformed_code_is_a_field_error() {
    let app = spawn().await;
    app.demo_code(ZHANG_WEI).await;
    let body = problem(app.submit_code(ZHANG_WEI, "12ab56").await, 422).await;
    assert_eq!(field_code(&body, "code").as_deref(), Some("code_malformed"));
    let body = problem(app.submit_code("1", "1").await, 422).await;
    assert_eq!(field_code(&body, "phone").as_deref(), Some("phone_invalid"));
    assert_eq!(field_code(&body, "code").as_deref(), Some("code_malformed"));
    // A malformed code costs no try.
    let tries: i64 = sqlx::query_scalar("SELECT tries FROM otp_codes")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(tries, 0);
}

#[tokio::test]
async fn staff_log_in_with_username_and_password() {
    let app = spawn().await;
    let response = app.staff_login("supervisor", "supervisor-demo").await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["kind"], "staff");
    assert_eq!(me["role"], "supervisor");
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "supervisor");
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_username_look_the_same() {
    let app = spawn().await;
    let wrong_password = problem(app.staff_login("handler", "guess").await, 401).await;
    let unknown_user = problem(app.staff_login("nobody", "handler-demo").await, 401).await;
    assert_eq!(wrong_password["code"], "credentials_wrong");
    assert_eq!(wrong_password, unknown_user);
    let empty = problem(app.staff_login("", "").await, 422).await;
    assert_eq!(field_code(&empty, "username").as_deref(), Some("required"));
}

#[tokio::test]
async fn demo_codes_are_shown_only_for_demo_numbers() {
    let app = spawn().await;
    sqlx::query(
        "INSERT INTO policyholders (name, phone, created_at) VALUES ('赵敏', '13600136000', 0)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let response = app.request_code("13600136000").await;
    assert_eq!(response.status(), 202);
    let sent: Value = response.json().await.unwrap();
    assert!(sent.get("demo_code").is_none(), "{sent}");
}
