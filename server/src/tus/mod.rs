//! Resumable uploads by the tus 1.0 protocol (core, creation, creation-with-upload, termination,
//! expiration, checksum), so that a phone on a dropping network resumes from the last byte the
//! server has, and any tus client can upload.
//!
//! The resume state lives in the database (`db::tus`), the bytes in the object store
//! (`store`): any replica can continue an upload another one started. A finished upload is a
//! document in `uploads` (same id), usable as an attachment by complaints and claims.

pub mod digest;
pub mod error;
pub mod flow;
pub mod headers;
pub mod routes;
pub mod store;
pub mod sweeper;
pub mod view;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

pub use routes::router;
pub use sweeper::{sweep, sweep_forever};

/// The path under which the tus endpoints live.
pub const TUS_PATH: &str = "/api/v1/tus";

/// Adds `Tus-Resumable` to every answer of the tus endpoints, and `Tus-Version` to a 412. It sits
/// outside the layer that turns errors into problems, which keeps only a few headers.
pub async fn protocol_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_tus = path == TUS_PATH || path.starts_with("/api/v1/tus/");
    let mut response = next.run(request).await;
    if is_tus {
        let headers = response.headers_mut();
        headers.insert(
            "tus-resumable",
            HeaderValue::from_static(headers::TUS_VERSION),
        );
        if response.status() == StatusCode::PRECONDITION_FAILED {
            response.headers_mut().insert(
                "tus-version",
                HeaderValue::from_static(headers::TUS_VERSION),
            );
        }
    }
    response
}
