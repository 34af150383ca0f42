//! Problems of the claim endpoints: the shared complaint/API errors, or a status with a code and
//! per-field codes whose names are the claim bodies' fields.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::claim::{Command, Refusal};
use portal_core::complaint::FilingError;

use crate::complaints::CaseError;
use crate::error::{ApiError, ProblemSource};

/// The result type of the claim handlers.
pub type ClaimResult<T> = Result<T, ClaimError>;

/// An error of a claim endpoint.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    /// One of the shared errors (404, 401, 403, idempotency, the database …).
    #[error(transparent)]
    Case(#[from] CaseError),
    /// A problem with its own status and code, and per-field codes.
    #[error("{status}: {code:?}")]
    Problem {
        /// The HTTP status.
        status: StatusCode,
        /// The problem's code.
        code: ErrorCode,
        /// Per-field codes.
        fields: Vec<(&'static str, ErrorCode)>,
    },
}

impl From<sqlx::Error> for ClaimError {
    fn from(error: sqlx::Error) -> Self {
        ClaimError::Case(error.into())
    }
}

impl From<ApiError> for ClaimError {
    fn from(error: ApiError) -> Self {
        ClaimError::Case(CaseError::Api(error))
    }
}

impl ClaimError {
    /// A problem without field errors.
    pub fn status(status: StatusCode, code: ErrorCode) -> ClaimError {
        ClaimError::Problem {
            status,
            code,
            fields: Vec::new(),
        }
    }

    /// 422 with `code` as the problem's and the field's code.
    pub fn field(field: &str, code: ErrorCode) -> ClaimError {
        ClaimError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            fields: vec![(static_field(field), code)],
        }
    }

    /// 404: missing, or not the caller's.
    pub fn not_found() -> ClaimError {
        ClaimError::Case(CaseError::not_found())
    }

    /// 422 `validation_failed` with every field error of a report.
    pub fn filing(errors: &[FilingError]) -> ClaimError {
        ClaimError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ValidationFailed,
            fields: errors
                .iter()
                .map(|e| (static_field(&e.field), e.code))
                .collect(),
        }
    }

    /// A step the state machine refused: 403 for who, 422 for what was sent, 409 for when.
    pub fn refusal(refusal: &Refusal, command: &Command) -> ClaimError {
        let code = refusal.code();
        let field = match refusal {
            Refusal::RoleNotAllowed { .. } => {
                return ClaimError::status(StatusCode::FORBIDDEN, code);
            }
            Refusal::SlotUnknown(_) => "slot",
            Refusal::SlotFull(_) => "slot",
            Refusal::DocumentUnknown(_) | Refusal::DocumentAlreadyReviewed(_) => "document_id",
            Refusal::DocumentAlreadyAdded(_) => "upload_id",
            Refusal::NothingToReview => "reviews",
            Refusal::DueDateInPast(_) => "due_on",
            Refusal::ReasonRequired => match command {
                Command::Decide { .. } => "refusal_reasons",
                Command::ReviewDocuments { .. } => "note",
                _ => "reason",
            },
            Refusal::DetailRequired => match command {
                Command::StartInvestigation { .. } => "what",
                _ => "lines",
            },
            Refusal::AmountInvalid
            | Refusal::AmountAboveAssessed(_)
            | Refusal::AmountBelowAdvances(_) => "amount",
            Refusal::BreakdownMismatch { .. } => "lines",
            _ => return ClaimError::status(StatusCode::CONFLICT, code),
        };
        ClaimError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            fields: vec![(field, code)],
        }
    }
}

impl IntoResponse for ClaimError {
    fn into_response(self) -> Response {
        match self {
            ClaimError::Case(error) => error.into_response(),
            ClaimError::Problem {
                status,
                code,
                fields,
            } => ProblemSource {
                status,
                code,
                fields: fields.into_iter().map(|(f, c)| (f.into(), c)).collect(),
            }
            .render(Lang::default()),
        }
    }
}

/// Every field name a claim endpoint reports ([`ProblemSource`] keeps `&'static str` names).
const FIELDS: &[&str] = &[
    "policy_id",
    "kind",
    "incident_date",
    "incident_time",
    "place",
    "description",
    "contact_phone",
    "urgent",
    "upload_id",
    "slot",
    "document_id",
    "reviews",
    "due_on",
    "note",
    "reason",
    "refusal_reasons",
    "text",
    "what",
    "amount",
    "lines",
    "cursor",
    "limit",
    "idempotency_key",
    "consumer.id_number",
    "consumer.name",
    "consumer.phone",
];

/// The static name of a field; an unknown one is `body`.
fn static_field(field: &str) -> &'static str {
    FIELDS
        .iter()
        .find(|f| **f == field)
        .copied()
        .unwrap_or("body")
}
