//! A fake of Tencent Cloud SMS `SendSms` 2021-01-11: checks the TC3-HMAC-SHA256 signature over
//! the headers it names and the body, the common headers and the body's shape; dedupes by
//! `SessionContext`.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use portal_server::notify::senders::tencent::Tc3;
use serde_json::{Value, json};

use super::{Behaviour, Ledger, Taken, Verdict, serve};

pub const SECRET_ID: &str = "AKID-test-secret-id";
pub const SECRET_KEY: &str = "tencent-test-secret-key";
pub const APP_ID: &str = "1400000001";
pub const SIGN_NAME: &str = "示例保险";

/// The fake's state.
#[derive(Default)]
pub struct Tencent {
    pub behaviour: Behaviour,
    pub ledger: Ledger,
}

/// Starts the fake; answers it and its endpoint.
pub async fn start() -> (Arc<Tencent>, String) {
    let fake = Arc::new(Tencent::default());
    let router = Router::new()
        .route("/", post(send_sms))
        .with_state(fake.clone());
    let base = serve(router).await;
    (fake, format!("{base}/"))
}

/// The `[sms]` section pointing at the fake.
pub fn toml(endpoint: &str, timeout_ms: u64) -> String {
    format!(
        "[sms]\nprovider = \"tencent\"\nendpoint = \"{endpoint}\"\nsign_name = \"{SIGN_NAME}\"\n\
         key_id = \"{SECRET_ID}\"\nkey_secret = \"{SECRET_KEY}\"\nsdk_app_id = \"{APP_ID}\"\n\
         connect_timeout_ms = 1000\ntimeout_ms = {timeout_ms}\n\
         [sms.templates.zh-CN]\nprogress = \"1001\"\nsurvey = \"1002\"\nlogin_code = \"1003\"\n\
         [sms.templates.en]\nprogress = \"2001\"\n"
    )
}

fn error(code: &str) -> Response {
    Json(json!({ "Response": {
        "Error": { "Code": code, "Message": code },
        "RequestId": "a0aabda6-cf91-4f3e-a73a-3c9ab4b9a9c3"
    }}))
    .into_response()
}

/// The signature check: the `Authorization` header's parts, recomputed from the request.
fn signed(headers: &HeaderMap, body: &str) -> Result<(), &'static str> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let authorization = header("authorization").ok_or("AuthFailure.SignatureFailure")?;
    let rest = authorization
        .strip_prefix("TC3-HMAC-SHA256 ")
        .ok_or("AuthFailure.SignatureFailure")?;
    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(", ") {
        match part.split_once('=') {
            Some(("Credential", v)) => credential = Some(v),
            Some(("SignedHeaders", v)) => signed_headers = Some(v),
            Some(("Signature", v)) => signature = Some(v),
            _ => return Err("AuthFailure.SignatureFailure"),
        }
    }
    let (credential, signed_headers, signature) = match (credential, signed_headers, signature) {
        (Some(c), Some(h), Some(s)) => (c, h, s),
        _ => return Err("AuthFailure.SignatureFailure"),
    };
    let mut scope = credential.splitn(2, '/');
    if scope.next() != Some(SECRET_ID) {
        return Err("AuthFailure.SecretIdNotFound");
    }
    let timestamp: i64 = header("x-tc-timestamp")
        .and_then(|t| t.parse().ok())
        .ok_or("AuthFailure.SignatureFailure")?;
    if (chrono::Utc::now().timestamp() - timestamp).abs() > 300 {
        return Err("AuthFailure.SignatureExpire");
    }
    let names: Vec<&str> = signed_headers.split(';').collect();
    if !names.contains(&"content-type") || !names.contains(&"host") {
        return Err("AuthFailure.SignatureFailure");
    }
    let values: Vec<(&str, &str)> = names
        .iter()
        .map(|name| (*name, header(name).unwrap_or("")))
        .collect();
    let tc3 = Tc3 {
        service: "sms",
        timestamp,
        headers: &values,
        payload: body,
    };
    if scope.next() != Some(tc3.credential_scope().as_str()) {
        return Err("AuthFailure.SignatureFailure");
    }
    if tc3.signature(SECRET_KEY) != signature {
        return Err("AuthFailure.SignatureFailure");
    }
    Ok(())
}

async fn send_sms(State(fake): State<Arc<Tencent>>, headers: HeaderMap, body: Bytes) -> Response {
    fake.ledger.requests.fetch_add(1, Ordering::SeqCst);
    let reject = |code: &str| {
        fake.ledger.rejected.fetch_add(1, Ordering::SeqCst);
        error(code)
    };
    let body = String::from_utf8_lossy(&body).into_owned();
    if let Err(code) = signed(&headers, &body) {
        return reject(code);
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("x-tc-action") != Some("SendSms")
        || header("x-tc-version") != Some("2021-01-11")
        || header("x-tc-region") != Some("ap-guangzhou")
        || header("content-type") != Some("application/json; charset=utf-8")
    {
        return reject("InvalidParameter");
    }
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return reject("InvalidParameter");
    };
    let numbers = request["PhoneNumberSet"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let phone = match numbers.as_slice() {
        [Value::String(n)] if n.starts_with("+86") && n.len() == 14 => n.clone(),
        _ => return reject("InvalidParameterValue.IncorrectPhoneNumber"),
    };
    if request["SmsSdkAppId"] != APP_ID || request["SignName"] != SIGN_NAME {
        return reject("FailedOperation.SignatureIncorrectOrUnapproved");
    }
    let Some(template) = request["TemplateId"]
        .as_str()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
    else {
        return reject("FailedOperation.TemplateIncorrectOrUnapproved");
    };
    let params = request["TemplateParamSet"].clone();
    if !params
        .as_array()
        .is_some_and(|p| p.iter().all(Value::is_string))
    {
        return reject("InvalidParameterValue.TemplateParameterFormatError");
    }
    let Some(reference) = request["SessionContext"].as_str().filter(|r| !r.is_empty()) else {
        return reject("MissingParameter");
    };
    match fake.behaviour.next().await {
        Verdict::Fail => error("InternalError.Timeout"),
        Verdict::Refuse => {
            let status = json!({ "SerialNo": "", "PhoneNumber": phone, "Fee": 0,
                "SessionContext": reference, "Code": "InvalidParameterValue.IncorrectPhoneNumber",
                "Message": "incorrect number", "IsoCode": "CN" });
            Json(json!({ "Response": { "SendStatusSet": [status], "RequestId": "r" } }))
                .into_response()
        }
        verdict => {
            let serial = fake.ledger.take(
                Taken {
                    reference: reference.to_owned(),
                    to: phone.clone(),
                    template: template.to_owned(),
                    params,
                    provider_ref: String::new(),
                },
                "2433:",
            );
            if verdict == Verdict::Hang {
                std::future::pending::<()>().await;
            }
            fake.behaviour.answer_delay().await;
            let status = json!({ "SerialNo": serial, "PhoneNumber": phone, "Fee": 1,
                "SessionContext": reference, "Code": "Ok", "Message": "send success",
                "IsoCode": "CN" });
            Json(json!({ "Response": { "SendStatusSet": [status], "RequestId": "r" } }))
                .into_response()
        }
    }
}
