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
    /// Argon2 PHC string.
    pub password_hash: String,
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

type StaffTuple = (i64, String, String, String, String);

/// The staff member with this username.
pub async fn staff_by_username(db: &Db, username: &str) -> sqlx::Result<Option<StaffRow>> {
    let row: Option<StaffTuple> = sqlx::query_as(
        "SELECT id, username, name, role, password_hash FROM staff WHERE username = ?",
    )
    .bind(username)
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(staff_row))
}

/// The staff member with this id.
pub async fn staff_by_id(db: &Db, id: i64) -> sqlx::Result<Option<StaffRow>> {
    let row: Option<StaffTuple> =
        sqlx::query_as("SELECT id, username, name, role, password_hash FROM staff WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(staff_row))
}

fn staff_row((id, username, name, role, password_hash): StaffTuple) -> Option<StaffRow> {
    Some(StaffRow {
        id,
        username,
        name,
        role: role_from_str(&role)?,
        password_hash,
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
