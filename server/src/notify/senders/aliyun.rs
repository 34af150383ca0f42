//! Alibaba Cloud SMS (阿里云短信服务) `SendSms`, API version 2017-05-25, RPC style: the
//! parameters form-encoded in a POST, signed with signature version 1.0 (HMAC-SHA1 over the
//! canonicalized query). `OutId` carries our reference (the delivery's id); the answer's `BizId`
//! is kept as the provider's reference, and the delivery receipt names both.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use portal_core::notify::Channel;
use serde::Deserialize;

use super::{SmsConfig, TemplateSet, Timeouts, http_client, status_failure, transport_failure};
use crate::notify::{Accepted, Message, SendFailure, SendFuture, Sender, texts};

/// The public endpoint.
pub const ENDPOINT: &str = "https://dysmsapi.aliyuncs.com/";
/// The API version.
pub const VERSION: &str = "2017-05-25";

/// RFC 3986 unreserved characters stay; everything else is `%XX` (space is `%20`, `*` is `%2A`,
/// `~` stays), as the signature's percent-encoding rule says.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` the way the signature needs.
pub fn percent(s: &str) -> String {
    utf8_percent_encode(s, ENCODE).to_string()
}

/// The canonicalized query: the parameters sorted by name, each `name=value` percent-encoded,
/// joined by `&` (the `Signature` parameter is not part of it).
pub fn canonical_query(params: &BTreeMap<String, String>) -> String {
    params
        .iter()
        .filter(|(k, _)| k.as_str() != "Signature")
        .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The signature (base64, not yet percent-encoded) of `params` sent with `method`:
/// `base64(HMAC-SHA1(secret + "&", method + "&%2F&" + percent(canonical_query)))`.
pub fn sign(method: &str, params: &BTreeMap<String, String>, secret: &str) -> String {
    let string_to_sign = format!(
        "{method}&{}&{}",
        percent("/"),
        percent(&canonical_query(params))
    );
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()) else {
        // HMAC takes keys of any length: this cannot happen.
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The Alibaba Cloud SMS sender.
pub struct AliyunSms {
    http: reqwest::Client,
    endpoint: String,
    key_id: String,
    key_secret: String,
    sign_name: String,
    region: String,
    templates: TemplateSet,
}

impl AliyunSms {
    /// A sender of `[sms]` with `provider = "aliyun"`.
    pub fn new(config: SmsConfig) -> Result<AliyunSms, String> {
        let timeouts = Timeouts::of(config.connect_timeout_ms, config.timeout_ms);
        Ok(AliyunSms {
            http: http_client(timeouts)?,
            endpoint: config.endpoint.unwrap_or_else(|| ENDPOINT.to_owned()),
            key_id: config.key_id,
            key_secret: config.key_secret,
            sign_name: config.sign_name,
            region: config.region.unwrap_or_else(|| "cn-hangzhou".to_owned()),
            templates: TemplateSet::new(config.templates).map_err(|e| format!("[sms] {e}"))?,
        })
    }

    /// The signed parameters of one `SendSms` call.
    fn params(
        &self,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> Result<BTreeMap<String, String>, SendFailure> {
        let template = self.templates.pick(message.kind, message.lang)?;
        let variables: serde_json::Map<String, serde_json::Value> = texts::sms_params(message)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), serde_json::Value::String(v)))
            .collect();
        let template_param = serde_json::Value::Object(variables).to_string();
        let nonce = crate::auth::secret::new_reference();
        let timestamp = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut params: BTreeMap<String, String> = [
            ("AccessKeyId", self.key_id.as_str()),
            ("Action", "SendSms"),
            ("Format", "JSON"),
            ("OutId", reference),
            ("PhoneNumbers", to),
            ("RegionId", self.region.as_str()),
            ("SignName", self.sign_name.as_str()),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", nonce.as_str()),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", template),
            ("TemplateParam", template_param.as_str()),
            ("Timestamp", timestamp.as_str()),
            ("Version", VERSION),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let signature = sign("POST", &params, &self.key_secret);
        params.insert("Signature".to_owned(), signature);
        Ok(params)
    }

    async fn send_sms(
        &self,
        to: &str,
        reference: &str,
        message: &Message,
    ) -> Result<Accepted, SendFailure> {
        let params = self.params(to, reference, message)?;
        let body = format!(
            "Signature={}&{}",
            percent(params.get("Signature").map_or("", String::as_str)),
            canonical_query(&params)
        );
        let response = self
            .http
            .post(&self.endpoint)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| transport_failure("Alibaba Cloud SMS", &e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| transport_failure("Alibaba Cloud SMS", &e))?;
        let Ok(answer) = serde_json::from_slice::<Answer>(&bytes) else {
            return Err(status_failure("Alibaba Cloud SMS", status));
        };
        if answer.code == "OK" {
            return Ok(Accepted {
                provider_ref: answer.biz_id.filter(|b| !b.is_empty()),
            });
        }
        let reason = format!("Alibaba Cloud SMS: {}", answer.code);
        if status.is_server_error() || retryable(&answer.code) {
            Err(SendFailure::retry(reason))
        } else {
            Err(SendFailure::refused(reason))
        }
    }
}

/// `SendSms`'s answer (the `Message` is not kept: it may quote the request).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    code: String,
    biz_id: Option<String>,
}

/// Whether an error code of Alibaba Cloud is worth retrying: throttling, the provider's own
/// faults, the account's balance (staff top it up), a clock or nonce problem of one request.
/// Everything else (a bad number, template, signature, permission) is final.
pub fn retryable(code: &str) -> bool {
    code.starts_with("isp.")
        || code.starts_with("Throttling")
        || matches!(
            code,
            "isv.BUSINESS_LIMIT_CONTROL"
                | "isv.AMOUNT_NOT_ENOUGH"
                | "isv.OUT_OF_SERVICE"
                | "SignatureNonceUsed"
                | "InvalidTimeStamp.Expired"
                | "ServiceUnavailable"
                | "InternalError"
        )
}

impl Sender for AliyunSms {
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

    /// The worked example of the SMS documentation ("HTTP 协议及签名"): the parameters, the
    /// secret `testSecret`, and the signature it gives for a GET.
    #[test]
    fn signature_matches_the_documented_example() {
        let params: BTreeMap<String, String> = [
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", "{\"customer\":\"test\"}"),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        assert_eq!(
            canonical_query(&params),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001\
             &RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B\
             %E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1\
             &SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0\
             &TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D\
             &Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
        );
        let signature = sign("GET", &params, "testSecret");
        assert_eq!(signature, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
        assert_eq!(percent(&signature), "zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D");
    }

    #[test]
    fn percent_encoding_follows_the_signature_rule() {
        assert_eq!(percent("a b*c~d"), "a%20b%2Ac~d");
    }

    #[test]
    fn throttling_retries_and_a_bad_number_does_not() {
        assert!(retryable("isv.BUSINESS_LIMIT_CONTROL"));
        assert!(retryable("isp.SYSTEM_ERROR"));
        assert!(retryable("Throttling.User"));
        assert!(!retryable("isv.MOBILE_NUMBER_ILLEGAL"));
        assert!(!retryable("isv.SMS_TEMPLATE_ILLEGAL"));
        assert!(!retryable("SignatureDoesNotMatch"));
    }
}
