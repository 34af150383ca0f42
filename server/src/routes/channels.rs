//! `GET /channels`: the complaint channels the company publishes (no login needed).

use axum::extract::State;
use portal_core::complaint::ComplaintChannels;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::Json;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(channels))
}

/// Hotline, fax, addresses, reception hours, email, the portal and the handling process, as
/// configured (`PORTAL_CHANNELS_FILE`, default `server/config/channels.toml`). Public.
#[utoipa::path(get, path = "/channels", tag = "complaints",
    responses((status = 200, description = "The published channels", body = ComplaintChannels)))]
async fn channels(State(app): State<AppState>) -> Json<ComplaintChannels> {
    Json(app.complaints.channels.clone())
}
