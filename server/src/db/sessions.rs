//! Server-side sessions. Only the SHA-256 of the cookie's token is stored.

use portal_core::api::StaffRole;

use super::Db;
use super::accounts::role_from_str;

/// Whose session it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// A policyholder's id.
    Policyholder(i64),
    /// A staff member's id and role.
    Staff(i64, StaffRole),
}

/// A live (not logged out) session as stored.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// Id.
    pub id: i64,
    /// Whose.
    pub account: Account,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of the last request (refreshed at most once a minute).
    pub last_seen_at: i64,
}

/// Stores a new session.
pub async fn create(db: &Db, token_hash: &[u8], account: Account, now: i64) -> sqlx::Result<()> {
    let (policyholder, staff) = match account {
        Account::Policyholder(id) => (Some(id), None),
        Account::Staff(id, _) => (None, Some(id)),
    };
    sqlx::query(
        "INSERT INTO sessions (token_hash, policyholder_id, staff_id, created_at, last_seen_at) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(policyholder)
    .bind(staff)
    .bind(now)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

pub(crate) type SessionTuple = (i64, Option<i64>, Option<i64>, Option<String>, i64, i64);

/// Builds a session from its columns; `None` for a row that names no account.
pub(crate) fn session_row(
    (id, holder, staff, role, created_at, last_seen_at): SessionTuple,
) -> Option<SessionRow> {
    let account = match (holder, staff, role.as_deref().and_then(role_from_str)) {
        (Some(holder), _, _) => Account::Policyholder(holder),
        (None, Some(staff), Some(role)) => Account::Staff(staff, role),
        _ => return None,
    };
    Some(SessionRow {
        id,
        account,
        created_at,
        last_seen_at,
    })
}

/// The live session with this token hash: one indexed read, the staff role joined in.
pub async fn find(db: &Db, token_hash: &[u8]) -> sqlx::Result<Option<SessionRow>> {
    let row: Option<SessionTuple> = sqlx::query_as(
        "SELECT s.id, s.policyholder_id, s.staff_id, st.role, s.created_at, s.last_seen_at \
         FROM sessions s LEFT JOIN staff st ON st.id = s.staff_id \
         WHERE s.token_hash = ? AND s.ended_at IS NULL",
    )
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(session_row))
}

/// Records activity on a session.
pub async fn touch(db: &Db, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE id = ? AND ended_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends the session with this token hash (logout, or found expired).
pub async fn end(db: &Db, token_hash: &[u8], now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL")
        .bind(now)
        .bind(token_hash)
        .execute(db)
        .await?;
    Ok(())
}
