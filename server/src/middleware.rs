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

/// The security headers of a response that a browser may show as a page (HTML, the API's JSON,
/// an SVG, a document): `csp` and the rest.
pub fn security_headers(csp: &str) -> SecurityHeaders {
    let csp = HeaderValue::from_str(csp).unwrap_or(HeaderValue::from_static("default-src 'self'"));
    SecurityHeaders(std::sync::Arc::new(vec![
        (header::CONTENT_SECURITY_POLICY, csp),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
    ]))
}

/// The document headers of [`security_headers`], shared by every request.
#[derive(Clone)]
pub struct SecurityHeaders(std::sync::Arc<Vec<(HeaderName, HeaderValue)>>);

/// Every response gets `X-Content-Type-Options: nosniff`. Responses that can be shown as a page
/// also get the document headers (CSP, frame and referrer policy). The build's content-hashed
/// wasm, JavaScript and CSS (`/pkg-<hash>/…`) are never pages: a policy on them does nothing
/// (the page's own CSP governs the scripts it loads), and their `Last-Modified` and
/// `Accept-Ranges` serve no purpose on a file cached as immutable. Leaving those headers off
/// saves about 350 bytes on each of the dozens of such requests a cold load makes.
pub async fn security(
    axum::extract::State(headers): axum::extract::State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let asset = crate::web::is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let map = response.headers_mut();
    map.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    let never_a_page = asset
        && map
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| {
                [
                    "application/wasm",
                    "text/javascript",
                    "application/javascript",
                    "text/css",
                ]
                .iter()
                .any(|kind| t.starts_with(kind))
            });
    if never_a_page {
        map.remove(header::LAST_MODIFIED);
        map.remove(header::ACCEPT_RANGES);
    } else {
        for (name, value) in headers.0.iter() {
            map.insert(name.clone(), value.clone());
        }
    }
    response
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
