use serde_json::{Value, json};

use crate::helpers::{ZHANG_WEI, problem, spawn};

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn().await;
    let huge = "1".repeat(70 * 1024);
    let body = problem(
        app.post("/api/v1/auth/otp", json!({ "phone": huge })).await,
        413,
    )
    .await;
    assert_eq!(body["code"], "body_too_large");
}

#[tokio::test]
async fn malformed_json_is_refused_with_400() {
    let app = spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/otp"))
        .header("content-type", "application/json")
        .body("{\"phone\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(response, 400).await["code"], "body_malformed");
    // Valid JSON of the wrong shape is malformed too.
    let body = problem(
        app.post("/api/v1/auth/otp", json!({ "phone": 138 })).await,
        400,
    )
    .await;
    assert_eq!(body["code"], "body_malformed");
    let body = problem(app.post("/api/v1/auth/login", json!([1, 2])).await, 400).await;
    assert_eq!(body["code"], "body_malformed");
}

#[tokio::test]
async fn a_wrong_content_type_is_refused_with_415() {
    let app = spawn().await;
    let response = app
        .client
        .post(app.url("/api/v1/auth/otp"))
        .header("content-type", "text/plain")
        .body(format!("{{\"phone\": \"{ZHANG_WEI}\"}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(response, 415).await["code"],
        "unsupported_media_type"
    );
}

#[tokio::test]
async fn an_unknown_api_path_is_a_404_problem() {
    let app = spawn().await;
    for path in ["/api/v1/nothing-here", "/api/v2/policies", "/api"] {
        assert_eq!(
            problem(app.get(path).await, 404).await["code"],
            "not_found",
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_wrong_method_is_a_405_problem() {
    let app = spawn().await;
    let response = app
        .client
        .delete(app.url("/api/v1/health"))
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("allow"));
    assert_eq!(problem(response, 405).await["code"], "method_not_allowed");
    let response = app
        .client
        .get(app.url("/api/v1/auth/otp"))
        .send()
        .await
        .unwrap();
    assert_eq!(problem(response, 405).await["code"], "method_not_allowed");
}

#[tokio::test]
async fn problems_speak_chinese_by_default_and_english_when_asked() {
    let app = spawn().await;
    let chinese = problem(app.get("/api/v1/me").await, 401).await;
    assert_eq!(chinese["detail"], "请先登录。");
    let response = app
        .client
        .get(app.url("/api/v1/me"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    let english = problem(response, 401).await;
    assert_eq!(english["detail"], "Please log in.");
    assert_eq!(english["code"], chinese["code"]);

    let response = app
        .client
        .post(app.url("/api/v1/auth/otp"))
        .header("accept-language", "en")
        .json(&json!({ "phone": "12" }))
        .send()
        .await
        .unwrap();
    let body: Value = problem(response, 422).await;
    assert_eq!(
        body["errors"][0]["message"],
        "A mobile number has 11 digits and starts with 1."
    );
}
