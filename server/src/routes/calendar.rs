//! `GET /calendar/{year}`: a year's public holidays and declared working days (no login needed).

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use portal_core::api::Problem;
use portal_core::calendar::{WorkingCalendar, YearCalendar};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(calendar_year))
}

/// The official schedule of a year on file: holiday breaks and the weekend days declared working
/// days (调休). A year not on file is 404: dates in it count Monday–Friday, provisionally.
#[utoipa::path(get, path = "/calendar/{year}", tag = "complaints",
    params(("year" = i32, Path, description = "The calendar year, e.g. 2026")),
    responses(
        (status = 200, description = "The year's schedule", body = YearCalendar),
        (status = 404, description = "No official schedule on file for that year", body = Problem, content_type = "application/problem+json")
    ))]
async fn calendar_year(year: Result<Path<String>, PathRejection>) -> Result<Json<YearCalendar>> {
    year.ok()
        .and_then(|Path(year)| year.parse::<i32>().ok())
        .and_then(|year| WorkingCalendar::official().year(year))
        .map(Json)
        .ok_or(ApiError::NotFound)
}
