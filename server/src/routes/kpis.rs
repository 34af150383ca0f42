//! Supervisors: the service KPIs (考核指标) of a range of months or quarters, with a breakdown,
//! as JSON and as CSV. Every figure is computed in SQL (see [`crate::kpi::report`]).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use portal_core::api::{ErrorCode, Problem, StaffRole};
use portal_core::complaint::china_date;
use portal_core::kpi::{self, Breakdown, KpiReport, PeriodRange};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::Staff;
use crate::error::{ApiError, Json};
use crate::lang::ReaderLang;
use crate::state::AppState;

/// The routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(kpis))
        .routes(routes!(kpis_csv))
}

/// Which periods and how to split them.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiQuery {
    /// `month` (default) or `quarter`.
    pub period: Option<String>,
    /// The first period, `2026-01` or `2026-Q1` (default: 11 months or 3 quarters before `to`).
    pub from: Option<String>,
    /// The last period (default: the one containing today, China time). At most 36 periods.
    pub to: Option<String>,
    /// `none` (default), `case_kind`, `channel` or `handler`.
    pub by: Option<String>,
}

/// The range and breakdown asked for: 422 `period_invalid` for a bad period or range, 422
/// `validation_failed` on `by` for an unknown breakdown.
fn parse(
    query: Result<Query<KpiQuery>, QueryRejection>,
) -> Result<(PeriodRange, Breakdown), ApiError> {
    let invalid = ApiError::Refused {
        field: "period",
        code: ErrorCode::PeriodInvalid,
    };
    let Query(query) = query.map_err(|_| invalid)?;
    let today = china_date(Utc::now());
    let range = PeriodRange::parse(
        query.period.as_deref(),
        query.from.as_deref(),
        query.to.as_deref(),
        today,
    )
    .map_err(|_| ApiError::Refused {
        field: "period",
        code: ErrorCode::PeriodInvalid,
    })?;
    let by = match query.by.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        None => Breakdown::None,
        Some(b) => Breakdown::from_str_opt(b)
            .ok_or(ApiError::Invalid(vec![("by", ErrorCode::ValidationFailed)]))?,
    };
    Ok((range, by))
}

/// Supervisors only: a handler gets 403 like a policyholder.
fn supervisor(staff: Staff) -> Result<(), ApiError> {
    match staff.1 {
        StaffRole::Supervisor => Ok(()),
        StaffRole::Handler => Err(ApiError::Forbidden),
    }
}

async fn report(
    app: &AppState,
    staff: Staff,
    query: Result<Query<KpiQuery>, QueryRejection>,
) -> Result<KpiReport, ApiError> {
    supervisor(staff)?;
    let (range, by) = parse(query)?;
    Ok(crate::kpi::report::report(&app.db, &range, by).await?)
}

/// The service KPIs of each period, for the whole company or split by case kind, channel or
/// handler, each figure with its count (the denominator), its target from the company documents
/// and whether it was met. A breakdown group with fewer than 30 answers or cases gets no value,
/// `too_few` and a statement instead. Satisfaction and NPS count by the day answered, the
/// response rate by the day sent, the complaint rate by the day received (over the policies in
/// force during the period), timeliness by the day decided, the handling time by the day paid.
#[utoipa::path(get, path = "/staff/kpis", tag = "kpis", params(KpiQuery),
    responses(
        (status = 200, description = "The KPIs", body = KpiReport),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a supervisor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_invalid`: a bad period or range (more than 36 periods, backwards, month and quarter mixed); `validation_failed` on `by`", body = Problem, content_type = "application/problem+json")
    ))]
async fn kpis(
    State(app): State<AppState>,
    staff: Staff,
    query: Result<Query<KpiQuery>, QueryRejection>,
) -> Result<Json<KpiReport>, ApiError> {
    Ok(Json(report(&app, staff, query).await?))
}

/// The same figures as CSV (UTF-8 with a byte order mark, so that spreadsheets read the Chinese
/// right): a header row, then one row per period × group × KPI with its value, p90, numerator,
/// count, target, met, too_few and statement; labels in the reader's language.
#[utoipa::path(get, path = "/staff/kpis.csv", tag = "kpis", params(KpiQuery),
    responses(
        (status = 200, description = "The KPIs as CSV, `Content-Disposition: attachment; filename=\"kpis-<from>-<to>.csv\"`", body = String, content_type = "text/csv"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a supervisor", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`period_invalid` or `validation_failed` on `by`", body = Problem, content_type = "application/problem+json")
    ))]
async fn kpis_csv(
    State(app): State<AppState>,
    staff: Staff,
    ReaderLang(lang): ReaderLang,
    query: Result<Query<KpiQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let report = report(&app, staff, query).await?;
    let body = format!("\u{feff}{}", kpi::csv(&report, lang));
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    // The periods are ASCII (`2026-01`, `2026-Q1`), so the name needs no encoding.
    let disposition = format!(
        "attachment; filename=\"kpis-{}-{}.csv\"",
        report.from, report.to
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
