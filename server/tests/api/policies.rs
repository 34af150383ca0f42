use serde_json::Value;

use crate::helpers::{LI_NA, ZHANG_WEI, problem, spawn};

#[tokio::test]
async fn the_list_shows_the_callers_own_five_policies_only() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    let response = app.get("/api/v1/policies").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page: Value = response.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    let ids: Vec<i64> = items.iter().map(|p| p["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, app.policy_ids_of(ZHANG_WEI).await);
    let mut kinds: Vec<_> = items.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["accident", "auto", "life", "medical", "property"]);
    assert!(items.iter().all(|p| p["insured_name"] == "张伟"));
    assert!(page.get("next_cursor").is_none());
}

#[tokio::test]
async fn the_list_is_paged_with_a_cursor() {
    let app = spawn().await;
    app.log_in(LI_NA).await;
    let first: Value = app
        .get("/api/v1/policies?limit=3")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 3);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second: Value = app
        .get(&format!("/api/v1/policies?limit=3&cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert!(second.get("next_cursor").is_none());
    let body = problem(app.get("/api/v1/policies?cursor=zzz").await, 422).await;
    assert_eq!(body["code"], "validation_failed");
    problem(app.get("/api/v1/policies?limit=0").await, 422).await;
}

#[tokio::test]
async fn the_detail_of_an_own_policy_is_shown_in_full() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    let id = app.policy_ids_of(ZHANG_WEI).await[0];
    let response = app.get(&format!("/api/v1/policies/{id}")).await;
    assert_eq!(response.status(), 200);
    let policy: Value = response.json().await.unwrap();
    assert_eq!(policy["id"], id);
    assert_eq!(policy["holder_name"], "张伟");
    assert!(policy["sum_insured"].as_i64().unwrap() > 0);
    assert!(policy["premium"].as_i64().unwrap() > 0);
    assert!(policy["starts_on"].as_str().unwrap() < policy["ends_on"].as_str().unwrap());
}

#[tokio::test]
async fn another_persons_policy_is_not_found_and_nothing_of_it_leaks() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    let theirs = app.policy_ids_of(LI_NA).await[0];
    let response = app.get(&format!("/api/v1/policies/{theirs}")).await;
    let text_of = |v: &Value| v.to_string();
    let body = problem(response, 404).await;
    assert_eq!(body["code"], "not_found");
    let text = text_of(&body);
    for secret in ["李娜", "王子涵", "P1101", "少儿"] {
        assert!(!text.contains(secret), "{text}");
    }
    let missing = problem(app.get("/api/v1/policies/999999").await, 404).await;
    assert_eq!(
        body, missing,
        "someone else's and a missing policy look the same"
    );
}

#[tokio::test]
async fn a_non_numeric_policy_id_is_simply_not_found() {
    let app = spawn().await;
    app.log_in(ZHANG_WEI).await;
    for id in [
        "abc",
        "1.5",
        "99999999999999999999999",
        "%F0%9F%92%A9",
        "%FF",
        "-1",
    ] {
        let body = problem(app.get(&format!("/api/v1/policies/{id}")).await, 404).await;
        assert_eq!(body["code"], "not_found", "{id}");
    }
}

#[tokio::test]
async fn each_person_has_one_policy_of_every_kind_and_one_not_in_force() {
    let app = spawn().await;
    for phone in [ZHANG_WEI, LI_NA] {
        let statuses: Vec<String> = sqlx::query_scalar(
            "SELECT p.status FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
             WHERE h.phone = ?",
        )
        .bind(phone)
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert_eq!(statuses.len(), 5);
        assert_eq!(
            statuses.iter().filter(|s| *s != "in_force").count(),
            1,
            "{phone}"
        );
    }
}
