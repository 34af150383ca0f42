use serde_json::Value;

use crate::helpers::spawn;

#[tokio::test]
async fn health_reports_ok_when_the_database_answers() {
    let app = spawn().await;
    let response = app.get("/api/v1/health").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn every_response_has_a_request_id_and_keeps_the_callers() {
    let app = spawn().await;
    let response = app.get("/api/v1/health").await;
    assert!(!response.headers()["x-request-id"].is_empty());
    let response = app
        .client
        .get(app.url("/api/v1/health"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn().await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/health",
        "/api/v1/auth/otp",
        "/api/v1/auth/login",
        "/api/v1/auth/staff/login",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/session",
        "/api/v1/demo",
        "/api/v1/policies",
        "/api/v1/policies/{id}",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from {:?}",
            paths.keys()
        );
    }
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    // Every reference resolves: the document is usable by generators as it is.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for reference in refs {
        let name = reference.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{reference} dangles"
        );
    }
}

fn collect_refs(value: &Value, refs: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("$ref", Value::String(r)) => refs.push(r.clone()),
                    _ => collect_refs(inner, refs),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, refs)),
        _ => {}
    }
}

#[tokio::test]
async fn demo_mode_lists_the_demo_accounts() {
    let app = spawn().await;
    let body: Value = app.get("/api/v1/demo").await.json().await.unwrap();
    let phones: Vec<_> = body["policyholders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["phone"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(phones, ["13800138000", "13900139000"]);
    assert_eq!(body["staff"].as_array().unwrap().len(), 2);
}
