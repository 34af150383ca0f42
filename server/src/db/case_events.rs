//! What complaints and claims store alike: their events in order, and JSON columns.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// A kind of case whose events are kept in an `<kind>_events` table.
#[derive(Debug, Clone, Copy)]
pub enum CaseEvents {
    /// `complaint_events (complaint_id, seq, …)`.
    Complaint,
    /// `claim_events (claim_id, seq, …)`.
    Claim,
}

impl CaseEvents {
    fn last_seq_sql(self) -> &'static str {
        match self {
            CaseEvents::Complaint => {
                "SELECT COALESCE(MAX(seq), 0) FROM complaint_events WHERE complaint_id = ?"
            }
            CaseEvents::Claim => {
                "SELECT COALESCE(MAX(seq), 0) FROM claim_events WHERE claim_id = ?"
            }
        }
    }

    fn insert_sql(self) -> &'static str {
        match self {
            CaseEvents::Complaint => {
                "INSERT INTO complaint_events (complaint_id, seq, at, by_role, staff_id, event) \
                 VALUES (?, ?, ?, ?, ?, ?)"
            }
            CaseEvents::Claim => {
                "INSERT INTO claim_events (claim_id, seq, at, by_role, staff_id, event) \
                 VALUES (?, ?, ?, ?, ?, ?)"
            }
        }
    }
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
pub async fn append<E: StoredEvent>(
    tx: &mut sqlx::SqliteConnection,
    kind: CaseEvents,
    case_id: i64,
    events: &[E],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let (last,): (i64,) = sqlx::query_as(kind.last_seq_sql())
        .bind(case_id)
        .fetch_one(&mut *tx)
        .await?;
    for (seq, event) in (last + 1..).zip(events) {
        sqlx::query(kind.insert_sql())
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
