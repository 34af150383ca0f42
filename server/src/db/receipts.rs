//! Delivery receipts of text messages: the provider says whether a message it took reached the
//! phone. A receipt names the delivery by our reference (its id: Alibaba `out_id`, Tencent's
//! session context) or by the provider's id of the message (Alibaba `biz_id`, Tencent `sid`).

/// What one receipt says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt<'a> {
    /// Our reference, when the receipt carries it and it is a delivery's id.
    pub delivery_id: Option<i64>,
    /// The provider's id of the message.
    pub provider_ref: Option<&'a str>,
    /// Reached the phone (`delivered`), or did not (`failed`).
    pub delivered: bool,
    /// When the phone got it, or when the provider gave up (seconds since the epoch).
    pub at: i64,
    /// The provider's code for a failure (kept for staff), e.g. `MK:0001`.
    pub error: Option<&'a str>,
}

/// Records `receipt` on the text message it names; answers whether one changed. Only a message
/// the provider took (`sent`, or `sending` when the receipt overtook the dispatcher's record)
/// changes, so a repeated receipt changes nothing and the first final answer stays. Receipts
/// that name no delivery of ours are ignored.
pub async fn record(
    conn: &mut sqlx::SqliteConnection,
    receipt: &Receipt<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    if receipt.delivery_id.is_none() && receipt.provider_ref.is_none() {
        return Ok(false);
    }
    let done = sqlx::query(
        "UPDATE deliveries \
         SET state = CASE WHEN ?1 THEN 'delivered' ELSE 'failed' END, \
             delivered_at = CASE WHEN ?1 THEN ?2 ELSE delivered_at END, \
             sent_at = COALESCE(sent_at, ?2), \
             last_error = CASE WHEN ?1 THEN last_error ELSE ?3 END, \
             next_attempt_at = NULL, updated_at = ?4 \
         WHERE channel = 'sms' AND state IN ('sending', 'sent') \
           AND (CASE WHEN ?5 IS NOT NULL THEN id = ?5 ELSE provider_ref = ?6 END)",
    )
    .bind(receipt.delivered)
    .bind(receipt.at)
    .bind(receipt.error.map(|e| format!("receipt: {e}")))
    .bind(now)
    .bind(receipt.delivery_id)
    .bind(receipt.provider_ref)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
