//! Satisfaction surveys for the policyholder: their invitations, answered logged in, and the
//! signed link that answers one without a session (and never makes one). Someone else's
//! invitation is 404 `not_found`; a forged, altered or superseded link is 404
//! `survey_link_invalid`.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use portal_core::api::Problem;
use portal_core::survey::{CaseKind, SavedAnswers, SurveyAnswers, SurveyForm, SurveyInvitation};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::{Complainant, path_id};
use crate::db::{self, surveys::Filter};
use crate::error::Json;
use crate::state::AppState;
use crate::surveys::answer::{self, Access};
use crate::surveys::{SurveyError, SurveyResult};

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_surveys))
        .routes(routes!(survey))
        .routes(routes!(save_answers))
        .routes(routes!(submit))
        .routes(routes!(linked_survey))
        .routes(routes!(save_linked_answers))
        .routes(routes!(submit_linked))
}

/// The most invitations a list answers.
const LIST_LIMIT: i64 = 200;

/// `?case_kind=complaint&case_id=7`: only the invitations of one kind of case, or of one case.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SurveyQuery {
    /// `complaint` or `claim`.
    pub case_kind: Option<String>,
    /// The case's id.
    pub case_id: Option<String>,
}

impl SurveyQuery {
    /// The filter it asks for; 422 `validation_failed` naming a bad parameter.
    pub fn filter(&self) -> SurveyResult<Filter> {
        let case_kind = match self.case_kind.as_deref() {
            None | Some("") => None,
            Some(kind) => Some(CaseKind::from_str_opt(kind).ok_or_else(|| {
                SurveyError::fields(vec![(
                    "case_kind".into(),
                    portal_core::api::ErrorCode::ValidationFailed,
                )])
            })?),
        };
        let case_id = match self.case_id.as_deref() {
            None | Some("") => None,
            Some(id) => Some(id.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
                SurveyError::fields(vec![(
                    "case_id".into(),
                    portal_core::api::ErrorCode::ValidationFailed,
                )])
            })?),
        };
        Ok(Filter {
            policyholder_id: None,
            case_kind,
            case_id,
        })
    }
}

/// The caller's survey invitations, newest first (at most 200), each with its status (an open
/// one past its expiry is `expired`).
#[utoipa::path(get, path = "/surveys", tag = "surveys", params(SurveyQuery),
    responses(
        (status = 200, description = "The caller's invitations", body = Vec<SurveyInvitation>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad `case_kind` or `case_id`", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_surveys(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    Query(query): Query<SurveyQuery>,
) -> SurveyResult<Json<Vec<SurveyInvitation>>> {
    let filter = Filter {
        policyholder_id: Some(holder),
        ..query.filter()?
    };
    let now = db::now();
    let rows = db::surveys::list(&app.db, filter, LIST_LIMIT).await?;
    Ok(Json(rows.iter().map(|i| answer::summary(i, now)).collect()))
}

/// One of the caller's surveys: the questions and the answers saved so far, or as submitted.
#[utoipa::path(get, path = "/surveys/{id}", tag = "surveys",
    params(("id" = i64, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "The survey", body = SurveyForm),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn survey(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    id: Result<Path<String>, PathRejection>,
) -> SurveyResult<Json<SurveyForm>> {
    let invitation = answer::for_holder(&app, holder, path_id(id)?).await?;
    Ok(Json(answer::form(
        &app,
        &invitation,
        Access::Owner,
        db::now(),
    )?))
}

/// Saves the answers so far (as the person goes; they may be incomplete). Each answer must fit
/// its question; empty answers are dropped and texts trimmed.
#[utoipa::path(put, path = "/surveys/{id}/answers", tag = "surveys", request_body = SurveyAnswers,
    params(("id" = i64, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "Saved", body = SavedAnswers),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`survey_answered` or `survey_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`survey_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, each bad answer as `answers.<question key>` (`question_unknown`, `answer_wrong_kind`, `answer_out_of_range`, `option_unknown`, `too_long`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn save_answers(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    id: Result<Path<String>, PathRejection>,
    Json(body): Json<SurveyAnswers>,
) -> SurveyResult<Json<SavedAnswers>> {
    let invitation = answer::for_holder(&app, holder, path_id(id)?).await?;
    Ok(Json(
        answer::save_draft(&app, &invitation, &body.answers, db::now()).await?,
    ))
}

/// Submits the survey (once: a second submission, or one after a return visit collected the
/// result, is 409 `survey_answered`).
#[utoipa::path(post, path = "/surveys/{id}/submit", tag = "surveys", request_body = SurveyAnswers,
    params(("id" = i64, Path, description = "The invitation's id")),
    responses(
        (status = 200, description = "Answered", body = SurveyForm),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such invitation of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`survey_answered` or `survey_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`survey_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, each bad or missing answer as `answers.<question key>` (`required` among the codes of a draft)", body = Problem, content_type = "application/problem+json")
    ))]
async fn submit(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    id: Result<Path<String>, PathRejection>,
    Json(body): Json<SurveyAnswers>,
) -> SurveyResult<Json<SurveyForm>> {
    let invitation = answer::for_holder(&app, holder, path_id(id)?).await?;
    Ok(Json(
        answer::submit(&app, &invitation, &body.answers, Access::Owner, db::now()).await?,
    ))
}

/// The token of a link from the path; anything unreadable is an invalid link.
fn token(path: Result<Path<String>, PathRejection>) -> SurveyResult<String> {
    path.map(|Path(token)| token)
        .map_err(|_| SurveyError::link_invalid())
}

/// The survey a link names, without a session: only the case number and kind (`case_id` is
/// null); an answered survey shows no answers, an expired or cancelled one its status.
#[utoipa::path(get, path = "/survey-links/{token}", tag = "surveys",
    params(("token" = String, Path, description = "The signed token of the link (`/s/{token}`)")),
    responses(
        (status = 200, description = "The survey", body = SurveyForm),
        (status = 404, description = "`survey_link_invalid`: forged, altered, or replaced by a newer link", body = Problem, content_type = "application/problem+json")
    ))]
async fn linked_survey(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> SurveyResult<Json<SurveyForm>> {
    let invitation = answer::for_link(&app, &token(path)?).await?;
    Ok(Json(answer::form(
        &app,
        &invitation,
        Access::Link,
        db::now(),
    )?))
}

/// Saves the answers so far through the link, as `PUT /surveys/{id}/answers` does.
#[utoipa::path(put, path = "/survey-links/{token}/answers", tag = "surveys", request_body = SurveyAnswers,
    params(("token" = String, Path, description = "The signed token of the link")),
    responses(
        (status = 200, description = "Saved", body = SavedAnswers),
        (status = 404, description = "`survey_link_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`survey_answered` or `survey_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`survey_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` with `answers.<question key>` field errors", body = Problem, content_type = "application/problem+json")
    ))]
async fn save_linked_answers(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Json(body): Json<SurveyAnswers>,
) -> SurveyResult<Json<SavedAnswers>> {
    let invitation = answer::for_link(&app, &token(path)?).await?;
    Ok(Json(
        answer::save_draft(&app, &invitation, &body.answers, db::now()).await?,
    ))
}

/// Submits the survey through the link, as `POST /surveys/{id}/submit` does (`answered_via`:
/// `link`). The answer shows no answers, like the link's `GET`.
#[utoipa::path(post, path = "/survey-links/{token}/submit", tag = "surveys", request_body = SurveyAnswers,
    params(("token" = String, Path, description = "The signed token of the link")),
    responses(
        (status = 200, description = "Answered", body = SurveyForm),
        (status = 404, description = "`survey_link_invalid`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`survey_answered` or `survey_cancelled`", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`survey_expired`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed` with `answers.<question key>` field errors", body = Problem, content_type = "application/problem+json")
    ))]
async fn submit_linked(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    Json(body): Json<SurveyAnswers>,
) -> SurveyResult<Json<SurveyForm>> {
    let invitation = answer::for_link(&app, &token(path)?).await?;
    Ok(Json(
        answer::submit(&app, &invitation, &body.answers, Access::Link, db::now()).await?,
    ))
}
