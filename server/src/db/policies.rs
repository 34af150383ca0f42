//! Policies, always read through their holder: a policyholder can only ever see their own.

use chrono::NaiveDate;
use portal_core::policy::{Money, Policy, PolicyKind, PolicyStatus, PolicySummary};

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use super::Db;
use super::sessions::{SessionRow, session_row};

type SummaryTuple = (i64, String, String, String, String, String, NaiveDate);

fn kind_and_status(kind: &str, status: &str) -> sqlx::Result<(PolicyKind, PolicyStatus)> {
    let kind = PolicyKind::from_str_opt(kind)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown policy kind {kind:?}").into()))?;
    let status = PolicyStatus::from_str_opt(status)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown policy status {status:?}").into()))?;
    Ok((kind, status))
}

/// A page of a holder's policies with ids above `after`, in id order (`limit` at most).
pub async fn list_for_holder(
    db: &Db,
    holder_id: i64,
    after: i64,
    limit: i64,
) -> sqlx::Result<Vec<PolicySummary>> {
    let rows: Vec<SummaryTuple> = sqlx::query_as(
        "SELECT id, number, product_name, kind, status, insured_name, ends_on FROM policies \
         WHERE policyholder_id = ? AND id > ? ORDER BY id LIMIT ?",
    )
    .bind(holder_id)
    .bind(after)
    .bind(limit)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(
            |(id, number, product_name, kind, status, insured_name, ends_on)| {
                let (kind, status) = kind_and_status(&kind, &status)?;
                Ok(PolicySummary {
                    id,
                    number,
                    product_name,
                    kind,
                    status,
                    insured_name,
                    ends_on,
                })
            },
        )
        .collect()
}

/// One of a holder's policies; `None` when missing or someone else's.
pub async fn get_for_holder(db: &Db, holder_id: i64, id: i64) -> sqlx::Result<Option<Policy>> {
    let row = sqlx::query(
        "SELECT p.id, p.number, p.product_name, p.kind, p.status, h.name, p.insured_name, \
                p.starts_on, p.ends_on, p.sum_insured, p.premium \
         FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE p.id = ? AND p.policyholder_id = ?",
    )
    .bind(id)
    .bind(holder_id)
    .fetch_optional(db)
    .await?;
    row.map(|row| policy_from_row(&row, 0)).transpose()
}

/// The hot path of `GET /policies/{id}` in one statement: the live session of a token hash (one
/// indexed read, no write) and, if it is a policyholder's, their policy with this id (one indexed
/// read). `None` when there is no such session; the policy is `None` when missing or not theirs.
pub async fn get_for_session(
    db: &Db,
    token_hash: &[u8],
    id: i64,
) -> sqlx::Result<Option<(SessionRow, Option<Policy>)>> {
    let row = sqlx::query(
        "SELECT s.id, s.policyholder_id, s.staff_id, st.role, s.created_at, s.last_seen_at, \
                p.id, p.number, p.product_name, p.kind, p.status, h.name, p.insured_name, \
                p.starts_on, p.ends_on, p.sum_insured, p.premium \
         FROM sessions s \
         LEFT JOIN staff st ON st.id = s.staff_id \
         LEFT JOIN policies p ON p.id = ? AND p.policyholder_id = s.policyholder_id \
         LEFT JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE s.token_hash = ? AND s.ended_at IS NULL",
    )
    .bind(id)
    .bind(token_hash)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let session = (
        row.try_get(0)?,
        row.try_get(1)?,
        row.try_get(2)?,
        row.try_get(3)?,
        row.try_get(4)?,
        row.try_get(5)?,
    );
    let Some(session) = session_row(session) else {
        return Ok(None);
    };
    let policy = match row.try_get::<Option<i64>, _>(6)? {
        Some(_) => Some(policy_from_row(&row, 6)?),
        None => None,
    };
    Ok(Some((session, policy)))
}

/// A policy from the columns `p.id, p.number, p.product_name, p.kind, p.status, h.name,
/// p.insured_name, p.starts_on, p.ends_on, p.sum_insured, p.premium`, the first at `at`.
fn policy_from_row(row: &SqliteRow, at: usize) -> sqlx::Result<Policy> {
    let (kind, status) = kind_and_status(row.try_get(at + 3)?, row.try_get(at + 4)?)?;
    Ok(Policy {
        id: row.try_get(at)?,
        number: row.try_get(at + 1)?,
        product_name: row.try_get(at + 2)?,
        kind,
        status,
        holder_name: row.try_get(at + 5)?,
        insured_name: row.try_get(at + 6)?,
        starts_on: row.try_get(at + 7)?,
        ends_on: row.try_get(at + 8)?,
        sum_insured: Money(row.try_get(at + 9)?),
        premium: Money(row.try_get(at + 10)?),
    })
}

/// A policy to store (demo seed, imports).
#[derive(Debug, Clone)]
pub struct NewPolicy<'a> {
    /// Whose.
    pub holder_id: i64,
    /// 保单号.
    pub number: &'a str,
    /// Product.
    pub product_name: &'a str,
    /// Kind.
    pub kind: PolicyKind,
    /// Status.
    pub status: PolicyStatus,
    /// 被保险人.
    pub insured_name: &'a str,
    /// First day.
    pub starts_on: NaiveDate,
    /// Last day.
    pub ends_on: NaiveDate,
    /// 保额.
    pub sum_insured: Money,
    /// 保费.
    pub premium: Money,
}

/// Stores a policy.
pub async fn insert(tx: &mut sqlx::SqliteConnection, policy: &NewPolicy<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO policies (policyholder_id, number, product_name, kind, status, insured_name, \
                               starts_on, ends_on, sum_insured, premium) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(policy.holder_id)
    .bind(policy.number)
    .bind(policy.product_name)
    .bind(policy.kind.as_str())
    .bind(policy.status.as_str())
    .bind(policy.insured_name)
    .bind(policy.starts_on)
    .bind(policy.ends_on)
    .bind(policy.sum_insured.0)
    .bind(policy.premium.0)
    .execute(tx)
    .await?;
    Ok(())
}
