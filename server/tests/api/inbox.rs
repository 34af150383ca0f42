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
    assert_eq!(notice["event"]["change"]["type"], "registered");
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

    // The complainant's own withdrawal is on the timeline, not in the inbox.
    me.act_ok(
        first["id"].as_i64().unwrap(),
        json!({ "action": "withdraw" }),
    )
    .await;
    assert_eq!(me.json("/api/v1/inbox/unread").await["unread"], 0);
}
