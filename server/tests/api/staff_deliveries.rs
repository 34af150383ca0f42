//! Staff see every delivery (recipients masked), filter by state or case, and queue a dead
//! letter again.

use serde_json::{Value, json};

use crate::complaints::own_complaint;
use crate::helpers::{LI_NA, ZHANG_WEI, tomorrow_at_ten_china};
use crate::outbox::{Fakes, Mode, quick, spawn_with};

#[tokio::test]
async fn staff_see_dead_letters_masked_and_queue_them_again() {
    let app = spawn_with(Fakes::sms(Mode::FailAlways), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let first = me.file(own_complaint()).await;
    let start = tomorrow_at_ten_china();
    app.drain(start).await;

    let handler = app.staff("handler").await;
    let page = handler.json("/api/v1/staff/deliveries?state=dead").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    let dead = &items[0];
    assert_eq!(dead["channel"], "sms");
    assert_eq!(dead["recipient_masked"], "138****8000");
    assert_eq!(dead["attempts"], 4);
    assert_eq!(dead["last_error"], "provider unavailable");
    assert_eq!(dead["case_kind"], "complaint");
    assert_eq!(dead["case_id"], first["id"]);
    assert_eq!(dead["case_number"], first["case_number"]);
    assert!(!page.to_string().contains(ZHANG_WEI), "no full number");

    // Queued again, due now, attempts kept; the provider is back and takes it.
    let id = dead["id"].as_i64().unwrap();
    let retried = handler
        .post(&format!("/api/v1/staff/deliveries/{id}/retry"), json!({}))
        .await;
    assert_eq!(retried.status(), 200);
    let retried: Value = retried.json().await.unwrap();
    assert_eq!(retried["state"], "queued");
    assert_eq!(retried["attempts"], 4);
    app.fakes.sms.clone().unwrap().set_mode(Mode::Accept);
    app.drain(start + 3600).await;
    let sent = handler
        .json(&format!(
            "/api/v1/staff/deliveries?case_kind=complaint&case_id={}",
            first["id"]
        ))
        .await;
    let states: Vec<(&str, &str)> = sent["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["channel"].as_str().unwrap(), d["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, vec![("sms", "sent"), ("inbox", "sent")]);

    // Only a dead letter can be retried; an unknown id is 404.
    let again = handler
        .post(&format!("/api/v1/staff/deliveries/{id}/retry"), json!({}))
        .await;
    let problem = crate::helpers::problem(again, 409).await;
    assert_eq!(problem["code"], "delivery_not_retryable");
    for missing in ["999999", "abc", "-1"] {
        let response = handler
            .post(
                &format!("/api/v1/staff/deliveries/{missing}/retry"),
                json!({}),
            )
            .await;
        assert_eq!(response.status(), 404, "{missing}");
    }
}

#[tokio::test]
async fn the_delivery_list_is_filtered_and_paged_and_for_staff_only() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let zhang = app.policyholder(ZHANG_WEI).await;
    let li = app.policyholder(LI_NA).await;
    let mine = zhang.file(own_complaint()).await;
    let mut theirs = own_complaint();
    theirs["consumer"]["phone"] = json!(LI_NA);
    theirs["consumer"]["name"] = json!("李娜");
    theirs["consumer"]["id_number"] = json!(portal_server::demo::ID_NUMBERS[1]);
    let theirs = li.file(theirs).await;
    let handler = app.staff("handler").await;

    // Four deliveries (an inbox and an SMS per complaint), two per page, newest first.
    let first = handler.json("/api/v1/staff/deliveries?limit=2").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = handler
        .json(&format!("/api/v1/staff/deliveries?limit=2&cursor={cursor}"))
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 2);
    assert!(second["next_cursor"].is_null());
    let ids: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");

    // One case's deliveries only.
    let one = handler
        .json(&format!(
            "/api/v1/staff/deliveries?case_kind=complaint&case_id={}",
            theirs["id"]
        ))
        .await;
    let items = one["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|d| d["case_id"] == theirs["id"]));
    assert!(items.iter().all(|d| d["case_id"] != mine["id"]));
    let queued = handler.json("/api/v1/staff/deliveries?state=queued").await;
    let held = handler.json("/api/v1/staff/deliveries?state=held").await;
    let pending =
        queued["items"].as_array().unwrap().len() + held["items"].as_array().unwrap().len();
    assert_eq!(pending, 2);

    // Bad filters are field errors.
    for (query, field) in [
        ("state=lost", "state"),
        ("case_kind=policy", "case_kind"),
        ("case_kind=claim&case_id=x", "case_id"),
        ("case_id=7", "case_kind"),
        ("case_kind=&case_id=7", "case_kind"),
        ("limit=0", "limit"),
    ] {
        let response = handler
            .get(&format!("/api/v1/staff/deliveries?{query}"))
            .await;
        let problem = crate::helpers::problem(response, 422).await;
        assert_eq!(
            crate::helpers::field_code(&problem, field).as_deref(),
            Some("validation_failed"),
            "{query}"
        );
    }

    // A policyholder sees none of it and retries nothing, not even their own.
    let own_id = items[0]["id"].as_i64().unwrap();
    assert_eq!(li.get("/api/v1/staff/deliveries").await.status(), 403);
    let retry = li
        .post(
            &format!("/api/v1/staff/deliveries/{own_id}/retry"),
            json!({}),
        )
        .await;
    assert_eq!(retry.status(), 403);
    assert_eq!(
        app.anonymous()
            .get("/api/v1/staff/deliveries")
            .await
            .status(),
        401
    );

    // Every route is described.
    let openapi = app.anonymous().json("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/staff/deliveries",
        "/api/v1/staff/deliveries/{id}/retry",
        "/api/v1/me/notifications",
        "/api/v1/me/email",
        "/api/v1/me/email/confirm",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path}");
    }
}
