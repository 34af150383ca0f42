use serde_json::Value;

use crate::helpers::{ZHANG_WEI, new_client, problem, spawn};

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
