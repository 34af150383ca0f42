//! Progress notices in a policyholder's inbox, each with the channels it went through.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use portal_core::Lang;
use portal_core::complaint::{Delivery, Notice, NoticeEvent};
use portal_core::survey::SurveyNotice;

use super::Db;
use super::cases::{json, parse};
use super::deliveries::channel_and_state;
use crate::notify::Routing;

fn time(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}

/// What a notice is about.
#[derive(Debug, Clone, Copy)]
pub struct NoticeCase<'a> {
    /// Whose inbox.
    pub policyholder_id: i64,
    /// `complaint` or `claim`: it tells how `event` is stored.
    pub case_kind: &'a str,
    /// The case's id.
    pub case_id: i64,
    /// The case number.
    pub case_number: &'a str,
}

/// Decodes a stored event by what the notice is (`survey`: a [`SurveyNotice`]) and, for a
/// step, the kind of case it belongs to.
fn decode_event(topic: &str, case_kind: &str, event: &str) -> sqlx::Result<NoticeEvent> {
    match (topic, case_kind) {
        (SURVEY, _) => parse(event).map(NoticeEvent::Survey),
        (_, "claim") => parse(event).map(NoticeEvent::Claim),
        (_, "complaint") => parse(event).map(NoticeEvent::Complaint),
        (_, other) => Err(sqlx::Error::Decode(
            format!("unknown notice case kind {other:?}").into(),
        )),
    }
}

/// The topic of a step notice: the event is the case's own.
const STEP: &str = "step";
/// The topic of a survey invitation or reminder: the event is a [`SurveyNotice`].
const SURVEY: &str = "survey";

/// The case kinds `GET /inbox` lists and `GET /inbox/unread` counts: the same set, always.
const INBOX_KINDS: &str = "('complaint', 'claim')";

/// A case's step that a notice tells of: a complaint's or a claim's event.
pub trait Step: serde::Serialize {
    /// Whether it goes by text message whatever the person chose.
    fn required_by_sms(&self) -> bool;
}

impl Step for portal_core::complaint::Event {
    fn required_by_sms(&self) -> bool {
        self.change.required_by_sms()
    }
}

impl Step for portal_core::claim::Event {
    fn required_by_sms(&self) -> bool {
        self.change.required_by_sms()
    }
}

/// Writes a notice and its deliveries (the inbox's, sent at once, and the outbound channels'
/// per [`crate::notify::fan_out`]), in the transaction of the step it tells of. `event` is the
/// complaint's or the claim's event, as `case.case_kind` says.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    routing: &Routing,
    case: NoticeCase<'_>,
    event: &impl Step,
    now: i64,
) -> sqlx::Result<i64> {
    let required = event.required_by_sms();
    insert_topic(tx, routing, case, STEP, &json(event)?, required, now).await
}

/// Writes a survey invitation's (or its reminder's) notice and its deliveries, in the
/// transaction that sends the invitation. `case` names the case the survey is about.
pub async fn insert_survey(
    tx: &mut sqlx::SqliteConnection,
    routing: &Routing,
    case: NoticeCase<'_>,
    notice: &SurveyNotice,
    now: i64,
) -> sqlx::Result<i64> {
    insert_topic(tx, routing, case, SURVEY, &json(notice)?, false, now).await
}

async fn insert_topic(
    tx: &mut sqlx::SqliteConnection,
    routing: &Routing,
    case: NoticeCase<'_>,
    topic: &str,
    event: &str,
    required_by_sms: bool,
    now: i64,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO notices (policyholder_id, case_kind, case_id, case_number, topic, event, \
             created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(case.policyholder_id)
    .bind(case.case_kind)
    .bind(case.case_id)
    .bind(case.case_number)
    .bind(topic)
    .bind(event)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO deliveries (notice_id, policyholder_id, channel, state, sent_at, \
             created_at, updated_at) \
         VALUES (?, ?, 'inbox', 'sent', ?, ?, ?)",
    )
    .bind(id)
    .bind(case.policyholder_id)
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    crate::notify::fan_out(tx, routing, id, case.policyholder_id, required_by_sms, now).await?;
    Ok(id)
}

type DeliveryTuple = (i64, String, String, Option<i64>, Option<i64>);

type NoticeTuple = (i64, String, i64, String, String, String, i64, Option<i64>);

/// A page of a policyholder's notices with ids below `before`, newest first, titled in `lang`.
pub async fn list(
    db: &Db,
    policyholder_id: i64,
    before: i64,
    limit: i64,
    lang: Lang,
) -> sqlx::Result<Vec<Notice>> {
    list_between(db, policyholder_id, 0, before, limit, lang).await
}

/// The id of a policyholder's newest notice, 0 when they have none.
pub async fn newest_id(db: &Db, policyholder_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!(
        "SELECT COALESCE(MAX(id), 0) FROM notices \
         WHERE policyholder_id = ? AND case_kind IN {INBOX_KINDS}"
    ))
    .bind(policyholder_id)
    .fetch_one(db)
    .await
}

/// At most `limit` of a policyholder's notices with ids above `after` and below `before`, newest
/// first, titled in `lang`.
pub async fn list_between(
    db: &Db,
    policyholder_id: i64,
    after: i64,
    before: i64,
    limit: i64,
    lang: Lang,
) -> sqlx::Result<Vec<Notice>> {
    let rows: Vec<NoticeTuple> = sqlx::query_as(&format!(
        "SELECT id, case_kind, case_id, case_number, topic, event, created_at, read_at \
         FROM notices \
         WHERE policyholder_id = ? AND id > ? AND id < ? AND case_kind IN {INBOX_KINDS} \
         ORDER BY id DESC LIMIT ?"
    ))
    .bind(policyholder_id)
    .bind(after)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    // The page's deliveries in one query (the page's own condition again), not one per notice.
    let sent: Vec<DeliveryTuple> = sqlx::query_as(&format!(
        "SELECT notice_id, channel, state, sent_at, delivered_at FROM deliveries \
         WHERE notice_id IN ( \
             SELECT id FROM notices \
             WHERE policyholder_id = ? AND id > ? AND id < ? AND case_kind IN {INBOX_KINDS} \
             ORDER BY id DESC LIMIT ?) \
         ORDER BY notice_id, id"
    ))
    .bind(policyholder_id)
    .bind(after)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    let mut deliveries: HashMap<i64, Vec<Delivery>> = HashMap::new();
    for (notice_id, channel, state, sent_at, delivered_at) in sent {
        let (channel, state) = channel_and_state(&channel, &state)?;
        deliveries.entry(notice_id).or_default().push(Delivery {
            channel,
            state,
            sent_at: sent_at.map(time),
            delivered_at: delivered_at.map(time),
        });
    }
    let mut notices = Vec::with_capacity(rows.len());
    for (id, case_kind, case_id, case_number, topic, event, created_at, read_at) in rows {
        let event = decode_event(&topic, &case_kind, &event)?;
        notices.push(Notice {
            id,
            case_kind,
            case_id,
            case_number,
            title: event.title(lang).to_owned(),
            event,
            created_at: time(created_at),
            read_at: read_at.map(time),
            deliveries: deliveries.remove(&id).unwrap_or_default(),
        });
    }
    Ok(notices)
}

/// How many of a policyholder's notices are unread.
pub async fn unread(db: &Db, policyholder_id: i64) -> sqlx::Result<u32> {
    let (count,): (i64,) = sqlx::query_as(&format!(
        "SELECT COUNT(*) FROM notices \
         WHERE policyholder_id = ? AND read_at IS NULL AND case_kind IN {INBOX_KINDS}"
    ))
    .bind(policyholder_id)
    .fetch_one(db)
    .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Marks one of the policyholder's notices read; `false` when it is not theirs (or missing).
pub async fn mark_read(db: &Db, policyholder_id: i64, id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notices SET read_at = COALESCE(read_at, ?) WHERE id = ? AND policyholder_id = ?",
    )
    .bind(now)
    .bind(id)
    .bind(policyholder_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks every notice of the policyholder read.
pub async fn mark_all_read(db: &Db, policyholder_id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE notices SET read_at = ? WHERE policyholder_id = ? AND read_at IS NULL")
        .bind(now)
        .bind(policyholder_id)
        .execute(db)
        .await?;
    Ok(())
}
