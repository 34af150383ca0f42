//! The staff claim queue: overdue first, then the fast lane, then the nearest company deadline.

use serde_json::{Value, json};

use crate::claims::{medical_claim, policy_of, report};
use crate::complaints::Session;
use crate::helpers::{LI_NA, ZHANG_WEI, spawn};

/// Backdates when a claim's documents were complete (in its state snapshot, which the queue reads).
async fn documents_complete_at(app: &crate::helpers::TestApp, id: i64, at: &str) {
    sqlx::query(
        "UPDATE claims SET state = json_set(state, '$.documents_complete_at', ?, \
                                            '$.status', 'documents_complete'), \
                           status = 'documents_complete' WHERE id = ?",
    )
    .bind(at)
    .bind(id)
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_queue_puts_overdue_then_fast_lane_then_the_nearest_deadline_first() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id_of = |receipt: Value| receipt["id"].as_i64().unwrap();
    let plain = id_of(report(&me, medical_claim(&app).await).await);
    let mut urgent_body = medical_claim(&app).await;
    urgent_body["urgent"] = json!("major_accident");
    let urgent = id_of(report(&me, urgent_body).await);
    let due_soon = id_of(report(&me, medical_claim(&app).await).await);
    let overdue = id_of(report(&me, medical_claim(&app).await).await);
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    documents_complete_at(&app, due_soon, &now).await;
    documents_complete_at(&app, overdue, "2020-01-06T02:00:00Z").await;
    // A withdrawn claim leaves the queue.
    let withdrawn = id_of(report(&me, medical_claim(&app).await).await);
    let response = me
        .post(
            &format!("/api/v1/claims/{withdrawn}/actions"),
            json!({ "action": "withdraw" }),
        )
        .await;
    assert_eq!(response.status(), 200);

    let queue = handler.json("/api/v1/staff/claims").await;
    let items = queue["items"].as_array().unwrap();
    let order: Vec<i64> = items.iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(order, vec![overdue, urgent, due_soon, plain]);
    assert_eq!(items[0]["next_deadline"]["overdue"], true);
    assert_eq!(items[1]["fast_lane"], "major_accident");
    assert_eq!(items[2]["next_deadline"]["kind"], "simple_payment");
    assert!(items[3]["next_deadline"].is_null());

    let page = handler.json("/api/v1/staff/claims?limit=2").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["next_cursor"], "2");
    let rest = handler.json("/api/v1/staff/claims?limit=2&cursor=2").await;
    assert_eq!(rest["items"][0]["id"], due_soon);
    assert!(rest["next_cursor"].is_null());
}

/// The number and insured person of a policy, as stored.
async fn policy_names(app: &crate::helpers::TestApp, policy_id: i64) -> (String, String) {
    sqlx::query_as("SELECT number, insured_name FROM policies WHERE id = ?")
        .bind(policy_id)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn each_claim_in_the_lists_names_its_own_policy() {
    let app = spawn().await;
    let zhang = Session::policyholder(&app, ZHANG_WEI).await;
    let li = Session::policyholder(&app, LI_NA).await;
    let handler = Session::staff(&app, "handler").await;
    let mut li_body = medical_claim(&app).await;
    let li_policy = policy_of(&app, LI_NA, "medical").await;
    li_body["policy_id"] = json!(li_policy);
    li_body["contact_phone"] = json!(LI_NA);
    let zhang_policy = policy_of(&app, ZHANG_WEI, "medical").await;
    let zhang_claim = report(&zhang, medical_claim(&app).await).await["id"].clone();
    let li_claim = report(&li, li_body).await["id"].clone();
    let zhang_names = policy_names(&app, zhang_policy).await;
    let li_names = policy_names(&app, li_policy).await;
    assert_ne!(zhang_names.0, li_names.0);
    let names = |item: &Value| {
        (
            item["policy_number"].as_str().unwrap().to_owned(),
            item["insured_name"].as_str().unwrap().to_owned(),
        )
    };

    assert_eq!(
        names(&zhang.json("/api/v1/claims").await["items"][0]),
        zhang_names
    );
    assert_eq!(
        names(&li.json("/api/v1/claims").await["items"][0]),
        li_names
    );
    let queue = handler.json("/api/v1/staff/claims").await;
    let items = queue["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let expected = if item["id"] == zhang_claim {
            &zhang_names
        } else {
            assert_eq!(item["id"], li_claim);
            &li_names
        };
        assert_eq!(&names(item), expected);
    }
}
