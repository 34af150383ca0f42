//! The tus 1.0 endpoints under `/api/v1/tus`: OPTIONS (discovery), POST (creation, with upload),
//! HEAD (offset), PATCH (bytes), DELETE (termination), and GET (the upload's state as JSON).

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{ErrorCode, Problem};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::error::{TusError, TusResult};
use super::headers::{
    self, CHECKSUM_ALGORITHMS, Checksum, ChecksumError, OFFSET_OCTET_STREAM, TUS_EXTENSIONS,
    TUS_VERSION,
};
use super::view::{UploadStatus, problem_code, status_of, visible_state};
use super::{flow, store};
use crate::complaints::Caller;
use crate::complaints::act::uploader;
use crate::db::{
    self,
    claims::ClaimRow,
    tus::{NewTusUpload, TusState, TusUpload},
};
use crate::error::Json;
use crate::files;
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(discover, create))
        .routes(routes!(status, offset, append, terminate))
}

/// tus discovery: the version, extensions, largest file and checksum algorithms.
#[utoipa::path(options, path = "/tus", tag = "uploads",
    responses((status = 204, description = "`Tus-Version`, `Tus-Extension`, `Tus-Max-Size`, `Tus-Checksum-Algorithm`")))]
async fn discover(State(app): State<AppState>) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert("tus-version", HeaderValue::from_static(TUS_VERSION));
    headers.insert("tus-extension", HeaderValue::from_static(TUS_EXTENSIONS));
    headers.insert(
        "tus-max-size",
        HeaderValue::from(app.config.uploads.max_file_bytes),
    );
    headers.insert(
        "tus-checksum-algorithm",
        HeaderValue::from_static(CHECKSUM_ALGORITHMS),
    );
    response
}

/// tus creation: `Upload-Length` (1 byte to `Tus-Max-Size`), `Upload-Metadata` (`filename`,
/// `filetype`, `purpose`, and target keys such as `claim_id` and `slot`). With a body of type
/// `application/offset+octet-stream`, its bytes are the upload's first ones.
#[utoipa::path(post, path = "/tus", tag = "uploads",
    params(
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Length" = u64, Header, description = "The file's size in bytes"),
        ("Upload-Metadata" = Option<String>, Header, description = "`key base64(value)` pairs, comma-separated")
    ),
    responses(
        (status = 201, description = "Created: `Location`, `Upload-Expires` (and `Upload-Offset` with a body)"),
        (status = 400, description = "`file_empty`, or a header missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Unsupported `Tus-Resumable`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large` (the file, or the claim's total)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`file_type_not_allowed` (with a body)", body = Problem, content_type = "application/problem+json")
    ))]
async fn create(
    State(app): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Body,
) -> TusResult<Response> {
    require_tus(&headers)?;
    if headers.contains_key("upload-defer-length") {
        return Err(TusError::header("Upload-Defer-Length"));
    }
    let length = match headers::number(&headers, "upload-length") {
        None => {
            return Err(TusError::field(
                StatusCode::BAD_REQUEST,
                ErrorCode::Required,
                "Upload-Length",
            ));
        }
        Some(Err(())) => return Err(TusError::header("Upload-Length")),
        Some(Ok(0)) => return Err(TusError::new(StatusCode::BAD_REQUEST, ErrorCode::FileEmpty)),
        Some(Ok(n)) if n > app.config.uploads.max_file_bytes => {
            return Err(TusError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::FileTooLarge,
            ));
        }
        Some(Ok(n)) => i64::try_from(n).map_err(|_| TusError::header("Upload-Length"))?,
    };
    let metadata = headers::metadata(headers::text(&headers, "upload-metadata"))
        .map_err(|_| TusError::header("Upload-Metadata"))?;
    let owner = uploader(caller);
    let claim_id = check_target(&app, caller, &metadata, length).await?;
    let now = db::now();
    let expiry = i64::try_from(app.config.uploads.expiry.as_secs()).unwrap_or(i64::MAX);
    let new = NewTusUpload {
        id: files::new_id(),
        owner,
        length,
        file_name: files::file_name(
            metadata
                .get("filename")
                .or(metadata.get("name"))
                .map(String::as_str),
        ),
        declared_type: metadata
            .get("filetype")
            .or(metadata.get("type"))
            .map(|t| t.chars().take(100).collect()),
        metadata,
        claim_id,
        now,
        expires_at: now.saturating_add(expiry),
    };
    let mut upload = db::tus::insert(&app.db, new).await?;
    let with_data = is_offset_stream(&headers);
    if with_data {
        let checksum = checksum(&headers)?;
        upload = receive(&app, upload, checksum, &headers, body).await?;
    }
    let mut response = StatusCode::CREATED.into_response();
    let out = response.headers_mut();
    let location = format!("{}/tus/{}", portal_core::api::API_PREFIX, upload.id);
    if let Ok(location) = HeaderValue::from_str(&location) {
        out.insert(header::LOCATION, location);
    }
    progress_headers(out, &upload, with_data);
    Ok(response)
}

/// A new upload's target: a claim named in the metadata must be one the caller may see, with
/// that slot in its checklist, and the caller's files on it must stay within the per-claim total.
/// Returns the claim's id (`"007"` and `"7"` name the same claim, and count to the same total).
async fn check_target(
    app: &AppState,
    caller: Caller,
    metadata: &BTreeMap<String, String>,
    length: i64,
) -> TusResult<Option<i64>> {
    let Some(claim_id) = metadata.get("claim_id") else {
        return Ok(None);
    };
    let claim = match claim_id.parse::<i64>() {
        Ok(id) => db::cases::find::<ClaimRow>(&app.db, id).await?,
        Err(_) => None,
    };
    let Some(claim) = claim.filter(|row| crate::claims::view::visible_to(row, caller)) else {
        return Err(TusError::field(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "claim_id",
        ));
    };
    if let Some(slot) = metadata.get("slot")
        && claim.checklist.slot(slot).is_none()
    {
        return Err(TusError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::DocumentSlotUnknown,
            "slot",
        ));
    }
    let total = db::tus::claim_total(&app.db, uploader(caller), claim.id).await?;
    let limit = i64::try_from(app.config.uploads.claim_max_total_bytes).unwrap_or(i64::MAX);
    if total.saturating_add(length) > limit {
        return Err(TusError::field(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::FileTooLarge,
            "claim_id",
        ));
    }
    Ok(Some(claim.id))
}

/// tus HEAD: the bytes the server has (`Upload-Offset`) of `Upload-Length`.
#[utoipa::path(head, path = "/tus/{id}", tag = "uploads",
    params(("id" = String, Path, description = "The upload's id"), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses(
        (status = 200, description = "`Upload-Offset`, `Upload-Length`, `Upload-Expires`; `Cache-Control: no-store`"),
        (status = 404, description = "No such upload of the caller's"),
        (status = 410, description = "Expired"),
        (status = 415, description = "Rejected (`file_type_not_allowed`)")
    ))]
async fn offset(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> TusResult<Response> {
    let upload = owned(&app, caller, id).await?;
    require_tus(&headers)?;
    live(&upload)?;
    let mut response = StatusCode::OK.into_response();
    let out = response.headers_mut();
    out.insert("upload-length", HeaderValue::from(upload.length));
    progress_headers(out, &upload, true);
    if let Some(metadata) = metadata_header(&upload.metadata) {
        out.insert("upload-metadata", metadata);
    }
    Ok(response)
}

/// tus PATCH: appends the body (`application/offset+octet-stream`) at `Upload-Offset`, which
/// must be the server's. With `Upload-Checksum`, a body that does not match is discarded (460).
#[utoipa::path(patch, path = "/tus/{id}", tag = "uploads",
    params(
        ("id" = String, Path, description = "The upload's id"),
        ("Tus-Resumable" = String, Header, description = "1.0.0"),
        ("Upload-Offset" = u64, Header, description = "Where the body starts"),
        ("Upload-Checksum" = Option<String>, Header, description = "`sha1|sha256 base64(digest)` of the body")
    ),
    request_body(content = Vec<u8>, description = "The next bytes", content_type = "application/offset+octet-stream"),
    responses(
        (status = 204, description = "Stored: the new `Upload-Offset`"),
        (status = 400, description = "A header missing or malformed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such upload of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`Upload-Offset` is not the server's", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`upload_unknown`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "More bytes than `Upload-Length`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `application/offset+octet-stream`, or `file_type_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 460, description = "Checksum mismatch: the body was discarded", body = Problem, content_type = "application/problem+json")
    ))]
async fn append(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Body,
) -> TusResult<Response> {
    let upload = owned(&app, caller, id).await?;
    require_tus(&headers)?;
    if !is_offset_stream(&headers) {
        return Err(TusError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
        ));
    }
    let offset = match headers::number(&headers, "upload-offset") {
        Some(Ok(offset)) => offset,
        _ => return Err(TusError::header("Upload-Offset")),
    };
    let checksum = checksum(&headers)?;
    live(&upload)?;
    if i64::try_from(offset).ok() != Some(upload.offset) {
        return Err(TusError::new(
            StatusCode::CONFLICT,
            ErrorCode::ConcurrentChange,
        ));
    }
    let upload = if upload.state == TusState::Completed {
        upload
    } else {
        receive(&app, upload, checksum, &headers, body).await?
    };
    let mut response = StatusCode::NO_CONTENT.into_response();
    progress_headers(response.headers_mut(), &upload, true);
    Ok(response)
}

/// tus termination: ends an unfinished (or rejected) upload and drops its bytes. A completed
/// upload is a document and stays (409).
#[utoipa::path(delete, path = "/tus/{id}", tag = "uploads",
    params(("id" = String, Path, description = "The upload's id"), ("Tus-Resumable" = String, Header, description = "1.0.0")),
    responses(
        (status = 204, description = "Terminated"),
        (status = 404, description = "No such upload of the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed", body = Problem, content_type = "application/problem+json")
    ))]
async fn terminate(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> TusResult<StatusCode> {
    let upload = owned(&app, caller, id).await?;
    require_tus(&headers)?;
    let ended = db::tus::change_state(
        &app.db,
        &upload.id,
        &[TusState::Receiving, TusState::Rejected, TusState::Expired],
        TusState::Terminated,
        None,
        db::now(),
    )
    .await?;
    if !ended {
        return Err(TusError::new(
            StatusCode::CONFLICT,
            ErrorCode::ConcurrentChange,
        ));
    }
    flow::remove_parts(&app, &upload.id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Where an upload stands, for the web app: state, offset, detected type, the problem of a
/// rejected upload, the document of a completed one.
#[utoipa::path(get, path = "/tus/{id}", tag = "uploads",
    params(("id" = String, Path, description = "The upload's id")),
    responses(
        (status = 200, description = "The upload", body = UploadStatus),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such upload of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn status(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> TusResult<Json<UploadStatus>> {
    let upload = owned(&app, caller, id).await?;
    let lang = crate::lang::language(&headers);
    status_of(&upload, db::now(), lang)
        .map(Json)
        .ok_or_else(TusError::not_found)
}

/// Streams the body into the store and moves the upload on. The work runs in a task of its own:
/// a client that drops the connection mid-body cancels the request, not the recording of what
/// had arrived.
async fn receive(
    app: &AppState,
    upload: TusUpload,
    checksum: Option<Checksum>,
    headers: &HeaderMap,
    body: Body,
) -> TusResult<TusUpload> {
    let room = u64::try_from(upload.length - upload.offset).unwrap_or(0);
    if headers::number(headers, "content-length").is_some_and(|n| n.is_ok_and(|n| n > room)) {
        return Err(TusError::field(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::FileTooLarge,
            "Upload-Length",
        ));
    }
    let app = app.clone();
    let task = tokio::spawn(async move {
        let received = store::receive(&app.files, &upload, body, checksum).await?;
        flow::apply(&app, upload, received).await
    });
    task.await.map_err(TusError::internal)?
}

/// The caller's upload (404 for anyone else's, a terminated one, or an id of no upload).
async fn owned(
    app: &AppState,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
) -> TusResult<TusUpload> {
    let Ok(Path(id)) = id else {
        return Err(TusError::not_found());
    };
    db::tus::find(&app.db, &id)
        .await?
        .filter(|upload| upload.owner == uploader(caller) && upload.state != TusState::Terminated)
        .ok_or_else(TusError::not_found)
}

/// Refuses an expired (410) or rejected (its problem) upload.
fn live(upload: &TusUpload) -> TusResult<()> {
    match visible_state(upload, db::now()) {
        TusState::Expired => Err(TusError::new(StatusCode::GONE, ErrorCode::UploadUnknown)),
        TusState::Rejected => Err(flow::rejected(problem_code(upload))),
        TusState::Terminated => Err(TusError::not_found()),
        TusState::Receiving | TusState::Assembling | TusState::Completed => Ok(()),
    }
}

/// 412 unless the request speaks tus 1.0.0 (the answer carries `Tus-Version`).
fn require_tus(headers: &HeaderMap) -> TusResult<()> {
    if headers::speaks_tus(headers) {
        Ok(())
    } else {
        Err(TusError::field(
            StatusCode::PRECONDITION_FAILED,
            ErrorCode::ValidationFailed,
            "Tus-Resumable",
        ))
    }
}

/// `Upload-Checksum`, if sent; 400 when it is malformed or names an algorithm not offered.
fn checksum(headers: &HeaderMap) -> TusResult<Option<Checksum>> {
    headers::checksum(headers).map_err(|e| match e {
        ChecksumError::Malformed | ChecksumError::Unsupported => {
            TusError::header("Upload-Checksum")
        }
    })
}

fn is_offset_stream(headers: &HeaderMap) -> bool {
    headers::text(headers, "content-type")
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(OFFSET_OCTET_STREAM))
}

/// `Upload-Offset` (if asked) and, while bytes may still come, `Upload-Expires`.
fn progress_headers(out: &mut HeaderMap, upload: &TusUpload, with_offset: bool) {
    if with_offset {
        out.insert("upload-offset", HeaderValue::from(upload.offset));
    }
    if upload.state == TusState::Receiving
        && let Ok(expires) = HeaderValue::from_str(&headers::http_date(upload.expires_at))
    {
        out.insert("upload-expires", expires);
    }
}

/// The metadata as the client sent it (values base64 again).
fn metadata_header(metadata: &BTreeMap<String, String>) -> Option<HeaderValue> {
    use base64::Engine;
    let pairs: Vec<String> = metadata
        .iter()
        .map(|(key, value)| {
            if value.is_empty() {
                key.clone()
            } else {
                format!(
                    "{key} {}",
                    base64::engine::general_purpose::STANDARD.encode(value)
                )
            }
        })
        .collect();
    (!pairs.is_empty())
        .then(|| HeaderValue::from_str(&pairs.join(",")).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_offset_stream_type_carries_bytes() {
        let mut headers = HeaderMap::new();
        assert!(!is_offset_stream(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/offset+octet-stream"),
        );
        assert!(is_offset_stream(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        assert!(!is_offset_stream(&headers));
    }
}
