//! One file's journey: create the tus upload, PATCH it chunk by chunk from the server's offset,
//! retry with backoff while the network is away, wait until the server has stored it, attach it.

use leptos::{prelude::*, task::spawn_local};
use portal_core::api::{ErrorCode, Problem};
use portal_core::upload::UploadState;
use web_sys::File;

use super::resize::{self, Prepared};
use super::rules::{self, CHUNK_MIN, Resume, retryable};
use super::{Item, Phase, Uploader, net};
use crate::api::{self, ApiFailure, tus};

/// A newly chosen file (or the same file picked again after a reload).
pub async fn start(up: Uploader, item: Item, file: File) {
    let prepared = resize::prepare(&file).await;
    let length = prepared.blob.size() as u64;
    // What the server has of it, asked once here and used by the first send.
    let mut known = None;
    if let Some(url) = item.url.get_untracked() {
        // Made smaller differently this time: these are not the bytes the server has.
        if !rules::same_bytes(item.total.get_untracked(), length) {
            item.url.try_set(None);
            tus::terminate(&url).await;
        } else {
            match rules::resume(tus::offset(&url).await) {
                Resume::From(offset) => known = Some(offset),
                Resume::StartOver => {
                    item.url.try_set(None);
                }
                Resume::AskWhenSending => {}
            }
        }
    }
    item.total.try_set(length as f64);
    drive(up, item, Some(prepared), known).await;
}

/// The uploads of this claim that a closed page (or another device) left unfinished: those with
/// every byte in are attached; the others wait for the person to pick the same file again.
pub async fn restore(up: Uploader) {
    let mut attempt = 0;
    let unfinished = loop {
        match api::claims::unfinished_uploads(up.claim_id).await {
            Ok(list) => break list,
            Err(failure) if retryable(&failure) && attempt < 8 => {
                net::wait_for_network(rules::backoff_ms(attempt)).await;
                attempt += 1;
            }
            // Not the caller's claim, or logged out: the page itself says so.
            Err(_) => return,
        }
    };
    for status in unfinished {
        let Some(item) = up.restored(&status) else {
            continue;
        };
        if matches!(
            status.state,
            UploadState::Assembling | UploadState::Completed
        ) {
            item.sent.try_set(status.length as f64);
            spawn_local(drive(up, item, None, None));
        }
    }
}

/// Runs the steps until done, failed or discarded; network trouble only pauses them. `known` is
/// the server's offset if it was just asked.
async fn drive(up: Uploader, item: Item, prepared: Option<Prepared>, mut known: Option<u64>) {
    let mut attempt = 0;
    loop {
        if !up.listed(item.seq) {
            return;
        }
        let result = match &prepared {
            Some(prepared) => send(up, &item, prepared, &mut attempt, known.take()).await,
            None => Ok(()),
        };
        let result = match result {
            Ok(()) if up.listed(item.seq) => finish(up, &item).await,
            other => other,
        };
        match result {
            Ok(()) => return,
            Err(failure) if retryable(&failure) => {
                item.phase.try_set(Phase::Waiting);
                net::wait_for_network(rules::retry_pause_ms(net::online(), attempt)).await;
                attempt = attempt.saturating_add(1);
            }
            Err(failure) => {
                fail(&item, failure);
                return;
            }
        }
    }
}

/// Creates the upload if needed and sends every byte the server does not have yet (`known`:
/// how many it has, if just asked; a new upload has none).
async fn send(
    up: Uploader,
    item: &Item,
    prepared: &Prepared,
    attempt: &mut u32,
    known: Option<u64>,
) -> Result<(), ApiFailure> {
    let total = prepared.blob.size() as u64;
    let (url, known) = match item.url.get_untracked() {
        Some(url) => (url, known),
        None => {
            let claim_id = up.claim_id.to_string();
            let url = tus::create(
                total,
                &[
                    ("purpose", "claim_document"),
                    ("claim_id", &claim_id),
                    ("slot", &item.slot),
                    ("filename", &prepared.name),
                    ("filetype", &prepared.kind),
                    ("source_name", &item.name),
                    ("source_size", &item.size.to_string()),
                ],
            )
            .await?;
            item.url.try_set(Some(url.clone()));
            (url, Some(0))
        }
    };
    item.phase.try_set(Phase::Uploading);
    let mut offset = match known {
        Some(offset) => offset,
        None => tus::offset(&url).await?,
    };
    let mut chunk_size = CHUNK_MIN;
    while offset < total {
        if !up.listed(item.seq) {
            return Ok(());
        }
        item.phase.try_set(Phase::Uploading);
        item.sent.try_set(offset as f64);
        let end = rules::chunk_end(offset, chunk_size, total);
        let chunk = prepared
            .blob
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|_| ApiFailure::Network)?;
        let (sent, base) = (item.sent.clone(), offset as f64);
        let progress = Box::new(move |loaded: f64| {
            sent.try_set(base + loaded);
        });
        let started = js_sys::Date::now();
        match tus::patch(&url, offset, &chunk, progress).await {
            Ok(next) => {
                offset = next;
                *attempt = 0;
                chunk_size = rules::next_chunk_size(chunk_size, js_sys::Date::now() - started);
            }
            // Someone (an earlier request that did arrive) moved the offset: ask again.
            Err(failure) if failure.code() == Some(ErrorCode::ConcurrentChange) => {
                offset = tus::offset(&url).await?;
            }
            // After a drop, `send` starts again from the server's offset, with a small chunk.
            Err(failure) => return Err(failure),
        }
    }
    item.sent.try_set(total as f64);
    Ok(())
}

/// Waits until the server has stored the file, then puts it in its slot.
async fn finish(up: Uploader, item: &Item) -> Result<(), ApiFailure> {
    let Some(url) = item.url.get_untracked() else {
        return Ok(());
    };
    item.phase.try_set(Phase::Finishing);
    let id = tus::upload_id(&url);
    loop {
        let status = api::claims::upload_status(id).await?;
        match status.state {
            UploadState::Completed => break,
            UploadState::Assembling | UploadState::Receiving => net::sleep(1000).await,
            UploadState::Rejected => return Err(rejected(status.problem)),
            UploadState::Expired => return Err(tus::problem(410, ErrorCode::UploadUnknown)),
        }
    }
    // Two files finishing at once change the claim at once: the loser tries again.
    let detail = loop {
        match api::claims::attach(up.claim_id, id, &item.slot).await {
            Err(failure) if failure.code() == Some(ErrorCode::ConcurrentChange) => {
                net::sleep(200 + (js_sys::Math::random() * 400.0) as i32).await;
            }
            answer => break answer?,
        }
    };
    item.phase.try_set(Phase::Done);
    // The page may be gone by now (the person moved on): then nobody is told.
    up.on_attached.try_run(detail);
    Ok(())
}

fn fail(item: &Item, trouble: ApiFailure) {
    item.phase.try_set(Phase::Failed);
    item.trouble.try_set(Some(trouble));
}

fn rejected(problem: Option<Problem>) -> ApiFailure {
    match problem {
        Some(problem) => ApiFailure::Problem(problem),
        None => tus::problem(415, ErrorCode::FileTypeNotAllowed),
    }
}
