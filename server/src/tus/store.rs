//! The bytes of an upload in the object store: each PATCH streams into a part of its own
//! (`tus/{id}/{start}-{nonce}`), and the finished file is joined at `uploads/{id}`, where the
//! simple uploads lie too. A part or the document is published whole (the store writes a
//! staging object and moves it into place) or not at all.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use futures_util::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};

use super::digest::ResumableSha256;
use super::error::TusError;
use super::headers::{BodyDigest, Checksum};
use crate::db::tus::{TusPart, TusUpload};

/// Bytes handed to the store at a time, and how many such writes may be in flight: what one
/// upload can hold in memory is about their product, whatever the file's size.
const WRITE_CHUNK: usize = 512 * 1024;
const WRITES_IN_FLIGHT: usize = 2;
/// A body that sends nothing for this long is treated as cut off (what arrived is kept).
const BODY_IDLE: Duration = Duration::from_secs(60);

/// Where the parts of an upload lie.
pub fn parts_prefix(id: &str) -> Path {
    Path::from(format!("tus/{id}"))
}

/// Where the finished document lies (as for simple uploads).
pub fn document_path(id: &str) -> String {
    format!("uploads/{id}")
}

/// What became of one PATCH body.
#[derive(Debug)]
pub struct Received {
    /// The stored part, if any byte was kept.
    pub part: Option<TusPart>,
    /// The upload's SHA-256 state including the part.
    pub hasher: ResumableSha256,
    /// The connection ended (or went quiet) before the body did.
    pub interrupted: bool,
}

/// How the body stream ended.
enum BodyEnd {
    Whole,
    CutOff,
    TooLong,
}

/// Streams a PATCH body into a new part after the upload's persisted bytes. A cut-off body
/// keeps what arrived, unless a checksum was announced (it cannot be verified: nothing is kept).
pub async fn receive(
    files: &Arc<dyn ObjectStore>,
    upload: &TusUpload,
    body: Body,
    checksum: Option<Checksum>,
) -> Result<Received, TusError> {
    let start = u64::try_from(upload.offset).map_err(TusError::internal)?;
    let room = u64::try_from(upload.length - upload.offset).map_err(TusError::internal)?;
    let mut hasher = ResumableSha256::restore(&upload.hash_state, start).ok_or_else(|| {
        TusError::internal(format!("upload {}: hash state unreadable", upload.id))
    })?;
    let mut digest = checksum.map(BodyDigest::new);
    let path = Path::from(format!(
        "tus/{}/{start:020}-{}",
        upload.id,
        crate::files::new_id()
    ));
    let mut writer: Option<WriteMultipart> = None;
    let mut received: u64 = 0;
    let mut stream = body.into_data_stream();
    let end = loop {
        let chunk = match tokio::time::timeout(BODY_IDLE, stream.next()).await {
            Ok(None) => break BodyEnd::Whole,
            Ok(Some(Ok(chunk))) => chunk,
            Ok(Some(Err(_))) | Err(_) => break BodyEnd::CutOff,
        };
        if chunk.is_empty() {
            continue;
        }
        let len = chunk.len() as u64;
        if received + len > room {
            break BodyEnd::TooLong;
        }
        received += len;
        hasher.update(&chunk);
        if let Some(digest) = digest.as_mut() {
            digest.update(&chunk);
        }
        let write = match writer.as_mut() {
            Some(write) => write,
            None => writer.insert(WriteMultipart::new_with_chunk_size(
                files.put_multipart(&path).await?,
                WRITE_CHUNK,
            )),
        };
        if let Err(error) = write.wait_for_capacity(WRITES_IN_FLIGHT).await {
            discard(writer).await;
            return Err(error.into());
        }
        write.put(chunk);
    };
    let interrupted = matches!(end, BodyEnd::CutOff);
    if matches!(end, BodyEnd::TooLong) {
        discard(writer).await;
        return Err(TusError::field(
            axum::http::StatusCode::PAYLOAD_TOO_LARGE,
            portal_core::api::ErrorCode::FileTooLarge,
            "Upload-Length",
        ));
    }
    if let Some(digest) = digest
        && (interrupted || !digest.matches())
    {
        discard(writer).await;
        return Err(TusError::field(
            axum::http::StatusCode::from_u16(super::error::CHECKSUM_MISMATCH)
                .unwrap_or(axum::http::StatusCode::BAD_REQUEST),
            portal_core::api::ErrorCode::BodyMalformed,
            "Upload-Checksum",
        ));
    }
    let Some(write) = writer else {
        return Ok(Received {
            part: None,
            hasher,
            interrupted,
        });
    };
    write.finish().await?;
    Ok(Received {
        part: Some(TusPart {
            start: upload.offset,
            length: i64::try_from(received).map_err(TusError::internal)?,
            object_path: path.to_string(),
        }),
        hasher,
        interrupted,
    })
}

async fn discard(writer: Option<WriteMultipart>) {
    if let Some(writer) = writer
        && let Err(error) = writer.abort().await
    {
        tracing::warn!(%error, "could not discard an upload part");
    }
}

/// The first `want` bytes of the file, from its parts.
pub async fn head(
    files: &Arc<dyn ObjectStore>,
    parts: &[TusPart],
    want: usize,
) -> Result<Vec<u8>, TusError> {
    let mut head = Vec::with_capacity(want);
    for part in parts {
        let missing = want.saturating_sub(head.len()) as u64;
        if missing == 0 {
            break;
        }
        let take = missing.min(u64::try_from(part.length).unwrap_or(0));
        let bytes = files
            .get_range(&Path::from(part.object_path.as_str()), 0..take)
            .await?;
        head.extend_from_slice(&bytes);
    }
    Ok(head)
}

/// Joins the parts into the document at [`document_path`]. One part is copied (a hard link in
/// a local directory, a server-side copy in S3); several are streamed into one object.
pub async fn join(
    files: &Arc<dyn ObjectStore>,
    upload: &TusUpload,
    parts: &[TusPart],
) -> Result<String, TusError> {
    let mut expected = 0;
    for part in parts {
        if part.start != expected {
            return Err(TusError::internal(format!(
                "upload {}: parts not contiguous at {expected}",
                upload.id
            )));
        }
        expected += part.length;
    }
    if expected != upload.length {
        return Err(TusError::internal(format!(
            "upload {}: parts hold {expected} of {} bytes",
            upload.id, upload.length
        )));
    }
    let document = document_path(&upload.id);
    let destination = Path::from(document.as_str());
    if let [only] = parts {
        files
            .copy(&Path::from(only.object_path.as_str()), &destination)
            .await?;
        return Ok(document);
    }
    let mut write =
        WriteMultipart::new_with_chunk_size(files.put_multipart(&destination).await?, WRITE_CHUNK);
    for part in parts {
        let source = Path::from(part.object_path.as_str());
        let length = u64::try_from(part.length).unwrap_or(0);
        let mut at = 0;
        while at < length {
            let end = (at + WRITE_CHUNK as u64).min(length);
            let bytes = match files.get_range(&source, at..end).await {
                Ok(bytes) => bytes,
                Err(error) => {
                    discard(Some(write)).await;
                    return Err(error.into());
                }
            };
            if let Err(error) = write.wait_for_capacity(WRITES_IN_FLIGHT).await {
                discard(Some(write)).await;
                return Err(error.into());
            }
            write.put(bytes);
            at = end;
        }
    }
    write.finish().await?;
    Ok(document)
}

/// Removes every part of an upload (also parts a failed or losing request left behind).
pub async fn remove_parts(files: &Arc<dyn ObjectStore>, id: &str) -> Result<(), TusError> {
    let prefix = parts_prefix(id);
    let mut listing = files.list(Some(&prefix));
    let mut locations = Vec::new();
    while let Some(meta) = listing.next().await {
        locations.push(meta?.location);
    }
    for location in locations {
        match files.delete(&location).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}
