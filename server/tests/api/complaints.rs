//! Filing complaints: who may file, what is checked, the receipt, and idempotent retries.
//! Also the sessions and bodies the other complaint test modules use.

use reqwest::{Client, Response};
use serde_json::{Value, json};

use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, field_code, new_client, problem, spawn};

pub const ZHANG_WEI_ID: &str = "310101198503151232";
pub const AGENT_ID: &str = "440304199001011233";
pub const JPEG: &[u8] = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// One person's browser: its own cookie jar.
pub struct Session {
    pub client: Client,
    pub base: String,
}

impl Session {
    pub async fn policyholder(app: &TestApp, phone: &str) -> Session {
        let session = Session {
            client: new_client(),
            base: app.base.clone(),
        };
        let sent: Value = session
            .post("/api/v1/auth/otp", json!({ "phone": phone }))
            .await
            .json()
            .await
            .unwrap();
        let code = sent["demo_code"].as_str().unwrap();
        let login = session
            .post(
                "/api/v1/auth/login",
                json!({ "phone": phone, "code": code }),
            )
            .await;
        assert_eq!(login.status(), 200);
        session
    }

    pub async fn staff(app: &TestApp, username: &str) -> Session {
        let session = Session {
            client: new_client(),
            base: app.base.clone(),
        };
        let login = session
            .post(
                "/api/v1/auth/staff/login",
                json!({ "username": username, "password": format!("{username}-demo") }),
            )
            .await;
        assert_eq!(login.status(), 200);
        session
    }

    pub fn anonymous(app: &TestApp) -> Session {
        Session {
            client: new_client(),
            base: app.base.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.client
            .put(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.client
            .delete(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    pub async fn post_with_key(&self, path: &str, key: &str, body: Value) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn json(&self, path: &str) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        response.json().await.unwrap()
    }

    pub async fn upload(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
        self.client
            .post(format!("{}/api/v1/uploads?name={name}", self.base))
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await
            .unwrap()
    }

    /// Uploads a small PDF and returns its id.
    pub async fn upload_pdf(&self) -> String {
        let response = self
            .upload("doc.pdf", "application/pdf", PDF.to_vec())
            .await;
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().to_owned()
    }

    /// Files a complaint; returns the receipt.
    pub async fn file(&self, body: Value) -> Value {
        let response = self.post("/api/v1/complaints", body).await;
        assert_eq!(response.status(), 201);
        response.json().await.unwrap()
    }

    pub async fn act(&self, id: i64, command: Value) -> Response {
        self.post(&format!("/api/v1/complaints/{id}/actions"), command)
            .await
    }

    /// Takes a step that must succeed; returns the case page.
    pub async fn act_ok(&self, id: i64, command: Value) -> Value {
        let response = self.act(id, command.clone()).await;
        assert_eq!(response.status(), 200, "{command}");
        response.json().await.unwrap()
    }
}

/// Zhang Wei complaining about a claim, as himself.
pub fn own_complaint() -> Value {
    json!({
        "filed_as": "self",
        "consumer": { "name": "张伟", "id_type": "mainland_id", "id_number": ZHANG_WEI_ID, "phone": ZHANG_WEI },
        "about": "理赔部",
        "category": "claim_dispute",
        "request": "请按合同约定赔付住院费用。",
        "facts": "2026 年 3 月住院，提交材料后 40 天未获赔付。",
        "preferred_contact": "sms"
    })
}

pub async fn complaint_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM complaints")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

fn agent(power_of_attorney: Option<&str>) -> Value {
    let mut body = own_complaint();
    body["filed_as"] = json!("agent");
    body["acting_person"] =
        json!({ "name": "王律师", "id_number": AGENT_ID, "phone": "13700137000" });
    if let Some(id) = power_of_attorney {
        body["power_of_attorney"] = json!(id);
    }
    body
}

#[tokio::test]
async fn filing_as_self_gives_a_receipt_with_case_number_deadlines_and_channels() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = own_complaint();
    body["policy_id"] = json!(app.policy_ids_of(ZHANG_WEI).await[0]);
    body["attachments"] = json!([me.upload_pdf().await]);
    let receipt = me.file(body).await;
    let number = receipt["case_number"].as_str().unwrap();
    assert!(number.starts_with("TS") && number.len() == 16, "{number}");
    assert!(number.ends_with("000001"), "{number}");
    let kinds: Vec<&str> = receipt["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["supplement_notice", "acceptance", "decision"]);
    assert_eq!(receipt["channels"]["regulator_hotline"], "12378");

    let id = receipt["id"].as_i64().unwrap();
    let list = me.json("/api/v1/complaints").await;
    assert_eq!(list["items"][0]["id"], id);
    assert_eq!(list["items"][0]["status"], "registered");
    assert_eq!(
        list["items"][0]["next_deadline"]["kind"],
        "supplement_notice"
    );

    let case = me.json(&format!("/api/v1/complaints/{id}")).await;
    assert_eq!(case["filed_as"], "self");
    assert_eq!(case["channel"], "online");
    assert!(case["policy_number"].as_str().unwrap().starts_with("P3101"));
    assert_eq!(case["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(case["timeline"][0]["change"]["type"], "registered");
    assert_eq!(case["timeline"][0]["by"], "complainant");
    assert_eq!(case["allowed_actions"], json!(["withdraw"]));
}

#[tokio::test]
async fn the_form_is_prefilled_with_what_the_company_holds() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let prefill = me.json("/api/v1/complaints/prefill").await;
    assert_eq!(prefill["consumer"]["name"], "张伟");
    assert_eq!(prefill["consumer"]["id_type"], "mainland_id");
    assert_eq!(prefill["consumer"]["id_number"], ZHANG_WEI_ID);
    assert_eq!(prefill["consumer"]["phone"], ZHANG_WEI);
    assert_eq!(prefill["policies"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn an_agent_with_a_power_of_attorney_files_for_the_consumer() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let power_of_attorney = me.upload_pdf().await;
    let receipt = me.file(agent(Some(&power_of_attorney))).await;
    let case = me
        .json(&format!("/api/v1/complaints/{}", receipt["id"]))
        .await;
    assert_eq!(case["filed_as"], "agent");
    assert_eq!(case["acting_person_name"], "王律师");
    assert_eq!(case["attachments"][0]["id"], power_of_attorney.as_str());
}

#[tokio::test]
async fn an_agent_without_a_power_of_attorney_is_refused_and_nothing_is_stored() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = problem(me.post("/api/v1/complaints", agent(None)).await, 422).await;
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(
        field_code(&body, "power_of_attorney").as_deref(),
        Some("power_of_attorney_required")
    );
    assert_eq!(complaint_count(&app).await, 0);
    let inbox = me.json("/api/v1/inbox/unread").await;
    assert_eq!(inbox["unread"], 0);
}

#[tokio::test]
async fn a_group_complaint_names_at_most_five_representatives() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = own_complaint();
    body["filed_as"] = json!("group");
    let rep = json!({ "name": "代表", "id_number": AGENT_ID, "phone": "13700137000" });
    body["representatives"] = json!(vec![rep.clone(); 6]);
    let refused = problem(me.post("/api/v1/complaints", body.clone()).await, 422).await;
    assert_eq!(
        field_code(&refused, "representatives").as_deref(),
        Some("too_many_representatives")
    );
    body["representatives"] = json!(vec![rep; 5]);
    let receipt = me.file(body).await;
    let case = me
        .json(&format!("/api/v1/complaints/{}", receipt["id"]))
        .await;
    assert_eq!(case["representative_names"].as_array().unwrap().len(), 5);
    assert_eq!(
        case["urgent"], "group",
        "a group complaint takes the green channel"
    );
}

#[tokio::test]
async fn missing_required_fields_are_all_reported_at_once() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let body = problem(
        me.post("/api/v1/complaints", json!({ "attachments": ["nope"] }))
            .await,
        422,
    )
    .await;
    for (field, code) in [
        ("filed_as", "required"),
        ("consumer.name", "required"),
        ("consumer.id_number", "required"),
        ("consumer.phone", "phone_required"),
        ("category", "required"),
        ("request", "required"),
        ("facts", "required"),
        ("attachments", "upload_unknown"),
    ] {
        assert_eq!(
            field_code(&body, field).as_deref(),
            Some(code),
            "{field}: {body}"
        );
    }
    assert_eq!(complaint_count(&app).await, 0);
}

#[tokio::test]
async fn an_idempotent_retry_gives_the_same_receipt_and_one_complaint() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let first = me
        .post_with_key("/api/v1/complaints", "draft-42", own_complaint())
        .await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let retry = me
        .post_with_key("/api/v1/complaints", "draft-42", own_complaint())
        .await;
    assert_eq!(retry.status(), 201);
    let retry: Value = retry.json().await.unwrap();
    assert_eq!(first, retry);
    assert_eq!(complaint_count(&app).await, 1);

    let mut changed = own_complaint();
    changed["request"] = json!("另一个请求");
    let reused = problem(
        me.post_with_key("/api/v1/complaints", "draft-42", changed)
            .await,
        422,
    )
    .await;
    assert_eq!(reused["code"], "idempotency_key_reused");
    assert_eq!(complaint_count(&app).await, 1);

    // The same key from someone else is their own key.
    let other = Session::policyholder(&app, LI_NA).await;
    let response = other
        .post_with_key("/api/v1/complaints", "draft-42", own_complaint())
        .await;
    assert_eq!(response.status(), 201);
    assert_eq!(complaint_count(&app).await, 2);
}

#[tokio::test]
async fn someone_elses_upload_or_policy_is_refused() {
    let app = spawn().await;
    let theirs = Session::policyholder(&app, LI_NA).await.upload_pdf().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let mut body = agent(Some(&theirs));
    body["attachments"] = json!([theirs]);
    body["policy_id"] = json!(app.policy_ids_of(LI_NA).await[0]);
    let refused = problem(me.post("/api/v1/complaints", body).await, 422).await;
    for field in ["power_of_attorney", "attachments"] {
        assert_eq!(
            field_code(&refused, field).as_deref(),
            Some("upload_unknown"),
            "{field}"
        );
    }
    assert_eq!(
        field_code(&refused, "policy_id").as_deref(),
        Some("policy_unknown")
    );
    assert_eq!(complaint_count(&app).await, 0);
}

#[tokio::test]
async fn filing_needs_a_policyholder_session() {
    let app = spawn().await;
    let nobody = Session::anonymous(&app);
    let body = problem(
        nobody.post("/api/v1/complaints", own_complaint()).await,
        401,
    )
    .await;
    assert_eq!(body["code"], "unauthenticated");
    let staff = Session::staff(&app, "handler").await;
    problem(staff.post("/api/v1/complaints", own_complaint()).await, 403).await;
}

#[tokio::test]
async fn a_double_tap_makes_one_complaint() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let (a, b) = tokio::join!(
        me.post_with_key("/api/v1/complaints", "tap-tap", own_complaint()),
        me.post_with_key("/api/v1/complaints", "tap-tap", own_complaint())
    );
    assert_eq!((a.status().as_u16(), b.status().as_u16()), (201, 201));
    let (a, b): (Value, Value) = (a.json().await.unwrap(), b.json().await.unwrap());
    assert_eq!(a, b);
    assert_eq!(complaint_count(&app).await, 1);
}
