//! Claims: the report, the checklist it was reported under, the state folded from the events (a
//! snapshot for lists), the events themselves (the timeline), claim numbers, which upload is a
//! document of which claim, and the key document links are signed with.

use chrono::NaiveDate;
use portal_core::claim::{Checklist, ClaimReport, ClaimState, Event, Status};

use super::Db;
use super::case_events::{CaseEvents, json, parse};

/// A claim as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    /// Id.
    pub id: i64,
    /// The claim number, e.g. `LP20261121000001`.
    pub claim_number: String,
    /// The policyholder who reported it (the only one who sees it).
    pub policyholder_id: i64,
    /// The report as parsed.
    pub report: ClaimReport,
    /// The checklist of its kind when it was reported.
    pub checklist: Checklist,
    /// The state after the last event.
    pub state: ClaimState,
    /// Bumped by every change; a change names the version it was decided on.
    pub version: i64,
    /// The complaint a dispute opened.
    pub dispute_complaint_id: Option<i64>,
}

/// A claim to store.
#[derive(Debug, Clone)]
pub struct NewClaimRow<'a> {
    /// The claim number.
    pub claim_number: &'a str,
    /// The reporter.
    pub policyholder_id: i64,
    /// The report.
    pub report: &'a ClaimReport,
    /// The checklist of its kind.
    pub checklist: &'a Checklist,
    /// The state after the first events.
    pub state: &'a ClaimState,
}

/// The next claim number of a China date: `LP` + yyyymmdd + a 6-digit sequence.
pub async fn next_claim_number(
    tx: &mut sqlx::SqliteConnection,
    day: NaiveDate,
) -> sqlx::Result<String> {
    let key = day.format("%Y%m%d").to_string();
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO claim_numbers (day, last) VALUES (?, 1) \
         ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(&key)
    .fetch_one(tx)
    .await?;
    Ok(format!("LP{key}{last:06}"))
}

/// Stores a new claim; returns its id.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    row: &NewClaimRow<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO claims (claim_number, policyholder_id, policy_id, kind, status, fast_lane, \
                             reported_at, report, checklist, state, version, created_at, \
                             updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
    )
    .bind(row.claim_number)
    .bind(row.policyholder_id)
    .bind(row.report.policy_id)
    .bind(row.report.kind.as_str())
    .bind(row.state.status.as_str())
    .bind(row.state.fast_lane.map(|f| f.as_str()))
    .bind(row.state.reported_at.timestamp())
    .bind(json(row.report)?)
    .bind(json(row.checklist)?)
    .bind(json(row.state)?)
    .bind(now)
    .bind(now)
    .fetch_one(tx)
    .await?;
    Ok(id)
}

/// Appends events after the last stored one.
pub async fn append_events(
    tx: &mut sqlx::SqliteConnection,
    claim_id: i64,
    events: &[Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    super::case_events::append(tx, CaseEvents::Claim, claim_id, events, staff_id).await
}

/// Stores the state after new events, if nobody changed the claim since `version` was read.
/// Returns whether it did.
pub async fn save_state(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    version: i64,
    state: &ClaimState,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE claims SET state = ?, status = ?, fast_lane = ?, version = version + 1, \
                           updated_at = ? \
         WHERE id = ? AND version = ?",
    )
    .bind(json(state)?)
    .bind(state.status.as_str())
    .bind(state.fast_lane.map(|f| f.as_str()))
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links the complaint a dispute opened.
pub async fn set_dispute_complaint(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    complaint_id: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE claims SET dispute_complaint_id = ? WHERE id = ?")
        .bind(complaint_id)
        .bind(id)
        .execute(tx)
        .await?;
    Ok(())
}

type RowTuple = (i64, String, i64, String, String, String, i64, Option<i64>);

const COLUMNS: &str =
    "id, claim_number, policyholder_id, report, checklist, state, version, dispute_complaint_id";

fn from_tuple(
    (id, claim_number, policyholder_id, report, checklist, state, version, dispute): RowTuple,
) -> sqlx::Result<ClaimRow> {
    Ok(ClaimRow {
        id,
        claim_number,
        policyholder_id,
        report: parse(&report)?,
        checklist: parse(&checklist)?,
        state: parse(&state)?,
        version,
        dispute_complaint_id: dispute,
    })
}

/// The claim with this id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<ClaimRow>> {
    let row: Option<RowTuple> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM claims WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(from_tuple).transpose()
}

/// A claim's events, oldest first.
pub async fn events(db: &Db, id: i64) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT event FROM claim_events WHERE claim_id = ? ORDER BY seq")
            .bind(id)
            .fetch_all(db)
            .await?;
    rows.iter().map(|(e,)| parse(e)).collect()
}

/// A page of a policyholder's claims with ids below `before`, newest first.
pub async fn list_for_holder(
    db: &Db,
    policyholder_id: i64,
    before: i64,
    limit: i64,
) -> sqlx::Result<Vec<ClaimRow>> {
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM claims WHERE policyholder_id = ? AND id < ? \
         ORDER BY id DESC LIMIT ?"
    ))
    .bind(policyholder_id)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(from_tuple).collect()
}

/// Every claim the company still owes something on (the staff queue is cut from these).
pub async fn open(db: &Db) -> sqlx::Result<Vec<ClaimRow>> {
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM claims WHERE status NOT IN (?, ?, ?) ORDER BY id"
    ))
    .bind(Status::Paid.as_str())
    .bind(Status::Refused.as_str())
    .bind(Status::Withdrawn.as_str())
    .fetch_all(db)
    .await?;
    rows.into_iter().map(from_tuple).collect()
}

/// The policy's number and insured person.
pub async fn policy_names(db: &Db, policy_id: i64) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT number, insured_name FROM policies WHERE id = ?")
        .bind(policy_id)
        .fetch_optional(db)
        .await
}

/// Notes that an upload is a document of a claim; `false` if it already is one (of any claim).
pub async fn add_document(
    tx: &mut sqlx::SqliteConnection,
    claim_id: i64,
    upload_id: &str,
    slot: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO claim_documents (upload_id, claim_id, slot, added_at) VALUES (?, ?, ?, ?) \
         ON CONFLICT (upload_id) DO NOTHING",
    )
    .bind(upload_id)
    .bind(claim_id)
    .bind(slot)
    .bind(now)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Frees an upload removed from a claim.
pub async fn remove_document(
    tx: &mut sqlx::SqliteConnection,
    claim_id: i64,
    upload_id: &str,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM claim_documents WHERE upload_id = ? AND claim_id = ?")
        .bind(upload_id)
        .bind(claim_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// The key named `name`, made from `fresh` on first use; every replica reads the same one.
pub async fn server_key(db: &Db, name: &str, fresh: &[u8], now: i64) -> sqlx::Result<Vec<u8>> {
    sqlx::query(
        "INSERT INTO server_keys (name, key, created_at) VALUES (?, ?, ?) \
         ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .bind(now)
    .execute(db)
    .await?;
    sqlx::query_scalar("SELECT key FROM server_keys WHERE name = ?")
        .bind(name)
        .fetch_one(db)
        .await
}
