//! The `/api/v1` resources; each module exposes `router()` and the parent merges them.

pub mod auth;
pub mod calendar;
pub mod channels;
pub mod claims;
pub mod complaints;
pub mod demo;
pub mod health;
pub mod inbox;
pub mod inbox_stream;
pub mod kpis;
pub mod me;
pub mod notify_settings;
pub mod policies;
pub mod receipts;
pub mod staff_claims;
pub mod staff_complaints;
pub mod staff_deliveries;
pub mod staff_surveys;
pub mod surveys;
pub mod uploads;

use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

/// The OpenAPI document's frame; paths are added by the routers.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Policyholder portal API",
        description = "Errors are application/problem+json (RFC 9457) with a stable `code`."
    ),
    components(schemas(
        portal_core::api::Problem,
        portal_core::api::FieldError,
        portal_core::api::ErrorCode
    )),
    tags(
        (name = "system", description = "Health and the API description"),
        (name = "auth", description = "Logging in and out"),
        (name = "policies", description = "The caller's own policies"),
        (name = "complaints", description = "Filing and following complaints; the published channels and calendar"),
        (name = "uploads", description = "Photos and PDFs attached to cases"),
        (name = "inbox", description = "Progress notices"),
        (name = "receipts", description = "The SMS providers' delivery receipts (called by the providers, with a token)"),
        (name = "notifications", description = "How the caller hears of their cases: channels, email address"),
        (name = "claims", description = "Reporting and following claims, their documents and signed preview links"),
        (name = "staff", description = "The complaint and claim queues and off-line registration"),
        (name = "surveys", description = "Satisfaction surveys: answering in the portal or through a signed link"),
        (name = "return visits", description = "Staff: survey invitations and the return visits recorded against them"),
        (name = "kpis", description = "Staff: the service KPIs against their targets, and their CSV export")
    )
)]
pub struct ApiDoc;

/// Every API route under `/api/v1`, with the OpenAPI document built from their annotations.
pub fn api() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .merge(health::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(notify_settings::router())
        .merge(demo::router())
        .merge(policies::router())
        .merge(channels::router())
        .merge(calendar::router())
        .merge(complaints::router())
        .merge(staff_complaints::router())
        .merge(claims::router())
        .merge(staff_claims::router())
        .merge(staff_deliveries::router())
        .merge(uploads::router())
        .merge(crate::tus::router())
        .merge(inbox::router())
        .merge(receipts::router())
        .merge(inbox_stream::router())
        .merge(surveys::router())
        .merge(staff_surveys::router())
        .merge(kpis::router());
    OpenApiRouter::with_openapi(ApiDoc::openapi()).nest(portal_core::api::API_PREFIX, v1)
}
