use serde_json::Value;

use crate::helpers::{TestApp, ZHANG_WEI, new_client, problem, spawn};

#[tokio::test]
async fn without_a_cookie_the_caller_is_unauthenticated() {
    let app = spawn().await;
    let body = problem(app.get("/api/v1/me").await, 401).await;
    assert_eq!(body["code"], "unauthenticated");
    assert_eq!(
        problem(app.get("/api/v1/policies").await, 401).await["code"],
        "unauthenticated"
    );
}

#[tokio::test]
async fn a_forged_cookie_is_refused_and_cleared() {
    let app = spawn().await;
    for forged in [
        "portal_session=forged",
        "portal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let response = app
            .client
            .get(app.url("/api/v1/me"))
            .header("cookie", forged)
            .send()
            .await
            .unwrap();
        let cleared = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(cleared.contains("Max-Age=0"), "{cleared}");
        assert_eq!(problem(response, 401).await["code"], "unauthenticated");
    }
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    let response = app.get("/api/v1/me").await;
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(problem(response, 401).await["code"], "unauthenticated");
}

#[tokio::test]
async fn a_session_ends_after_seven_days_even_when_used() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    app.exec("UPDATE sessions SET created_at = created_at - 7 * 24 * 3600 - 1")
        .await;
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn activity_is_recorded_at_most_once_a_minute() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    let seen = || async {
        sqlx::query_scalar::<_, i64>("SELECT last_seen_at FROM sessions")
            .fetch_one(&app.db)
            .await
            .unwrap()
    };
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 30")
        .await;
    let before = seen().await;
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    assert_eq!(
        seen().await,
        before,
        "a read within the minute writes nothing"
    );
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 60")
        .await;
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    assert!(seen().await > before);
}

#[tokio::test]
async fn after_logout_the_cookie_no_longer_works() {
    let app = spawn().await;
    let code = app.demo_code(ZHANG_WEI).await;
    let response = app.submit_code(ZHANG_WEI, &code).await;
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let response = app.post("/api/v1/auth/logout", Value::Null).await;
    assert_eq!(response.status(), 204);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(app.get("/api/v1/me").await.status(), 401);

    // The old cookie, replayed by someone who kept it, is dead too.
    let replay = new_client()
        .get(app.url("/api/v1/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(problem(replay, 401).await["code"], "unauthenticated");
}

#[tokio::test]
async fn a_staff_session_does_not_open_policyholder_routes() {
    let app = spawn().await;
    let response = app.staff_login("handler", "handler-demo").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        problem(app.get("/api/v1/policies").await, 401).await["code"],
        "unauthenticated"
    );
}

#[tokio::test]
async fn the_policy_detail_checks_the_session_like_every_other_route() {
    let app = spawn().await;
    let id = app.policy_ids_of(ZHANG_WEI).await[0];
    let path = format!("/api/v1/policies/{id}");
    // No cookie, even with a nonsense id: log in first.
    assert_eq!(
        problem(app.get(&path).await, 401).await["code"],
        "unauthenticated"
    );
    assert_eq!(
        problem(app.get("/api/v1/policies/abc").await, 401).await["code"],
        "unauthenticated"
    );
    // A forged cookie.
    let forged = app
        .client
        .get(app.url(&path))
        .header(
            "cookie",
            "portal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert!(
        forged.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    problem(forged, 401).await;
    // A staff session.
    let response = app.staff_login("handler", "handler-demo").await;
    assert_eq!(response.status(), 200);
    problem(app.get(&path).await, 401).await;
    // The policyholder's own, then idle too long.
    app.log_in(ZHANG_WEI).await;
    assert_eq!(app.get(&path).await.status(), 200);
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    problem(app.get(&path).await, 401).await;
}

/// `GET /api/v1/session` with `cookie` (or the client's own jar): always 200, the `me` it names,
/// and whether the response removes the cookie.
async fn session_of(app: &TestApp, cookie: Option<&str>) -> (Value, bool) {
    let mut request = app.client.get(app.url("/api/v1/session"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let cleared = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().contains("Max-Age=0"));
    let body: Value = response.json().await.unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["demo", "me"], "the tests run in demo mode: {body}");
    (body["me"].clone(), cleared)
}

#[tokio::test]
async fn in_demo_mode_the_session_offers_the_demo_accounts_to_the_login_screen() {
    let app = spawn().await;
    let body: Value = app.get("/api/v1/session").await.json().await.unwrap();
    let demo: Value = app.get("/api/v1/demo").await.json().await.unwrap();
    assert_eq!(body["demo"], demo, "the same accounts as GET /demo");
    assert_eq!(body["demo"]["policyholders"][0]["phone"], "13800138000");
}

#[tokio::test]
async fn the_session_of_nobody_is_a_null_me_and_not_an_error() {
    let app = spawn().await;
    let (me, cleared) = session_of(&app, None).await;
    assert_eq!(me, Value::Null);
    assert!(!cleared, "no cookie, nothing to remove");
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(sessions, 0, "asking creates no session");
}

#[tokio::test]
async fn the_session_names_the_policyholder_until_they_log_out() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    let (me, cleared) = session_of(&app, None).await;
    assert!(!cleared);
    assert_eq!(me["kind"], "policyholder");
    assert_eq!(me["name"], "张伟");
    assert_eq!(me["phone_masked"], "138****8000");
    let from_me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me, from_me, "the same caller as /me");

    let response = app.post("/api/v1/auth/logout", Value::Null).await;
    assert_eq!(response.status(), 204);
    assert_eq!(session_of(&app, None).await.0, Value::Null);
}

#[tokio::test]
async fn the_session_of_a_staff_member_is_their_staff_me() {
    let app = spawn().await;
    assert_eq!(
        app.staff_login("handler", "handler-demo").await.status(),
        200
    );
    let (me, _) = session_of(&app, None).await;
    assert_eq!(me["kind"], "staff");
    assert_eq!(me["username"], "handler");
    assert_eq!(me["role"], "handler");
}

#[tokio::test]
async fn a_garbage_or_unknown_cookie_is_nobody_and_is_removed() {
    let app = spawn().await;
    for cookie in [
        "portal_session=forged",
        "portal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "portal_session=",
        "portal_session=%00%ff;;; =; portal_session",
    ] {
        let (me, cleared) = session_of(&app, Some(cookie)).await;
        assert_eq!(me, Value::Null, "{cookie}");
        assert!(cleared, "{cookie}");
    }
}

#[tokio::test]
async fn an_expired_session_is_nobody_is_removed_and_stays_expired() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    app.exec("UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60")
        .await;
    let (me, cleared) = session_of(&app, None).await;
    assert_eq!(me, Value::Null);
    assert!(cleared, "the dead cookie is removed, as /me removes it");
    // Asking did not bring it back to life.
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    let live: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE ended_at IS NULL")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(live, 0);
}
