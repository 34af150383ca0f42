//! Simple uploads: a photo or PDF sent as the raw request body, its real type told by its bytes,
//! stored through `object_store`; read back only by its uploader or staff.

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::StreamExt;
use object_store::{ObjectStoreExt, PutPayload};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use portal_core::api::{ErrorCode, Problem};
use portal_core::complaint::Attachment;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::sniff::{SNIFF_LEN, allowed_type};
use crate::complaints::{Caller, CaseError, CaseResult, act::uploader};
use crate::db::{self, uploads::UploadRow};
use crate::error::{ApiError, Json};
use crate::state::AppState;

/// The largest file accepted: 10 MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The longest file name kept, in characters.
const NAME_MAX_CHARS: usize = 200;

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
    let id = new_upload_id();
    let object_path = format!("uploads/{id}");
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    app.files
        .put(&object_path.as_str().into(), PutPayload::from(bytes))
        .await
        .map_err(|e| CaseError::Api(ApiError::Internal(format!("storing upload: {e}"))))?;
    let row = UploadRow {
        id,
        uploader: uploader(caller),
        file_name: file_name(query.name.as_deref()),
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
    let file = app
        .files
        .get(&row.object_path.as_str().into())
        .await
        .map_err(|e| CaseError::Api(ApiError::Internal(format!("reading upload: {e}"))))?;
    let mut response = Body::from_stream(file.into_stream()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&row.content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(row.size.max(0)));
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&row.file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A new opaque id: 16 random bytes, base64url.
fn new_upload_id() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The name to keep: the last path segment, without control characters, not too long.
fn file_name(name: Option<&str>) -> String {
    let name = name.unwrap_or_default();
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_MAX_CHARS)
        .collect();
    let clean = clean.trim();
    if clean.is_empty() {
        "file".into()
    } else {
        clean.to_owned()
    }
}

/// `attachment` with an ASCII fallback name and the exact name in RFC 5987 form.
fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, NON_ALPHANUMERIC)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_their_path_and_control_characters() {
        assert_eq!(file_name(Some("C:\\photos\\发票.jpg")), "发票.jpg");
        assert_eq!(file_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(file_name(Some("a\u{0}b.pdf")), "ab.pdf");
        assert_eq!(file_name(None), "file");
    }

    #[test]
    fn downloads_carry_an_ascii_and_an_exact_name() {
        assert_eq!(
            content_disposition("发票 1.pdf"),
            "attachment; filename=\"___1.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8%201%2Epdf"
        );
    }
}
