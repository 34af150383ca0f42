//! One-time login codes and the counts behind their rate limits.

use super::Db;

/// A stored code.
#[derive(Debug, Clone)]
pub struct OtpRow {
    /// Id.
    pub id: i64,
    /// Random salt of the hash.
    pub salt: Vec<u8>,
    /// SHA-256 of salt and code.
    pub code_hash: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Attempts so far.
    pub tries: i64,
    /// Set once used, replaced or tried too often.
    pub dead_at: Option<i64>,
}

type OtpTuple = (i64, Vec<u8>, Vec<u8>, i64, i64, i64, Option<i64>);

/// The newest code sent to a number.
pub async fn latest_for_phone(db: &Db, phone: &str) -> sqlx::Result<Option<OtpRow>> {
    let row: Option<OtpTuple> = sqlx::query_as(
        "SELECT id, salt, code_hash, created_at, expires_at, tries, dead_at FROM otp_codes \
         WHERE phone = ? ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(phone)
    .fetch_optional(db)
    .await?;
    Ok(row.map(
        |(id, salt, code_hash, created_at, expires_at, tries, dead_at)| OtpRow {
            id,
            salt,
            code_hash,
            created_at,
            expires_at,
            tries,
            dead_at,
        },
    ))
}

/// How many codes went to a number since a time, and when the oldest of them was sent.
pub async fn count_for_phone_since(db: &Db, phone: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM otp_codes \
         WHERE phone = ? AND created_at > ?",
    )
    .bind(phone)
    .bind(since)
    .fetch_one(db)
    .await
}

/// How many codes a client address asked for since a time (sent or not), and when the oldest
/// of those requests was.
pub async fn count_for_address_since(db: &Db, addr: &str, since: i64) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MIN(requested_at), 0) FROM otp_requests \
         WHERE client_addr = ? AND requested_at > ?",
    )
    .bind(addr)
    .bind(since)
    .fetch_one(db)
    .await
}

/// Records that a client address asked for a code.
pub async fn record_request(db: &Db, addr: &str, now: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO otp_requests (client_addr, requested_at) VALUES (?, ?)")
        .bind(addr)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// A code to store.
#[derive(Debug)]
pub struct NewOtp<'a> {
    /// The number.
    pub phone: &'a str,
    /// Who asked.
    pub client_addr: &'a str,
    /// Random salt.
    pub salt: &'a [u8],
    /// SHA-256 of salt and code.
    pub code_hash: &'a [u8],
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Stores a new code; earlier codes for the number die with it. Returns the new code's id.
pub async fn replace(db: &Db, new: NewOtp<'_>) -> sqlx::Result<i64> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE otp_codes SET dead_at = ? WHERE phone = ? AND dead_at IS NULL")
        .bind(new.created_at)
        .bind(new.phone)
        .execute(&mut *tx)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO otp_codes (phone, client_addr, salt, code_hash, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.phone)
    .bind(new.client_addr)
    .bind(new.salt)
    .bind(new.code_hash)
    .bind(new.created_at)
    .bind(new.expires_at)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Forgets a code that never reached the phone, so that it neither counts toward the resend
/// wait nor can be guessed.
pub async fn forget(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM otp_codes WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Counts one attempt on a live code, atomically, unless it already had `max_tries`.
/// Returns the attempts including this one, or `None` when no attempt is left.
pub async fn count_attempt(db: &Db, id: i64, max_tries: i64) -> sqlx::Result<Option<i64>> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE otp_codes SET tries = tries + 1 \
         WHERE id = ? AND tries < ? AND dead_at IS NULL RETURNING tries",
    )
    .bind(id)
    .bind(max_tries)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(tries,)| tries))
}

/// Marks a code dead; false when it already was (used by a concurrent request).
pub async fn kill(db: &Db, id: i64, now: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE otp_codes SET dead_at = ? WHERE id = ? AND dead_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes codes created and expired before `before`, and code requests made before it, at most
/// `batch` of each; returns how many rows went.
pub async fn delete_before(db: &Db, before: i64, batch: i64) -> sqlx::Result<u64> {
    let codes = sqlx::query(
        "DELETE FROM otp_codes WHERE id IN \
         (SELECT id FROM otp_codes WHERE created_at < ? AND expires_at < ? LIMIT ?)",
    )
    .bind(before)
    .bind(before)
    .bind(batch)
    .execute(db)
    .await?;
    let requests = sqlx::query(
        "DELETE FROM otp_requests WHERE id IN \
         (SELECT id FROM otp_requests WHERE requested_at < ? LIMIT ?)",
    )
    .bind(before)
    .bind(batch)
    .execute(db)
    .await?;
    Ok(codes.rows_affected() + requests.rows_affected())
}
