//! A fake of the WeChat official account API: `cgi-bin/token` (checks the app id and secret,
//! issues tokens that can be expired on demand) and `cgi-bin/message/template/send` (checks the
//! token and the body; dedupes by `client_msg_id`).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::{Behaviour, Ledger, Taken, Verdict, serve};

pub const APP_ID: &str = "wx-test-app";
pub const APP_SECRET: &str = "wechat-test-secret";

/// The fake's state.
#[derive(Default)]
pub struct Wechat {
    pub behaviour: Behaviour,
    pub ledger: Ledger,
    /// Tokens fetched.
    pub tokens_issued: AtomicU32,
    valid: Mutex<BTreeSet<String>>,
}

impl Wechat {
    /// Expires every token given so far (the next send gets 42001).
    pub fn expire_tokens(&self) {
        self.valid.lock().unwrap().clear();
    }
}

/// Starts the fake; answers it and its base address.
pub async fn start() -> (Arc<Wechat>, String) {
    let fake = Arc::new(Wechat::default());
    let router = Router::new()
        .route("/cgi-bin/token", get(token))
        .route("/cgi-bin/message/template/send", post(send))
        .with_state(fake.clone());
    (fake, serve(router).await)
}

/// The `[wechat]` section pointing at the fake.
pub fn toml(api: &str) -> String {
    format!(
        "[wechat]\napp_id = \"{APP_ID}\"\napp_secret = \"{APP_SECRET}\"\napi = \"{api}\"\n\
         connect_timeout_ms = 1000\ntimeout_ms = 2000\n\
         [wechat.progress]\nid = \"TPL-PROGRESS\"\n\
         fields = {{ case_no = \"character_string1\", step = \"thing2\", remark = \"\" }}\n\
         [wechat.survey]\nid = \"TPL-SURVEY\"\n"
    )
}

fn errcode(code: i64) -> Response {
    Json(json!({ "errcode": code, "errmsg": format!("error {code}") })).into_response()
}

async fn token(
    State(fake): State<Arc<Wechat>>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    if query.get("grant_type").map(String::as_str) != Some("client_credential")
        || query.get("appid").map(String::as_str) != Some(APP_ID)
    {
        return errcode(40013);
    }
    if query.get("secret").map(String::as_str) != Some(APP_SECRET) {
        return errcode(40125);
    }
    let n = fake.tokens_issued.fetch_add(1, Ordering::SeqCst) + 1;
    let token = format!("ACCESS_TOKEN_{n}");
    fake.valid.lock().unwrap().insert(token.clone());
    Json(json!({ "access_token": token, "expires_in": 7200 })).into_response()
}

async fn send(
    State(fake): State<Arc<Wechat>>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    fake.ledger.requests.fetch_add(1, Ordering::SeqCst);
    let token_ok = query
        .get("access_token")
        .is_some_and(|t| fake.valid.lock().unwrap().contains(t));
    if !token_ok {
        return errcode(42001);
    }
    let reject = |code: i64| {
        fake.ledger.rejected.fetch_add(1, Ordering::SeqCst);
        errcode(code)
    };
    let Some(openid) = body["touser"].as_str().filter(|o| o.starts_with('o')) else {
        return reject(40003);
    };
    let Some(template) = body["template_id"]
        .as_str()
        .filter(|t| t.starts_with("TPL-"))
    else {
        return reject(40037);
    };
    let data = body["data"].clone();
    let well_formed = data.as_object().is_some_and(|fields| {
        !fields.is_empty() && fields.values().all(|f| f["value"].is_string())
    });
    if !well_formed {
        return reject(47003);
    }
    let Some(reference) = body["client_msg_id"].as_str().filter(|r| !r.is_empty()) else {
        return reject(47001);
    };
    match fake.behaviour.next().await {
        Verdict::Fail => errcode(-1),
        Verdict::Refuse => errcode(43004),
        verdict => {
            let msgid = fake.ledger.take(
                Taken {
                    reference: reference.to_owned(),
                    to: openid.to_owned(),
                    template: template.to_owned(),
                    params: json!({ "data": data, "url": body["url"] }),
                    provider_ref: String::new(),
                },
                "",
            );
            if verdict == Verdict::Hang {
                std::future::pending::<()>().await;
            }
            fake.behaviour.answer_delay().await;
            let msgid: u64 = msgid.parse().unwrap_or_default();
            Json(json!({ "errcode": 0, "errmsg": "ok", "msgid": msgid })).into_response()
        }
    }
}
