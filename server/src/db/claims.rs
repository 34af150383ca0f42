//! Claims: the report, the checklist it was reported under, the state folded from the events (a
//! snapshot for lists), which upload is a document of which claim, and the key document links are
//! signed with. Reading a claim, its events (the timeline) and claim numbers go through
//! [`super::cases`], as for complaints.

use std::collections::HashMap;

use portal_core::claim::{Checklist, ClaimReport, ClaimState, Event, Status};

use super::Db;
use super::cases::{CaseRow, json, parse};

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

impl CaseRow for ClaimRow {
    type Event = Event;
    type State = ClaimState;
    type Tuple = (i64, String, i64, String, String, String, i64, Option<i64>);
    const TABLE: &'static str = "claims";
    const COLUMNS: &'static str = "id, claim_number, policyholder_id, report, checklist, state, version, dispute_complaint_id";
    const FLAG_COLUMN: &'static str = "fast_lane";
    const EVENTS_TABLE: &'static str = "claim_events";
    const EVENTS_KEY: &'static str = "claim_id";
    const NUMBERS_TABLE: &'static str = "claim_numbers";
    const NUMBER_PREFIX: &'static str = "LP";

    fn from_tuple(
        (id, claim_number, policyholder_id, report, checklist, state, version, dispute): Self::Tuple,
    ) -> sqlx::Result<Self> {
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

    fn closed_statuses() -> Vec<&'static str> {
        [Status::Paid, Status::Refused, Status::Withdrawn]
            .map(Status::as_str)
            .to_vec()
    }

    fn indexed(state: &ClaimState) -> (&'static str, Option<&'static str>) {
        (state.status.as_str(), state.fast_lane.map(|f| f.as_str()))
    }
}

/// The policy's number and insured person.
pub async fn policy_names(db: &Db, policy_id: i64) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT number, insured_name FROM policies WHERE id = ?")
        .bind(policy_id)
        .fetch_optional(db)
        .await
}

/// The number and insured person of each of these policies that exists, by id, in one query
/// (a list of claims names their policies without a query per claim).
pub async fn policy_names_by_id(
    db: &Db,
    policy_ids: &[i64],
) -> sqlx::Result<HashMap<i64, (String, String)>> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, number, insured_name FROM policies \
         WHERE id IN (SELECT value FROM json_each(?))",
    )
    .bind(json(policy_ids)?)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, number, insured)| (id, (number, insured)))
        .collect())
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
