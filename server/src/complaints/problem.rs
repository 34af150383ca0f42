//! Problems of the complaint endpoints that the shared [`ApiError`] has no variant for: any status
//! with any code (409 state refusals, 413/415 of uploads), and field errors whose names are paths
//! in the request body (`representatives[2].phone`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::complaint::{Command, FilingError, Refusal};

use crate::error::{ApiError, ProblemSource};

/// The result type of the complaint handlers.
pub type CaseResult<T> = Result<T, CaseError>;

/// An error of a complaint endpoint.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// One of the shared API errors.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A problem with its own status and code, and per-field codes.
    #[error("{status}: {code:?}")]
    Problem {
        /// The HTTP status.
        status: StatusCode,
        /// The problem's code.
        code: ErrorCode,
        /// Per-field codes, by path in the request body.
        fields: Vec<(String, ErrorCode)>,
    },
}

impl From<sqlx::Error> for CaseError {
    fn from(error: sqlx::Error) -> Self {
        CaseError::Api(ApiError::Database(error))
    }
}

impl CaseError {
    /// A problem without field errors.
    pub fn status(status: StatusCode, code: ErrorCode) -> CaseError {
        CaseError::Problem {
            status,
            code,
            fields: Vec::new(),
        }
    }

    /// 422 `validation_failed` with these field errors.
    pub fn fields(fields: Vec<(String, ErrorCode)>) -> CaseError {
        CaseError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: ErrorCode::ValidationFailed,
            fields,
        }
    }

    /// 422 `validation_failed` with one field error.
    pub fn field(field: &str, code: ErrorCode) -> CaseError {
        CaseError::fields(vec![(field.to_owned(), code)])
    }

    /// 404: missing, or not the caller's.
    pub fn not_found() -> CaseError {
        CaseError::Api(ApiError::NotFound)
    }

    /// Every problem of a filing, at once.
    pub fn filing(errors: &[FilingError]) -> CaseError {
        CaseError::fields(errors.iter().map(|e| (e.field.clone(), e.code)).collect())
    }

    /// A step the state machine refused: 403 for who, 422 for what was sent, 409 for when.
    pub fn refusal(refusal: &Refusal, command: &Command) -> CaseError {
        let code = refusal.code();
        let field = match refusal {
            Refusal::RoleNotAllowed { .. } | Refusal::SupervisorRequired(_) => {
                return CaseError::status(StatusCode::FORBIDDEN, code);
            }
            Refusal::MaterialsListEmpty => "items",
            Refusal::MaterialItemUnknown(_) => "item_id",
            Refusal::ReasonRequired => match command {
                Command::NotAccept { .. } => "text",
                Command::Decide { .. } => "reasons",
                _ => "reason",
            },
            Refusal::DetailRequired => match command {
                Command::TransferOut { .. } => "to",
                _ => "summary",
            },
            _ => return CaseError::status(StatusCode::CONFLICT, code),
        };
        CaseError::Problem {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            fields: vec![(field.to_owned(), code)],
        }
    }
}

impl IntoResponse for CaseError {
    fn into_response(self) -> Response {
        match self {
            CaseError::Api(error) => error.into_response(),
            CaseError::Problem {
                status,
                code,
                fields,
            } => ProblemSource {
                status,
                code,
                fields: fields
                    .iter()
                    .map(|(field, code)| (static_field(field).into(), *code))
                    .collect(),
            }
            .render(Lang::default()),
        }
    }
}

/// Every field path a complaint endpoint reports. [`ProblemSource`] keeps `&'static str` names,
/// and the paths are a small closed set (at most 5 representatives are ever checked one by one).
const FIELDS: &[&str] = &[
    "channel",
    "filed_as",
    "consumer",
    "consumer.name",
    "consumer.id_number",
    "consumer.phone",
    "acting_person",
    "acting_person.name",
    "acting_person.id_number",
    "acting_person.phone",
    "power_of_attorney",
    "succession_proof",
    "representatives",
    "representatives[0].name",
    "representatives[0].id_number",
    "representatives[0].phone",
    "representatives[1].name",
    "representatives[1].id_number",
    "representatives[1].phone",
    "representatives[2].name",
    "representatives[2].id_number",
    "representatives[2].phone",
    "representatives[3].name",
    "representatives[3].id_number",
    "representatives[3].phone",
    "representatives[4].name",
    "representatives[4].id_number",
    "representatives[4].phone",
    "policy_id",
    "about",
    "category",
    "request",
    "facts",
    "attachments",
    "preferred_contact",
    "urgent",
    "policyholder_phone",
    "received_at",
    "idempotency_key",
    "items",
    "item_id",
    "reason",
    "reasons",
    "text",
    "to",
    "summary",
    "cursor",
    "limit",
    "name",
];

/// The static name of a field path; an unknown path falls back to its first segment's name.
fn static_field(field: &str) -> &'static str {
    if let Some(known) = FIELDS.iter().find(|f| **f == field) {
        return known;
    }
    let head = field.split(['.', '[']).next().unwrap_or(field);
    FIELDS
        .iter()
        .find(|f| **f == head)
        .copied()
        .unwrap_or("body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_keep_their_names() {
        assert_eq!(
            static_field("representatives[4].phone"),
            "representatives[4].phone"
        );
        assert_eq!(static_field("representatives[9].phone"), "representatives");
        assert_eq!(static_field("unheard.of"), "body");
    }
}
