//! Staff (handlers and supervisors): survey invitations with their answers and the link to send
//! again, and the return visits (回访) recorded against them.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use portal_core::api::Problem;
use portal_core::survey::{NewReturnVisit, ReturnVisit, StaffSurvey, SurveyInvitation};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::surveys::SurveyQuery;
use crate::complaints::{Staff, path_id};
use crate::db::{self, surveys::Invitation};
use crate::error::Json;
use crate::state::AppState;
use crate::surveys::answer::{self, Access};
use crate::surveys::{SurveyError, SurveyResult, link, visits};

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations))
        .routes(routes!(invitation))
        .routes(routes!(record_visit))
}

/// The most invitations a list answers.
const LIST_LIMIT: i64 = 200;

async fn load(app: &AppState, id: Result<Path<String>, PathRejection>) -> SurveyResult<Invitation> {
    db::surveys::find(&app.db, path_id(id)?)
        .await?
        .ok_or_else(SurveyError::not_found)
}

/// Survey invitations, newest first (at most 200): filter by `case_kind` and `case_id` to find a
/// case's.
#[utoipa::path(get, path = "/staff/surveys", tag = "return visits", params(SurveyQuery),
    responses(
        (status = 200, description = "The invitations", body = Vec<SurveyInvitation>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `case_kind` or `case_id`", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_invitations(
    State(app): State<AppState>,
    _staff: Staff,
    Query(query): Query<SurveyQuery>,
) -> SurveyResult<Json<Vec<SurveyInvitation>>> {
    let now = db::now();
    let rows = db::surveys::list(&app.db, query.filter()?, LIST_LIMIT).await?;
    Ok(Json(rows.iter().map(|i| answer::summary(i, now)).collect()))
}

/// One invitation: the survey with its answers (or the draft so far), the return visits, and
/// the answering link (`/s/<token>`) while it is open.
#[utoipa::path(get, path = "/staff/surveys/{id}", tag = "return visits",
    params(("id" = i64, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "The invitation", body = StaffSurvey),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation", body = Problem, content_type = "application/problem+json")
    ))]
async fn invitation(
    State(app): State<AppState>,
    _staff: Staff,
    id: Result<Path<String>, PathRejection>,
) -> SurveyResult<Json<StaffSurvey>> {
    let invitation = load(&app, id).await?;
    let now = db::now();
    let form = answer::form(&app, &invitation, Access::Staff, now)?;
    let link = (form.status == portal_core::survey::InvitationStatus::Open).then(|| {
        link::path(
            &app.surveys.link_key,
            invitation.id,
            invitation.token_version,
        )
    });
    Ok(Json(StaffSurvey {
        form,
        policyholder_id: invitation.policyholder_id,
        case_id: invitation.case_id,
        return_visits: db::surveys::visits(&app.db, invitation.id).await?,
        link,
    }))
}

/// Records a return visit by phone, on site or online. Reached, with the person's answers to the
/// survey's questions (the recommendation only if the invitation asks it): the invitation is
/// answered (`answered_via` = the method), also after it expired. Not reached: the attempt is
/// kept and the invitation stays as it was.
#[utoipa::path(post, path = "/staff/surveys/{id}/return-visits", tag = "return visits",
    request_body = NewReturnVisit,
    params(("id" = i64, Path, description = "The invitation's id")),
    responses(
        (status = 201, description = "Recorded", body = ReturnVisit),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`survey_answered` (by the person or an earlier visit) or `survey_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `visited_at` (`date_in_future`, `date_invalid` before the invitation), `note` (`too_long`, over 1000 characters), `answers.<question key>` (when reached), `answers` (given when not reached)", body = Problem, content_type = "application/problem+json")
    ))]
async fn record_visit(
    State(app): State<AppState>,
    Staff(staff_id, _): Staff,
    id: Result<Path<String>, PathRejection>,
    Json(body): Json<NewReturnVisit>,
) -> SurveyResult<(StatusCode, Json<ReturnVisit>)> {
    let invitation = load(&app, id).await?;
    let visit = visits::record(&app, staff_id, &invitation, &body, db::now()).await?;
    Ok((StatusCode::CREATED, Json(visit)))
}
