//! A fake of Alibaba Cloud SMS `SendSms` (RPC, POST form): checks the signature (version 1.0,
//! HMAC-SHA1 of the canonicalized query) and the parameters, dedupes by `OutId`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use portal_server::notify::senders::aliyun::sign;
use serde_json::{Value, json};

use super::{Behaviour, Ledger, Taken, Verdict, serve};

pub const KEY_ID: &str = "LTAI-test-key";
pub const SECRET: &str = "aliyun-test-secret";
pub const SIGN_NAME: &str = "示例保险";

/// The fake's state.
#[derive(Default)]
pub struct Aliyun {
    pub behaviour: Behaviour,
    pub ledger: Ledger,
}

/// Starts the fake; answers it and its endpoint.
pub async fn start() -> (Arc<Aliyun>, String) {
    let fake = Arc::new(Aliyun::default());
    let router = Router::new()
        .route("/", post(send_sms))
        .with_state(fake.clone());
    let base = serve(router).await;
    (fake, format!("{base}/"))
}

/// The `[sms]` section pointing at the fake.
pub fn toml(endpoint: &str, timeout_ms: u64) -> String {
    format!(
        "[sms]\nprovider = \"aliyun\"\nendpoint = \"{endpoint}\"\nsign_name = \"{SIGN_NAME}\"\n\
         key_id = \"{KEY_ID}\"\nkey_secret = \"{SECRET}\"\nconnect_timeout_ms = 1000\n\
         timeout_ms = {timeout_ms}\n\
         [sms.templates.zh-CN]\nprogress = \"SMS_1001\"\nsurvey = \"SMS_1002\"\nlogin_code = \"SMS_1003\"\n\
         [sms.templates.en]\nprogress = \"SMS_2001\"\n"
    )
}

fn answer(status: StatusCode, code: &str, biz_id: Option<&str>) -> Response {
    let mut body = json!({ "Code": code, "Message": code, "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990" });
    if let Some(biz_id) = biz_id {
        body["BizId"] = json!(biz_id);
    }
    (status, Json(body)).into_response()
}

async fn send_sms(State(fake): State<Arc<Aliyun>>, body: Bytes) -> Response {
    fake.ledger.requests.fetch_add(1, Ordering::SeqCst);
    let params: BTreeMap<String, String> = form_urlencoded(&body);
    let reject = |code: &str| {
        fake.ledger.rejected.fetch_add(1, Ordering::SeqCst);
        answer(StatusCode::BAD_REQUEST, code, None)
    };
    if params.get("AccessKeyId").map(String::as_str) != Some(KEY_ID) {
        return reject("InvalidAccessKeyId.NotFound");
    }
    let Some(signature) = params.get("Signature") else {
        return reject("MissingSignature");
    };
    if *signature != sign("POST", &params, SECRET) {
        return reject("SignatureDoesNotMatch");
    }
    let expect = [
        ("Action", "SendSms"),
        ("Version", "2017-05-25"),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("RegionId", "cn-hangzhou"),
        ("SignName", SIGN_NAME),
    ];
    for (name, value) in expect {
        if params.get(name).map(String::as_str) != Some(value) {
            return reject("MissingParameter");
        }
    }
    let fresh = params
        .get("Timestamp")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .is_some_and(|t| (chrono::Utc::now() - t.to_utc()).num_minutes().abs() < 15);
    if !fresh || params.get("SignatureNonce").is_none_or(|n| n.len() < 8) {
        return reject("InvalidTimeStamp.Expired");
    }
    let phone = params.get("PhoneNumbers").cloned().unwrap_or_default();
    if phone.len() != 11 || !phone.chars().all(|c| c.is_ascii_digit()) {
        return reject("isv.MOBILE_NUMBER_ILLEGAL");
    }
    let Some(template) = params.get("TemplateCode").filter(|t| t.starts_with("SMS_")) else {
        return reject("isv.SMS_TEMPLATE_ILLEGAL");
    };
    let Some(variables) = params
        .get("TemplateParam")
        .and_then(|p| serde_json::from_str::<Value>(p).ok())
        .filter(Value::is_object)
    else {
        return reject("isv.TEMPLATE_PARAMS_ILLEGAL");
    };
    let Some(reference) = params.get("OutId").filter(|r| !r.is_empty()) else {
        return reject("MissingOutId");
    };
    match fake.behaviour.next().await {
        Verdict::Fail => answer(StatusCode::OK, "isv.BUSINESS_LIMIT_CONTROL", None),
        Verdict::Refuse => answer(StatusCode::OK, "isv.MOBILE_NUMBER_ILLEGAL", None),
        verdict => {
            let biz_id = fake.ledger.take(
                Taken {
                    reference: reference.clone(),
                    to: phone,
                    template: template.clone(),
                    params: variables,
                    provider_ref: String::new(),
                },
                "biz-",
            );
            if verdict == Verdict::Hang {
                std::future::pending::<()>().await;
            }
            fake.behaviour.answer_delay().await;
            answer(StatusCode::OK, "OK", Some(&biz_id))
        }
    }
}

/// `application/x-www-form-urlencoded` into name → value.
fn form_urlencoded(body: &[u8]) -> BTreeMap<String, String> {
    let decode = |s: &str| -> String {
        let s = s.replace('+', " ");
        percent_encoding::percent_decode_str(&s)
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}
