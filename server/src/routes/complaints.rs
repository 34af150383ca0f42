//! Complaints: the policyholder files and follows their own; staff read and act on any (the
//! case page and the actions are shared). Someone else's complaint is indistinguishable from a
//! missing one.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use portal_core::api::{ErrorCode, Page, Problem};
use portal_core::complaint::{
    Channel, Command, ComplaintDetail, ComplaintPrefill, ComplaintReceipt, ComplaintSummary,
    NewComplaint, PersonInput,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::register::{self, Registration, Retry};
use crate::complaints::{
    Caller, CaseError, CaseResult, Complainant, act, case, next_cursor, page, path_id,
};
use crate::db::{self, complaints::ComplaintRow, uploads::Uploader};
use crate::error::Json;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(prefill))
        .routes(routes!(list_complaints, file_complaint))
        .routes(routes!(complaint))
        .routes(routes!(take_action))
}

/// Paging of a list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Records per page, 1 to 100 (default 20).
    pub limit: Option<String>,
}

/// What the company already holds, so the complaint form does not ask for it.
#[utoipa::path(get, path = "/complaints/prefill", tag = "complaints",
    responses(
        (status = 200, description = "The caller as the consumer, and their policies", body = ComplaintPrefill),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json")
    ))]
async fn prefill(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
) -> CaseResult<Json<ComplaintPrefill>> {
    let identity = db::complaints::identity(&app.db, holder)
        .await?
        .ok_or_else(CaseError::not_found)?;
    let policies = db::policies::list_for_holder(&app.db, holder, 0, 100).await?;
    Ok(Json(ComplaintPrefill {
        consumer: PersonInput {
            name: identity.name,
            id_type: identity.id_type,
            id_number: identity.id_number.unwrap_or_default(),
            phone: identity.phone,
        },
        policies,
    }))
}

/// The caller's complaints, newest first, each with the deadline that runs next.
#[utoipa::path(get, path = "/complaints", tag = "complaints", params(PageQuery),
    responses(
        (status = 200, description = "A page of the caller's complaints", body = Page<ComplaintSummary>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_complaints(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    Query(query): Query<PageQuery>,
) -> CaseResult<Json<Page<ComplaintSummary>>> {
    let (before, limit) = page(query.cursor.as_deref(), query.limit.as_deref())?;
    let mut rows =
        db::cases::list_for_holder::<ComplaintRow>(&app.db, holder, before, limit + 1).await?;
    let next = next_cursor(&mut rows, limit, |r| r.id);
    let today = case::today();
    let items = rows
        .iter()
        .map(|row| case::summary(row, case::clock(&app, &row.state).next_deadline(today)))
        .collect();
    Ok(Json(Page {
        items,
        next_cursor: next,
    }))
}

/// Files a complaint online. Send an `Idempotency-Key` header: a retry with the same key and
/// body answers the same receipt and makes no second complaint.
#[utoipa::path(post, path = "/complaints", tag = "complaints", request_body = NewComplaint,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submit safe")),
    responses(
        (status = 201, description = "Registered: the receipt", body = ComplaintReceipt),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field errors (all at once), or `idempotency_key_reused`", body = Problem, content_type = "application/problem+json")
    ))]
async fn file_complaint(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    headers: HeaderMap,
    Json(mut input): Json<NewComplaint>,
) -> CaseResult<Response> {
    let caller = Caller::Policyholder(holder);
    // A complaint filed in the portal came in online, whatever the body says.
    input.channel = Some(Channel::Online);
    let idempotent =
        match register::retry_of(&app, caller, &headers, "POST /complaints", &input).await? {
            Retry::Answered(answer) => return Ok(answer),
            Retry::New(idempotent) => idempotent,
        };
    let mut problems =
        register::foreign_uploads(&app, Uploader::Policyholder(holder), &input).await?;
    if let Some(policy) = input.policy_id
        && !db::complaints::policy_is_holders(&app.db, holder, policy).await?
    {
        problems.push(("policy_id".to_owned(), ErrorCode::PolicyUnknown));
    }
    let filing = register::parse_with(&input, problems)?;
    register::register(
        &app,
        Registration {
            caller,
            idempotent,
            filing,
            policyholder_id: Some(holder),
            received_at: case::now(),
        },
    )
    .await
}

/// The case page: timeline, deadlines as of today, and the actions the caller may take now.
#[utoipa::path(get, path = "/complaints/{id}", tag = "complaints",
    params(("id" = i64, Path, description = "The complaint's id")),
    responses(
        (status = 200, description = "The complaint", body = ComplaintDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn complaint(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
) -> CaseResult<Json<ComplaintDetail>> {
    let row = case::load_visible(&app, caller, path_id(id)?).await?;
    Ok(Json(case::detail(&app, row, caller).await?))
}

/// Takes a step (`action` names it): the complainant supplies materials, withdraws or requests
/// a review; staff move the case on. Answers the case page as it now stands.
#[utoipa::path(post, path = "/complaints/{id}/actions", tag = "complaints", request_body = Command,
    params(("id" = i64, Path, description = "The complaint's id")),
    responses(
        (status = 200, description = "Done: the complaint now", body = ComplaintDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden` or `supervisor_required`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not at this stage (`transition_not_allowed`, `review_window_closed`, …) or `concurrent_change`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A detail is missing or wrong", body = Problem, content_type = "application/problem+json")
    ))]
async fn take_action(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    Json(command): Json<Command>,
) -> CaseResult<Json<ComplaintDetail>> {
    let row = case::load_visible(&app, caller, path_id(id)?).await?;
    let row = act::act(&app, caller, row, command).await?;
    Ok(Json(case::detail(&app, row, caller).await?))
}
