//! What a tus endpoint answers when it refuses: a problem (RFC 9457) with the status the tus
//! protocol asks for (409 offset mismatch, 412 version, 460 checksum mismatch, …).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_core::Lang;
use portal_core::api::ErrorCode;

use crate::error::{ApiError, ProblemSource};

/// The result type of the tus handlers.
pub type TusResult<T> = Result<T, TusError>;

/// tus's "checksum mismatch" status.
pub const CHECKSUM_MISMATCH: u16 = 460;

/// A refusal of a tus endpoint.
#[derive(Debug, thiserror::Error)]
pub enum TusError {
    /// A problem with its status, code and, if one header or metadata key is at fault, its name.
    #[error("{status}: {code:?}")]
    Problem {
        /// The HTTP status.
        status: StatusCode,
        /// The problem's code.
        code: ErrorCode,
        /// The header or metadata key at fault.
        field: Option<&'static str>,
    },
    /// One of the shared API errors (401, and database or store failures: logged, never shown).
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl TusError {
    /// A problem without a field.
    pub fn new(status: StatusCode, code: ErrorCode) -> TusError {
        TusError::Problem {
            status,
            code,
            field: None,
        }
    }

    /// A problem about one header or metadata key.
    pub fn field(status: StatusCode, code: ErrorCode, field: &'static str) -> TusError {
        TusError::Problem {
            status,
            code,
            field: Some(field),
        }
    }

    /// 404: no such upload, or not the caller's.
    pub fn not_found() -> TusError {
        TusError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
    }

    /// 400 on a header that is missing or not what tus says it must be.
    pub fn header(name: &'static str) -> TusError {
        TusError::field(StatusCode::BAD_REQUEST, ErrorCode::ValidationFailed, name)
    }

    /// 500 on a failure of ours (logged, never shown).
    pub fn internal(what: impl std::fmt::Display) -> TusError {
        TusError::Api(ApiError::Internal(what.to_string()))
    }

    /// The status of a refusal the client made (for logs and tests).
    pub fn status(&self) -> StatusCode {
        match self {
            TusError::Problem { status, .. } => *status,
            TusError::Api(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for TusError {
    fn from(error: sqlx::Error) -> Self {
        TusError::Api(ApiError::Database(error))
    }
}

impl From<object_store::Error> for TusError {
    fn from(error: object_store::Error) -> Self {
        TusError::internal(format!("document store: {error}"))
    }
}

impl IntoResponse for TusError {
    fn into_response(self) -> Response {
        match self {
            TusError::Api(error) => error.into_response(),
            TusError::Problem {
                status,
                code,
                field,
            } => ProblemSource {
                status,
                code,
                fields: field.map(|f| vec![(f.into(), code)]).unwrap_or_default(),
            }
            .render(Lang::default()),
        }
    }
}
