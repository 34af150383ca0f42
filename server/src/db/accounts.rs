//! Policyholders and staff members.

use portal_core::api::StaffRole;

use super::Db;

/// A policyholder as stored.
#[derive(Debug, Clone)]
pub struct PolicyholderRow {
    /// Id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// The 11-digit login number.
    pub phone: String,
}

/// A staff member as stored.
#[derive(Debug, Clone)]
pub struct StaffRow {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: StaffRole,
    /// Argon2 PHC string; empty while the account waits for its first password (or a new one).
    pub password_hash: String,
    /// Disabled accounts cannot log in.
    pub disabled: bool,
}

impl StaffRow {
    /// Whether the account may log in with a password: enabled, and a password is set.
    pub fn can_log_in(&self) -> bool {
        !self.disabled && !self.password_hash.is_empty()
    }
}

/// The policyholder with this login number.
pub async fn policyholder_by_phone(db: &Db, phone: &str) -> sqlx::Result<Option<PolicyholderRow>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, phone FROM policyholders WHERE phone = ?")
            .bind(phone)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, name, phone)| PolicyholderRow { id, name, phone }))
}

/// The policyholder with this id.
pub async fn policyholder_by_id(db: &Db, id: i64) -> sqlx::Result<Option<PolicyholderRow>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, phone FROM policyholders WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(id, name, phone)| PolicyholderRow { id, name, phone }))
}

type StaffTuple = (i64, String, String, String, String, Option<i64>);

const STAFF_COLUMNS: &str = "id, username, name, role, password_hash, disabled_at";

/// The staff member with this username.
pub async fn staff_by_username(db: &Db, username: &str) -> sqlx::Result<Option<StaffRow>> {
    let row: Option<StaffTuple> = sqlx::query_as(&format!(
        "SELECT {STAFF_COLUMNS} FROM staff WHERE username = ?"
    ))
    .bind(username)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(staff_row))
}

/// The staff member with this id.
pub async fn staff_by_id(db: &Db, id: i64) -> sqlx::Result<Option<StaffRow>> {
    let row: Option<StaffTuple> =
        sqlx::query_as(&format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(staff_row))
}

fn staff_row(
    (id, username, name, role, password_hash, disabled_at): StaffTuple,
) -> Option<StaffRow> {
    Some(StaffRow {
        id,
        username,
        name,
        role: role_from_str(&role)?,
        password_hash,
        disabled: disabled_at.is_some(),
    })
}

/// Parses a stored role.
pub fn role_from_str(role: &str) -> Option<StaffRole> {
    match role {
        "handler" => Some(StaffRole::Handler),
        "supervisor" => Some(StaffRole::Supervisor),
        _ => None,
    }
}

/// The stored string of a role.
pub fn role_as_str(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Handler => "handler",
        StaffRole::Supervisor => "supervisor",
    }
}

/// Adds a policyholder; returns the id.
pub async fn insert_policyholder(
    tx: &mut sqlx::SqliteConnection,
    name: &str,
    phone: &str,
    now: i64,
) -> sqlx::Result<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO policyholders (name, phone, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(phone)
    .bind(now)
    .fetch_one(tx)
    .await?;
    Ok(id)
}

/// Adds a staff member.
pub async fn insert_staff(
    tx: &mut sqlx::SqliteConnection,
    username: &str,
    name: &str,
    role: StaffRole,
    password_hash: &str,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO staff (username, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(username)
    .bind(name)
    .bind(role_as_str(role))
    .bind(password_hash)
    .bind(now)
    .execute(tx)
    .await?;
    Ok(())
}

/// A one-time setup code as stored: salt, SHA-256 of salt and code, expiry (unix seconds).
#[derive(Debug, Clone)]
pub struct SetupCode {
    /// Random salt.
    pub salt: Vec<u8>,
    /// SHA-256 of salt and code.
    pub hash: Vec<u8>,
    /// The code is dead from this time on.
    pub expires_at: i64,
}

/// Adds a staff member without a usable password, waiting for them to set one with the setup
/// code; returns the id, or `None` when the username is taken.
pub async fn insert_waiting_staff(
    db: &Db,
    username: &str,
    name: &str,
    role: StaffRole,
    code: &SetupCode,
    now: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO staff (username, name, role, password_hash, created_at, \
                            setup_salt, setup_code_hash, setup_expires_at) \
         VALUES (?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id",
    )
    .bind(username)
    .bind(name)
    .bind(role_as_str(role))
    .bind(now)
    .bind(&code.salt)
    .bind(&code.hash)
    .bind(code.expires_at)
    .fetch_optional(db)
    .await
}

/// Makes the password of an account unusable, gives it a new setup code and ends its sessions;
/// `false` when there is no such username.
pub async fn reset_staff_password(
    db: &Db,
    username: &str,
    code: &SetupCode,
    now: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE staff SET password_hash = '', setup_salt = ?, setup_code_hash = ?, \
                          setup_expires_at = ? \
         WHERE username = ? RETURNING id",
    )
    .bind(&code.salt)
    .bind(&code.hash)
    .bind(code.expires_at)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else { return Ok(false) };
    end_staff_sessions(&mut tx, &[id], now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Disables an account, drops its setup code and ends its sessions; `false` when there is no
/// such username.
pub async fn disable_staff(db: &Db, username: &str, now: i64) -> sqlx::Result<bool> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "UPDATE staff SET disabled_at = COALESCE(disabled_at, ?), setup_salt = NULL, \
                          setup_code_hash = NULL, setup_expires_at = NULL \
         WHERE username = ? RETURNING id",
    )
    .bind(now)
    .bind(username)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else { return Ok(false) };
    end_staff_sessions(&mut tx, &[id], now).await?;
    tx.commit().await?;
    Ok(true)
}

async fn end_staff_sessions(
    tx: &mut sqlx::SqliteConnection,
    ids: &[i64],
    now: i64,
) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query("UPDATE sessions SET ended_at = ? WHERE staff_id = ? AND ended_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

type SetupTuple = (Option<Vec<u8>>, Option<Vec<u8>>, Option<i64>);

/// The setup code of an enabled account, if it has one.
pub async fn setup_code_of(db: &Db, staff_id: i64) -> sqlx::Result<Option<SetupCode>> {
    let row: Option<SetupTuple> = sqlx::query_as(
        "SELECT setup_salt, setup_code_hash, setup_expires_at FROM staff \
         WHERE id = ? AND disabled_at IS NULL",
    )
    .bind(staff_id)
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some((Some(salt), Some(hash), Some(expires_at))) => Some(SetupCode {
            salt,
            hash,
            expires_at,
        }),
        _ => None,
    })
}

/// Sets the password with the setup code whose hash is `code_hash`, which is used up; `false`
/// when that code is no longer the account's (used, replaced, or the account disabled).
pub async fn set_password_with_code(
    db: &Db,
    staff_id: i64,
    code_hash: &[u8],
    password_hash: &str,
    now: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE staff SET password_hash = ?, setup_salt = NULL, setup_code_hash = NULL, \
                          setup_expires_at = NULL \
         WHERE id = ? AND setup_code_hash = ? AND setup_expires_at > ? AND disabled_at IS NULL",
    )
    .bind(password_hash)
    .bind(staff_id)
    .bind(code_hash)
    .bind(now)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// One line of `portal-server staff list`.
#[derive(Debug, Clone)]
pub struct StaffListing {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Disabled.
    pub disabled: bool,
    /// No password set yet (or reset).
    pub waiting: bool,
}

/// Every staff account, by username (the demo history's synthetic staff included).
pub async fn list_staff(db: &Db) -> sqlx::Result<Vec<StaffListing>> {
    let rows: Vec<(String, String, String, Option<i64>, String)> = sqlx::query_as(
        "SELECT username, name, role, disabled_at, password_hash FROM staff ORDER BY username",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(username, name, role, disabled_at, hash)| StaffListing {
            username,
            name,
            role,
            disabled: disabled_at.is_some(),
            waiting: hash.is_empty(),
        })
        .collect())
}

/// Marks the demo accounts (by username) as such.
pub async fn mark_demo_staff(
    tx: &mut sqlx::SqliteConnection,
    usernames: &[&str],
) -> sqlx::Result<()> {
    for username in usernames {
        sqlx::query("UPDATE staff SET demo = 1 WHERE username = ?")
            .bind(username)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Enables the demo accounts (demo mode on) or disables them and ends their sessions (off);
/// returns how many changed.
pub async fn set_demo_staff_enabled(db: &Db, enabled: bool, now: i64) -> sqlx::Result<u64> {
    let mut tx = db.begin().await?;
    let changed = if enabled {
        sqlx::query(
            "UPDATE staff SET disabled_at = NULL WHERE demo = 1 AND disabled_at IS NOT NULL",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE staff SET disabled_at = ? WHERE demo = 1 AND disabled_at IS NULL RETURNING id",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        // Sessions of demo accounts end even when they were disabled already.
        sqlx::query(
            "UPDATE sessions SET ended_at = ? WHERE ended_at IS NULL \
             AND staff_id IN (SELECT id FROM staff WHERE demo = 1)",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        u64::try_from(ids.len()).unwrap_or(u64::MAX)
    };
    tx.commit().await?;
    Ok(changed)
}
