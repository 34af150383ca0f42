//! Problems of the survey endpoints: the shared errors, or a status with a code and per-field
//! codes (`answers.<question key>`, `visited_at`, `note`, …).

use std::borrow::Cow;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::survey::{AnswerError, AnswerProblem, InvitationStatus};

use crate::complaints::CaseError;
use crate::error::{ApiError, ProblemSource};

/// The result type of the survey handlers.
pub type SurveyResult<T> = Result<T, SurveyError>;

/// An error of a survey endpoint.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    /// One of the shared errors (404, 401, 403, paging, the database …).
    #[error(transparent)]
    Case(#[from] CaseError),
    /// A problem with its own status and code, and per-field codes.
    #[error("{status}: {code:?}")]
    Problem {
        /// The HTTP status.
        status: StatusCode,
        /// The problem's code.
        code: ErrorCode,
        /// Per-field codes (`answers.<key>` for the survey's own questions).
        fields: Vec<(Cow<'static, str>, ErrorCode)>,
    },
}

impl From<sqlx::Error> for SurveyError {
    fn from(error: sqlx::Error) -> Self {
        SurveyError::Case(error.into())
    }
}

impl From<ApiError> for SurveyError {
    fn from(error: ApiError) -> Self {
        SurveyError::Case(CaseError::Api(error))
    }
}

impl SurveyError {
    /// A problem without field errors.
    pub fn status(status: StatusCode, code: ErrorCode) -> SurveyError {
        SurveyError::Problem {
            status,
            code,
            fields: Vec::new(),
        }
    }

    /// 404 `not_found`: missing, or not the caller's.
    pub fn not_found() -> SurveyError {
        SurveyError::Case(CaseError::not_found())
    }

    /// 404 `survey_link_invalid`: forged, altered, or replaced by a newer link.
    pub fn link_invalid() -> SurveyError {
        SurveyError::status(StatusCode::NOT_FOUND, ErrorCode::SurveyLinkInvalid)
    }

    /// 422 `validation_failed` with these field errors.
    pub fn fields(fields: Vec<(Cow<'static, str>, ErrorCode)>) -> SurveyError {
        SurveyError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ValidationFailed,
            fields,
        }
    }

    /// Why an invitation in this status takes no answers: 409 answered or cancelled, 410 expired.
    pub fn closed(status: InvitationStatus) -> SurveyError {
        match status {
            InvitationStatus::Answered => {
                SurveyError::status(StatusCode::CONFLICT, ErrorCode::SurveyAnswered)
            }
            InvitationStatus::Cancelled => {
                SurveyError::status(StatusCode::CONFLICT, ErrorCode::SurveyCancelled)
            }
            InvitationStatus::Expired | InvitationStatus::Open => {
                SurveyError::status(StatusCode::GONE, ErrorCode::SurveyExpired)
            }
        }
    }
}

/// The field errors of refused answers, each as `answers.<question key>`; an answer to a
/// question the survey does not have is `answers` (its key came from the client, so it is not
/// echoed).
pub fn answer_fields(errors: &[AnswerError]) -> Vec<(Cow<'static, str>, ErrorCode)> {
    errors
        .iter()
        .map(|e| {
            let field = match e.problem {
                AnswerProblem::UnknownQuestion => Cow::Borrowed("answers"),
                _ => Cow::Owned(format!("answers.{}", e.question)),
            };
            (field, e.problem.code())
        })
        .collect()
}

impl IntoResponse for SurveyError {
    fn into_response(self) -> Response {
        match self {
            SurveyError::Case(error) => error.into_response(),
            SurveyError::Problem {
                status,
                code,
                fields,
            } => ProblemSource {
                status,
                code,
                fields,
            }
            .render(Lang::default()),
        }
    }
}
