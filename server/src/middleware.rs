//! Layers that shape every response: problems in the caller's language, cache rules of the API,
//! security headers, and a problem instead of a bare status from the router or a panic.

use std::any::Any;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{ApiError, ProblemSource};

/// For `/api` requests: render problems in the caller's language, turn bare error statuses into
/// problems, and forbid caching.
pub async fn api_responses(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_api = path == "/api" || path.starts_with("/api/");
    let lang = language(request.headers());
    let mut response = next.run(request).await;
    if !is_api {
        return response;
    }
    let source = response
        .extensions_mut()
        .remove::<ProblemSource>()
        .or_else(|| {
            let status = response.status();
            (status.is_client_error() || status.is_server_error())
                .then(|| ProblemSource::for_status(status))
        });
    if let Some(source) = source {
        let mut problem = source.render(lang);
        for name in [header::ALLOW, header::RETRY_AFTER, header::SET_COOKIE] {
            for value in response.headers().get_all(&name) {
                problem.headers_mut().append(name.clone(), value.clone());
            }
        }
        response = problem;
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

use crate::lang::language;

/// The security headers every response carries.
pub fn security_headers(csp: &str) -> Vec<(HeaderName, HeaderValue)> {
    let csp = HeaderValue::from_str(csp).unwrap_or(HeaderValue::from_static("default-src 'self'"));
    vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]
}

/// What a panicking handler answers: the `internal` problem (the panic itself is logged).
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    axum::response::IntoResponse::into_response(ApiError::Internal(format!(
        "handler panicked: {message}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_internal_problem_without_its_message() {
        let response = panic_response(Box::new("secret detail".to_owned()));
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let source = response.extensions().get::<ProblemSource>();
        assert_eq!(
            source.map(|s| s.code),
            Some(portal_core::api::ErrorCode::Internal)
        );
    }
}
