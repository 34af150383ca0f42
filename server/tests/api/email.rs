//! Email through SMTP (lettre) to a real SMTP server on loopback (npm smtp-server): the
//! confirmation of a new address, then progress notices, in 中文 and English, as
//! multipart/alternative with a plain-text and an HTML part and the delivery's id in the
//! Message-ID.

use std::time::Duration;

use serde_json::{Value, json};

use crate::complaints::own_complaint;
use crate::fakes::{self, eventually, smtp};
use crate::helpers::{ZHANG_WEI, daytime_now};

async fn mails(sink: &smtp::Sink, n: usize) -> Vec<Value> {
    eventually(
        Duration::from_secs(10),
        "the sink got the mails",
        || async { sink.mails().len() >= n },
    )
    .await;
    sink.mails()
}

#[tokio::test]
async fn a_confirmed_address_gets_progress_emails_in_the_readers_language() {
    let sink = smtp::start().await;
    let app = fakes::spawn(&smtp::toml(sink.port)).await;
    let me = app.policyholder(ZHANG_WEI).await;

    // The confirmation link goes by email, in Chinese.
    let response = me
        .put(
            "/api/v1/me/email",
            json!({ "email": "zhang.wei@example.com" }),
        )
        .await;
    assert_eq!(response.status(), 202);
    app.drain(daytime_now()).await;
    let email = app.deliveries("email").await;
    assert_eq!(email.len(), 1);
    assert_eq!(email[0].purpose, "email_confirmation");
    assert_eq!(email[0].state, "sent");
    let mail = mails(&sink, 1).await.remove(0);
    assert_eq!(mail["envelope"]["to"], json!(["zhang.wei@example.com"]));
    assert_eq!(mail["envelope"]["from"], "notices@insurer.example");
    assert_eq!(mail["user"], "portal", "the sender logged in");
    assert_eq!(mail["subject"], "请确认您的电子邮件地址");
    assert_eq!(mail["contentType"], "multipart/alternative");
    assert_eq!(
        mail["messageId"],
        format!("<{}@insurer.example>", email[0].id).as_str()
    );
    assert_eq!(email[0].provider_ref.as_deref(), mail["messageId"].as_str());
    let text = mail["text"].as_str().unwrap();
    let html = mail["html"].as_str().unwrap();
    let prefix = "https://portal.example.com/settings/email/";
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with(prefix))
        .expect("the plain part has the link")
        .to_owned();
    assert!(html.contains(&format!("href=\"{link}\"")), "{html}");
    assert!(html.contains("lang=\"zh-CN\""));
    let token = link.trim_start_matches(prefix);
    let response = me
        .post("/api/v1/me/email/confirm", json!({ "token": token }))
        .await;
    assert_eq!(response.status(), 200);

    // Progress by email, chosen; in English once the person reads English.
    let response = me
        .put(
            "/api/v1/me/notifications",
            json!({ "sms": true, "email": true, "wechat": false }),
        )
        .await;
    assert_eq!(response.status(), 200);
    sqlx::query("UPDATE notification_prefs SET lang = 'en'")
        .execute(&app.db)
        .await
        .unwrap();
    let receipt = me.file(own_complaint()).await;
    let number = receipt["case_number"].as_str().unwrap();
    app.drain(daytime_now()).await;
    let email = app.deliveries("email").await;
    assert_eq!(email.len(), 2);
    assert_eq!(email[1].purpose, "notice");
    assert_eq!(email[1].state, "sent");
    let mail = mails(&sink, 2).await.remove(1);
    let subject = mail["subject"].as_str().unwrap();
    assert!(
        subject.starts_with(&format!("Your case {number}")),
        "{subject}"
    );
    assert_eq!(mail["contentType"], "multipart/alternative");
    assert_eq!(
        mail["messageId"],
        format!("<{}@insurer.example>", email[1].id).as_str()
    );
    let text = mail["text"].as_str().unwrap();
    let case_link = format!(
        "https://portal.example.com/complaints/{}",
        receipt["id"].as_i64().unwrap()
    );
    assert!(text.contains("Open your case"), "{text}");
    assert!(text.contains(&case_link), "{text}");
    let html = mail["html"].as_str().unwrap();
    assert!(html.contains("lang=\"en\""));
    assert!(html.contains(&format!("href=\"{case_link}\"")));
    assert!(!html.contains("<script"));
    assert!(mail["raw"].as_str().unwrap().contains("text/plain"));
    assert!(mail["raw"].as_str().unwrap().contains("text/html"));
}

/// An SMTP server that is down is a retry; one that refuses the mailbox (550) is final.
#[tokio::test]
async fn a_server_down_is_retried_and_a_refused_mailbox_is_dead() {
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let app = fakes::spawn(&smtp::toml(closed)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let response = me
        .put(
            "/api/v1/me/email",
            json!({ "email": "zhang.wei@example.com" }),
        )
        .await;
    assert_eq!(response.status(), 202);
    portal_server::notify::dispatcher::tick(&app.state, daytime_now())
        .await
        .unwrap();
    let email = app.deliveries("email").await;
    assert_eq!(email[0].state, "queued");
    assert_eq!(email[0].attempts, 1);
    assert!(
        email[0]
            .last_error
            .as_deref()
            .unwrap()
            .starts_with("email:")
    );

    let sink = smtp::start().await;
    let app = fakes::spawn(&smtp::toml(sink.port)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let response = me
        .put("/api/v1/me/email", json!({ "email": "bounce@example.com" }))
        .await;
    assert_eq!(response.status(), 202);
    app.drain(daytime_now()).await;
    let email = app.deliveries("email").await;
    assert_eq!(email[0].state, "dead");
    assert_eq!(email[0].attempts, 1);
    assert!(
        email[0].last_error.as_deref().unwrap().contains("550"),
        "{:?}",
        email[0].last_error
    );
    assert!(sink.mails().is_empty());
}
