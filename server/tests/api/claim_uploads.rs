//! `GET /api/v1/claims/{id}/uploads`: the caller's resumable uploads for a claim that are still
//! worth continuing, so a web app that lost its local storage can resume them from the server.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Response;
use serde_json::Value;

use crate::claims::{attach, medical_claim, remove_document, report};
use crate::complaints::{JPEG, Session};
use crate::helpers::{LI_NA, TestApp, ZHANG_WEI, problem, spawn};

/// A photo: JPEG magic, then filler.
fn photo(len: usize) -> Vec<u8> {
    let mut bytes = JPEG.to_vec();
    bytes.resize(len, 7);
    bytes
}

/// Reports a medical claim for Zhang Wei; returns its id.
async fn new_claim(app: &TestApp, me: &Session) -> i64 {
    report(me, medical_claim(app).await).await["id"]
        .as_i64()
        .unwrap()
}

/// Creates a tus upload with these metadata pairs and no bytes; returns its id.
async fn tus_create(me: &Session, length: usize, metadata: &[(&str, &str)]) -> String {
    let metadata: Vec<String> = metadata
        .iter()
        .map(|(k, v)| format!("{k} {}", STANDARD.encode(v)))
        .collect();
    let response = me
        .client
        .post(format!("{}/api/v1/tus", me.base))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Length", length.to_string())
        .header("Upload-Metadata", metadata.join(","))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap();
    location.rsplit('/').next().unwrap().to_owned()
}

/// A claim document's upload, as the web app creates it.
async fn claim_upload(me: &Session, claim: i64, slot: &str, name: &str, length: usize) -> String {
    let claim = claim.to_string();
    tus_create(
        me,
        length,
        &[
            ("purpose", "claim_document"),
            ("claim_id", &claim),
            ("slot", slot),
            ("filename", name),
            ("filetype", "image/jpeg"),
        ],
    )
    .await
}

async fn patch(me: &Session, id: &str, offset: usize, body: Vec<u8>) -> Response {
    me.client
        .patch(format!("{}/api/v1/tus/{id}", me.base))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", offset.to_string())
        .header("Content-Type", "application/offset+octet-stream")
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The listed uploads of a claim.
async fn listed(me: &Session, claim: i64) -> Vec<Value> {
    let response = me.get(&format!("/api/v1/claims/{claim}/uploads")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    response
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn ids(items: &[Value]) -> Vec<&str> {
    items.iter().map(|u| u["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn an_unfinished_upload_is_listed_with_its_offset_metadata_and_expiry() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let claim = new_claim(&app, &me).await;
    assert!(listed(&me, claim).await.is_empty());

    let claim_text = claim.to_string();
    let id = tus_create(
        &me,
        4096,
        &[
            ("purpose", "claim_document"),
            ("claim_id", &claim_text),
            ("slot", "invoices"),
            ("filename", "发票.jpg"),
            ("filetype", "image/jpeg"),
            ("source_name", "IMG_20261121_093000.HEIC"),
            ("source_size", "4823112"),
        ],
    )
    .await;
    assert_eq!(patch(&me, &id, 0, photo(1024)).await.status(), 204);

    let items = listed(&me, claim).await;
    assert_eq!(items.len(), 1);
    let upload = &items[0];
    assert_eq!(upload["id"], id.as_str());
    assert_eq!(upload["state"], "receiving");
    assert_eq!(upload["offset"], 1024);
    assert_eq!(upload["length"], 4096);
    assert_eq!(upload["file_name"], "发票.jpg");
    assert_eq!(upload["metadata"]["purpose"], "claim_document");
    assert_eq!(upload["metadata"]["claim_id"], claim_text.as_str());
    assert_eq!(upload["metadata"]["slot"], "invoices");
    assert_eq!(upload["metadata"]["filetype"], "image/jpeg");
    assert_eq!(
        upload["metadata"]["source_name"],
        "IMG_20261121_093000.HEIC"
    );
    assert_eq!(upload["metadata"]["source_size"], "4823112");
    let expires_at: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(upload["expires_at"].clone()).unwrap();
    assert!(expires_at > chrono::Utc::now());
    assert!(upload["attachment"].is_null());
    assert!(upload["problem"].is_null());
    // The same view as the upload's own status.
    let status: Value = me
        .get(&format!("/api/v1/tus/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(&status, upload);

    // The rest of the bytes from the listed offset: the upload completes.
    let rest = photo(4096)[1024..].to_vec();
    assert_eq!(patch(&me, &id, 1024, rest).await.status(), 204);
    let items = listed(&me, claim).await;
    assert_eq!(items[0]["state"], "completed");
    assert_eq!(items[0]["offset"], 4096);
}

#[tokio::test]
async fn an_attached_upload_leaves_the_list_and_a_completed_unattached_one_stays() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let claim = new_claim(&app, &me).await;
    let attached = claim_upload(&me, claim, "invoices", "发票.jpg", 2048).await;
    let waiting = claim_upload(&me, claim, "id_card", "身份证.jpg", 2048).await;
    let removed = claim_upload(&me, claim, "medical_record", "病历.jpg", 2048).await;
    for id in [&attached, &waiting, &removed] {
        assert_eq!(patch(&me, id, 0, photo(2048)).await.status(), 204);
    }
    let items = listed(&me, claim).await;
    assert_eq!(ids(&items), [&attached, &waiting, &removed], "oldest first");
    assert!(items.iter().all(|u| u["state"] == "completed"));
    assert!(items.iter().all(|u| u["expires_at"].is_null()));

    assert_eq!(
        attach(&me, claim, &attached, "invoices").await.status(),
        201
    );
    assert_eq!(
        attach(&me, claim, &removed, "medical_record")
            .await
            .status(),
        201
    );
    let dropped = remove_document(&me, claim, &removed).await;
    assert_eq!(dropped.status(), 200);

    // Attached, or attached once and removed by its owner: not to be continued.
    let items = listed(&me, claim).await;
    assert_eq!(ids(&items), [&waiting]);
    let upload = &items[0];
    assert_eq!(upload["state"], "completed");
    assert_eq!(upload["offset"], 2048);
    assert_eq!(upload["metadata"]["slot"], "id_card");
    assert_eq!(upload["content_type"], "image/jpeg");
    assert_eq!(upload["attachment"]["id"], waiting.as_str());
    assert_eq!(upload["attachment"]["file_name"], "身份证.jpg");
}

#[tokio::test]
async fn terminated_rejected_and_expired_uploads_are_not_listed() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let claim = new_claim(&app, &me).await;
    let kept = claim_upload(&me, claim, "invoices", "a.jpg", 4096).await;
    let terminated = claim_upload(&me, claim, "invoices", "b.jpg", 4096).await;
    let rejected = claim_upload(&me, claim, "invoices", "c.jpg", 4096).await;
    let expired = claim_upload(&me, claim, "invoices", "d.jpg", 4096).await;
    assert_eq!(patch(&me, &terminated, 0, photo(1024)).await.status(), 204);
    assert_eq!(
        listed(&me, claim).await.len(),
        4,
        "every one is listed at first"
    );

    let ended = me
        .client
        .delete(format!("{}/api/v1/tus/{terminated}", me.base))
        .header("Tus-Resumable", "1.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    let text = b"Dear insurer, this is a letter and not a photo at all.".to_vec();
    problem(patch(&me, &rejected, 0, text).await, 415).await;
    sqlx::query("UPDATE tus_uploads SET expires_at = expires_at - 86400 * 2 WHERE id = ?")
        .bind(&expired)
        .execute(&app.db)
        .await
        .unwrap();

    assert_eq!(ids(&listed(&me, claim).await), [&kept]);
}

#[tokio::test]
async fn uploads_of_another_claim_or_of_no_claim_are_not_listed() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let first = new_claim(&app, &me).await;
    let second = new_claim(&app, &me).await;
    let mine = claim_upload(&me, first, "invoices", "a.jpg", 100).await;
    let other = claim_upload(&me, second, "invoices", "b.jpg", 100).await;
    tus_create(&me, 100, &[("filename", "c.jpg")]).await;

    assert_eq!(ids(&listed(&me, first).await), [&mine]);
    assert_eq!(ids(&listed(&me, second).await), [&other]);
}

#[tokio::test]
async fn someone_elses_claim_a_bad_id_or_no_session_get_what_the_claim_route_gives() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let li_na = Session::policyholder(&app, LI_NA).await;
    let claim = new_claim(&app, &me).await;
    let upload = claim_upload(&me, claim, "invoices", "秘密发票.jpg", 100).await;

    let response = li_na.get(&format!("/api/v1/claims/{claim}/uploads")).await;
    let text = problem(response, 404).await.to_string();
    assert!(!text.contains(&upload), "{text}");
    assert!(!text.contains("秘密发票"), "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["code"], "not_found");
    // Exactly what the claim page and a claim that does not exist answer.
    let claim_page = problem(li_na.get(&format!("/api/v1/claims/{claim}")).await, 404).await;
    assert_eq!(body, claim_page);
    let missing = problem(li_na.get("/api/v1/claims/999999/uploads").await, 404).await;
    assert_eq!(body, missing);

    let bad = li_na.get("/api/v1/claims/abc").await.status();
    assert_eq!(bad, 404);
    let bad_uploads = problem(li_na.get("/api/v1/claims/abc/uploads").await, 404).await;
    assert_eq!(bad_uploads, body);

    let anonymous = Session::anonymous(&app);
    let response = anonymous
        .get(&format!("/api/v1/claims/{claim}/uploads"))
        .await;
    problem(response, 401).await;

    // The owner still sees it.
    assert_eq!(ids(&listed(&me, claim).await), [&upload]);
}

#[tokio::test]
async fn staff_see_the_claim_but_only_their_own_uploads_for_it() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let handler = Session::staff(&app, "handler").await;
    let claim = new_claim(&app, &me).await;
    claim_upload(&me, claim, "invoices", "a.jpg", 100).await;
    assert_eq!(
        handler
            .get(&format!("/api/v1/claims/{claim}"))
            .await
            .status(),
        200
    );
    assert!(listed(&handler, claim).await.is_empty());
}

#[tokio::test]
async fn the_route_is_in_the_openapi_document() {
    let app = spawn().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let get = &doc["paths"]["/api/v1/claims/{id}/uploads"]["get"];
    assert_eq!(get["tags"][0], "claims");
    let schema = &get["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "array");
    assert_eq!(schema["items"]["$ref"], "#/components/schemas/UploadStatus");
    assert!(get["responses"]["404"].is_object());
}
