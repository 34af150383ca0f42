//! Text messages through the Alibaba Cloud and Tencent Cloud adapters, against loopback fakes
//! that check the signature and the request shape; and the providers' delivery receipts.

use std::sync::atomic::Ordering;

use reqwest::Client;
use serde_json::{Value, json};

use crate::complaints::own_complaint;
use crate::fakes::{self, aliyun, tencent};
use crate::helpers::{OutboxRow, TestApp, ZHANG_WEI, daytime_now};

const TOKEN: &str = "receipt-token-for-tests-0123456789";

fn receipts() -> String {
    format!("[receipts]\ntoken = \"{TOKEN}\"\n")
}

/// A login code goes straight to the provider, signed, with the login template and the code as
/// its variable; a complaint's registration goes through the outbox with the progress template,
/// the case number and the link, and the delivery records Alibaba's BizId.
#[tokio::test]
async fn aliyun_sends_signed_requests_with_each_kinds_template_and_variables() {
    let (fake, endpoint) = aliyun::start().await;
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;

    let me = app.policyholder(ZHANG_WEI).await;
    let taken = fake.ledger.taken();
    assert_eq!(taken.len(), 1, "the login code was sent");
    let (reference, code) = taken.iter().next().unwrap();
    assert!(reference.starts_with("otp-"));
    assert_eq!(code.to, ZHANG_WEI);
    assert_eq!(code.template, "SMS_1003");
    assert_eq!(code.params["code"].as_str().unwrap().len(), 6);
    assert_eq!(
        app.deliveries("sms").await.len(),
        0,
        "codes are never stored"
    );

    let receipt = me.file(own_complaint()).await;
    let number = receipt["case_number"].as_str().unwrap().to_owned();
    let id = receipt["id"].as_i64().unwrap();
    app.drain(daytime_now()).await;

    let sms = app.deliveries("sms").await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].state, "sent");
    assert_eq!(sms[0].attempts, 1);
    let message = &fake.ledger.taken()[&sms[0].id.to_string()];
    assert_eq!(message.to, ZHANG_WEI);
    assert_eq!(message.template, "SMS_1001");
    assert_eq!(message.params["case_no"], number.as_str());
    assert!(!message.params["step"].as_str().unwrap().is_empty());
    assert_eq!(
        message.params["link"],
        format!("https://portal.example.com/complaints/{id}").as_str()
    );
    assert_eq!(
        sms[0].provider_ref.as_deref(),
        Some(message.provider_ref.as_str())
    );
    assert_eq!(fake.ledger.rejected(), 0);
    assert_eq!(fake.ledger.duplicates(), 0);
}

/// A reader of English gets the English template where there is one.
#[tokio::test]
async fn english_readers_get_the_english_template() {
    let (fake, endpoint) = aliyun::start().await;
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    sqlx::query(
        "INSERT INTO notification_prefs (policyholder_id, lang, updated_at) \
         SELECT id, 'en', 0 FROM policyholders WHERE phone = ? \
         ON CONFLICT (policyholder_id) DO UPDATE SET lang = 'en'",
    )
    .bind(ZHANG_WEI)
    .execute(&app.db)
    .await
    .unwrap();
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms[0].state, "sent");
    assert_eq!(
        fake.ledger.taken()[&sms[0].id.to_string()].template,
        "SMS_2001"
    );
}

/// Tencent: TC3-HMAC-SHA256 over the headers and the body, +86 numbers, the template's
/// variables in order, the delivery's id as SessionContext, the SerialNo recorded.
#[tokio::test]
async fn tencent_sends_tc3_signed_requests_with_ordered_variables() {
    let (fake, endpoint) = tencent::start().await;
    let app = fakes::spawn(&tencent::toml(&endpoint, 2_000)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    let receipt = me.file(own_complaint()).await;
    app.drain(daytime_now()).await;

    let sms = app.deliveries("sms").await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].state, "sent");
    let message = &fake.ledger.taken()[&sms[0].id.to_string()];
    assert_eq!(message.to, format!("+86{ZHANG_WEI}"));
    assert_eq!(message.template, "1001");
    let params = message.params.as_array().unwrap();
    assert_eq!(params.len(), 3);
    assert_eq!(params[0], receipt["case_number"]);
    assert!(
        params[2]
            .as_str()
            .unwrap()
            .ends_with(&format!("/complaints/{}", receipt["id"].as_i64().unwrap()))
    );
    assert_eq!(
        sms[0].provider_ref.as_deref(),
        Some(message.provider_ref.as_str())
    );
    // The login code went the same way, signed, with its own template.
    assert_eq!(fake.ledger.unique(), 2);
    assert_eq!(fake.ledger.rejected(), 0);
}

/// A request signed with a wrong secret is refused by the fake's signature check: a login code
/// is then not sent (the request for one fails without saying why), and nothing was taken.
#[tokio::test]
async fn a_wrong_secret_fails_the_signature_check() {
    let (fake, endpoint) = tencent::start().await;
    let toml = tencent::toml(&endpoint, 2_000).replace(tencent::SECRET_KEY, "not-the-secret");
    let app = fakes::spawn(&toml).await;
    let response = Client::new()
        .post(format!("{}/api/v1/auth/otp", app.base))
        .json(&json!({ "phone": ZHANG_WEI }))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 202);
    assert_eq!(fake.ledger.rejected(), 1);
    assert_eq!(fake.ledger.unique(), 0);

    let (fake, endpoint) = aliyun::start().await;
    let toml = aliyun::toml(&endpoint, 2_000).replace(aliyun::SECRET, "not-the-secret");
    let app = fakes::spawn(&toml).await;
    let response = Client::new()
        .post(format!("{}/api/v1/auth/otp", app.base))
        .json(&json!({ "phone": ZHANG_WEI }))
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 202);
    assert_eq!(fake.ledger.rejected(), 1);
    assert_eq!(fake.ledger.unique(), 0);
}

/// A gateway that does not take a login code: 503 `code_not_sent` with Retry-After, in the
/// person's language, and the code is forgotten, so asking again at once is not "too soon" and
/// sends a code.
#[tokio::test]
async fn a_login_code_the_gateway_did_not_take_is_503_and_can_be_asked_again_at_once() {
    let (fake, endpoint) = aliyun::start().await;
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    fake.behaviour.fail_next(1);
    let client = Client::new();
    let ask = || {
        client
            .post(format!("{}/api/v1/auth/otp", app.base))
            .header("accept-language", "en")
            .json(&json!({ "phone": ZHANG_WEI }))
            .send()
    };
    let refused = ask().await.unwrap();
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "10");
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "code_not_sent");
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("could not be sent")
    );
    assert_eq!(fake.ledger.unique(), 0);

    let again = ask().await.unwrap();
    assert_eq!(again.status(), 202, "{}", again.text().await.unwrap());
    assert_eq!(fake.ledger.unique(), 1);
}

async fn sent_sms(provider: &str) -> (TestApp, crate::complaints::Session, Vec<OutboxRow>) {
    let toml = match provider {
        "aliyun" => {
            let (_fake, endpoint) = aliyun::start().await;
            aliyun::toml(&endpoint, 2_000)
        }
        _ => {
            let (_fake, endpoint) = tencent::start().await;
            tencent::toml(&endpoint, 2_000)
        }
    };
    let app = fakes::spawn(&format!("{toml}{}", receipts())).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms.len(), 2);
    assert!(sms.iter().all(|d| d.state == "sent"));
    (app, me, sms)
}

/// Alibaba's receipts (a JSON array of SmsReport): one by our OutId says delivered, one by the
/// BizId alone says failed; the answer is Alibaba's `{"code":0}`; sending the same again, or a
/// receipt for nobody, changes nothing.
#[tokio::test]
async fn aliyun_receipts_mark_deliveries_delivered_or_failed() {
    let (app, me, sms) = sent_sms("aliyun").await;
    let url = format!("{}/api/v1/receipts/sms/aliyun?token={TOKEN}", app.base);
    let body = json!([
        { "phone_number": ZHANG_WEI, "send_time": "2026-12-01 10:00:00",
          "report_time": "2026-12-01 10:00:08", "success": true, "err_code": "DELIVERED",
          "err_msg": "用户接收成功", "sms_size": "1", "biz_id": "ignored-when-out_id-matches",
          "out_id": sms[0].id.to_string() },
        { "phone_number": ZHANG_WEI, "send_time": "2026-12-01 10:00:00",
          "report_time": "2026-12-01 10:01:00", "success": false, "err_code": "MK:0001",
          "err_msg": "", "sms_size": "1", "biz_id": sms[1].provider_ref.clone().unwrap() },
        { "success": true, "out_id": "999999", "biz_id": "unknown" }
    ]);
    for _ in 0..2 {
        let response = Client::new().post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer, json!({ "code": 0, "msg": "成功" }));
    }
    let after = app.deliveries("sms").await;
    assert_eq!(after[0].state, "delivered");
    // 10:00:08 China time is 02:00:08 UTC.
    let expected = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(2, 0, 8)
        .unwrap()
        .and_utc()
        .timestamp();
    assert_eq!(after[0].delivered_at, Some(expected));
    assert_eq!(
        after[0].sent_at, sms[0].sent_at,
        "the send time stays the proof"
    );
    assert_eq!(after[1].state, "failed");
    assert!(after[1].last_error.as_deref().unwrap().contains("MK:0001"));
    assert_eq!(after[1].delivered_at, None);

    // The person sees it in the inbox.
    let inbox = me.json("/api/v1/inbox").await;
    let states: Vec<String> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["deliveries"].as_array().cloned().unwrap_or_default())
        .filter(|d| d["channel"] == "sms")
        .map(|d| d["state"].as_str().unwrap().to_owned())
        .collect();
    assert!(states.contains(&"delivered".to_owned()), "{states:?}");
    assert!(states.contains(&"failed".to_owned()), "{states:?}");
    // With when it was sent and, as the receipt said, when it reached the phone.
    let delivered = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|n| n["deliveries"].as_array().cloned().unwrap_or_default())
        .find(|d| d["channel"] == "sms" && d["state"] == "delivered")
        .unwrap();
    assert_eq!(delivered["delivered_at"], "2026-12-01T02:00:08Z");
    assert!(delivered["sent_at"].is_string(), "{delivered}");
}

/// Tencent's receipts: by `sid` (SerialNo) or by the session context echoed in `ext`; the
/// answer is Tencent's `{"result":0}`.
#[tokio::test]
async fn tencent_receipts_mark_deliveries_delivered_or_failed() {
    let (app, _me, sms) = sent_sms("tencent").await;
    let url = format!("{}/api/v1/receipts/sms/tencent?token={TOKEN}", app.base);
    let body = json!([
        { "user_receive_time": "2026-12-01 10:00:08", "nationcode": "86", "mobile": ZHANG_WEI,
          "report_status": "SUCCESS", "errmsg": "DELIVRD", "description": "用户短信送达成功",
          "sid": sms[0].provider_ref.clone().unwrap() },
        { "user_receive_time": "2026-12-01 10:01:00", "nationcode": "86", "mobile": ZHANG_WEI,
          "report_status": "FAIL", "errmsg": "MN:0001", "description": "空号",
          "sid": "", "ext": { "ext": sms[1].id.to_string() } }
    ]);
    for _ in 0..2 {
        let response = Client::new().post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer, json!({ "result": 0, "errmsg": "OK" }));
    }
    let after = app.deliveries("sms").await;
    assert_eq!(after[0].state, "delivered");
    assert!(after[0].delivered_at.is_some());
    assert_eq!(after[1].state, "failed");
    assert!(after[1].last_error.as_deref().unwrap().contains("MN:0001"));
}

/// Without the token, or with a wrong one, a receipt is 401 and changes nothing; a body that
/// is not a receipt array is 400.
#[tokio::test]
async fn receipts_without_the_token_are_refused() {
    let (app, _me, sms) = sent_sms("aliyun").await;
    let body = json!([{ "success": true, "out_id": sms[0].id.to_string() }]);
    for query in ["", "?token=wrong", "?token="] {
        for provider in ["aliyun", "tencent"] {
            let response = Client::new()
                .post(format!(
                    "{}/api/v1/receipts/sms/{provider}{query}",
                    app.base
                ))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 401, "{provider}{query}");
            let text = response.text().await.unwrap();
            assert!(!text.contains(&sms[0].id.to_string()) && !text.contains(TOKEN));
        }
    }
    let response = Client::new()
        .post(format!(
            "{}/api/v1/receipts/sms/aliyun?token={TOKEN}",
            app.base
        ))
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert!(
        app.deliveries("sms")
            .await
            .iter()
            .all(|d| d.state == "sent")
    );

    // An app with no receipt token configured refuses every receipt.
    let (_fake, endpoint) = aliyun::start().await;
    let bare = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    let response = Client::new()
        .post(format!(
            "{}/api/v1/receipts/sms/aliyun?token={TOKEN}",
            bare.base
        ))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

/// A slow provider within the timeout is fine; the fake counts every request it got.
#[tokio::test]
async fn a_slow_provider_within_the_timeout_is_sent() {
    let (fake, endpoint) = aliyun::start().await;
    fake.behaviour.delay(std::time::Duration::from_millis(300));
    let app = fakes::spawn(&aliyun::toml(&endpoint, 2_000)).await;
    let me = app.policyholder(ZHANG_WEI).await;
    me.file(own_complaint()).await;
    app.drain(daytime_now()).await;
    let sms = app.deliveries("sms").await;
    assert_eq!(sms[0].state, "sent");
    assert_eq!(sms[0].attempts, 1);
    assert_eq!(fake.ledger.requests.load(Ordering::SeqCst), 2);
}
