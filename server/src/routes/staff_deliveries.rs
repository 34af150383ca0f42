//! Staff: every delivery of the outbox and where it stands (`GET /staff/deliveries`, filtered by
//! state or case), and a dead letter queued again (`POST /staff/deliveries/{id}/retry`).

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use portal_core::api::{ErrorCode, Page, Problem};
use portal_core::notify::{DeliveryState, StaffDelivery};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::{CaseError, CaseResult, Staff, next_cursor, page, path_id};
use crate::db::{self, deliveries::Filter, deliveries::Retry};
use crate::error::{ApiError, Json};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(retry))
}

/// The filters and paging of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryQuery {
    /// Only deliveries in this state (`queued`, `held`, `sending`, `sent`, `delivered`,
    /// `failed`, `dead`).
    pub state: Option<String>,
    /// Only deliveries of notices about this kind of case (`complaint`, `claim`).
    pub case_kind: Option<String>,
    /// Only deliveries of notices about this case (`case_kind` is then required).
    pub case_id: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Records per page, 1 to 100 (default 20).
    pub limit: Option<String>,
}

/// Every delivery, newest first: the channel, the state, the recipient masked, the attempts and
/// the last error; filtered by state, or to the deliveries of one case.
#[utoipa::path(get, path = "/staff/deliveries", tag = "staff", params(DeliveryQuery),
    responses(
        (status = 200, description = "A page of deliveries", body = Page<StaffDelivery>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad filter, cursor or limit", body = Problem, content_type = "application/problem+json")
    ))]
async fn list(
    State(app): State<AppState>,
    _staff: Staff,
    Query(query): Query<DeliveryQuery>,
) -> CaseResult<Json<Page<StaffDelivery>>> {
    let (before, limit) = page(query.cursor.as_deref(), query.limit.as_deref())?;
    let mut bad = Vec::new();
    let state = match query.state.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => {
            let parsed = DeliveryState::parse(s);
            if parsed.is_none() {
                bad.push(("state", ErrorCode::ValidationFailed));
            }
            parsed
        }
    };
    let kind_given = query.case_kind.as_deref().filter(|s| !s.is_empty());
    let case_kind = match kind_given {
        None => None,
        Some(kind @ ("complaint" | "claim")) => Some(kind),
        Some(_) => {
            bad.push(("case_kind", ErrorCode::ValidationFailed));
            None
        }
    };
    let case_id = match query.case_id.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => {
            let parsed = id.parse::<i64>().ok().filter(|id| *id > 0);
            if parsed.is_none() {
                bad.push(("case_id", ErrorCode::ValidationFailed));
            }
            parsed
        }
    };
    // A complaint and a claim may share an id: a case is named by both.
    if case_id.is_some() && kind_given.is_none() {
        bad.push(("case_kind", ErrorCode::ValidationFailed));
    }
    if !bad.is_empty() {
        return Err(ApiError::Invalid(bad).into());
    }
    let filter = Filter {
        state,
        case_kind,
        case_id,
        before,
        limit,
    };
    let mut items = db::deliveries::list(&app.db, &filter).await?;
    let next_cursor = next_cursor(&mut items, limit, |d| d.id);
    Ok(Json(Page { items, next_cursor }))
}

/// Queues a dead letter again, due now, its attempts kept; the dispatcher is woken.
#[utoipa::path(post, path = "/staff/deliveries/{id}/retry", tag = "staff",
    params(("id" = i64, Path, description = "The delivery's id")),
    responses(
        (status = 200, description = "Queued again", body = StaffDelivery),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such delivery", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a dead letter (`delivery_not_retryable`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn retry(
    State(app): State<AppState>,
    _staff: Staff,
    id: Result<Path<String>, PathRejection>,
) -> CaseResult<Json<StaffDelivery>> {
    let id = path_id(id)?;
    match db::deliveries::retry(&app.db, id, db::now()).await? {
        Retry::Queued => {}
        Retry::Missing => return Err(CaseError::not_found()),
        Retry::NotDead => {
            return Err(CaseError::status(
                StatusCode::CONFLICT,
                ErrorCode::DeliveryNotRetryable,
            ));
        }
    }
    app.notify.wake.notify_one();
    let delivery = db::deliveries::find(&app.db, id)
        .await?
        .ok_or_else(CaseError::not_found)?;
    Ok(Json(delivery))
}
