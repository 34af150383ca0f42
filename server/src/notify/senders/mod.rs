//! The channels' gateways, configured from `PORTAL_NOTIFY_FILE` (TOML, see
//! `server/config/notify.example.toml`) and the environment; all off by default (only the inbox).
//!
//! - `[sms]` with `provider = "aliyun"` ([`aliyun`]) or `"tencent"` ([`tencent`]),
//! - `[email]` ([`smtp`]),
//! - `[wechat]` ([`wechat`]),
//! - `[receipts]`: the token the providers' delivery-receipt callbacks carry.
//!
//! Secrets may stay out of the file: `PORTAL_SMS_SECRET` (Alibaba AccessKey secret or Tencent
//! SecretKey), `PORTAL_SMTP_PASSWORD`, `PORTAL_WECHAT_SECRET` and `PORTAL_RECEIPT_TOKEN` override
//! the file's values.

pub mod aliyun;
pub mod smtp;
pub mod tencent;
pub mod wechat;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use portal_core::Lang;
use portal_core::notify::Channel;
use serde::Deserialize;

use super::{MessageKind, NotifyConfigError, SendFailure, Sender};

/// The configured senders, one per channel at most, and the receipts' token.
#[derive(Default)]
pub struct Senders {
    /// Text messages (Alibaba Cloud or Tencent Cloud SMS).
    pub sms: Option<Arc<dyn Sender>>,
    /// Email over SMTP.
    pub email: Option<Arc<dyn Sender>>,
    /// WeChat official account messages.
    pub wechat: Option<Arc<dyn Sender>>,
    /// The token the SMS providers' receipt callbacks must carry (`?token=`); without one, the
    /// receipt routes refuse every call.
    pub receipt_token: Option<String>,
}

impl Senders {
    /// The sender of `channel`; never one for the inbox.
    pub fn get(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        match channel {
            Channel::Inbox => None,
            Channel::Sms => self.sms.as_ref(),
            Channel::Email => self.email.as_ref(),
            Channel::Wechat => self.wechat.as_ref(),
        }
    }
}

/// The whole `PORTAL_NOTIFY_FILE`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyFile {
    /// Text messages.
    pub sms: Option<SmsConfig>,
    /// Email.
    pub email: Option<smtp::SmtpConfig>,
    /// WeChat.
    pub wechat: Option<wechat::WechatConfig>,
    /// Delivery receipts.
    pub receipts: Option<ReceiptsConfig>,
}

/// `[receipts]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptsConfig {
    /// The token in the callback addresses given to the providers
    /// (`…/api/v1/receipts/sms/aliyun?token=…`).
    pub token: Option<String>,
}

/// `[sms]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    /// `aliyun` or `tencent`.
    pub provider: String,
    /// The provider's API address; the public one by default (tests point it at a fake).
    pub endpoint: Option<String>,
    /// The approved signature (签名), e.g. `某某保险`.
    pub sign_name: String,
    /// Alibaba: the AccessKey id; Tencent: the SecretId.
    pub key_id: String,
    /// Alibaba: the AccessKey secret; Tencent: the SecretKey (or `PORTAL_SMS_SECRET`).
    #[serde(default)]
    pub key_secret: String,
    /// Alibaba: `RegionId` (default `cn-hangzhou`); Tencent: `X-TC-Region` (default
    /// `ap-guangzhou`).
    pub region: Option<String>,
    /// Tencent only: the `SmsSdkAppId`.
    pub sdk_app_id: Option<String>,
    /// Milliseconds to connect (default 3,000).
    pub connect_timeout_ms: Option<u64>,
    /// Milliseconds for the whole request (default 10,000).
    pub timeout_ms: Option<u64>,
    /// The approved templates, per language (`zh-CN` required, `en` optional: Chinese is used
    /// when it is missing).
    pub templates: BTreeMap<String, Templates>,
}

/// The template code (Alibaba `SMS_…`) or id (Tencent, digits) of each kind of message.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// A step of a case: variables `case_no`, `step`, `link`.
    pub progress: Option<String>,
    /// A survey invitation: `case_no`, `link`.
    pub survey: Option<String>,
    /// A login code: `code`.
    pub login_code: Option<String>,
}

/// The templates of every language.
#[derive(Debug, Clone)]
pub struct TemplateSet(BTreeMap<String, Templates>);

impl TemplateSet {
    /// The templates as configured; `zh-CN` must be there.
    pub fn new(templates: BTreeMap<String, Templates>) -> Result<TemplateSet, String> {
        if !templates.contains_key(Lang::ZhCn.tag()) {
            return Err("[sms.templates.zh-CN] is missing".into());
        }
        if let Some(other) = templates
            .keys()
            .find(|k| *k != Lang::ZhCn.tag() && *k != Lang::En.tag())
        {
            return Err(format!("[sms.templates.{other}]: only zh-CN and en exist"));
        }
        Ok(TemplateSet(templates))
    }

    /// The template for `kind` in `lang` (Chinese when the language has none).
    pub fn pick(&self, kind: MessageKind, lang: Lang) -> Result<&str, SendFailure> {
        fn of(t: &Templates, kind: MessageKind) -> Option<&str> {
            match kind {
                MessageKind::Progress => t.progress.as_deref(),
                MessageKind::Survey => t.survey.as_deref(),
                MessageKind::LoginCode => t.login_code.as_deref(),
                MessageKind::EmailConfirmation => None,
            }
        }
        self.0
            .get(lang.tag())
            .and_then(|t| of(t, kind))
            .or_else(|| self.0.get(Lang::ZhCn.tag()).and_then(|t| of(t, kind)))
            .ok_or_else(|| {
                SendFailure::refused(format!("no text-message template for {kind:?} messages"))
            })
    }
}

/// Connect and total timeouts of an HTTP gateway.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// To open the connection.
    pub connect: Duration,
    /// For the whole exchange.
    pub total: Duration,
}

impl Timeouts {
    /// The configured ones, or 3 s and 10 s.
    pub fn of(connect_ms: Option<u64>, total_ms: Option<u64>) -> Timeouts {
        Timeouts {
            connect: Duration::from_millis(connect_ms.unwrap_or(3_000)),
            total: Duration::from_millis(total_ms.unwrap_or(10_000)),
        }
    }
}

/// An HTTP client with `timeouts` (rustls, no proxy from the environment).
pub fn http_client(timeouts: Timeouts) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.total)
        .user_agent(concat!("portal-server/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("HTTP client: {e}"))
}

/// The failure of an HTTP exchange that got no answer: always worth retrying (the provider
/// dedupes by our reference when it did take the message).
pub fn transport_failure(provider: &str, error: &reqwest::Error) -> SendFailure {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "request failed"
    };
    SendFailure::retry(format!("{provider}: {what}"))
}

/// The failure of an HTTP status without a usable body: 5xx and 429 retry, others are final.
pub fn status_failure(provider: &str, status: reqwest::StatusCode) -> SendFailure {
    if status.is_server_error() || status == reqwest::StatusCode::TOO_MANY_REQUESTS {
        SendFailure::retry(format!("{provider}: HTTP {}", status.as_u16()))
    } else {
        SendFailure::refused(format!("{provider}: HTTP {}", status.as_u16()))
    }
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Senders {
    /// The senders configured in `config.notify_file` (TOML) and the environment; none without
    /// a file.
    pub fn load(config: &crate::Config) -> Result<Senders, NotifyConfigError> {
        let Some(path) = &config.notify_file else {
            return Ok(Senders::default());
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            NotifyConfigError::File(format!("PORTAL_NOTIFY_FILE {}: {e}", path.display()))
        })?;
        Senders::from_toml(&text, &config.notify_secrets).map_err(|e| {
            NotifyConfigError::File(format!("PORTAL_NOTIFY_FILE {}: {e}", path.display()))
        })
    }

    /// The senders of a notify file's text, with `secrets` (from the environment) in place of
    /// the file's.
    pub fn from_toml(
        text: &str,
        secrets: &crate::config::NotifySecrets,
    ) -> Result<Senders, String> {
        let file: NotifyFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let sms: Option<Arc<dyn Sender>> = match file.sms {
            None => None,
            Some(mut sms) => {
                if let Some(secret) = secrets.sms_secret.clone() {
                    sms.key_secret = secret;
                }
                if sms.key_secret.is_empty() {
                    return Err("[sms] key_secret (or PORTAL_SMS_SECRET) is missing".into());
                }
                match sms.provider.as_str() {
                    "aliyun" => Some(Arc::new(aliyun::AliyunSms::new(sms)?)),
                    "tencent" => Some(Arc::new(tencent::TencentSms::new(sms)?)),
                    other => {
                        return Err(format!(
                            "[sms] provider {other:?}: use \"aliyun\" or \"tencent\""
                        ));
                    }
                }
            }
        };
        let email: Option<Arc<dyn Sender>> = match file.email {
            None => None,
            Some(mut email) => {
                if let Some(password) = secrets.smtp_password.clone() {
                    email.password = Some(password);
                }
                Some(Arc::new(smtp::SmtpSender::new(email)?))
            }
        };
        let wechat: Option<Arc<dyn Sender>> = match file.wechat {
            None => None,
            Some(mut wechat) => {
                if let Some(secret) = secrets.wechat_secret.clone() {
                    wechat.app_secret = secret;
                }
                if wechat.app_secret.is_empty() {
                    return Err("[wechat] app_secret (or PORTAL_WECHAT_SECRET) is missing".into());
                }
                Some(Arc::new(wechat::WechatSender::new(wechat)?))
            }
        };
        let receipt_token = secrets
            .receipt_token
            .clone()
            .or_else(|| file.receipts.and_then(|r| r.token))
            .filter(|t| !t.trim().is_empty());
        if receipt_token.as_ref().is_some_and(|t| t.len() < 16) {
            return Err("[receipts] token: at least 16 characters".into());
        }
        Ok(Senders {
            sms,
            email,
            wechat,
            receipt_token,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::config::NotifySecrets;

    /// (In a runtime: the SMTP pool starts a task.)
    #[tokio::test]
    async fn the_example_file_loads() {
        let text = include_str!("../../../config/notify.example.toml");
        let senders = Senders::from_toml(text, &NotifySecrets::default()).unwrap();
        assert!(senders.sms.is_some());
        assert!(senders.email.is_some());
        assert!(senders.wechat.is_some());
        assert!(senders.receipt_token.is_some());
    }

    #[test]
    fn nothing_configured_is_only_the_inbox() {
        let senders = Senders::from_toml("", &NotifySecrets::default()).unwrap();
        assert!(senders.get(Channel::Sms).is_none());
        assert!(senders.get(Channel::Email).is_none());
        assert!(senders.get(Channel::Wechat).is_none());
        assert!(senders.receipt_token.is_none());
    }

    #[test]
    fn mistakes_are_named() {
        let e = Senders::from_toml("[sms]\nprovider = \"other\"\nsign_name = \"x\"\nkey_id = \"a\"\nkey_secret = \"b\"\n[sms.templates.zh-CN]\n", &NotifySecrets::default()).err().unwrap();
        assert!(e.contains("provider"), "{e}");
        let e = Senders::from_toml("[sms]\nprovider = \"aliyun\"\nsign_name = \"x\"\nkey_id = \"a\"\nkey_secret = \"b\"\n[sms.templates.en]\n", &NotifySecrets::default()).err().unwrap();
        assert!(e.contains("zh-CN"), "{e}");
        let e = Senders::from_toml("[smtp]\n", &NotifySecrets::default())
            .err()
            .unwrap();
        assert!(e.contains("smtp"), "{e}");
    }
}
