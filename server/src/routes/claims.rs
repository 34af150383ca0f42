//! Claims: the policyholder reports and follows their own; staff read and act on any (the claim
//! page, the actions and the documents are shared routes). Someone else's claim or document is
//! indistinguishable from a missing one. `GET /files/{token}` is the one route without a
//! session: its signed, short-lived token is the permission.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use chrono::{DateTime, Utc};
use portal_core::api::{Page, Problem};
use portal_core::claim::{
    ClaimDetail, ClaimPrefill, ClaimReceipt, ClaimSummary, Command, NewClaim, NewDocument,
};
use portal_core::upload::UploadStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::complaints::PageQuery;
use crate::claims::documents;
use crate::claims::{ClaimError, ClaimResult, act, language, link, report, view};
use crate::complaints::act::uploader;
use crate::complaints::{Caller, Complainant, next_cursor, page, path_id};
use crate::db::{self, claims::ClaimRow};
use crate::error::Json;
use crate::files::Disposition;
use crate::state::AppState;
use crate::tus::view::status_of;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(prefill))
        .routes(routes!(list_claims, report_claim))
        .routes(routes!(claim))
        .routes(routes!(claim_uploads))
        .routes(routes!(take_action))
        .routes(routes!(attach_document))
        .routes(routes!(remove_document))
        .routes(routes!(document_file))
        .routes(routes!(document_link))
        .routes(routes!(linked_file))
}

/// `POST /claims/{id}/documents`: a finished upload of the caller's, into a checklist slot.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct AttachDocument {
    /// The upload's id (a completed tus upload, or a simple upload).
    pub upload_id: String,
    /// The checklist slot's key, e.g. `invoices`.
    pub slot: String,
}

/// A short-lived link to a document that works without a cookie.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct DocumentLink {
    /// `/api/v1/files/{token}`: the document inline, with its stored type.
    pub url: String,
    /// When the link stops working (10 minutes after it was made).
    pub expires_at: DateTime<Utc>,
}

/// The claim and the document of it that the path names, if the caller may see the claim; 404
/// otherwise, and for a document that is not on the claim.
async fn load_document(
    app: &AppState,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> ClaimResult<(ClaimRow, String)> {
    let Ok(Path((claim, document_id))) = path else {
        return Err(ClaimError::not_found());
    };
    let row = view::load_visible(app, caller, path_id(Ok(Path(claim)))?).await?;
    if !row.state.documents.iter().any(|d| d.id == document_id) {
        return Err(ClaimError::not_found());
    }
    Ok((row, document_id))
}

/// Takes a step on the claim as the caller; the claim page as it now stands.
async fn act_and_show(
    app: &AppState,
    caller: Caller,
    row: ClaimRow,
    command: Command,
    headers: &HeaderMap,
) -> ClaimResult<ClaimDetail> {
    let (row, timeline) = act::act(app, caller, row, command, language(headers)).await?;
    view::detail_with(app, row, timeline, caller).await
}

/// What the report form need not ask: the caller's policies and mobile number.
#[utoipa::path(get, path = "/claims/prefill", tag = "claims",
    responses(
        (status = 200, description = "The caller's policies and contact phone", body = ClaimPrefill),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json")
    ))]
async fn prefill(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
) -> ClaimResult<Json<ClaimPrefill>> {
    let identity = db::complaints::identity(&app.db, holder)
        .await?
        .ok_or_else(ClaimError::not_found)?;
    let policies = db::policies::list_for_holder(&app.db, holder, 0, 100).await?;
    Ok(Json(ClaimPrefill {
        policies,
        contact_phone: identity.phone,
    }))
}

/// The caller's claims, newest first, each with the deadline that runs next.
#[utoipa::path(get, path = "/claims", tag = "claims", params(PageQuery),
    responses(
        (status = 200, description = "A page of the caller's claims", body = Page<ClaimSummary>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad cursor or limit", body = Problem, content_type = "application/problem+json")
    ))]
async fn list_claims(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    Query(query): Query<PageQuery>,
) -> ClaimResult<Json<Page<ClaimSummary>>> {
    let (before, limit) = page(query.cursor.as_deref(), query.limit.as_deref())?;
    let mut rows =
        db::cases::list_for_holder::<ClaimRow>(&app.db, holder, before, limit + 1).await?;
    let next = next_cursor(&mut rows, limit, |r| r.id);
    let now = view::now();
    let items = view::summaries(&app, &rows, |clock| clock.next_deadline(now)).await?;
    Ok(Json(Page {
        items,
        next_cursor: next,
    }))
}

/// Reports a claim (报案) on one of the caller's policies. Send an `Idempotency-Key` header: a
/// retry with the same key and body answers the same receipt and makes no second claim. The
/// first feedback ("案件受理成功") is given at once; the receipt lists the documents to upload.
#[utoipa::path(post, path = "/claims", tag = "claims", request_body = NewClaim,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retried submit safe")),
    responses(
        (status = 201, description = "Reported: the receipt with the checklist", body = ClaimReceipt),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field errors (all at once: `policy_unknown`, `date_in_future`, `incident_outside_policy_period`, …), or `idempotency_key_reused`", body = Problem, content_type = "application/problem+json")
    ))]
async fn report_claim(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    headers: HeaderMap,
    Json(input): Json<NewClaim>,
) -> ClaimResult<Response> {
    report::report(&app, holder, &headers, input).await
}

/// The claim page: checklist with each slot's state, documents, assessment, decision, payment
/// breakdown, timeline, deadlines, and the actions the caller may take now.
#[utoipa::path(get, path = "/claims/{id}", tag = "claims",
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 200, description = "The claim", body = ClaimDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn claim(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
) -> ClaimResult<Json<ClaimDetail>> {
    let row = view::load_visible(&app, caller, path_id(id)?).await?;
    Ok(Json(view::detail(&app, row, caller).await?))
}

/// The caller's own resumable (tus) uploads for this claim that are still worth continuing, oldest
/// first, so a web app that lost its local storage can resume them: receiving (resume with
/// HEAD + PATCH at `offset`) or assembling, or completed but not attached (attach it with
/// `POST /claims/{id}/documents`). An upload counts for the claim by its `claim_id` metadata.
/// Rejected, terminated and expired uploads are left out, and so is a completed one that is a
/// document of a claim or ever was one of this claim (removed documents do not come back here).
/// Staff, who see every claim, get their own uploads for it.
#[utoipa::path(get, path = "/claims/{id}/uploads", tag = "claims",
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 200, description = "The uploads, oldest first (each as `GET /tus/{id}` gives it)", body = Vec<UploadStatus>),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn claim_uploads(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> ClaimResult<Json<Vec<UploadStatus>>> {
    let row = view::load_visible(&app, caller, path_id(id)?).await?;
    let now = db::now();
    let uploads = db::tus::resumable_for_claim(&app.db, uploader(caller), row.id, now).await?;
    let lang = language(&headers);
    Ok(Json(
        uploads
            .iter()
            .filter_map(|upload| status_of(upload, now, lang))
            .collect(),
    ))
}

/// Takes a step (`action` names it): the policyholder withdraws or disagrees (a dispute opens a
/// complaint: see `dispute_complaint` in the answer); staff accept, request documents, review
/// them, investigate, assess, decide, notify a refusal and pay. `upload_document` takes the
/// upload's id as `document.id` (the rest is read from the stored upload). Answers the claim
/// page as it now stands.
#[utoipa::path(post, path = "/claims/{id}/actions", tag = "claims", request_body = Command,
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 200, description = "Done: the claim now", body = ClaimDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not a step of the caller's role", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not at this stage (`transition_not_allowed`, `documents_already_requested`, …) or `concurrent_change`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`: the claim's documents would pass the total limit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A detail is missing or wrong", body = Problem, content_type = "application/problem+json")
    ))]
async fn take_action(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    Json(command): Json<Command>,
) -> ClaimResult<Json<ClaimDetail>> {
    let row = view::load_visible(&app, caller, path_id(id)?).await?;
    Ok(Json(
        act_and_show(&app, caller, row, command, &headers).await?,
    ))
}

/// Puts a finished upload of the caller's into a slot of the claim's checklist; the claim's
/// state, timeline and notices follow (documents complete once nothing is outstanding).
#[utoipa::path(post, path = "/claims/{id}/documents", tag = "claims", request_body = AttachDocument,
    params(("id" = i64, Path, description = "The claim's id")),
    responses(
        (status = 201, description = "Added: the claim now", body = ClaimDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`transition_not_allowed` (decided claims take no documents)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`: the claim's documents would pass the total limit", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`document_slot_unknown` or `document_slot_full` (field `slot`), `upload_unknown` (field `upload_id`: not the caller's, unfinished, rejected, or on another claim) or `document_already_added`", body = Problem, content_type = "application/problem+json")
    ))]
async fn attach_document(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    Json(body): Json<AttachDocument>,
) -> ClaimResult<(StatusCode, Json<ClaimDetail>)> {
    let row = view::load_visible(&app, caller, path_id(id)?).await?;
    let command = Command::UploadDocument {
        document: NewDocument {
            id: body.upload_id,
            slot: body.slot,
            file_name: String::new(),
            content_type: String::new(),
            size: 0,
        },
    };
    Ok((
        StatusCode::CREATED,
        Json(act_and_show(&app, caller, row, command, &headers).await?),
    ))
}

/// Removes a document the policyholder added and that was not reviewed yet.
#[utoipa::path(delete, path = "/claims/{id}/documents/{document_id}", tag = "claims",
    params(("id" = i64, Path, description = "The claim's id"), ("document_id" = String, Path, description = "The document's id")),
    responses(
        (status = 200, description = "Removed: the claim now", body = ClaimDetail),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim or document of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`document_already_reviewed`, or the claim is past gathering documents", body = Problem, content_type = "application/problem+json")
    ))]
async fn remove_document(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    path: Result<Path<(String, String)>, PathRejection>,
    headers: HeaderMap,
) -> ClaimResult<Json<ClaimDetail>> {
    let caller = Caller::Policyholder(holder);
    let (row, document_id) = load_document(&app, caller, path).await?;
    let command = Command::RemoveDocument { document_id };
    Ok(Json(
        act_and_show(&app, caller, row, command, &headers).await?,
    ))
}

/// The document's bytes, as a download, to the claim's policyholder or staff.
#[utoipa::path(get, path = "/claims/{id}/documents/{document_id}/file", tag = "claims",
    params(("id" = i64, Path, description = "The claim's id"), ("document_id" = String, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The file, with its stored type", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim or document of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn document_file(
    State(app): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> ClaimResult<Response> {
    let (row, document_id) = load_document(&app, caller, path).await?;
    documents::send(&app, &row.state, &document_id, Disposition::Attachment).await
}

/// A signed link to the document, valid 10 minutes, for a webview that sends no cookie: open
/// `url` as it is (images and PDFs show inline).
#[utoipa::path(get, path = "/claims/{id}/documents/{document_id}/link", tag = "claims",
    params(("id" = i64, Path, description = "The claim's id"), ("document_id" = String, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The link", body = DocumentLink),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such claim or document of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn document_link(
    State(app): State<AppState>,
    caller: Caller,
    path: Result<Path<(String, String)>, PathRejection>,
) -> ClaimResult<Json<DocumentLink>> {
    let (row, document_id) = load_document(&app, caller, path).await?;
    let expires_at = db::now().saturating_add(link::LINK_SECS);
    let token = link::sign(&app.claims.link_key, row.id, &document_id, expires_at);
    Ok(Json(DocumentLink {
        url: format!("{}/files/{token}", portal_core::api::API_PREFIX),
        expires_at: db::complaints::instant(expires_at),
    }))
}

/// A document by its signed link, inline with its stored type; no session needed. 404 once the
/// link has expired, for a wrong signature, or when the document left the claim.
#[utoipa::path(get, path = "/files/{token}", tag = "claims",
    params(("token" = String, Path, description = "The token of a link from `GET /claims/{id}/documents/{document_id}/link`")),
    responses(
        (status = 200, description = "The file, inline", content_type = "application/octet-stream"),
        (status = 404, description = "Expired, tampered with, or gone", body = Problem, content_type = "application/problem+json")
    ))]
async fn linked_file(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> ClaimResult<Response> {
    let Ok(Path(token)) = token else {
        return Err(ClaimError::not_found());
    };
    let (claim_id, document_id) =
        link::verify(&app.claims.link_key, &token, db::now()).ok_or_else(ClaimError::not_found)?;
    let row = db::cases::find::<ClaimRow>(&app.db, claim_id)
        .await?
        .ok_or_else(ClaimError::not_found)?;
    documents::send(&app, &row.state, &document_id, Disposition::Inline).await
}
