//! The logged-in policyholder's policies.

use portal_core::api::Page;
use portal_core::policy::{Policy, PolicySummary};

use super::{ApiFailure, client};

/// `GET /policies`: the first page of the caller's policies.
pub async fn policies() -> Result<Page<PolicySummary>, ApiFailure> {
    client::get("/policies").await
}

/// `GET /policies/{id}`: one of the caller's policies (a 404 problem if it is not theirs).
pub async fn policy(id: i64) -> Result<Policy, ApiFailure> {
    client::get(&format!("/policies/{id}")).await
}
