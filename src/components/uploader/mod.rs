//! The claim documents uploader: each chosen file is made smaller if it is a large photo, sent
//! with tus in chunks with a progress bar, retried with backoff when the network drops (and at
//! once when it comes back), continued after a reload, and attached to its checklist slot once
//! the server has stored it.
//!
//! What was not finished is asked of the server (`GET /claims/{id}/uploads`), not kept in the
//! browser: an in-app webview may lose its storage, and another device may continue.

mod engine;
mod net;
mod resize;
mod rules;
mod view;

use std::cell::Cell;

use leptos::{prelude::*, task::spawn_local};
use portal_core::api::API_PREFIX;
use portal_core::claim::ClaimDetail;
use portal_core::upload::UploadStatus;
use web_sys::FileList;

use crate::api::ApiFailure;

pub use view::slot_uploads;

/// Where one file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Being made smaller.
    Preparing,
    Uploading,
    /// The network dropped: retrying by itself.
    Waiting,
    /// Every byte is in: the server stores it, then it joins the claim.
    Finishing,
    Done,
    /// Started before a reload: the same file must be chosen again.
    NeedsFile,
    Failed,
}

/// One file on its way, its progress in signals (the list itself changes rarely). The signals
/// are reference-counted: a file chosen in an event handler has no reactive owner to live in,
/// and it must outlive every redraw of the page.
#[derive(Clone)]
pub struct Item {
    seq: u32,
    slot: String,
    /// The chosen file's name and size, before resizing.
    name: String,
    size: u64,
    sent: ArcRwSignal<f64>,
    total: ArcRwSignal<f64>,
    phase: ArcRwSignal<Phase>,
    trouble: ArcRwSignal<Option<ApiFailure>>,
    /// The tus upload's URL, once created.
    url: ArcRwSignal<Option<String>>,
}

thread_local! {
    static NEXT_SEQ: Cell<u32> = const { Cell::new(0) };
}

impl Item {
    fn new(slot: String, name: String, size: u64) -> Item {
        let seq = NEXT_SEQ.with(|n| {
            n.set(n.get().wrapping_add(1));
            n.get()
        });
        Item {
            seq,
            slot,
            name,
            size,
            sent: ArcRwSignal::new(0.0),
            total: ArcRwSignal::new(size as f64),
            phase: ArcRwSignal::new(Phase::Preparing),
            trouble: ArcRwSignal::new(None),
            url: ArcRwSignal::new(None),
        }
    }
}

/// The uploads of one claim's page.
#[derive(Clone, Copy)]
pub struct Uploader {
    claim_id: i64,
    items: RwSignal<Vec<Item>>,
    /// Hears the claim as it is after a document joined it.
    on_attached: Callback<ClaimDetail>,
}

impl Uploader {
    /// The uploader of a claim, with the uploads that were not finished (asked of the server).
    pub fn new(claim_id: i64, on_attached: Callback<ClaimDetail>) -> Uploader {
        let uploader = Uploader {
            claim_id,
            items: RwSignal::new(Vec::new()),
            on_attached,
        };
        spawn_local(engine::restore(uploader));
        uploader
    }

    /// Lists an upload the server knows and this page did not start.
    fn restored(self, status: &UploadStatus) -> Option<Item> {
        let meta = |key: &str| status.metadata.get(key).cloned();
        let url = format!("{API_PREFIX}/tus/{}", status.id);
        let known = self.items.with_untracked(|items| {
            items.iter().any(|item| {
                item.url
                    .with_untracked(|u| u.as_deref() == Some(url.as_str()))
            })
        });
        if known {
            return None;
        }
        let item = Item::new(
            meta("slot")?,
            meta("source_name").unwrap_or_else(|| status.file_name.clone()),
            meta("source_size")
                .and_then(|size| size.parse().ok())
                .unwrap_or(status.length),
        );
        item.total.set(status.length as f64);
        item.sent.set(status.offset as f64);
        item.url.set(Some(url));
        item.phase.set(Phase::NeedsFile);
        self.items.update(|items| items.push(item.clone()));
        Some(item)
    }

    /// The files of a slot (tracked).
    fn of_slot(&self, slot: &str) -> Vec<Item> {
        self.items.with(|items| {
            items
                .iter()
                .filter(|item| item.slot == slot)
                .cloned()
                .collect()
        })
    }

    /// Whether the item is still listed (not discarded).
    fn listed(&self, seq: u32) -> bool {
        self.items
            .try_with_untracked(|items| items.iter().any(|i| i.seq == seq))
            .unwrap_or(false)
    }

    /// Starts (or, for a file picked again after a reload, continues) each chosen file.
    pub fn choose(self, slot: &str, files: &FileList) {
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            let (name, size) = (file.name(), file.size() as u64);
            let waiting = self.items.with_untracked(|items| {
                items
                    .iter()
                    .find(|item| {
                        item.slot == slot
                            && item.phase.get_untracked() == Phase::NeedsFile
                            && item.name == name
                            && item.size == size
                    })
                    .cloned()
            });
            let item = waiting.unwrap_or_else(|| {
                let item = Item::new(slot.to_owned(), name, size);
                self.items.update(|items| items.push(item.clone()));
                item
            });
            item.phase.set(Phase::Preparing);
            item.trouble.set(None);
            spawn_local(engine::start(self, item, file));
        }
    }

    /// Drops a file that cannot go on (or that the person no longer wants to send).
    pub fn discard(self, seq: u32) {
        let item = self
            .items
            .with_untracked(|items| items.iter().find(|i| i.seq == seq).cloned());
        self.items.update(|items| items.retain(|i| i.seq != seq));
        if let Some(url) = item.and_then(|item| item.url.get_untracked()) {
            spawn_local(async move { crate::api::tus::terminate(&url).await });
        }
    }
}
