//! The caller's own policies. Someone else's policy is indistinguishable from a missing one.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use portal_core::api::{Page, Problem};
use portal_core::policy::{Policy, PolicySummary};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{CurrentPolicyholder, CurrentSession, SessionCookie};
use crate::db;
use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

const DEFAULT_PAGE: i64 = 20;
const MAX_PAGE: i64 = 100;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_policies))
        .routes(routes!(policy))
}

/// Paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct PageQuery {
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Records per page, 1 to 100 (default 20).
    limit: Option<String>,
}

/// The caller's policies, a page at a time.
#[utoipa::path(get, path = "/policies", tag = "policies", params(PageQuery),
    responses(
        (status = 200, description = "A page of the caller's policies", body = Page<PolicySummary>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_policies(
    State(state): State<AppState>,
    holder: CurrentPolicyholder,
    Query(page): Query<PageQuery>,
) -> Result<Json<Page<PolicySummary>>> {
    let after = match page.cursor.as_deref() {
        None | Some("") => 0,
        Some(cursor) => {
            cursor
                .parse::<i64>()
                .ok()
                .filter(|id| *id >= 0)
                .ok_or(ApiError::Invalid(vec![(
                    "cursor",
                    portal_core::api::ErrorCode::ValidationFailed,
                )]))?
        }
    };
    let limit = match page.limit.as_deref() {
        None | Some("") => DEFAULT_PAGE,
        Some(limit) => limit
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or(ApiError::Invalid(vec![(
                "limit",
                portal_core::api::ErrorCode::ValidationFailed,
            )]))?,
    };
    // One more than asked tells whether there is a next page.
    let mut items = db::policies::list_for_holder(&state.db, holder.id, after, limit + 1).await?;
    let next_cursor = if items.len() > usize::try_from(limit).unwrap_or(usize::MAX) {
        items.truncate(items.len() - 1);
        items.last().map(|p| p.id.to_string())
    } else {
        None
    };
    Ok(Json(Page { items, next_cursor }))
}

/// One of the caller's policies.
#[utoipa::path(get, path = "/policies/{id}", tag = "policies",
    params(("id" = i64, Path, description = "The policy's id")),
    responses(
        (status = 200, description = "The policy", body = Policy),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such policy of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn policy(
    State(state): State<AppState>,
    cookie: SessionCookie,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Policy>> {
    // A non-numeric (or undecodable) id names no policy: the same answer as a missing one, but
    // only to a caller who is logged in.
    let Some(id) = id.ok().and_then(|Path(id)| id.parse::<i64>().ok()) else {
        let session = db::sessions::find(&state.db, &cookie.token_hash).await?;
        CurrentSession::admit(&state, &cookie, session)
            .await?
            .policyholder()?;
        return Err(ApiError::NotFound);
    };
    // The benchmark's hot path: session and policy in one statement, one trip to SQLite. The
    // session is admitted exactly as the `CurrentPolicyholder` extractor would.
    let found = db::policies::get_for_session(&state.db, &cookie.token_hash, id).await?;
    let (session, policy) = found.map_or((None, None), |(s, p)| (Some(s), p));
    CurrentSession::admit(&state, &cookie, session)
        .await?
        .policyholder()?;
    policy.map(Json).ok_or(ApiError::NotFound)
}
