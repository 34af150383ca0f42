//! Claims over HTTP: reporting, documents, the lifecycle to payment or refusal and dispute,
//! ownership, roles, and signed preview links. Also the helpers `staff_claims` uses.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{Days, TimeDelta, Utc};
use reqwest::Response;
use serde_json::{Value, json};

use crate::complaints::{JPEG, PDF, Session};
use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, field_code, new_client, problem, spawn};

/// Today in China.
pub fn china_today() -> chrono::NaiveDate {
    (Utc::now() + TimeDelta::hours(8)).date_naive()
}

/// The id of a demo policyholder's policy of a kind.
pub async fn policy_of(app: &TestApp, phone: &str, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT p.id FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE h.phone = ? AND p.kind = ? ORDER BY p.id LIMIT 1",
    )
    .bind(phone)
    .bind(kind)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// A medical claim on Zhang Wei's policy, incident yesterday.
pub async fn medical_claim(app: &TestApp) -> Value {
    let yesterday = china_today() - Days::new(1);
    json!({
        "policy_id": policy_of(app, ZHANG_WEI, "medical").await,
        "kind": "medical",
        "incident_date": yesterday.to_string(),
        "incident_time": "09:30",
        "place": "上海市第一人民医院",
        "description": "急性阑尾炎住院手术。",
        "contact_phone": ZHANG_WEI,
    })
}

/// Reports [`medical_claim`]; returns the claim's id.
pub async fn report_medical(app: &TestApp, session: &Session) -> i64 {
    report(session, medical_claim(app).await).await["id"]
        .as_i64()
        .unwrap()
}

/// Reports a claim; returns the receipt.
pub async fn report(session: &Session, body: Value) -> Value {
    let response = session.post("/api/v1/claims", body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

pub async fn act(session: &Session, id: i64, command: Value) -> Response {
    session
        .post(&format!("/api/v1/claims/{id}/actions"), command)
        .await
}

pub async fn act_ok(session: &Session, id: i64, command: Value) -> Value {
    let response = act(session, id, command.clone()).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{command} → {body}");
    body
}

pub async fn attach(session: &Session, id: i64, upload_id: &str, slot: &str) -> Response {
    session
        .post(
            &format!("/api/v1/claims/{id}/documents"),
            json!({ "upload_id": upload_id, "slot": slot }),
        )
        .await
}

/// Attaches a fresh PDF to a slot; returns the document's id.
pub async fn attach_pdf_document(session: &Session, id: i64, slot_key: &str) -> String {
    let claim = attach_pdf(session, id, slot_key).await;
    let documents = slot(&claim, slot_key)["documents"].as_array().unwrap();
    documents.last().unwrap()["id"].as_str().unwrap().to_owned()
}

pub async fn remove_document(session: &Session, id: i64, document_id: &str) -> Response {
    session
        .delete(&format!("/api/v1/claims/{id}/documents/{document_id}"))
        .await
}

/// Attaches a fresh PDF to a slot; returns the claim page.
pub async fn attach_pdf(session: &Session, id: i64, slot: &str) -> Value {
    let upload = session.upload_pdf().await;
    let response = attach(session, id, &upload, slot).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The keys of the required slots of a checklist.
fn required_slots(checklist: &Value) -> Vec<String> {
    checklist["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["slot"]["required"] == true)
        .map(|s| s["slot"]["key"].as_str().unwrap().to_owned())
        .collect()
}

fn slot<'a>(claim: &'a Value, key: &str) -> &'a Value {
    claim["checklist"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["slot"]["key"] == key)
        .unwrap()
}

/// The stored claim notices of a claim, oldest first, as their events.
async fn claim_notices(app: &TestApp, claim_id: i64) -> Vec<Value> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT event FROM notices WHERE case_kind = 'claim' AND case_id = ? AND topic = 'step' \
         ORDER BY id",
    )
    .bind(claim_id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    rows.iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect()
}

/// A tus upload sent whole in its creation request; returns the response.
async fn tus_create(session: &Session, name: &str, bytes: &[u8]) -> Response {
    session
        .client
        .post(format!("{}/api/v1/tus", session.base))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", bytes.len().to_string())
        .header(
            "Upload-Metadata",
            format!("filename {}", STANDARD.encode(name)),
        )
        .header("Content-Type", "application/offset+octet-stream")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

fn upload_id(response: &Response) -> String {
    let location = response.headers()["location"].to_str().unwrap();
    location.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn reporting_a_medical_claim_gives_a_receipt_the_first_feedback_and_the_checklist() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let prefill = me.json("/api/v1/claims/prefill").await;
    assert_eq!(prefill["contact_phone"], ZHANG_WEI);
    assert_eq!(prefill["policies"].as_array().unwrap().len(), 5);

    let receipt = report(&me, medical_claim(&app).await).await;
    let number = receipt["claim_number"].as_str().unwrap();
    let today = china_today().format("%Y%m%d").to_string();
    assert_eq!(number, format!("LP{today}000001"));
    assert_eq!(receipt["kind"], "medical");
    assert!(receipt["policy_number"].as_str().unwrap().starts_with('P'));
    let required = required_slots(&receipt["checklist"]);
    for key in ["id_card", "invoices", "medical_record", "bank_card"] {
        assert!(required.contains(&key.to_owned()), "{key} in {required:?}");
    }
    assert!(
        receipt["checklist"]["slots"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "missing")
    );
    // The first feedback was given at once, by the portal.
    let first = &receipt["deadlines"][0];
    assert_eq!(first["kind"], "first_feedback");
    assert_eq!(first["state"], "done");

    let id = receipt["id"].as_i64().unwrap();
    let claim = me.json(&format!("/api/v1/claims/{id}")).await;
    assert_eq!(claim["status"], "accepted");
    let timeline = claim["timeline"].as_array().unwrap();
    assert_eq!(timeline[0]["change"]["type"], "reported");
    assert_eq!(timeline[0]["by"], "policyholder");
    assert_eq!(timeline[1]["change"]["type"], "accepted");
    assert_eq!(timeline[1]["by"], "system");
    assert_eq!(
        claim["allowed_actions"],
        json!(["upload_document", "withdraw"])
    );
    // One notice: "案件受理成功" (the policyholder's own report is on the timeline only).
    let notices = claim_notices(&app, id).await;
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["change"]["type"], "accepted");

    let mine = me.json("/api/v1/claims").await;
    assert_eq!(mine["items"][0]["claim_number"], number);
    assert_eq!(mine["items"][0]["documents_outstanding"], required.len());
}

#[tokio::test]
async fn an_urgent_report_takes_the_fast_lane() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = medical_claim(&app).await;
    body["urgent"] = json!("medical_rescue");
    let receipt = report(&me, body).await;
    assert_eq!(receipt["fast_lane"], "medical_rescue");
}

#[tokio::test]
async fn a_retried_report_with_the_same_key_makes_one_claim() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = medical_claim(&app).await;
    let first = me
        .post_with_key("/api/v1/claims", "claim-key-1", body.clone())
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let again = me
        .post_with_key("/api/v1/claims", "claim-key-1", body.clone())
        .await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first, again);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM claims")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let mut other = body;
    other["place"] = json!("别处");
    let reused = me
        .post_with_key("/api/v1/claims", "claim-key-1", other)
        .await;
    assert_eq!(problem(reused, 422).await["code"], "idempotency_key_reused");
}

#[tokio::test]
async fn a_report_with_every_field_wrong_gets_every_error_at_once() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = problem(
        me.post(
            "/api/v1/claims",
            json!({ "incident_date": "yesterday", "incident_time": "25:00", "contact_phone": "123" }),
        )
        .await,
        422,
    )
    .await;
    for (field, code) in [
        ("policy_id", "required"),
        ("kind", "required"),
        ("incident_date", "date_invalid"),
        ("incident_time", "time_invalid"),
        ("place", "required"),
        ("description", "required"),
    ] {
        assert_eq!(field_code(&body, field).as_deref(), Some(code), "{field}");
    }
    assert!(field_code(&body, "contact_phone").is_some());
}

/// Reports `body` and checks that it is refused (422) with `code` on `field`.
async fn assert_refused(session: &Session, body: Value, field: &str, code: &str) {
    let refused = problem(session.post("/api/v1/claims", body).await, 422).await;
    assert_eq!(
        field_code(&refused, field).as_deref(),
        Some(code),
        "{field}"
    );
}

#[tokio::test]
async fn an_incident_in_the_future_or_outside_the_cover_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = medical_claim(&app).await;
    body["incident_date"] = json!((china_today() + Days::new(1)).to_string());
    assert_refused(&me, body, "incident_date", "date_in_future").await;
    // Zhang Wei's accident cover ended weeks ago.
    let mut body = medical_claim(&app).await;
    body["policy_id"] = json!(policy_of(&app, ZHANG_WEI, "accident").await);
    body["kind"] = json!("accident");
    assert_refused(&me, body, "incident_date", "incident_outside_policy_period").await;
}

#[tokio::test]
async fn another_persons_policy_is_unknown() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = medical_claim(&app).await;
    body["policy_id"] = json!(policy_of(&app, LI_NA, "medical").await);
    assert_refused(&me, body, "policy_id", "policy_unknown").await;
}

#[tokio::test]
async fn documents_attach_to_their_slots_from_simple_and_resumable_uploads() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = report_medical(&app, &me).await;
    let claim = attach_pdf(&me, id, "invoices").await;
    assert_eq!(slot(&claim, "invoices")["status"], "uploaded");
    assert_eq!(
        slot(&claim, "invoices")["documents"][0]["content_type"],
        "application/pdf"
    );

    let mut photo = JPEG.to_vec();
    photo.resize(4096, 7);
    let created = tus_create(&me, "身份证.jpg", &photo).await;
    assert_eq!(created.status(), 201);
    let tus_id = upload_id(&created);
    let response = attach(&me, id, &tus_id, "id_card").await;
    assert_eq!(response.status(), 201);
    let claim: Value = response.json().await.unwrap();
    let card = &slot(&claim, "id_card")["documents"][0];
    assert_eq!(card["id"], tus_id);
    assert_eq!(card["file_name"], "身份证.jpg");
    assert_eq!(card["content_type"], "image/jpeg");
    assert_eq!(card["size"], 4096);
    assert_eq!(slot(&claim, "medical_record")["status"], "missing");
    // The same upload is not added twice.
    let twice = attach(&me, id, &tus_id, "id_card").await;
    assert_eq!(problem(twice, 422).await["code"], "document_already_added");

    // The owner downloads it; a document not yet reviewed can be removed.
    let file = me
        .get(&format!("/api/v1/claims/{id}/documents/{tus_id}/file"))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().len(), 4096);
    let removed = remove_document(&me, id, &tus_id).await;
    assert_eq!(removed.status(), 200);
    let claim: Value = removed.json().await.unwrap();
    assert_eq!(slot(&claim, "id_card")["status"], "missing");
    // Removed from the claim, the upload may go into a slot again.
    assert_eq!(attach(&me, id, &tus_id, "id_card").await.status(), 201);
}

#[tokio::test]
async fn a_document_for_a_slot_that_does_not_exist_is_refused() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = report_medical(&app, &me).await;
    let upload = me.upload_pdf().await;
    let refused = problem(attach(&me, id, &upload, "driving_licence").await, 422).await;
    assert_eq!(refused["code"], "document_slot_unknown");
    assert_eq!(
        field_code(&refused, "slot").as_deref(),
        Some("document_slot_unknown")
    );
}

#[tokio::test]
async fn another_persons_or_an_unfinished_or_rejected_upload_is_unknown() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let li_na = Session::policyholder(&app, LI_NA).await;
    let id = report_medical(&app, &me).await;
    let hers = li_na.upload_pdf().await;
    let refused = problem(attach(&me, id, &hers, "invoices").await, 422).await;
    assert_eq!(
        field_code(&refused, "upload_id").as_deref(),
        Some("upload_unknown")
    );
    // A tus upload with half its bytes is not a document yet.
    let unfinished = me
        .client
        .post(format!("{}/api/v1/tus", me.base))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", "100")
        .send()
        .await
        .unwrap();
    assert_eq!(unfinished.status(), 201);
    let unfinished = upload_id(&unfinished);
    let refused = problem(attach(&me, id, &unfinished, "invoices").await, 422).await;
    assert_eq!(refused["code"], "upload_unknown");
    // A "JPEG" that is text ends rejected.
    let text = tus_create(&me, "fake.jpg", b"this is plain text, not a photo").await;
    assert_eq!(text.status(), 415);
    let rejected: Option<String> =
        sqlx::query_scalar("SELECT id FROM tus_uploads WHERE state = 'rejected'")
            .fetch_optional(&app.db)
            .await
            .unwrap();
    let refused = problem(attach(&me, id, &rejected.unwrap(), "invoices").await, 422).await;
    assert_eq!(refused["code"], "upload_unknown");
    assert_eq!(
        slot(&me.json(&format!("/api/v1/claims/{id}")).await, "invoices")["status"],
        "missing"
    );
}

#[tokio::test]
async fn staff_requesting_documents_send_one_notice_listing_everything_missing() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let receipt = report(&me, medical_claim(&app).await).await;
    let id = receipt["id"].as_i64().unwrap();
    attach_pdf(&me, id, "invoices").await;
    let claim = act_ok(
        &handler,
        id,
        json!({ "action": "request_documents", "slots": [
            { "slot": "expense_list", "note": "请提供住院费用清单" }
        ] }),
    )
    .await;
    assert_eq!(claim["status"], "documents_requested");
    let missing: Vec<String> = required_slots(&receipt["checklist"])
        .into_iter()
        .filter(|k| k != "invoices")
        .collect();
    let notices = claim_notices(&app, id).await;
    let requests: Vec<&Value> = notices
        .iter()
        .filter(|n| n["change"]["type"] == "documents_requested")
        .collect();
    assert_eq!(requests.len(), 1);
    let listed: Vec<&str> = requests[0]["change"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slot"].as_str().unwrap())
        .collect();
    for key in &missing {
        assert!(listed.contains(&key.as_str()), "{key} in {listed:?}");
    }
    assert!(listed.contains(&"expense_list"));
    assert!(!listed.contains(&"invoices"));
    // Each listed slot now shows its due day.
    assert!(slot(&claim, "bank_card")["due_on"].is_string());
    // Once, listing everything: a second request is refused.
    let again = act(&handler, id, json!({ "action": "request_documents" })).await;
    assert_eq!(
        problem(again, 409).await["code"],
        "documents_already_requested"
    );
    // The inbox counts exactly what it lists.
    let inbox = me.json("/api/v1/inbox").await;
    let unread = me.json("/api/v1/inbox/unread").await;
    assert_eq!(
        unread["unread"].as_u64().unwrap(),
        inbox["items"].as_array().unwrap().len() as u64
    );
}

#[tokio::test]
async fn a_rejected_document_puts_its_slot_back_in_the_missing_list() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = report_medical(&app, &me).await;
    let invoice = attach_pdf_document(&me, id, "invoices").await;
    let claim = act_ok(
        &handler,
        id,
        json!({ "action": "review_documents", "reviews": [
            { "document_id": invoice, "outcome": "rejected", "reason": "unreadable", "note": "请重新拍摄" }
        ] }),
    )
    .await;
    let invoices = slot(&claim, "invoices");
    assert_eq!(invoices["status"], "rejected");
    assert_eq!(invoices["rejection"]["reason"], "unreadable");
    assert_eq!(claim["status"], "documents_requested");
    let notices = claim_notices(&app, id).await;
    let request = notices.last().unwrap();
    assert_eq!(request["change"]["type"], "documents_requested");
    assert_eq!(request["change"]["after_review"], true);
    assert!(
        request["change"]["slots"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["slot"] == "invoices")
    );
    // A reviewed document stays; a new upload fills the slot again.
    let remove = remove_document(&me, id, &invoice).await;
    assert_eq!(problem(remove, 409).await["code"], "transition_not_allowed");
    let claim = attach_pdf(&me, id, "invoices").await;
    assert_eq!(slot(&claim, "invoices")["status"], "uploaded");
}

/// Every required slot filled and accepted: the claim's documents are complete.
pub async fn complete_documents(me: &Session, handler: &Session, id: i64) -> Value {
    let claim = me.json(&format!("/api/v1/claims/{id}")).await;
    for key in required_slots(&claim["checklist"]) {
        attach_pdf(me, id, &key).await;
    }
    let claim = me.json(&format!("/api/v1/claims/{id}")).await;
    assert_eq!(claim["status"], "documents_complete");
    let reviews: Vec<Value> = claim["checklist"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["documents"].as_array().unwrap().clone())
        .map(|d| json!({ "document_id": d["id"], "outcome": "accepted" }))
        .collect();
    act_ok(
        handler,
        id,
        json!({ "action": "review_documents", "reviews": reviews }),
    )
    .await
}

#[tokio::test]
async fn a_claim_goes_the_whole_way_to_payment_with_a_breakdown() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = report_medical(&app, &me).await;
    let claim = complete_documents(&me, &handler, id).await;
    assert!(
        claim["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "decision" && d["state"] == "running")
    );
    act_ok(
        &handler,
        id,
        json!({ "action": "start_investigation", "what": "核实住院病历与费用" }),
    )
    .await;
    let claim = act_ok(
        &handler,
        id,
        json!({ "action": "assess", "amount": 850_000, "note": "住院医疗费用" }),
    )
    .await;
    assert_eq!(claim["assessment"]["amount"], 850_000);
    let claim = act_ok(
        &handler,
        id,
        json!({ "action": "decide", "result": "approved" }),
    )
    .await;
    assert_eq!(claim["decision"]["amount"], 850_000);
    let wrong = act(
        &handler,
        id,
        json!({ "action": "pay", "lines": [{ "label": "住院医疗费用", "amount": 900_000 }] }),
    )
    .await;
    assert_eq!(
        problem(wrong, 422).await["code"],
        "payment_breakdown_mismatch"
    );
    let claim = act_ok(
        &handler,
        id,
        json!({ "action": "pay", "lines": [
            { "label": "住院医疗费用", "amount": 900_000 },
            { "label": "免赔额", "amount": -50_000 }
        ] }),
    )
    .await;
    assert_eq!(claim["status"], "paid");
    assert_eq!(claim["payment"]["total"], 850_000);
    assert_eq!(claim["payment"]["transferred"], 850_000);
    assert_eq!(claim["payment"]["lines"].as_array().unwrap().len(), 2);
    let seen = me.json(&format!("/api/v1/claims/{id}")).await;
    assert_eq!(seen["payment"], claim["payment"]);
    assert_eq!(seen["allowed_actions"], json!(["dispute"]));
    let kinds: Vec<String> = claim_notices(&app, id)
        .await
        .iter()
        .map(|n| n["change"]["type"].as_str().unwrap().to_owned())
        .collect();
    for kind in [
        "accepted",
        "documents_completed",
        "investigation_started",
        "assessed",
        "decided",
        "paid",
    ] {
        assert!(kinds.contains(&kind.to_owned()), "{kind} in {kinds:?}");
    }
}

#[tokio::test]
async fn a_refusal_with_reasons_then_a_dispute_opens_a_claim_dispute_complaint() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = report_medical(&app, &me).await;
    complete_documents(&me, &handler, id).await;
    let no_reason = act(
        &handler,
        id,
        json!({ "action": "decide", "result": "refused" }),
    )
    .await;
    let no_reason = problem(no_reason, 422).await;
    assert_eq!(no_reason["code"], "reason_required");
    act_ok(
        &handler,
        id,
        json!({ "action": "decide", "result": "refused",
                "refusal_reasons": ["waiting_period"], "text": "出险日期在等待期内" }),
    )
    .await;
    // A refusal is disputed once its notice is out.
    let early = act(
        &me,
        id,
        json!({ "action": "dispute", "reason": "已过等待期" }),
    )
    .await;
    assert_eq!(problem(early, 409).await["code"], "transition_not_allowed");
    let claim = act_ok(&handler, id, json!({ "action": "notify_refusal" })).await;
    assert_eq!(claim["status"], "refused");
    let claim = act_ok(
        &me,
        id,
        json!({ "action": "dispute", "reason": "出险时已过等待期" }),
    )
    .await;
    let complaint = &claim["dispute_complaint"];
    let complaint_id = complaint["id"].as_i64().unwrap();
    assert!(complaint["case_number"].as_str().unwrap().starts_with("TS"));
    let case = me.json(&format!("/api/v1/complaints/{complaint_id}")).await;
    assert_eq!(case["category"], "claim_dispute");
    assert!(case["facts"].as_str().unwrap().contains("出险时已过等待期"));
    assert!(
        case["about"]
            .as_str()
            .unwrap()
            .contains(claim["claim_number"].as_str().unwrap())
    );
    // The complaint's own notice is in the inbox.
    let inbox = me.json("/api/v1/inbox").await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["case_id"] == complaint_id && n["case_kind"] == "complaint")
    );
    let again = act(&me, id, json!({ "action": "dispute", "reason": "再次" })).await;
    assert_eq!(problem(again, 409).await["code"], "dispute_already_raised");
}

#[tokio::test]
async fn another_persons_claim_and_documents_are_not_found() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let li_na = Session::policyholder(&app, LI_NA).await;
    let id = report_medical(&app, &me).await;
    let doc = attach_pdf_document(&me, id, "invoices").await;
    assert_eq!(
        li_na.get(&format!("/api/v1/claims/{id}")).await.status(),
        404
    );
    let withdraw = act(&li_na, id, json!({ "action": "withdraw" })).await;
    assert_eq!(problem(withdraw, 404).await["code"], "not_found");
    let upload = li_na.upload_pdf().await;
    assert_eq!(attach(&li_na, id, &upload, "invoices").await.status(), 404);
    for path in [
        format!("/api/v1/claims/{id}/documents/{doc}/file"),
        format!("/api/v1/claims/{id}/documents/{doc}/link"),
        format!("/api/v1/claims/{id}/documents/nope/file"),
        "/api/v1/claims/abc".to_owned(),
        "/api/v1/claims/999999".to_owned(),
    ] {
        assert_eq!(li_na.get(&path).await.status(), 404, "{path}");
    }
    let delete = remove_document(&li_na, id, &doc).await;
    assert_eq!(delete.status(), 404);
    assert!(
        li_na.json("/api/v1/claims").await["items"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let anonymous = Session::anonymous(&app);
    assert_eq!(
        anonymous
            .get(&format!("/api/v1/claims/{id}"))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn handlers_and_policyholders_take_only_their_own_steps() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let id = report_medical(&app, &me).await;
    let own = act(&me, id, json!({ "action": "request_documents" })).await;
    assert_eq!(problem(own, 403).await["code"], "forbidden");
    let claim = handler.json(&format!("/api/v1/claims/{id}")).await;
    let offered: Vec<&str> = claim["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(offered.contains(&"request_documents"));
    assert!(!offered.contains(&"dispute") && !offered.contains(&"remove_document"));
    let staff_list = handler.get("/api/v1/claims").await;
    assert_eq!(problem(staff_list, 403).await["code"], "forbidden");
    let queue = me.get("/api/v1/staff/claims").await;
    assert_eq!(problem(queue, 403).await["code"], "forbidden");
    let doc = attach_pdf_document(&me, id, "invoices").await;
    let staff_delete = remove_document(&handler, id, &doc).await;
    assert_eq!(staff_delete.status(), 403);
    // Staff see and download the policyholder's documents.
    let file = handler
        .get(&format!("/api/v1/claims/{id}/documents/{doc}/file"))
        .await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);
    let withdrawn = act_ok(
        &me,
        id,
        json!({ "action": "withdraw", "reason": "已自行处理" }),
    )
    .await;
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["allowed_actions"], json!([]));
}

#[tokio::test]
async fn a_signed_link_works_without_a_cookie_and_fails_when_expired_or_tampered() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let id = report_medical(&app, &me).await;
    let doc = attach_pdf_document(&me, id, "invoices").await;
    let link = me
        .json(&format!("/api/v1/claims/{id}/documents/{doc}/link"))
        .await;
    let url = link["url"].as_str().unwrap();
    assert!(url.starts_with("/api/v1/files/"));
    let expires: chrono::DateTime<Utc> = link["expires_at"].as_str().unwrap().parse().unwrap();
    let minutes = (expires - Utc::now()).num_seconds();
    assert!((590..=600).contains(&minutes), "{minutes}");

    let webview = new_client();
    let file = webview.get(app.url(url)).send().await.unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert!(
        file.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("inline")
    );
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

    let mut tampered = url.to_owned();
    let last = tampered.pop().unwrap();
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let bad = webview.get(app.url(&tampered)).send().await.unwrap();
    assert_eq!(problem(bad, 404).await["code"], "not_found");
    // The same claim and document with a later expiry, or a MAC with a middle character
    // changed: only the signature can refuse these (both name a document that is there).
    let (payload, mac) = url.rsplit_once('.').unwrap();
    let (head, expires_at) = payload.rsplit_once('.').unwrap();
    let later = expires_at.parse::<i64>().unwrap() + 3600;
    let mut bent_mac = mac.to_owned().into_bytes();
    bent_mac[10] = if bent_mac[10] == b'A' { b'B' } else { b'A' };
    let bent_mac = String::from_utf8(bent_mac).unwrap();
    for forged in [
        format!("{head}.{later}.{mac}"),
        format!("{payload}.{bent_mac}"),
    ] {
        let refused = webview.get(app.url(&forged)).send().await.unwrap();
        assert_eq!(refused.status(), 404, "{forged}");
    }
    let other_claim = url.replacen(&format!("/files/{id}."), &format!("/files/{}.", id + 1), 1);
    assert_eq!(
        webview
            .get(app.url(&other_claim))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let key: Vec<u8> =
        sqlx::query_scalar("SELECT key FROM server_keys WHERE name = 'document_links'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let past = Utc::now().timestamp() - 1;
    let expired = portal_server::claims::link::sign(&key, id, &doc, past);
    let gone = webview
        .get(app.url(&format!("/api/v1/files/{expired}")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    let fresh = portal_server::claims::link::sign(&key, id, &doc, past + 120);
    let works = webview
        .get(app.url(&format!("/api/v1/files/{fresh}")))
        .send()
        .await
        .unwrap();
    assert_eq!(works.status(), 200);
}
