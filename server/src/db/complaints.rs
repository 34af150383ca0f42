//! Complaints: the filing, the state folded from the events (a snapshot for lists), and the
//! identity on file for the form. Reading a complaint, its events (the timeline) and case numbers
//! go through [`super::cases`], as for claims.

use chrono::{DateTime, Utc};
use portal_core::complaint::{ComplaintFiling, ComplaintState, Event, IdType, Status};

use super::Db;
use super::cases::{CaseRow, json, parse};

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

impl CaseRow for ComplaintRow {
    type Event = Event;
    type State = ComplaintState;
    type Tuple = (i64, String, Option<i64>, String, String, i64);
    const TABLE: &'static str = "complaints";
    const COLUMNS: &'static str = "id, case_number, policyholder_id, filing, state, version";
    const FLAG_COLUMN: &'static str = "urgent";
    const EVENTS_TABLE: &'static str = "complaint_events";
    const EVENTS_KEY: &'static str = "complaint_id";
    const NUMBERS_TABLE: &'static str = "complaint_numbers";
    const NUMBER_PREFIX: &'static str = "TS";

    fn from_tuple(
        (id, case_number, policyholder_id, filing, state, version): Self::Tuple,
    ) -> sqlx::Result<Self> {
        Ok(ComplaintRow {
            id,
            case_number,
            policyholder_id,
            filing: parse(&filing)?,
            state: parse(&state)?,
            version,
        })
    }

    fn closed_statuses() -> Vec<&'static str> {
        [Status::Closed, Status::Withdrawn]
            .map(Status::as_str)
            .to_vec()
    }

    fn indexed(state: &ComplaintState) -> (&'static str, Option<&'static str>) {
        (state.status.as_str(), state.urgent.map(|u| u.as_str()))
    }
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
