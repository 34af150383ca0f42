//! `Idempotency-Key`: the answer to a create request, kept so that a retry gets it again.

use super::Db;

/// A request already answered under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// SHA-256 of the request (route and canonical body).
    pub request_hash: Vec<u8>,
    /// The status it got.
    pub status: u16,
    /// The JSON body it got.
    pub response: String,
}

/// The answer stored under this caller's key.
pub async fn find(db: &Db, caller: &str, key: &str) -> sqlx::Result<Option<Answered>> {
    let row: Option<(Vec<u8>, i64, String)> = sqlx::query_as(
        "SELECT request_hash, status, response FROM idempotency_keys WHERE caller = ? AND key = ?",
    )
    .bind(caller)
    .bind(key)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(request_hash, status, response)| Answered {
        request_hash,
        status: u16::try_from(status).unwrap_or(200),
        response,
    }))
}

/// Stores an answer, in the transaction that made it; fails on a key already used.
pub async fn insert(
    tx: &mut sqlx::SqliteConnection,
    caller: &str,
    key: &str,
    answered: &Answered,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO idempotency_keys (caller, key, request_hash, status, response, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(caller)
    .bind(key)
    .bind(&answered.request_hash)
    .bind(i64::from(answered.status))
    .bind(&answered.response)
    .bind(now)
    .execute(tx)
    .await?;
    Ok(())
}
