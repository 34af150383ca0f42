//! Tencent Cloud SMS (腾讯云短信) `SendSms`, API version 2021-01-11: a JSON POST signed with
//! TC3-HMAC-SHA256. `SessionContext` carries our reference (the delivery's id); the answer's
//! `SerialNo` is kept as the provider's reference, and the delivery receipt names it (`sid`).

use chrono::DateTime;
use portal_core::notify::Channel;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{
    SmsConfig, TemplateSet, Timeouts, hex, http_client, status_failure, transport_failure,
};
use crate::claims::link::hmac_sha256;
use crate::notify::{Accepted, Message, SendFailure, SendFuture, Sender, texts};

/// The public endpoint.
pub const ENDPOINT: &str = "https://sms.tencentcloudapi.com/";
/// The API version.
pub const VERSION: &str = "2021-01-11";
/// The service name in the signature's credential scope.
pub const SERVICE: &str = "sms";
/// The content type sent, and signed.
pub const CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// What a TC3-HMAC-SHA256 signature covers.
#[derive(Debug, Clone)]
pub struct Tc3<'a> {
    /// The service, e.g. `sms`.
    pub service: &'a str,
    /// `X-TC-Timestamp`, seconds since the epoch (the date of the scope is its UTC date).
    pub timestamp: i64,
    /// The signed headers, names in lower case, sorted by name (`content-type` and `host` at
    /// least).
    pub headers: &'a [(&'a str, &'a str)],
    /// The request body.
    pub payload: &'a str,
}

impl Tc3<'_> {
    /// `content-type;host;…`.
    pub fn signed_headers(&self) -> String {
        self.headers
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(";")
    }

    /// `2019-02-25/cvm/tc3_request`.
    pub fn credential_scope(&self) -> String {
        let date = DateTime::from_timestamp(self.timestamp, 0)
            .unwrap_or_default()
            .format("%Y-%m-%d");
        format!("{date}/{}/tc3_request", self.service)
    }

    /// The canonical request of a POST to `/` without a query.
    pub fn canonical_request(&self) -> String {
        let headers: String = self
            .headers
            .iter()
            .map(|(name, value)| format!("{name}:{}\n", value.trim().to_lowercase()))
            .collect();
        format!(
            "POST\n/\n\n{headers}\n{}\n{}",
            self.signed_headers(),
            hex(&Sha256::digest(self.payload.as_bytes()))
        )
    }

    /// The string to sign.
    pub fn string_to_sign(&self) -> String {
        format!(
            "TC3-HMAC-SHA256\n{}\n{}\n{}",
            self.timestamp,
            self.credential_scope(),
            hex(&Sha256::digest(self.canonical_request().as_bytes()))
        )
    }

    /// The signature (hex) with `secret_key`.
    pub fn signature(&self, secret_key: &str) -> String {
        let scope = self.credential_scope();
        let date = scope.split('/').next().unwrap_or_default();
        let secret_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
        let secret_service = hmac_sha256(&secret_date, self.service.as_bytes());
        let secret_signing = hmac_sha256(&secret_service, b"tc3_request");
        hex(&hmac_sha256(
            &secret_signing,
            self.string_to_sign().as_bytes(),
        ))
    }

    /// The `Authorization` header.
    pub fn authorization(&self, secret_id: &str, secret_key: &str) -> String {
        format!(
            "TC3-HMAC-SHA256 Credential={secret_id}/{}, SignedHeaders={}, Signature={}",
            self.credential_scope(),
            self.signed_headers(),
            self.signature(secret_key)
        )
    }
}

/// The Tencent Cloud SMS sender.
pub struct TencentSms {
    http: reqwest::Client,
    endpoint: reqwest::Url,
    host: String,
    secret_id: String,
    secret_key: String,
    sdk_app_id: String,
    sign_name: String,
    region: String,
    templates: TemplateSet,
}

impl TencentSms {
    /// A sender of `[sms]` with `provider = "tencent"`.
    pub fn new(config: SmsConfig) -> Result<TencentSms, String> {
        let timeouts = Timeouts::of(config.connect_timeout_ms, config.timeout_ms);
        let endpoint = config.endpoint.as_deref().unwrap_or(ENDPOINT);
        let endpoint = reqwest::Url::parse(endpoint)
            .map_err(|e| format!("[sms] endpoint {endpoint:?}: {e}"))?;
        let host = match (endpoint.host_str(), endpoint.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            (None, _) => return Err("[sms] endpoint: no host".into()),
        };
        let Some(sdk_app_id) = config.sdk_app_id.filter(|s| !s.is_empty()) else {
            return Err("[sms] sdk_app_id is missing (Tencent Cloud's SmsSdkAppId)".into());
        };
        Ok(TencentSms {
            http: http_client(timeouts)?,
            endpoint,
            host,
            secret_id: config.key_id,
            secret_key: config.key_secret,
            sdk_app_id,
            sign_name: config.sign_name,
            region: config.region.unwrap_or_else(|| "ap-guangzhou".to_owned()),
            templates: TemplateSet::new(config.templates).map_err(|e| format!("[sms] {e}"))?,
        })
    }

    async fn send_sms(
        &self,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> Result<Accepted, SendFailure> {
        let template = self.templates.pick(message.kind, message.lang)?;
        let params: Vec<String> = texts::sms_params(message)
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        let number = if to.starts_with('+') {
            to.to_owned()
        } else {
            format!("+86{to}")
        };
        let payload = serde_json::json!({
            "PhoneNumberSet": [number],
            "SmsSdkAppId": self.sdk_app_id,
            "SignName": self.sign_name,
            "TemplateId": template,
            "TemplateParamSet": params,
            "SessionContext": reference,
        })
        .to_string();
        let timestamp = chrono::Utc::now().timestamp();
        let headers = [
            ("content-type", CONTENT_TYPE),
            ("host", self.host.as_str()),
            ("x-tc-action", "sendsms"),
        ];
        let authorization = Tc3 {
            service: SERVICE,
            timestamp,
            headers: &headers,
            payload: &payload,
        }
        .authorization(&self.secret_id, &self.secret_key);
        let response = self
            .http
            .post(self.endpoint.clone())
            .header("Authorization", authorization)
            .header("Content-Type", CONTENT_TYPE)
            .header("X-TC-Action", "SendSms")
            .header("X-TC-Version", VERSION)
            .header("X-TC-Timestamp", timestamp.to_string())
            .header("X-TC-Region", &self.region)
            .body(payload)
            .send()
            .await
            .map_err(|e| transport_failure("Tencent Cloud SMS", &e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_failure("Tencent Cloud SMS", &e))?;
        let Ok(answer) = serde_json::from_slice::<Answer>(&bytes) else {
            return Err(status_failure("Tencent Cloud SMS", status));
        };
        let answer = answer.response;
        if let Some(error) = answer.error {
            return Err(failure(&error.code, status.is_server_error()));
        }
        let Some(sent) = answer.send_status_set.into_iter().next() else {
            return Err(SendFailure::retry("Tencent Cloud SMS: empty answer"));
        };
        if sent.code == "Ok" {
            Ok(Accepted {
                provider_ref: sent.serial_no.filter(|s| !s.is_empty()),
            })
        } else {
            Err(failure(&sent.code, false))
        }
    }
}

fn failure(code: &str, server_error: bool) -> SendFailure {
    let reason = format!("Tencent Cloud SMS: {code}");
    if server_error || retryable(code) {
        SendFailure::retry(reason)
    } else {
        SendFailure::refused(reason)
    }
}

/// Whether an error code of Tencent Cloud is worth retrying: its internal errors, request-rate
/// limits and the short per-number limits (30 s, 1 h); not a bad number, a template or a daily
/// limit.
pub fn retryable(code: &str) -> bool {
    code.starts_with("InternalError")
        || matches!(
            code,
            "RequestLimitExceeded"
                | "LimitExceeded.PhoneNumberThirtySecondLimit"
                | "LimitExceeded.PhoneNumberOneHourLimit"
                | "FailedOperation.InsufficientBalanceInSmsPackage"
                | "AuthFailure.SignatureExpire"
                | "ResourceUnavailable"
        )
}

#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "Response")]
    response: AnswerBody,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct AnswerBody {
    error: Option<ApiError>,
    #[serde(default)]
    send_status_set: Vec<SendStatus>,
}

/// The error (the `Message` is not kept: it may quote the request).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ApiError {
    code: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SendStatus {
    serial_no: Option<String>,
    code: String,
}

impl Sender for TencentSms {
    fn channel(&self) -> Channel {
        Channel::Sms
    }

    fn send<'a>(&'a self, to: &'a str, reference: &'a str, message: &'a Message) -> SendFuture<'a> {
        Box::pin(self.send_sms(to, reference, message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Tencent Cloud's "Signature v3" page (CVM `DescribeInstances`,
    /// timestamp 1551113065, SecretKey `Gu5t9xGARNpq86cd98joQYCN3EXAMPLE`): every intermediate
    /// value and the signature it documents.
    #[test]
    fn signature_matches_the_documented_example() {
        let payload = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let headers = [
            ("content-type", "application/json; charset=utf-8"),
            ("host", "cvm.tencentcloudapi.com"),
        ];
        let tc3 = Tc3 {
            service: "cvm",
            timestamp: 1551113065,
            headers: &headers,
            payload,
        };
        assert_eq!(
            tc3.canonical_request(),
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        assert_eq!(
            tc3.string_to_sign(),
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        assert_eq!(
            tc3.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
        assert_eq!(
            tc3.authorization(
                "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
            ),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn limits_retry_and_a_bad_number_does_not() {
        assert!(retryable("InternalError.Timeout"));
        assert!(retryable("RequestLimitExceeded"));
        assert!(!retryable("InvalidParameterValue.IncorrectPhoneNumber"));
        assert!(!retryable("FailedOperation.TemplateIncorrectOrUnapproved"));
        assert!(!retryable("LimitExceeded.PhoneNumberDailyLimit"));
    }
}
