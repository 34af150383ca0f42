//! WeChat official account template messages (公众号模板消息): `cgi-bin/message/template/send`
//! to the person's openid, with the template's data fields, the page to open, and
//! `client_msg_id` = our reference (WeChat drops a second message with the same id).
//!
//! The `access_token` comes from `cgi-bin/token` (app id and secret) and is cached until shortly
//! before it expires; an answer that says it expired or is invalid (40001, 40014, 42001) drops it
//! and the message is sent once more with a new one.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use portal_core::notify::Channel;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::{Timeouts, http_client, status_failure, transport_failure};
use crate::notify::{Accepted, Message, MessageKind, SendFailure, SendFuture, Sender, texts};

/// The public API address.
pub const API: &str = "https://api.weixin.qq.com";

/// `[wechat]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatConfig {
    /// The official account's AppID.
    pub app_id: String,
    /// Its AppSecret (or `PORTAL_WECHAT_SECRET`).
    #[serde(default)]
    pub app_secret: String,
    /// The API address (tests point it at a fake).
    pub api: Option<String>,
    /// Milliseconds to connect (default 3,000).
    pub connect_timeout_ms: Option<u64>,
    /// Milliseconds for a whole request (default 10,000).
    pub timeout_ms: Option<u64>,
    /// The template of progress messages.
    pub progress: Option<WechatTemplate>,
    /// The template of survey invitations.
    pub survey: Option<WechatTemplate>,
}

/// One template of the account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WechatTemplate {
    /// Its `template_id`.
    pub id: String,
    /// The account's field names for ours (`case_no`, `step`, `survey`, `remark`), e.g.
    /// `{ case_no = "character_string1", step = "thing2" }`; a field not named keeps our name, a
    /// field named `""` is left out.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// The WeChat sender.
pub struct WechatSender {
    http: reqwest::Client,
    api: String,
    app_id: String,
    app_secret: String,
    progress: Option<WechatTemplate>,
    survey: Option<WechatTemplate>,
    token: Mutex<Option<(String, Instant)>>,
}

/// `cgi-bin/token`'s answer.
#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    expires_in: Option<u64>,
    errcode: Option<i64>,
}

/// `message/template/send`'s answer (`errmsg` is not kept).
#[derive(Debug, Deserialize)]
struct SendAnswer {
    #[serde(default)]
    errcode: i64,
    msgid: Option<serde_json::Value>,
}

impl WechatSender {
    /// A sender of `[wechat]`.
    pub fn new(config: WechatConfig) -> Result<WechatSender, String> {
        let timeouts = Timeouts::of(config.connect_timeout_ms, config.timeout_ms);
        if config.progress.is_none() && config.survey.is_none() {
            return Err("[wechat] needs a [wechat.progress] or [wechat.survey] template".into());
        }
        Ok(WechatSender {
            http: http_client(timeouts)?,
            api: config
                .api
                .unwrap_or_else(|| API.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            app_id: config.app_id,
            app_secret: config.app_secret,
            progress: config.progress,
            survey: config.survey,
            token: Mutex::new(None),
        })
    }

    /// The cached access token, or a new one.
    async fn access_token(&self) -> Result<String, SendFailure> {
        let mut cached = self.token.lock().await;
        if let Some((token, until)) = cached.as_ref()
            && Instant::now() < *until
        {
            return Ok(token.clone());
        }
        let response = self
            .http
            .get(format!("{}/cgi-bin/token", self.api))
            .query(&[
                ("grant_type", "client_credential"),
                ("appid", self.app_id.as_str()),
                ("secret", self.app_secret.as_str()),
            ])
            .send()
            .await
            .map_err(|e| transport_failure("WeChat token", &e))?;
        let status = response.status();
        let answer: TokenAnswer = response
            .json()
            .await
            .map_err(|_| status_failure("WeChat token", status))?;
        let Some(token) = answer.access_token.filter(|t| !t.is_empty()) else {
            let code = answer.errcode.unwrap_or_default();
            // -1: busy; 45009: the day's calls are used up. Others (a wrong secret, an address
            // not on the allow-list) need staff.
            return Err(if matches!(code, -1 | 45009) || status.is_server_error() {
                SendFailure::retry(format!("WeChat token: errcode {code}"))
            } else {
                SendFailure::refused(format!("WeChat token: errcode {code}"))
            });
        };
        // Renew five minutes early (WeChat gives 7,200 s).
        let life = answer
            .expires_in
            .unwrap_or(7_200)
            .saturating_sub(300)
            .max(60);
        *cached = Some((token.clone(), Instant::now() + Duration::from_secs(life)));
        Ok(token)
    }

    async fn forget_token(&self, token: &str) {
        let mut cached = self.token.lock().await;
        if cached.as_ref().is_some_and(|(t, _)| t == token) {
            *cached = None;
        }
    }

    /// The request body of a message.
    pub fn body(
        template: &WechatTemplate,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> serde_json::Value {
        let mut data = serde_json::Map::new();
        for (ours, value) in texts::wechat_fields(message) {
            let name = template
                .fields
                .get(ours)
                .map_or(ours, String::as_str)
                .to_owned();
            if !name.is_empty() {
                data.insert(name, serde_json::json!({ "value": value }));
            }
        }
        let mut body = serde_json::json!({
            "touser": to,
            "template_id": template.id,
            "data": data,
            "client_msg_id": reference,
        });
        if let Some(link) = &message.link {
            body["url"] = serde_json::Value::String(link.clone());
        }
        body
    }

    async fn send_message(
        &self,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> Result<Accepted, SendFailure> {
        let template = match message.kind {
            MessageKind::Progress => self.progress.as_ref(),
            MessageKind::Survey => self.survey.as_ref(),
            MessageKind::LoginCode | MessageKind::EmailConfirmation => None,
        }
        .ok_or_else(|| {
            SendFailure::refused(format!(
                "WeChat: no template for {:?} messages",
                message.kind
            ))
        })?;
        let body = WechatSender::body(template, to, reference, message);
        for attempt in 0..2 {
            let token = self.access_token().await?;
            let response = self
                .http
                .post(format!("{}/cgi-bin/message/template/send", self.api))
                .query(&[("access_token", token.as_str())])
                .json(&body)
                .send()
                .await
                .map_err(|e| transport_failure("WeChat", &e))?;
            let status = response.status();
            let answer: SendAnswer = response
                .json()
                .await
                .map_err(|_| status_failure("WeChat", status))?;
            match answer.errcode {
                0 => {
                    return Ok(Accepted {
                        provider_ref: answer.msgid.map(|id| match id {
                            serde_json::Value::String(s) => s,
                            other => other.to_string(),
                        }),
                    });
                }
                40001 | 40014 | 42001 if attempt == 0 => self.forget_token(&token).await,
                code => return Err(failure(code)),
            }
        }
        Err(SendFailure::retry(
            "WeChat: the access token was refused twice",
        ))
    }
}

/// A failed send: WeChat busy (-1), a call limit (45009, 45047) or a token problem retry;
/// a person who unfollowed (43004), a bad openid (40003) or template (40037) is final.
fn failure(code: i64) -> SendFailure {
    let reason = format!("WeChat: errcode {code}");
    if matches!(code, -1 | 45009 | 45047 | 40001 | 40014 | 42001) {
        SendFailure::retry(reason)
    } else {
        SendFailure::refused(reason)
    }
}

impl Sender for WechatSender {
    fn channel(&self) -> Channel {
        Channel::Wechat
    }

    fn send<'a>(&'a self, to: &'a str, reference: &'a str, message: &'a Message) -> SendFuture<'a> {
        Box::pin(self.send_message(to, reference, message))
    }
}

#[cfg(test)]
mod tests {
    use portal_core::Lang;

    use super::*;

    #[test]
    fn fields_take_the_accounts_names() {
        let template = WechatTemplate {
            id: "T1".into(),
            fields: BTreeMap::from([
                ("case_no".to_owned(), "character_string1".to_owned()),
                ("remark".to_owned(), String::new()),
            ]),
        };
        let message = Message {
            kind: MessageKind::Progress,
            lang: Lang::ZhCn,
            case_number: Some("TS-1".into()),
            title: "已受理".into(),
            link: Some("https://p.example/complaints/1".into()),
            code: None,
        };
        let body = WechatSender::body(&template, "oABC", "42", &message);
        assert_eq!(body["data"]["character_string1"]["value"], "TS-1");
        assert_eq!(body["data"]["step"]["value"], "已受理");
        assert!(body["data"].get("remark").is_none());
        assert_eq!(body["client_msg_id"], "42");
        assert_eq!(body["url"], "https://p.example/complaints/1");
        assert!(failure(-1).retryable);
        assert!(!failure(43004).retryable);
    }
}
