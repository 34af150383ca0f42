//! The one error type of the API, rendered as `application/problem+json` (RFC 9457).
//!
//! A handler returns `ApiError`; the response carries a [`ProblemSource`] extension so that the
//! [`crate::middleware::api_responses`] layer can render `detail` in the caller's language.

use std::borrow::Cow;

use axum::extract::FromRequest;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::Lang;
use portal_core::api::{ErrorCode, FieldError, Problem};
use serde::Serialize;

use crate::auth::cookie;

/// The result type of handlers.
pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// Everything that can go wrong in a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Fields failed to parse; each has its own code.
    #[error("validation failed")]
    Invalid(Vec<(&'static str, ErrorCode)>),
    /// The request was well formed but refused, because of one field (e.g. `code_wrong`).
    #[error("refused: {code:?}")]
    Refused {
        /// The field to show the message next to.
        field: &'static str,
        /// Why.
        code: ErrorCode,
    },
    /// Too many requests; try again after the given seconds.
    #[error("too many requests: {code:?}")]
    TooMany {
        /// `code_resend_too_soon` or `rate_limited`.
        code: ErrorCode,
        /// Seconds until it may be tried again.
        retry_after: i64,
    },
    /// Wrong staff username or password.
    #[error("credentials wrong")]
    CredentialsWrong,
    /// No valid session; `clear_cookie` when the request's cookie is dead and should go.
    #[error("unauthenticated")]
    Unauthenticated {
        /// Send a cookie that removes the browser's one.
        clear_cookie: bool,
    },
    /// Logged in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// Missing, or not the caller's.
    #[error("not found")]
    NotFound,
    /// Not JSON of the expected shape.
    #[error("body malformed")]
    BodyMalformed,
    /// Body over the limit.
    #[error("body too large")]
    BodyTooLarge,
    /// Not `application/json`.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// A gateway we depend on (the SMS provider) did not take the request; try again after the
    /// given seconds. Its reason is logged, without the number or the code.
    #[error("unavailable: {code:?}: {reason}")]
    Unavailable {
        /// What could not be done.
        code: ErrorCode,
        /// Seconds until it is worth trying again.
        retry_after: i64,
        /// Why (for the log).
        reason: String,
    },
    /// The database failed; logged, never shown.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Anything else on our side; logged, never shown.
    #[error("internal: {0}")]
    Internal(String),
}

/// What a problem response is made of, before the language is known.
#[derive(Debug, Clone)]
pub struct ProblemSource {
    /// The HTTP status.
    pub status: StatusCode,
    /// The problem's code.
    pub code: ErrorCode,
    /// Per-field codes, by the field's name or path in the request body.
    pub fields: Vec<(Cow<'static, str>, ErrorCode)>,
}

impl ProblemSource {
    /// A problem for a plain status that no handler described (405 from the router, 404 …).
    pub fn for_status(status: StatusCode) -> ProblemSource {
        let code = match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            StatusCode::TOO_MANY_REQUESTS => ErrorCode::RateLimited,
            s if s.is_client_error() => ErrorCode::BodyMalformed,
            _ => ErrorCode::Internal,
        };
        ProblemSource {
            status,
            code,
            fields: Vec::new(),
        }
    }

    /// The RFC 9457 body in a language.
    pub fn problem(&self, lang: Lang) -> Problem {
        Problem {
            problem_type: format!("https://portal.example/problems/{}", code_name(self.code)),
            title: self.code.message(Lang::En).to_owned(),
            status: self.status.as_u16(),
            code: self.code,
            detail: Some(self.code.message(lang).to_owned()),
            errors: self
                .fields
                .iter()
                .map(|(field, code)| FieldError {
                    field: field.to_string(),
                    code: *code,
                    message: code.message(lang).to_owned(),
                })
                .collect(),
        }
    }

    /// The whole response in a language.
    pub fn render(&self, lang: Lang) -> Response {
        let body = serde_json::to_vec(&self.problem(lang)).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response.extensions_mut().insert(self.clone());
        response
    }
}

fn code_name(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".into())
}

impl ApiError {
    fn source(&self) -> ProblemSource {
        use ErrorCode as C;
        let (status, code, fields) = match self {
            ApiError::Invalid(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                C::ValidationFailed,
                fields.iter().map(|&(f, c)| (Cow::Borrowed(f), c)).collect(),
            ),
            ApiError::Refused { field, code } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                *code,
                vec![(Cow::Borrowed(*field), *code)],
            ),
            ApiError::TooMany { code, .. } => (StatusCode::TOO_MANY_REQUESTS, *code, vec![]),
            ApiError::CredentialsWrong => (StatusCode::UNAUTHORIZED, C::CredentialsWrong, vec![]),
            ApiError::Unauthenticated { .. } => {
                (StatusCode::UNAUTHORIZED, C::Unauthenticated, vec![])
            }
            ApiError::Forbidden => (StatusCode::FORBIDDEN, C::Forbidden, vec![]),
            ApiError::NotFound => (StatusCode::NOT_FOUND, C::NotFound, vec![]),
            ApiError::BodyMalformed => (StatusCode::BAD_REQUEST, C::BodyMalformed, vec![]),
            ApiError::BodyTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, C::BodyTooLarge, vec![]),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                C::UnsupportedMediaType,
                vec![],
            ),
            ApiError::Unavailable { code, .. } => (StatusCode::SERVICE_UNAVAILABLE, *code, vec![]),
            ApiError::Database(_) | ApiError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, C::Internal, vec![])
            }
        };
        ProblemSource {
            status,
            code,
            fields,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match &self {
            ApiError::Database(_) | ApiError::Internal(_) => {
                tracing::error!(error = %self, "request failed");
            }
            ApiError::Unavailable { .. } => tracing::warn!(error = %self, "request not done"),
            _ => {}
        }
        let mut response = self.source().render(Lang::default());
        let headers = response.headers_mut();
        match self {
            ApiError::TooMany { retry_after, .. } | ApiError::Unavailable { retry_after, .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
            }
            ApiError::Unauthenticated { clear_cookie: true } => {
                headers.insert(header::SET_COOKIE, cookie::removal());
            }
            _ => {}
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            _ => ApiError::BodyMalformed,
        }
    }
}

/// `axum::Json`, but its rejections are problems (400 `body_malformed`, 413, 415).
#[derive(Debug, Clone, Copy, Default, FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}
