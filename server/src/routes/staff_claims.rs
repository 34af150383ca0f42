//! Staff: the queue of open claims. The claim page, the actions (document review among them) and
//! the documents are the shared `/claims/{id}` routes.

use axum::extract::{Query, State};
use portal_core::api::{Page, Problem};
use portal_core::claim::ClaimSummary;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::complaints::PageQuery;
use crate::claims::{ClaimResult, view};
use crate::complaints::{OffsetPage, Staff};
use crate::db::{self, claims::ClaimRow};
use crate::error::Json;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(queue))
}

/// The order of the queue: overdue first, then the fast lane, then the nearest deadline the
/// company owes (an hour-bound one before a day-bound one on the same day), then the oldest.
fn queue_order(s: &ClaimSummary) -> impl Ord + use<> {
    let next = s.next_deadline.as_ref();
    (
        !next.is_some_and(|d| d.overdue),
        s.fast_lane.is_none(),
        next.is_none(),
        next.map(|d| (d.due_on, d.due_at.is_none(), d.due_at)),
        s.reported_at,
        s.id,
    )
}

/// Open claims (not paid, refused or withdrawn): overdue ones on top (`next_deadline.overdue`),
/// then fast-lane ones (`fast_lane`), then by the nearest company deadline. `cursor` is an offset.
#[utoipa::path(get, path = "/staff/claims", tag = "staff", params(PageQuery),
    responses(
        (status = 200, description = "The queue", body = Page<ClaimSummary>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json")
    ))]
async fn queue(
    State(app): State<AppState>,
    _staff: Staff,
    Query(query): Query<PageQuery>,
) -> ClaimResult<Json<Page<ClaimSummary>>> {
    let page = OffsetPage::parse(query.cursor.as_deref(), query.limit.as_deref())?;
    let now = view::now();
    let rows = db::cases::open::<ClaimRow>(&app.db).await?;
    let mut items = view::summaries(&app, &rows, |clock| clock.next_company_deadline(now)).await?;
    items.sort_by_key(queue_order);
    Ok(Json(page.cut(items)))
}
