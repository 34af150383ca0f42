//! Simple uploads: a photo or PDF sent as the raw request body, its real type told by its bytes,
//! stored through `object_store`; read back only by its uploader or staff.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload};
use portal_core::api::{ErrorCode, Problem};
use portal_core::complaint::Attachment;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::sniff::{SNIFF_LEN, allowed_type};
use crate::complaints::{Caller, CaseError, CaseResult, act::uploader};
use crate::db::{self, uploads::UploadRow};
use crate::error::{ApiError, Json};
use crate::files::{self, Disposition};
use crate::state::AppState;

/// The largest file accepted: 10 MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(download))
}

/// The file's name as the device gave it.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct NameQuery {
    /// The file name, e.g. `IMG_0012.jpg` (the path part is dropped).
    name: Option<String>,
}

/// Stores a file: the request body is the file itself, with the browser's `Content-Type`.
/// Photos (JPEG, PNG, WebP, HEIC) and PDFs up to 10 MiB; the type is told by the bytes.
#[utoipa::path(post, path = "/uploads", tag = "uploads", params(NameQuery),
    request_body(content = Vec<u8>, description = "The file's bytes", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored", body = Attachment),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`file_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`file_type_not_allowed`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`file_empty`", body = Problem, content_type = "application/problem+json")
    ))]
async fn upload(
    State(app): State<AppState>,
    caller: Caller,
    Query(query): Query<NameQuery>,
    headers: HeaderMap,
    body: Body,
) -> CaseResult<(StatusCode, Json<Attachment>)> {
    let too_large = || CaseError::status(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::FileTooLarge);
    let declared_length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|n| n > MAX_FILE_BYTES as u64) {
        return Err(too_large());
    }
    // Read with a hard limit: a body over it is refused as soon as it crosses it.
    let mut bytes: Vec<u8> = Vec::new();
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| CaseError::Api(ApiError::BodyMalformed))?;
        if bytes.len() + chunk.len() > MAX_FILE_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(CaseError::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::FileEmpty,
        ));
    }
    let content_type = allowed_type(&bytes[..bytes.len().min(SNIFF_LEN)]).ok_or_else(|| {
        CaseError::status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::FileTypeNotAllowed,
        )
    })?;
    let id = files::new_id();
    let object_path = format!("uploads/{id}");
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    app.files
        .put(&object_path.as_str().into(), PutPayload::from(bytes))
        .await
        .map_err(|e| CaseError::Api(ApiError::Internal(format!("storing upload: {e}"))))?;
    let row = UploadRow {
        id,
        uploader: uploader(caller),
        file_name: files::file_name(query.name.as_deref()),
        content_type: content_type.to_owned(),
        declared_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(100).collect()),
        size,
        object_path,
        created_at: db::now(),
    };
    db::uploads::insert(&app.db, &row).await?;
    Ok((StatusCode::CREATED, Json(row.attachment())))
}

/// Sends a file back, as a download, to whoever uploaded it or to staff.
#[utoipa::path(get, path = "/uploads/{id}", tag = "uploads",
    params(("id" = String, Path, description = "The upload's id")),
    responses(
        (status = 200, description = "The file, as an attachment", content_type = "application/octet-stream"),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file of the caller's", body = Problem, content_type = "application/problem+json")
    ))]
async fn download(
    State(app): State<AppState>,
    caller: Caller,
    id: Result<Path<String>, PathRejection>,
) -> CaseResult<Response> {
    let Ok(Path(id)) = id else {
        return Err(CaseError::not_found());
    };
    let row = db::uploads::find(&app.db, &id)
        .await?
        .filter(|row| matches!(caller, Caller::Staff(..)) || row.uploader == uploader(caller))
        .ok_or_else(CaseError::not_found)?;
    Ok(files::send(&app, &row, Disposition::Attachment).await?)
}
