//! The SMS providers' delivery-receipt callbacks (状态报告): each says whether a text message
//! reached the phone; the matching delivery becomes `delivered` (with the time) or `failed`.
//!
//! The providers call the addresses given to them in their consoles, with the token of
//! `[receipts]` in the query string (`?token=…`); a missing or wrong token is 401 and nothing
//! else is said. Receipts that name no delivery of ours are ignored, a repeated one changes
//! nothing, and the answer is always the one the provider expects (else it calls again).

use axum::body::Bytes;
use axum::extract::{Query, State};
use chrono::{NaiveDateTime, TimeDelta};
use portal_core::api::Problem;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db::{self, receipts::Receipt};
use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(aliyun))
        .routes(routes!(tencent))
}

/// The callback's token.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ReceiptToken {
    /// The token of `[receipts]` in `PORTAL_NOTIFY_FILE`.
    token: Option<String>,
}

/// One Alibaba Cloud SMS receipt (`SmsReport`); fields not listed are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AliyunReceipt {
    /// Our reference: the delivery's id.
    #[serde(default)]
    out_id: Option<String>,
    /// Alibaba's id of the message.
    #[serde(default)]
    biz_id: Option<String>,
    /// Whether it reached the phone.
    success: bool,
    /// `DELIVERED`, or the reason it did not.
    #[serde(default)]
    err_code: Option<String>,
    /// When the phone reported, China time: `2017-02-02 22:22:22`.
    #[serde(default)]
    report_time: Option<String>,
}

/// What Alibaba Cloud expects back.
#[derive(Debug, Serialize, ToSchema)]
pub struct AliyunAnswer {
    /// 0: taken.
    code: i32,
    /// `成功`.
    msg: &'static str,
}

/// One Tencent Cloud SMS receipt; fields not listed are ignored.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TencentReceipt {
    /// Tencent's id of the message (`SerialNo` of the send).
    #[serde(default)]
    sid: Option<String>,
    /// `SUCCESS` or `FAIL`.
    report_status: String,
    /// When the phone got it, China time: `2015-10-17 08:03:04`.
    #[serde(default)]
    user_receive_time: Option<String>,
    /// The reason code (`DELIVRD` on success).
    #[serde(default)]
    errmsg: Option<String>,
    /// Our reference echoed (`SessionContext` of the send): a string, or `{ "ext": … }`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    ext: Option<serde_json::Value>,
    /// Our reference echoed, as some receipt versions name it.
    #[serde(default)]
    session_context: Option<String>,
}

/// What Tencent Cloud expects back.
#[derive(Debug, Serialize, ToSchema)]
pub struct TencentAnswer {
    /// 0: taken.
    result: i32,
    /// `OK`.
    errmsg: &'static str,
}

/// Whether `token` is the configured one (compared in constant time).
fn authorized(app: &AppState, token: Option<&str>) -> Result<()> {
    let expected = app.notify.senders.receipt_token.as_deref();
    match (expected, token) {
        (Some(expected), Some(token))
            if crate::auth::secret::same_hash(expected.as_bytes(), token.as_bytes()) =>
        {
            Ok(())
        }
        _ => Err(ApiError::Unauthenticated {
            clear_cookie: false,
        }),
    }
}

/// A China-time `YYYY-MM-DD hh:mm:ss` as seconds since the epoch; `now` when it is not one.
fn china_time(text: Option<&str>, now: i64) -> i64 {
    text.and_then(|t| NaiveDateTime::parse_from_str(t.trim(), "%Y-%m-%d %H:%M:%S").ok())
        .and_then(|t| t.checked_sub_signed(TimeDelta::hours(8)))
        .map_or(now, |t| t.and_utc().timestamp())
}

/// A reference of ours: a delivery's id.
fn delivery_id(reference: Option<&str>) -> Option<i64> {
    reference
        .and_then(|r| r.trim().parse::<i64>().ok())
        .filter(|id| *id > 0)
}

/// A receipt body: a JSON array (a single object is taken as an array of one).
fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<Vec<T>> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Array(items)) => items
            .into_iter()
            .map(serde_json::from_value)
            .collect::<std::result::Result<Vec<T>, _>>()
            .map_err(|_| ApiError::BodyMalformed),
        Ok(item @ serde_json::Value::Object(_)) => serde_json::from_value(item)
            .map(|one| vec![one])
            .map_err(|_| ApiError::BodyMalformed),
        _ => Err(ApiError::BodyMalformed),
    }
}

/// Records a provider's batch of receipts in one transaction, and logs how many changed a
/// delivery.
async fn record_all(
    app: &AppState,
    provider: &str,
    receipts: &[Receipt<'_>],
    now: i64,
) -> Result<()> {
    let mut tx = app.db.begin().await?;
    let mut changed = 0;
    for receipt in receipts {
        changed += usize::from(db::receipts::record(&mut tx, receipt, now).await?);
    }
    tx.commit().await?;
    tracing::info!(provider, receipts = receipts.len(), changed, "sms receipts");
    Ok(())
}

/// Alibaba Cloud SMS delivery receipts (`SmsReport`, a JSON array).
#[utoipa::path(post, path = "/receipts/sms/aliyun", tag = "receipts", params(ReceiptToken),
    request_body = Vec<AliyunReceipt>,
    responses(
        (status = 200, description = "Taken (whether or not they named a delivery of ours)", body = AliyunAnswer),
        (status = 400, description = "Not a receipt array", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong token", body = Problem, content_type = "application/problem+json")
    ))]
async fn aliyun(
    State(app): State<AppState>,
    Query(query): Query<ReceiptToken>,
    body: Bytes,
) -> Result<Json<AliyunAnswer>> {
    authorized(&app, query.token.as_deref())?;
    let receipts: Vec<AliyunReceipt> = parse(&body)?;
    let now = db::now();
    let receipts: Vec<Receipt> = receipts
        .iter()
        .map(|r| Receipt {
            delivery_id: delivery_id(r.out_id.as_deref()),
            provider_ref: r.biz_id.as_deref().filter(|b| !b.is_empty()),
            delivered: r.success,
            at: china_time(r.report_time.as_deref(), now),
            error: r.err_code.as_deref(),
        })
        .collect();
    record_all(&app, "aliyun", &receipts, now).await?;
    Ok(Json(AliyunAnswer {
        code: 0,
        msg: "成功",
    }))
}

/// Tencent Cloud SMS delivery receipts (a JSON array).
#[utoipa::path(post, path = "/receipts/sms/tencent", tag = "receipts", params(ReceiptToken),
    request_body = Vec<TencentReceipt>,
    responses(
        (status = 200, description = "Taken (whether or not they named a delivery of ours)", body = TencentAnswer),
        (status = 400, description = "Not a receipt array", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or wrong token", body = Problem, content_type = "application/problem+json")
    ))]
async fn tencent(
    State(app): State<AppState>,
    Query(query): Query<ReceiptToken>,
    body: Bytes,
) -> Result<Json<TencentAnswer>> {
    authorized(&app, query.token.as_deref())?;
    let receipts: Vec<TencentReceipt> = parse(&body)?;
    let now = db::now();
    let receipts: Vec<Receipt> = receipts
        .iter()
        .map(|r| {
            let reference = match &r.ext {
                Some(serde_json::Value::String(s)) => Some(s.as_str()),
                Some(serde_json::Value::Object(o)) => o.get("ext").and_then(|v| v.as_str()),
                _ => None,
            }
            .or(r.session_context.as_deref());
            Receipt {
                delivery_id: delivery_id(reference),
                provider_ref: r.sid.as_deref().filter(|s| !s.is_empty()),
                delivered: r.report_status.eq_ignore_ascii_case("SUCCESS"),
                at: china_time(r.user_receive_time.as_deref(), now),
                error: r.errmsg.as_deref(),
            }
        })
        .collect();
    record_all(&app, "tencent", &receipts, now).await?;
    Ok(Json(TencentAnswer {
        result: 0,
        errmsg: "OK",
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_times_are_read_as_utc_plus_8() {
        assert_eq!(china_time(Some("2017-02-02 08:00:00"), 5), 1_485_993_600);
        assert_eq!(china_time(Some("yesterday"), 5), 5);
        assert_eq!(china_time(None, 5), 5);
        assert_eq!(delivery_id(Some(" 42 ")), Some(42));
        assert_eq!(delivery_id(Some("otp-1f")), None);
        assert_eq!(delivery_id(Some("-3")), None);
    }
}
