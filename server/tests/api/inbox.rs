//! The inbox: a notice per step the complainant should know of, unread counts, reading.

use serde_json::json;

use crate::complaints::{Session, own_complaint};
use crate::helpers::{ZHANG_WEI, spawn};

#[tokio::test]
async fn filing_puts_a_registered_notice_in_the_inbox_and_reading_clears_the_count() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 0);
    let first = me.file(own_complaint()).await;
    me.file(own_complaint()).await;
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 2);

    let page = me.json("/api/v1/inbox?limit=1").await;
    let notice = &page["items"][0];
    assert_eq!(notice["case_kind"], "complaint");
    assert_ne!(notice["case_id"], first["id"], "newest first");
    assert_eq!(notice["event"]["step"]["change"]["type"], "registered");
    assert_eq!(notice["deliveries"][0]["channel"], "inbox");
    let older = me
        .json(&format!(
            "/api/v1/inbox?limit=1&cursor={}",
            page["next_cursor"].as_str().unwrap()
        ))
        .await;
    assert_eq!(older["items"][0]["case_number"], first["case_number"]);

    let id = notice["id"].as_i64().unwrap();
    let read = me
        .post(&format!("/api/v1/inbox/{id}/read"), json!({}))
        .await;
    assert_eq!(read.status(), 200);
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 1);
    let all = me.post("/api/v1/inbox/read-all", json!({})).await;
    assert_eq!(all.status(), 200);
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 0);
    assert!(!me.json("/api/v1/inbox").await["items"][0]["read_at"].is_null());

    // The complainant's own withdrawal is on the timeline, not in the inbox: the one new notice
    // is the invitation to the survey about the handling.
    me.act_ok(
        first["id"].as_i64().unwrap(),
        json!({ "action": "withdraw" }),
    )
    .await;
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 1);
    let newest = &me.json("/api/v1/inbox").await["items"][0];
    assert_eq!(newest["event"]["case_kind"], "survey");
}

#[tokio::test]
async fn claim_notices_are_listed_and_counted_with_titles_in_the_readers_language() {
    let app = spawn().await;
    let me = Session::policyholder(&app, ZHANG_WEI).await;
    let claim = crate::claims::report(&me, crate::claims::medical_claim(&app).await).await;
    me.file(own_complaint()).await;
    // The claim's automatic acceptance and the complaint's registration.
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 2);

    let page = me.json("/api/v1/inbox").await;
    let notice = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["case_kind"] == "claim")
        .unwrap();
    assert_eq!(notice["case_id"], claim["id"]);
    assert_eq!(notice["title"], "案件受理成功");
    assert_eq!(notice["event"]["step"]["change"]["type"], "accepted");

    let english: serde_json::Value = me
        .client
        .get(format!("{}/api/v1/inbox", me.base))
        .header("Accept-Language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = english["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["title"].as_str())
        .collect();
    assert!(titles.contains(&"Your claim was accepted"), "{titles:?}");
    assert!(
        titles.contains(&"Your complaint was registered"),
        "{titles:?}"
    );
}
