//! `GET /demo`: the demo accounts, only in demo mode.

use axum::extract::State;
use portal_core::api::{DemoAccounts, Problem};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::demo;
use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(demo_accounts))
}

/// The demo accounts the login screen offers; 404 unless the server runs in demo mode.
#[utoipa::path(get, path = "/demo", tag = "auth",
    responses(
        (status = 200, description = "Demo mode", body = DemoAccounts),
        (status = 404, description = "Not in demo mode", body = Problem, content_type = "application/problem+json")
    ))]
async fn demo_accounts(State(state): State<AppState>) -> Result<Json<DemoAccounts>> {
    if state.config.demo {
        Ok(Json(demo::accounts()))
    } else {
        Err(ApiError::NotFound)
    }
}
