//! WeChat official account template messages, against a fake of the API: the access token is
//! fetched once and reused, fetched again when WeChat says it expired; the template's fields
//! carry the case number and the step under the account's own names; `client_msg_id` is the
//! delivery's id.

use serde_json::json;

use crate::complaints::own_complaint;
use crate::fakes::{self, wechat};
use crate::helpers::{TestApp, ZHANG_WEI, daytime_now};

const OPENID: &str = "oZhangWei-openid-123";

/// Links the person's WeChat and chooses it (what the WeChat login does).
async fn link_wechat(app: &TestApp) {
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, wechat, wechat_openid, updated_at) \
         SELECT id, 1, ?, 0 FROM policyholders WHERE phone = ? \
         ON CONFLICT (policyholder_id) DO UPDATE SET wechat = 1, wechat_openid = excluded.wechat_openid",
    )
    .bind(OPENID)
    .bind(ZHANG_WEI)
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn template_messages_go_to_the_openid_with_the_accounts_fields() {
    let (fake, api) = wechat::start().await;
    let app = fakes::spawn(&wechat::toml(&api)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    link_wechat(&app).await;

    let receipt = me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sent = app.deliveries("wechat").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].state, "sent");
    assert_eq!(sent[0].recipient, OPENID);
    let message = &fake.ledger.taken()[&sent[0].id.to_string()];
    assert_eq!(message.to, OPENID);
    assert_eq!(message.template, "TPL-PROGRESS");
    let data = &message.params["data"];
    assert_eq!(data["character_string1"]["value"], receipt["case_number"]);
    assert!(!data["thing2"]["value"].as_str().unwrap().is_empty());
    assert!(
        data.get("remark").is_none(),
        "a field named \"\" is left out"
    );
    assert_eq!(
        message.params["url"],
        json!(format!(
            "https://portal.example.com/complaints/{}",
            receipt["id"]
        ))
    );
    // WeChat's msgid is a number.
    let msgid: u64 = message.provider_ref.parse().unwrap();
    assert_eq!(sent[0].provider_ref, Some(msgid.to_string()));
    assert_eq!(
        fake.tokens_issued.load(std::sync::atomic::Ordering::SeqCst),
        1
    );

    // The token is reused; once WeChat says it expired, a new one is fetched and the message
    // still goes in the same attempt.
    me.file(own_complaint()).await;
    fake.expire_tokens();
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sent = app.deliveries("wechat").await;
    assert_eq!(sent.len(), 3);
    assert!(
        sent.iter().all(|d| d.state == "sent" && d.attempts == 1),
        "{sent:?}"
    );
    assert_eq!(
        fake.tokens_issued.load(std::sync::atomic::Ordering::SeqCst),
        2
    );
    assert_eq!(fake.ledger.unique(), 3);
    assert_eq!(fake.ledger.rejected(), 0);
}

/// A person who unfollowed the account (43004) is final; WeChat busy (-1) is retried.
#[tokio::test]
async fn an_unfollowed_account_is_final_and_busy_is_retried() {
    let (fake, api) = wechat::start().await;
    let app = fakes::spawn(&wechat::toml(&api)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    link_wechat(&app).await;

    fake.behaviour.fail_next(1);
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sent = app.deliveries("wechat").await;
    assert_eq!(sent[0].state, "sent");
    assert_eq!(sent[0].attempts, 2);

    fake.behaviour.refuse(true);
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sent = app.deliveries("wechat").await;
    assert_eq!(sent[1].state, "dead");
    assert_eq!(sent[1].attempts, 1);
    assert!(sent[1].last_error.as_deref().unwrap().contains("43004"));
}
