//! What complaints and claims store alike: a case row in its table (read by id, by policyholder
//! and while open), its state snapshot saved under the version it was decided on, its events in
//! order, the case numbers of a day, and JSON columns.

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::sqlite::SqliteRow;

use super::Db;

/// A kind of case, as its stored row: the tables it lives in and how a row is read.
pub trait CaseRow: Sized + Send + Unpin {
    /// What its timeline is made of.
    type Event: StoredEvent + DeserializeOwned + Sync;
    /// The state folded from the events.
    type State: Serialize + Sync;
    /// `COLUMNS` as sqlx reads them.
    type Tuple: for<'r> sqlx::FromRow<'r, SqliteRow> + Send + Unpin;
    /// The cases' table (`id`, `policyholder_id`, `status`, `state`, `version`, `updated_at`, …).
    const TABLE: &'static str;
    /// The columns a row is read from.
    const COLUMNS: &'static str;
    /// The column besides `status` that the state is indexed by (nullable).
    const FLAG_COLUMN: &'static str;
    /// The events' table: `(<EVENTS_KEY>, seq, at, by_role, staff_id, event)`.
    const EVENTS_TABLE: &'static str;
    /// The column of the events' table naming the case.
    const EVENTS_KEY: &'static str;
    /// The table of each day's last sequence number: `(day, last)`.
    const NUMBERS_TABLE: &'static str;
    /// What a case number starts with.
    const NUMBER_PREFIX: &'static str;

    /// A row from its columns.
    fn from_tuple(tuple: Self::Tuple) -> sqlx::Result<Self>;
    /// The `status` values of cases the company owes nothing more on.
    fn closed_statuses() -> Vec<&'static str>;
    /// The `status` and `FLAG_COLUMN` values of a state.
    fn indexed(state: &Self::State) -> (&'static str, Option<&'static str>);
}

/// The next case number of a China date: the prefix + yyyymmdd + a 6-digit sequence.
pub async fn next_number<R: CaseRow>(
    tx: &mut sqlx::SqliteConnection,
    day: NaiveDate,
) -> sqlx::Result<String> {
    let key = day.format("%Y%m%d").to_string();
    let (last,): (i64,) = sqlx::query_as(&format!(
        "INSERT INTO {} (day, last) VALUES (?, 1) \
         ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last",
        R::NUMBERS_TABLE
    ))
    .bind(&key)
    .fetch_one(tx)
    .await?;
    Ok(format!("{}{key}{last:06}", R::NUMBER_PREFIX))
}

/// Stores the state after new events, if nobody changed the case since `version` was read.
/// Returns whether it did.
pub async fn save_state<R: CaseRow>(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    version: i64,
    state: &R::State,
    now: i64,
) -> sqlx::Result<bool> {
    let (status, flag) = R::indexed(state);
    let done = sqlx::query(&format!(
        "UPDATE {} SET state = ?, status = ?, {} = ?, version = version + 1, updated_at = ? \
         WHERE id = ? AND version = ?",
        R::TABLE,
        R::FLAG_COLUMN
    ))
    .bind(json(state)?)
    .bind(status)
    .bind(flag)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The case with this id.
pub async fn find<R: CaseRow>(db: &Db, id: i64) -> sqlx::Result<Option<R>> {
    let row: Option<R::Tuple> = sqlx::query_as(&format!(
        "SELECT {} FROM {} WHERE id = ?",
        R::COLUMNS,
        R::TABLE
    ))
    .bind(id)
    .fetch_optional(db)
    .await?;
    row.map(R::from_tuple).transpose()
}

/// A page of a policyholder's cases with ids below `before`, newest first.
pub async fn list_for_holder<R: CaseRow>(
    db: &Db,
    policyholder_id: i64,
    before: i64,
    limit: i64,
) -> sqlx::Result<Vec<R>> {
    let rows: Vec<R::Tuple> = sqlx::query_as(&format!(
        "SELECT {} FROM {} WHERE policyholder_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
        R::COLUMNS,
        R::TABLE
    ))
    .bind(policyholder_id)
    .bind(before)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter().map(R::from_tuple).collect()
}

/// Every case the company still owes something on (the staff queues are cut from these), by id.
pub async fn open<R: CaseRow>(db: &Db) -> sqlx::Result<Vec<R>> {
    let closed = R::closed_statuses();
    let marks = vec!["?"; closed.len()].join(", ");
    let sql = format!(
        "SELECT {} FROM {} WHERE status NOT IN ({marks}) ORDER BY id",
        R::COLUMNS,
        R::TABLE
    );
    let mut query = sqlx::query_as(&sql);
    for status in closed {
        query = query.bind(status);
    }
    let rows: Vec<R::Tuple> = query.fetch_all(db).await?;
    rows.into_iter().map(R::from_tuple).collect()
}

/// A case's events, oldest first.
pub async fn events<R: CaseRow>(db: &Db, id: i64) -> sqlx::Result<Vec<R::Event>> {
    let rows: Vec<(String,)> = sqlx::query_as(&format!(
        "SELECT event FROM {} WHERE {} = ? ORDER BY seq",
        R::EVENTS_TABLE,
        R::EVENTS_KEY
    ))
    .bind(id)
    .fetch_all(db)
    .await?;
    rows.iter().map(|(e,)| parse(e)).collect()
}

/// An event as the store needs to see it.
pub trait StoredEvent: Serialize {
    /// When it happened, unix seconds.
    fn at_secs(&self) -> i64;
    /// Who did it, as stored in `by_role`.
    fn role(&self) -> &'static str;
}

impl StoredEvent for portal_core::complaint::Event {
    fn at_secs(&self) -> i64 {
        self.at.timestamp()
    }
    fn role(&self) -> &'static str {
        self.by.as_str()
    }
}

impl StoredEvent for portal_core::claim::Event {
    fn at_secs(&self) -> i64 {
        self.at.timestamp()
    }
    fn role(&self) -> &'static str {
        self.by.as_str()
    }
}

/// Appends events after the case's last stored one (inside the step's transaction).
pub async fn append_events<R: CaseRow>(
    tx: &mut sqlx::SqliteConnection,
    case_id: i64,
    events: &[R::Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let (last,): (i64,) = sqlx::query_as(&format!(
        "SELECT COALESCE(MAX(seq), 0) FROM {} WHERE {} = ?",
        R::EVENTS_TABLE,
        R::EVENTS_KEY
    ))
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?;
    let insert = format!(
        "INSERT INTO {} ({}, seq, at, by_role, staff_id, event) VALUES (?, ?, ?, ?, ?, ?)",
        R::EVENTS_TABLE,
        R::EVENTS_KEY
    );
    for (seq, event) in (last + 1..).zip(events) {
        sqlx::query(&insert)
            .bind(case_id)
            .bind(seq)
            .bind(event.at_secs())
            .bind(event.role())
            .bind(staff_id)
            .bind(json(event)?)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// A value as a JSON column.
pub fn json<T: Serialize + ?Sized>(value: &T) -> sqlx::Result<String> {
    serde_json::to_string(value).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

/// A JSON column as a value.
pub fn parse<T: DeserializeOwned>(text: &str) -> sqlx::Result<T> {
    serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
