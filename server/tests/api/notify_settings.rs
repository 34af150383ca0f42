//! The person's notice settings: channel choices, an email address confirmed by a link, and the
//! language of their messages.

use portal_server::notify::MessageKind;
use portal_server::notify::prefs;
use serde_json::{Value, json};

use crate::helpers::{LI_NA, ZHANG_WEI, field_code, problem, tomorrow_at_ten_china};
use crate::outbox::{Fakes, Mode, NotifyApp, PUBLIC_URL, quick, spawn_with};

/// The token of the last confirmation link the email fake was given.
fn last_link_token(app: &NotifyApp) -> String {
    let calls = app.fakes.email.clone().unwrap().calls();
    let call = calls
        .iter()
        .rev()
        .find(|c| c.message.kind == MessageKind::EmailConfirmation)
        .expect("a confirmation was sent");
    let link = call.message.link.clone().unwrap();
    let prefix = format!("{PUBLIC_URL}/settings/email/");
    assert!(link.starts_with(&prefix), "{link}");
    link[prefix.len()..].to_owned()
}

#[tokio::test]
async fn settings_show_the_defaults_the_offered_channels_and_the_required_steps() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let settings = me.json("/api/v1/me/notifications").await;
    assert_eq!(
        settings["choices"],
        json!({ "sms": true, "email": false, "wechat": false })
    );
    assert_eq!(settings["available"], json!(["inbox", "sms"]));
    assert_eq!(settings["phone_masked"], "138****8000");
    assert!(settings["email"].is_null() && settings["email_pending"].is_null());
    assert_eq!(settings["wechat_linked"], false);
    assert!(
        settings["required_by_sms"]
            .as_array()
            .unwrap()
            .contains(&json!("投诉处理决定"))
    );
    assert_eq!(
        app.anonymous()
            .get("/api/v1/me/notifications")
            .await
            .status(),
        401
    );
    // Staff have no notice settings.
    let staff = app.staff("handler").await;
    assert_eq!(staff.get("/api/v1/me/notifications").await.status(), 403);
    let email = staff
        .put("/api/v1/me/email", json!({ "email": "h@example.com" }))
        .await;
    assert_eq!(email.status(), 403);

    // In English, the required steps are listed in English.
    let english: Value = me
        .client
        .get(format!("{}/api/v1/me/notifications", me.base))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        english["required_by_sms"]
            .as_array()
            .unwrap()
            .contains(&json!("Complaint decided"))
    );
}

#[tokio::test]
async fn a_channel_that_is_not_configured_or_not_reachable_cannot_be_chosen() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let refused = me
        .put(
            "/api/v1/me/notifications",
            json!({ "sms": true, "email": true, "wechat": true }),
        )
        .await;
    let body = problem(refused, 422).await;
    assert_eq!(
        field_code(&body, "email").as_deref(),
        Some("channel_unavailable")
    );
    assert_eq!(
        field_code(&body, "wechat").as_deref(),
        Some("channel_unavailable")
    );
    assert_eq!(field_code(&body, "sms"), None);

    let saved = me
        .put(
            "/api/v1/me/notifications",
            json!({ "sms": false, "email": false, "wechat": false }),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.unwrap();
    assert_eq!(saved["choices"]["sms"], false);
    let malformed = me
        .put("/api/v1/me/notifications", json!({ "sms": "yes" }))
        .await;
    problem(malformed, 400).await;

    // Without an email gateway, no address can be added.
    let no_email = me
        .put("/api/v1/me/email", json!({ "email": "zhang@example.com" }))
        .await;
    let body = problem(no_email, 422).await;
    assert_eq!(body["code"], "channel_unavailable");
    assert_eq!(
        field_code(&body, "email").as_deref(),
        Some("channel_unavailable")
    );
}

#[tokio::test]
async fn an_email_address_is_used_once_its_link_is_opened() {
    let app = spawn_with(Fakes::email(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;

    for bad in ["", "zhang", "zhang@example", "a b@example.com"] {
        let response = me.put("/api/v1/me/email", json!({ "email": bad })).await;
        let body = problem(response, 422).await;
        assert_eq!(
            field_code(&body, "email").as_deref(),
            Some("email_invalid"),
            "{bad}"
        );
    }
    let english = me
        .client
        .put(format!("{}/api/v1/me/email", me.base))
        .header("Accept-Language", "en")
        .json(&json!({ "email": " Zhang.Wei@Example.COM " }))
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 202);
    let pending: Value = english.json().await.unwrap();
    assert_eq!(pending["email_pending"], "Zhang.Wei@example.com");
    assert!(pending["email"].is_null());
    // Not usable before it is confirmed.
    let early = me
        .put(
            "/api/v1/me/notifications",
            json!({ "sms": true, "email": true, "wechat": false }),
        )
        .await;
    problem(early, 422).await;

    app.drain(tomorrow_at_ten_china()).await;
    let calls = app.fakes.email.clone().unwrap().calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].to, "Zhang.Wei@example.com");
    assert_eq!(calls[0].message.lang, portal_core::Lang::En);
    let token = last_link_token(&app);

    // An altered link is refused; the real one works without a session, once.
    let anonymous = app.anonymous();
    let mut altered = token.clone().into_bytes();
    altered[20] = if altered[20] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    for wrong in [altered.as_str(), "", "not-a-token"] {
        let response = anonymous
            .post("/api/v1/me/email/confirm", json!({ "token": wrong }))
            .await;
        let body = problem(response, 422).await;
        assert_eq!(
            field_code(&body, "token").as_deref(),
            Some("email_link_invalid")
        );
    }
    let confirmed = anonymous
        .post("/api/v1/me/email/confirm", json!({ "token": token }))
        .await;
    assert_eq!(confirmed.status(), 200);
    let confirmed: Value = confirmed.json().await.unwrap();
    assert_eq!(confirmed, json!({ "email": "Zhang.Wei@example.com" }));
    let settings = me.json("/api/v1/me/notifications").await;
    assert_eq!(settings["email"], "Zhang.Wei@example.com");
    assert!(settings["email_pending"].is_null());
    assert_eq!(settings["choices"]["email"], true);
    let twice = anonymous
        .post("/api/v1/me/email/confirm", json!({ "token": token }))
        .await;
    problem(twice, 422).await;

    // Li Na's settings are untouched by Zhang Wei's link.
    let li = app.policyholder(LI_NA).await;
    let theirs = li.json("/api/v1/me/notifications").await;
    assert!(theirs["email"].is_null());
}

#[tokio::test]
async fn a_link_to_a_replaced_address_or_an_old_link_is_refused() {
    let app = spawn_with(Fakes::email(Mode::Accept), quick()).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let first = me
        .put("/api/v1/me/email", json!({ "email": "old@example.com" }))
        .await;
    assert_eq!(first.status(), 202);
    app.drain(tomorrow_at_ten_china()).await;
    let old_token = last_link_token(&app);
    // The same second is enough: the token signs the address too.
    let second = me
        .put("/api/v1/me/email", json!({ "email": "new@example.com" }))
        .await;
    assert_eq!(second.status(), 202);
    let replaced = app
        .anonymous()
        .post("/api/v1/me/email/confirm", json!({ "token": old_token }))
        .await;
    let body = problem(replaced, 422).await;
    assert_eq!(body["code"], "email_link_invalid");

    // A link older than three days.
    let holder: i64 = app
        .scalar(&format!(
            "SELECT id FROM policyholders WHERE phone = '{ZHANG_WEI}'"
        ))
        .await;
    let long_ago = chrono::Utc::now().timestamp() - 3 * 86_400 - 60;
    app.exec(&format!(
        "UPDATE notification_prefs SET email_pending_at = {long_ago} WHERE policyholder_id = {holder}"
    ))
    .await;
    let key = portal_server::claims::link::load_key(&app.db, prefs::EMAIL_KEY_NAME)
        .await
        .unwrap();
    let stale = prefs::sign_email(&key, holder, long_ago, "new@example.com");
    let expired = app
        .anonymous()
        .post("/api/v1/me/email/confirm", json!({ "token": stale }))
        .await;
    problem(expired, 422).await;
    // The same link made now would have worked.
    let now = chrono::Utc::now().timestamp();
    app.exec(&format!(
        "UPDATE notification_prefs SET email_pending_at = {now} WHERE policyholder_id = {holder}"
    ))
    .await;
    let fresh = prefs::sign_email(&key, holder, now, "new@example.com");
    let ok = app
        .anonymous()
        .post("/api/v1/me/email/confirm", json!({ "token": fresh }))
        .await;
    assert_eq!(ok.status(), 200);
}

#[tokio::test]
async fn messages_are_written_in_the_language_the_person_logged_in_with() {
    let app = spawn_with(Fakes::sms(Mode::Accept), quick()).await;
    let session = app.anonymous();
    let sent: Value = session
        .client
        .post(format!("{}/api/v1/auth/otp", session.base))
        .json(&json!({ "phone": LI_NA }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let login = session
        .client
        .post(format!("{}/api/v1/auth/login", session.base))
        .header("Accept-Language", "en-US,en;q=0.8")
        .json(&json!({ "phone": LI_NA, "code": sent["demo_code"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let lang: String = sqlx::query_scalar(
        "SELECT p.lang FROM notification_prefs p JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE h.phone = ?",
    )
    .bind(LI_NA)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(lang, "en");
}
