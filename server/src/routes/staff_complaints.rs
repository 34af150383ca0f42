//! Staff: the queue of open complaints by the nearest deadline the company owes, and the
//! registration of complaints that came in off-line. The case page and the actions are the
//! shared `/complaints/{id}` routes.

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::TimeDelta;
use portal_core::PhoneNumber;
use portal_core::api::{ErrorCode, Page, Problem};
use portal_core::complaint::{
    Channel, ComplaintReceipt, ComplaintSummary, OfflineComplaint, Status,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::complaints::PageQuery;
use crate::complaints::register::{self, Registration, Retry};
use crate::complaints::{Caller, CaseResult, OffsetPage, Staff, case};
use crate::db::{self, complaints::ComplaintRow, uploads::Uploader};
use crate::error::Json;
use crate::state::AppState;

/// How far in the future a receipt time may lie (clocks differ a little).
const CLOCK_SKEW: TimeDelta = TimeDelta::minutes(5);

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(queue, register_offline))
}

/// Open complaints, the nearest company deadline first (overdue ones on top, flagged
/// `next_deadline.overdue`); on the same day, green-channel cases first. `cursor` is an offset.
#[utoipa::path(get, path = "/staff/complaints", tag = "staff", params(PageQuery),
    responses(
        (status = 200, description = "The queue", body = Page<ComplaintSummary>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json")
    ))]
async fn queue(
    State(app): State<AppState>,
    _staff: Staff,
    Query(query): Query<PageQuery>,
) -> CaseResult<Json<Page<ComplaintSummary>>> {
    let page = OffsetPage::parse(query.cursor.as_deref(), query.limit.as_deref())?;
    let today = case::today();
    let mut items: Vec<ComplaintSummary> = db::cases::open::<ComplaintRow>(&app.db)
        .await?
        .iter()
        .filter_map(|row| {
            let next = case::clock(&app, &row.state).next_company_deadline(today);
            // A complaint not accepted is done once nothing is owed on it any more.
            (row.state.status != Status::NotAccepted || next.is_some())
                .then(|| case::summary(row, next))
        })
        .collect();
    items.sort_by_key(|s| {
        (
            s.next_deadline.is_none(),
            s.next_deadline.as_ref().map(|d| d.due_on),
            s.urgent.is_none(),
            s.received_at,
            s.id,
        )
    });
    Ok(Json(page.cut(items)))
}

/// Registers a complaint that came by hotline, fax, letter, on site, email or regulator
/// transfer (`channel` required). `policyholder_phone` links it to the consumer's portal account;
/// `received_at` backdates the clock's start to when it really arrived.
#[utoipa::path(post, path = "/staff/complaints", tag = "staff", request_body = OfflineComplaint,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submit safe")),
    responses(
        (status = 201, description = "Registered: the receipt", body = ComplaintReceipt),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field errors (all at once)", body = Problem, content_type = "application/problem+json")
    ))]
async fn register_offline(
    State(app): State<AppState>,
    Staff(staff, role): Staff,
    headers: HeaderMap,
    Json(input): Json<OfflineComplaint>,
) -> CaseResult<Response> {
    let caller = Caller::Staff(staff, role);
    let idempotent =
        match register::retry_of(&app, caller, &headers, "POST /staff/complaints", &input).await? {
            Retry::Answered(answer) => return Ok(answer),
            Retry::New(idempotent) => idempotent,
        };
    let mut problems =
        register::foreign_uploads(&app, Uploader::Staff(staff), &input.complaint).await?;
    if matches!(input.complaint.channel, None | Some(Channel::Online)) {
        problems.push(("channel".to_owned(), ErrorCode::OfflineChannelRequired));
    }
    let mut holder = None;
    if let Some(phone) = input
        .policyholder_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        match PhoneNumber::parse(phone) {
            Err(e) => problems.push(("policyholder_phone".to_owned(), e.code)),
            Ok(phone) => {
                match db::accounts::policyholder_by_phone(&app.db, phone.as_str()).await? {
                    Some(row) => holder = Some(row.id),
                    None => {
                        problems.push(("policyholder_phone".to_owned(), ErrorCode::PhoneUnknown))
                    }
                }
            }
        }
    }
    if let Some(policy) = input.complaint.policy_id {
        let known = match holder {
            Some(holder) => db::complaints::policy_is_holders(&app.db, holder, policy).await?,
            None => db::complaints::policy_number(&app.db, policy)
                .await?
                .is_some(),
        };
        if !known {
            problems.push(("policy_id".to_owned(), ErrorCode::PolicyUnknown));
        }
    }
    let now = case::now();
    let received_at = input.received_at.unwrap_or(now);
    if received_at > now + CLOCK_SKEW {
        problems.push(("received_at".to_owned(), ErrorCode::DateInFuture));
    }
    let filing = register::parse_with(&input.complaint, problems)?;
    register::register(
        &app,
        Registration {
            caller,
            idempotent,
            filing,
            policyholder_id: holder,
            // The database keeps whole seconds.
            received_at: db::complaints::instant(received_at.timestamp()),
        },
    )
    .await
}
