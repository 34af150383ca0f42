//! Complaints: the filing, the state folded from the events (a snapshot for lists), the events
//! themselves (the timeline), and case numbers.

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::complaint::{ComplaintFiling, ComplaintState, Event, IdType, Status};

use super::Db;
use super::case_events::{CaseEvents, json, parse};

/// A complaint as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintRow {
    /// Id.
    pub id: i64,
    /// The case number, e.g. `TS20261121000001`.
    pub case_number: String,
    /// The portal account that sees it (the filer, or the account staff linked it to).
    pub policyholder_id: Option<i64>,
    /// The filing as parsed.
    pub filing: ComplaintFiling,
    /// The state after the last event.
    pub state: ComplaintState,
    /// Bumped by every change; a change names the version it was decided on.
    pub version: i64,
}

/// A complaint to store.
#[derive(Debug, Clone)]
pub struct NewComplaintRow<'a> {
    /// The case number.
    pub case_number: &'a str,
    /// The portal account that sees it.
    pub policyholder_id: Option<i64>,
    /// The staff member who registered it off-line.
    pub registered_by_staff: Option<i64>,
    /// The filing.
    pub filing: &'a ComplaintFiling,
    /// The state after `Registered`.
    pub state: &'a ComplaintState,
}

/// The next case number of a China date: `TS` + yyyymmdd + a 6-digit sequence.
pub async fn next_case_number(
    tx: &mut sqlx::SqliteConnection,
    day: NaiveDate,
) -> sqlx::Result<String> {
    let key = day.format("%Y%m%d").to_string();
    let (last,): (i64,) = sqlx::query_as(
        "INSERT INTO complaint_numbers (day, last) VALUES (?, 1) \
         ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
    )
    .bind(&key)
    .fetch_one(tx)
    .await?;
    Ok(format!("TS{key}{last:06}"))
}

/// Stores a new complaint; returns its id.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    row: &NewComplaintRow<'_>,
    now: i64,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO complaints (case_number, policyholder_id, registered_by_staff, policy_id, \
                                 channel, category, consumer_name, urgent, status, received_at, \
                                 filing, state, version, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
    )
    .bind(row.case_number)
    .bind(row.policyholder_id)
    .bind(row.registered_by_staff)
    .bind(row.filing.policy_id)
    .bind(row.filing.channel.as_str())
    .bind(row.filing.category.as_str())
    .bind(&row.filing.consumer.name)
    .bind(row.state.urgent.map(|u| u.as_str()))
    .bind(row.state.status.as_str())
    .bind(row.state.received_at.timestamp())
    .bind(json(row.filing)?)
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
    complaint_id: i64,
    events: &[Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    super::case_events::append(tx, CaseEvents::Complaint, complaint_id, events, staff_id).await
}

/// Stores the state after new events, if nobody changed the complaint since `version` was read.
/// Returns whether it did.
pub async fn save_state(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    version: i64,
    state: &ComplaintState,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE complaints SET state = ?, status = ?, urgent = ?, version = version + 1, \
                               updated_at = ? \
         WHERE id = ? AND version = ?",
    )
    .bind(json(state)?)
    .bind(state.status.as_str())
    .bind(state.urgent.map(|u| u.as_str()))
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

type RowTuple = (i64, String, Option<i64>, String, String, i64);

const COLUMNS: &str = "id, case_number, policyholder_id, filing, state, version";

fn from_tuple(
    (id, case_number, policyholder_id, filing, state, version): RowTuple,
) -> sqlx::Result<ComplaintRow> {
    Ok(ComplaintRow {
        id,
        case_number,
        policyholder_id,
        filing: parse(&filing)?,
        state: parse(&state)?,
        version,
    })
}

/// The complaint with this id.
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<ComplaintRow>> {
    let row: Option<RowTuple> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM complaints WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    row.map(from_tuple).transpose()
}

/// A complaint's events, oldest first.
pub async fn events(db: &Db, id: i64) -> sqlx::Result<Vec<Event>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT event FROM complaint_events WHERE complaint_id = ? ORDER BY seq")
            .bind(id)
            .fetch_all(db)
            .await?;
    rows.iter().map(|(e,)| parse(e)).collect()
}

/// A page of a policyholder's complaints with ids below `before`, newest first.
pub async fn list_for_holder(
    db: &Db,
    policyholder_id: i64,
    before: i64,
    limit: i64,
) -> sqlx::Result<Vec<ComplaintRow>> {
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints WHERE policyholder_id = ? AND id < ? \
         ORDER BY id DESC LIMIT ?"
    ))
    .bind(policyholder_id)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(from_tuple).collect()
}

/// Every complaint that is neither closed nor withdrawn (the staff queue is cut from these).
pub async fn open(db: &Db) -> sqlx::Result<Vec<ComplaintRow>> {
    let rows: Vec<RowTuple> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints WHERE status NOT IN (?, ?) ORDER BY id"
    ))
    .bind(Status::Closed.as_str())
    .bind(Status::Withdrawn.as_str())
    .fetch_all(db)
    .await?;
    rows.into_iter().map(from_tuple).collect()
}

/// What the company holds about a policyholder for the complaint form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Full name.
    pub name: String,
    /// Login number.
    pub phone: String,
    /// The identity document's type, if on file.
    pub id_type: Option<IdType>,
    /// Its number, if on file.
    pub id_number: Option<String>,
}

/// The identity on file of a policyholder.
pub async fn identity(db: &Db, policyholder_id: i64) -> sqlx::Result<Option<Identity>> {
    let row: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT name, phone, id_type, id_number FROM policyholders WHERE id = ?")
            .bind(policyholder_id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(name, phone, id_type, id_number)| Identity {
        name,
        phone,
        id_type: id_type.as_deref().and_then(IdType::from_str_opt),
        id_number,
    }))
}

/// Records a policyholder's identity document.
pub async fn set_identity(
    tx: &mut sqlx::SqliteConnection,
    policyholder_id: i64,
    id_type: IdType,
    id_number: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE policyholders SET id_type = ?, id_number = ? WHERE id = ?")
        .bind(id_type.as_str())
        .bind(id_number)
        .bind(policyholder_id)
        .execute(tx)
        .await?;
    Ok(())
}

/// The number of a policy.
pub async fn policy_number(db: &Db, policy_id: i64) -> sqlx::Result<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT number FROM policies WHERE id = ?")
        .bind(policy_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(n,)| n))
}

/// Whether a policy is the policyholder's own.
pub async fn policy_is_holders(
    db: &Db,
    policyholder_id: i64,
    policy_id: i64,
) -> sqlx::Result<bool> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM policies WHERE id = ? AND policyholder_id = ?")
            .bind(policy_id)
            .bind(policyholder_id)
            .fetch_optional(db)
            .await?;
    Ok(row.is_some())
}

/// Unix seconds as an instant.
pub fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_default()
}
