//! Staff move complaints through their lifecycle; the complainant follows on the case page and
//! in the inbox. Refusals leave the case unchanged.

use chrono::{Duration, Utc};
use serde_json::{Value, json};

use crate::complaints::{Session, complaint_count, own_complaint};
use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, field_code, problem, spawn};

async fn unread(me: &Session) -> i64 {
    me.json("/api/v1/inbox/unread").await["unread"]
        .as_i64()
        .unwrap()
}

/// A complaint Zhang Wei filed; returns its id.
async fn filed(me: &Session) -> i64 {
    me.file(own_complaint()).await["id"].as_i64().unwrap()
}

/// An off-line complaint registered by staff for Zhang Wei's account.
fn offline(received_at: chrono::DateTime<Utc>, urgent: Option<&str>) -> Value {
    let mut body = own_complaint();
    body["channel"] = json!("letter");
    body["policyholder_phone"] = json!(ZHANG_WEI);
    body["received_at"] = json!(received_at);
    if let Some(reason) = urgent {
        body["urgent"] = json!(reason);
    }
    body
}

async fn register_offline(staff: &Session, body: Value) -> i64 {
    let response = staff.post("/api/v1/staff/complaints", body).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    receipt["id"].as_i64().unwrap()
}

/// Accepts, starts and decides a complaint.
async fn decided(handler: &Session, id: i64) -> Value {
    handler.act_ok(id, json!({ "action": "accept" })).await;
    handler
        .act_ok(id, json!({ "action": "start_handling" }))
        .await;
    handler
        .act_ok(
            id,
            json!({ "action": "decide", "result": "partly_upheld", "reasons": "按条款赔付住院费用的 80%。" }),
        )
        .await
}

#[tokio::test]
async fn staff_request_materials_the_complainant_supplies_each_and_follows_it_to_a_decision() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = filed(&me).await;
    me.post("/api/v1/inbox/read-all", json!({})).await;
    assert_eq!(unread(&me).await, 0);

    let case = handler
        .act_ok(
            id,
            json!({ "action": "request_materials", "items": ["住院病历", "费用发票"] }),
        )
        .await;
    assert_eq!(case["status"], "materials_requested");
    assert_eq!(unread(&me).await, 1);
    let inbox = me.json("/api/v1/inbox").await;
    let notice = &inbox["items"][0];
    assert_eq!(
        notice["event"]["step"]["change"]["type"],
        "materials_requested"
    );
    assert_eq!(notice["deliveries"][0]["channel"], "inbox");
    assert!(notice["read_at"].is_null());

    let mine = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(mine["materials"]["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        mine["allowed_actions"],
        json!(["supply_material", "withdraw"])
    );
    let decision = mine["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "decision")
        .unwrap()
        .clone();
    assert_eq!(decision["state"], "paused", "the clock pauses");

    for item_id in [1, 2] {
        let upload = me.upload_pdf().await;
        me.act_ok(
            id,
            json!({ "action": "supply_material", "item_id": item_id, "attachments": [upload] }),
        )
        .await;
    }
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["status"], "materials_complete");
    assert_eq!(case["attachments"].as_array().unwrap().len(), 2);
    let notice_id = inbox["items"][0]["id"].as_i64().unwrap();
    let read = me
        .post(&format!("/api/v1/inbox/{notice_id}/read"), json!({}))
        .await;
    assert_eq!(read.status(), 200);

    let case = decided(&handler, id).await;
    assert_eq!(case["status"], "decided");
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    let remedies = case["decision"]["remedies"].as_array().unwrap();
    for remedy in [
        "review",
        "mediation",
        "arbitration",
        "litigation",
        "regulator_hotline",
    ] {
        assert!(remedies.contains(&json!(remedy)), "{remedy}");
    }
    assert!(
        case["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("request_review"))
    );
    assert_eq!(
        me.json("/api/v1/inbox").await["items"][0]["event"]["step"]["change"]["type"],
        "decided"
    );

    let case = handler.act_ok(id, json!({ "action": "close" })).await;
    assert_eq!(case["status"], "closed");
    let by: Vec<&str> = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["by"].as_str().unwrap())
        .collect();
    assert_eq!(by.first(), Some(&"complainant"));
    assert_eq!(by.last(), Some(&"handler"));
}

#[tokio::test]
async fn a_withdrawn_complaint_cannot_be_accepted() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = filed(&me).await;
    let case = me
        .act_ok(id, json!({ "action": "withdraw", "reason": "已协商解决" }))
        .await;
    assert_eq!(case["status"], "withdrawn");
    assert_eq!(case["allowed_actions"], json!([]));
    let handler = Session::staff(&app, "handler").await;
    let body = problem(handler.act(id, json!({ "action": "accept" })).await, 409).await;
    assert_eq!(body["code"], "transition_not_allowed");
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["status"], "withdrawn", "nothing changed");
}

#[tokio::test]
async fn a_complainant_cannot_take_staff_steps_and_details_are_checked() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = filed(&me).await;
    let body = problem(me.act(id, json!({ "action": "accept" })).await, 403).await;
    assert_eq!(body["code"], "forbidden");
    let handler = Session::staff(&app, "handler").await;
    let body = problem(
        handler
            .act(id, json!({ "action": "not_accept", "reason": "in_litigation_or_arbitration", "text": " " }))
            .await,
        422,
    )
    .await;
    assert_eq!(
        field_code(&body, "text").as_deref(),
        Some("reason_required")
    );
    problem(handler.act(id, json!({ "action": "fly" })).await, 400).await;
}

#[tokio::test]
async fn a_review_is_refused_more_than_30_days_after_the_decision() {
    let app = spawn().await;
    let staff = Session::staff(&app, "handler").await;
    let received = Utc::now() - Duration::days(50);
    let id = register_offline(&staff, offline(received, None)).await;
    decided(&staff, id).await;
    // The decision was taken 40 days ago.
    let decided_at = (Utc::now() - Duration::days(40)).to_rfc3339();
    sqlx::query(
        "UPDATE complaint_events SET event = json_set(event, '$.at', ?) \
         WHERE complaint_id = ? AND json_extract(event, '$.change.type') = 'decided'",
    )
    .bind(&decided_at)
    .bind(id)
    .execute(&app.db)
    .await
    .unwrap();
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["channel"], "letter");
    assert!(
        !case["allowed_actions"]
            .as_array()
            .unwrap()
            .contains(&json!("request_review"))
    );
    let body = problem(
        me.act(
            id,
            json!({ "action": "request_review", "reason": "不同意" }),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(body["code"], "review_window_closed");
}

#[tokio::test]
async fn the_further_extension_needs_a_supervisor() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = filed(&me).await;
    let handler = Session::staff(&app, "handler").await;
    handler.act_ok(id, json!({ "action": "accept" })).await;
    handler
        .act_ok(
            id,
            json!({ "action": "extend_decision", "reason": "需调取多家医院病历" }),
        )
        .await;
    let further = json!({ "action": "extend_decision_further", "reason": "需外部专家论证" });
    let body = problem(handler.act(id, further.clone()).await, 403).await;
    assert_eq!(body["code"], "supervisor_required");
    let supervisor = Session::staff(&app, "supervisor").await;
    let case = supervisor.act_ok(id, further).await;
    let last = case["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["by"], "supervisor");
    assert_eq!(last["change"]["term"], "especially_complex");
}

#[tokio::test]
async fn another_persons_complaint_and_notices_are_not_found() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = filed(&me).await;
    let notice = me.json("/api/v1/inbox").await["items"][0]["id"]
        .as_i64()
        .unwrap();
    let other = Session::policyholder(&app, LI_NA).await;
    let missing = problem(other.get("/api/v1/complaints/999999").await, 404).await;
    let theirs = problem(other.get(&format!("/api/v1/complaints/{id}")).await, 404).await;
    assert_eq!(theirs, missing);
    let body = problem(other.act(id, json!({ "action": "withdraw" })).await, 404).await;
    assert_eq!(body["code"], "not_found");
    problem(
        other
            .post(&format!("/api/v1/inbox/{notice}/read"), json!({}))
            .await,
        404,
    )
    .await;
    assert_eq!(other.json("/api/v1/complaints").await["items"], json!([]));
    assert_eq!(
        me.json(&format!("/api/v1/complaints/{id}")).await["status"],
        "registered"
    );
    problem(other.get("/api/v1/complaints/abc").await, 404).await;
}

#[tokio::test]
async fn the_staff_queue_puts_overdue_first_then_urgent_cases_on_the_same_day() {
    let app = spawn().await;
    let staff = Session::staff(&app, "handler").await;
    let now = Utc::now();
    let calm = register_offline(&staff, offline(now - Duration::minutes(2), None)).await;
    let urgent =
        register_offline(&staff, offline(now - Duration::minutes(1), Some("elderly"))).await;
    let overdue = register_offline(&staff, offline(now - Duration::days(20), None)).await;
    let queue = staff.json("/api/v1/staff/complaints").await;
    let items = queue["items"].as_array().unwrap();
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [overdue, urgent, calm]);
    assert_eq!(items[0]["next_deadline"]["overdue"], true);
    assert!(items[0]["next_deadline"]["days_left"].as_i64().unwrap() < 0);
    assert_eq!(items[1]["next_deadline"]["overdue"], false);
    assert_eq!(items[1]["urgent"], "elderly");

    // The consumer sees the off-line complaint linked to their account.
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    assert_eq!(
        me.json("/api/v1/complaints").await["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let withdrawn = me.act_ok(calm, json!({ "action": "withdraw" })).await;
    assert_eq!(withdrawn["status"], "withdrawn");
    let queue = staff.json("/api/v1/staff/complaints?limit=1").await;
    assert_eq!(queue["items"][0]["id"], overdue);
    let rest = staff
        .json(&format!(
            "/api/v1/staff/complaints?limit=1&cursor={}",
            queue["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(rest["items"][0]["id"], urgent);
    assert!(rest.get("next_cursor").is_none());
}

#[tokio::test]
async fn staff_registration_needs_an_offline_channel_and_a_past_receipt_time() {
    let app = spawn().await;
    let staff = Session::staff(&app, "supervisor").await;
    let mut body = offline(Utc::now() + Duration::days(1), None);
    body["channel"] = json!("online");
    body["policyholder_phone"] = json!("13000000000");
    let refused = problem(staff.post("/api/v1/staff/complaints", body).await, 422).await;
    assert_eq!(
        field_code(&refused, "channel").as_deref(),
        Some("offline_channel_required")
    );
    assert_eq!(
        field_code(&refused, "received_at").as_deref(),
        Some("date_in_future")
    );
    assert_eq!(
        field_code(&refused, "policyholder_phone").as_deref(),
        Some("phone_unknown")
    );
    assert_eq!(complaint_count(&app).await, 0);

    // Without a linked account the case is staff-only.
    let mut unlinked = offline(Utc::now(), None);
    unlinked["channel"] = json!("hotline");
    unlinked
        .as_object_mut()
        .unwrap()
        .remove("policyholder_phone");
    let id = register_offline(&staff, unlinked).await;
    let case = staff.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["channel"], "hotline");
    assert_eq!(case["timeline"][0]["by"], "supervisor");
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    problem(me.get(&format!("/api/v1/complaints/{id}")).await, 404).await;
}

#[tokio::test]
async fn staff_routes_refuse_policyholders_and_anonymous_callers() {
    let app: TestApp = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = problem(me.get("/api/v1/staff/complaints").await, 403).await;
    assert_eq!(body["code"], "forbidden");
    problem(
        me.post("/api/v1/staff/complaints", offline(Utc::now(), None))
            .await,
        403,
    )
    .await;
    let nobody = Session::anonymous(&app);
    problem(nobody.get("/api/v1/staff/complaints").await, 401).await;
    problem(nobody.get("/api/v1/complaints/1").await, 401).await;
    let handler = Session::staff(&app, "handler").await;
    problem(handler.get("/api/v1/inbox").await, 403).await;
}

#[tokio::test]
async fn two_staff_members_acting_at_once_cannot_both_apply_a_step() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = filed(&me).await;
    let handler = Session::staff(&app, "handler").await;
    let supervisor = Session::staff(&app, "supervisor").await;
    let accept = json!({ "action": "accept" });
    let (a, b) = tokio::join!(handler.act(id, accept.clone()), supervisor.act(id, accept));
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    let accepted = case["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"]["type"] == "accepted")
        .count();
    assert_eq!(accepted, 1);
}
