//! `GET /health`: the server and its database answer.

use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::Health;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::db;
use crate::error::Json;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Whether the server and its database answer.
#[utoipa::path(get, path = "/health", tag = "system",
    responses(
        (status = 200, description = "Up", body = Health),
        (status = 503, description = "The database does not answer", body = Health)
    ))]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let (status, text) = match db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(error) => {
            tracing::error!(%error, "health check: database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database_unavailable")
        }
    };
    (
        status,
        Json(Health {
            status: text.into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }),
    )
}
