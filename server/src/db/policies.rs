//! Policies, always read through their holder: a policyholder can only ever see their own.

use chrono::NaiveDate;
use portal_core::policy::{Money, Policy, PolicyKind, PolicyStatus, PolicySummary};

use super::Db;

type SummaryTuple = (i64, String, String, String, String, String, NaiveDate);
type PolicyTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    NaiveDate,
    i64,
    i64,
);

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
    let row: Option<PolicyTuple> = sqlx::query_as(
        "SELECT p.id, p.number, p.product_name, p.kind, p.status, h.name, p.insured_name, \
                p.starts_on, p.ends_on, p.sum_insured, p.premium \
         FROM policies p JOIN policyholders h ON h.id = p.policyholder_id \
         WHERE p.id = ? AND p.policyholder_id = ?",
    )
    .bind(id)
    .bind(holder_id)
    .fetch_optional(db)
    .await?;
    let Some((
        id,
        number,
        product_name,
        kind,
        status,
        holder_name,
        insured_name,
        starts_on,
        ends_on,
        sum_insured,
        premium,
    )) = row
    else {
        return Ok(None);
    };
    let (kind, status) = kind_and_status(&kind, &status)?;
    Ok(Some(Policy {
        id,
        number,
        product_name,
        kind,
        status,
        holder_name,
        insured_name,
        starts_on,
        ends_on,
        sum_insured: Money(sum_insured),
        premium: Money(premium),
    }))
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
