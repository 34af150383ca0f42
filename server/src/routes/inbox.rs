//! The policyholder's inbox of progress notices (进度通知). Someone else's notice id is 404.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use portal_core::api::{Page, Problem};
use portal_core::complaint::{Notice, UnreadCount};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::complaints::PageQuery;
use crate::complaints::{CaseError, CaseResult, Complainant, next_cursor, page, path_id};
use crate::db;
use crate::error::Json;
use crate::lang::ReaderLang;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(unread))
        .routes(routes!(read_one))
        .routes(routes!(read_all))
}

/// The caller's notices, newest first, each with where and when it was delivered.
#[utoipa::path(get, path = "/inbox", tag = "inbox", params(PageQuery),
    responses(
        (status = 200, description = "A page of notices", body = Page<Notice>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json")
    ))]
async fn inbox(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(lang): ReaderLang,
    Query(query): Query<PageQuery>,
) -> CaseResult<Json<Page<Notice>>> {
    let (before, limit) = page(query.cursor.as_deref(), query.limit.as_deref())?;
    let mut items = db::notices::list(&app.db, holder, before, limit + 1, lang).await?;
    let next = next_cursor(&mut items, limit, |n| n.id);
    Ok(Json(Page {
        items,
        next_cursor: next,
    }))
}

/// How many notices the caller has not opened.
#[utoipa::path(get, path = "/inbox/unread", tag = "inbox",
    responses(
        (status = 200, description = "The unread count", body = UnreadCount),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json")
    ))]
async fn unread(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
) -> CaseResult<Json<UnreadCount>> {
    unread_count(&app, holder).await
}

/// Marks one notice read; answers the new unread count.
#[utoipa::path(post, path = "/inbox/{id}/read", tag = "inbox",
    params(("id" = i64, Path, description = "The notice's id")),
    responses(
        (status = 200, description = "Marked read", body = UnreadCount),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such notice of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn read_one(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    id: Result<Path<String>, PathRejection>,
) -> CaseResult<Json<UnreadCount>> {
    if !db::notices::mark_read(&app.db, holder, path_id(id)?, db::now()).await? {
        return Err(CaseError::not_found());
    }
    unread_count(&app, holder).await
}

/// Marks every notice read; answers the new unread count (0).
#[utoipa::path(post, path = "/inbox/read-all", tag = "inbox",
    responses(
        (status = 200, description = "All read", body = UnreadCount),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json")
    ))]
async fn read_all(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
) -> CaseResult<Json<UnreadCount>> {
    db::notices::mark_all_read(&app.db, holder, db::now()).await?;
    unread_count(&app, holder).await
}

/// The policyholder's unread count as the answer.
async fn unread_count(app: &AppState, holder: i64) -> CaseResult<Json<UnreadCount>> {
    Ok(Json(UnreadCount {
        unread: db::notices::unread(&app.db, holder).await?,
    }))
}
