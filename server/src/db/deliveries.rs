//! The outbox (`deliveries`): what the dispatcher claims and records, what staff list and retry.

use portal_core::notify::{Channel, DeliveryState, StaffDelivery, mask_recipient};

use super::Db;
use super::complaints::instant as time;

/// A stored delivery's channel and state, or a decode error naming what is not known.
pub(super) fn channel_and_state(
    channel: &str,
    state: &str,
) -> sqlx::Result<(Channel, DeliveryState)> {
    match (Channel::parse(channel), DeliveryState::parse(state)) {
        (Some(channel), Some(state)) => Ok((channel, state)),
        _ => Err(sqlx::Error::Decode(
            format!("unknown delivery channel {channel:?} or state {state:?}").into(),
        )),
    }
}

/// A new outbound delivery, written in the transaction of its notice (or of an email change).
#[derive(Debug, Clone)]
pub struct NewDelivery<'a> {
    /// The notice it sends; `None` for an email confirmation.
    pub notice_id: Option<i64>,
    /// Whose.
    pub policyholder_id: i64,
    /// The channel (never the inbox: `db::notices` writes that one).
    pub channel: Channel,
    /// `notice` or `email_confirmation`.
    pub purpose: &'a str,
    /// The phone number, address or openid at the time of writing.
    pub recipient: &'a str,
    /// `zh-CN` or `en`.
    pub lang: &'a str,
    /// What a message other than a notice needs (JSON).
    pub payload: Option<&'a str>,
    /// `queued` or `held`.
    pub state: DeliveryState,
    /// When it is due.
    pub due_at: i64,
}

/// Writes one delivery; returns its id.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    new: &NewDelivery<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO deliveries (notice_id, policyholder_id, channel, purpose, recipient, lang, \
             payload, state, next_attempt_at, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.notice_id)
    .bind(new.policyholder_id)
    .bind(new.channel.as_str())
    .bind(new.purpose)
    .bind(new.recipient)
    .bind(new.lang)
    .bind(new.payload)
    .bind(new.state.as_str())
    .bind(new.due_at)
    .bind(now)
    .bind(now)
    .fetch_one(&mut *tx)
    .await
}

/// A delivery the dispatcher has claimed (its lease runs until `next_attempt_at`).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Claimed {
    /// The delivery's id: the provider's client reference.
    pub id: i64,
    /// The notice it sends.
    pub notice_id: Option<i64>,
    /// Whose.
    pub policyholder_id: i64,
    /// The stored channel name.
    pub channel: String,
    /// `notice` or `email_confirmation`.
    pub purpose: String,
    /// Where it goes.
    pub recipient: String,
    /// The language to write it in.
    pub lang: String,
    /// What a message other than a notice needs.
    pub payload: Option<String>,
    /// Sent even in quiet hours.
    pub urgent: bool,
    /// Attempts, this one included.
    pub attempts: i64,
}

/// Claims up to `limit` due deliveries (queued or held and due, or `sending` with a lease that
/// ran out: its dispatcher died) in one statement: they become `sending` with a lease until
/// `lease_until`, and their attempt is counted (so a delivery that crashes its sender every
/// time still ends dead).
pub async fn claim(db: &Db, now: i64, lease_until: i64, limit: i64) -> sqlx::Result<Vec<Claimed>> {
    sqlx::query_as(
        "UPDATE deliveries \
         SET state = 'sending', next_attempt_at = ?, attempts = attempts + 1, updated_at = ? \
         WHERE id IN ( \
             SELECT id FROM deliveries \
             WHERE state IN ('queued', 'held', 'sending') AND next_attempt_at <= ? \
               AND channel != 'inbox' \
             ORDER BY next_attempt_at, id LIMIT ?) \
         RETURNING id, notice_id, policyholder_id, channel, purpose, recipient, lang, payload, \
             urgent, attempts",
    )
    .bind(lease_until)
    .bind(now)
    .bind(now)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// What a claimed notice delivery says: the notice's case and its stored event.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoticeParts {
    /// `complaint` or `claim`.
    pub case_kind: String,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: String,
    /// `step` or `survey`.
    pub topic: String,
    /// The stored event (JSON).
    pub event: String,
}

/// The parts of notice `id` a message is rendered from.
pub async fn notice_parts(db: &Db, id: i64) -> sqlx::Result<Option<NoticeParts>> {
    sqlx::query_as("SELECT case_kind, case_id, case_number, topic, event FROM notices WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await
}

/// The current link version of a survey invitation.
pub async fn survey_token_version(db: &Db, invitation_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT token_version FROM survey_invitations WHERE id = ?")
        .bind(invitation_id)
        .fetch_optional(db)
        .await
}

/// Records that the provider took delivery `id`. A receipt that came first (delivered, failed)
/// keeps its state; the send time is kept as the first one.
pub async fn record_sent(
    db: &Db,
    id: i64,
    provider_ref: Option<&str>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE deliveries \
         SET state = CASE WHEN state IN ('delivered', 'failed') THEN state ELSE 'sent' END, \
             sent_at = COALESCE(sent_at, ?), provider_ref = COALESCE(?, provider_ref), \
             next_attempt_at = NULL, last_error = NULL, updated_at = ? \
         WHERE id = ?",
    )
    .bind(now)
    .bind(provider_ref)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Records a failed attempt: `queued`/`held` again at `next_at`, or `dead` (then `next_at` is
/// `None`). Only a row still `sending` changes (a staff action or a receipt in between wins).
pub async fn record_failure(
    db: &Db,
    id: i64,
    state: DeliveryState,
    next_at: Option<i64>,
    error: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE deliveries SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ? \
         WHERE id = ? AND state = 'sending'",
    )
    .bind(state.as_str())
    .bind(next_at)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// Puts a claimed text message back as `held` until `until` (it was claimed in quiet hours);
/// the claim's attempt is not counted.
pub async fn hold(db: &Db, id: i64, until: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE deliveries \
         SET state = 'held', next_attempt_at = ?, attempts = MAX(attempts - 1, 0), updated_at = ? \
         WHERE id = ? AND state = 'sending'",
    )
    .bind(until)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// How a staff retry went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// The dead letter is queued again, due now.
    Queued,
    /// No such delivery.
    Missing,
    /// It is not dead (still pending, sent, delivered, or refused by a receipt).
    NotDead,
}

/// Queues dead letter `id` again, due `now`, its attempts kept.
pub async fn retry(db: &Db, id: i64, now: i64) -> sqlx::Result<Retry> {
    let done = sqlx::query(
        "UPDATE deliveries SET state = 'queued', next_attempt_at = ?, updated_at = ? \
         WHERE id = ? AND state = 'dead'",
    )
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(Retry::Queued);
    }
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM deliveries WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(if exists.is_some() {
        Retry::NotDead
    } else {
        Retry::Missing
    })
}

/// One delivery as staff see it.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<StaffDelivery>> {
    let row: Option<StaffRow> = sqlx::query_as(&format!("{STAFF_SELECT} WHERE d.id = ?"))
        .bind(id)
        .fetch_optional(db)
        .await?;
    row.map(staff_delivery).transpose()
}

const STAFF_SELECT: &str = "SELECT d.id, d.notice_id, d.purpose, n.case_kind, n.case_id, \
         n.case_number, d.policyholder_id, d.channel, d.state, d.recipient, d.attempts, \
         d.next_attempt_at, d.last_error, d.provider_ref, d.sent_at, d.delivered_at, \
         d.created_at, d.updated_at \
     FROM deliveries d LEFT JOIN notices n ON n.id = d.notice_id";

/// The filters of the staff list.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// Only this state.
    pub state: Option<DeliveryState>,
    /// Only deliveries of notices about this kind of case.
    pub case_kind: Option<&'a str>,
    /// Only deliveries of notices about this case.
    pub case_id: Option<i64>,
    /// Only ids below this one (the cursor).
    pub before: i64,
    /// At most this many (one more is fetched to know whether a next page exists).
    pub limit: i64,
}

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    notice_id: Option<i64>,
    purpose: String,
    case_kind: Option<String>,
    case_id: Option<i64>,
    case_number: Option<String>,
    policyholder_id: i64,
    channel: String,
    state: String,
    recipient: String,
    attempts: i64,
    next_attempt_at: Option<i64>,
    last_error: Option<String>,
    provider_ref: Option<String>,
    sent_at: Option<i64>,
    delivered_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
}

/// A page of deliveries, newest first, filtered in SQL; `limit + 1` rows at most.
pub async fn list(db: &Db, filter: &Filter<'_>) -> sqlx::Result<Vec<StaffDelivery>> {
    let rows: Vec<StaffRow> = sqlx::query_as(&format!(
        "{STAFF_SELECT} \
         WHERE d.id < ? \
           AND (? IS NULL OR d.state = ?) \
           AND (? IS NULL OR n.case_kind = ?) \
           AND (? IS NULL OR n.case_id = ?) \
         ORDER BY d.id DESC LIMIT ?"
    ))
    .bind(filter.before)
    .bind(filter.state.map(DeliveryState::as_str))
    .bind(filter.state.map(DeliveryState::as_str))
    .bind(filter.case_kind)
    .bind(filter.case_kind)
    .bind(filter.case_id)
    .bind(filter.case_id)
    .bind(filter.limit + 1)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(staff_delivery).collect()
}

fn staff_delivery(row: StaffRow) -> sqlx::Result<StaffDelivery> {
    let StaffRow {
        id,
        notice_id,
        purpose,
        case_kind,
        case_id,
        case_number,
        policyholder_id,
        channel,
        state,
        recipient,
        attempts,
        next_attempt_at,
        last_error,
        provider_ref,
        sent_at,
        delivered_at,
        created_at,
        updated_at,
    } = row;
    let (channel, state) = channel_and_state(&channel, &state)?;
    Ok(StaffDelivery {
        id,
        notice_id,
        purpose,
        case_kind,
        case_id,
        case_number,
        policyholder_id,
        channel,
        state,
        recipient_masked: mask_recipient(channel, &recipient),
        attempts: u32::try_from(attempts).unwrap_or(0),
        next_attempt_at: next_attempt_at.map(time),
        last_error,
        provider_ref,
        sent_at: sent_at.map(time),
        delivered_at: delivered_at.map(time),
        created_at: time(created_at),
        updated_at: time(updated_at),
    })
}
