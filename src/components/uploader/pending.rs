//! Uploads on their way, kept in localStorage so that a reloaded page can continue them: the
//! File is gone after a reload, so the person picks the same file again (same name and size)
//! and the upload goes on from the server's offset.

use serde::{Deserialize, Serialize};

use crate::storage;

const KEY: &str = "portal.uploads";

/// One upload on its way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    /// The tus upload's URL.
    pub url: String,
    pub claim_id: i64,
    pub slot: String,
    /// The chosen file's name and size (before any resizing): how the same file is recognised.
    pub name: String,
    pub size: u64,
    /// The bytes being sent (after resizing).
    pub length: u64,
}

/// Every upload kept.
pub fn all() -> Vec<Pending> {
    storage::get(KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save(list: &[Pending]) {
    if list.is_empty() {
        storage::remove(KEY);
    } else if let Ok(json) = serde_json::to_string(list) {
        storage::set(KEY, &json);
    }
}

/// Keeps an upload (replacing one with the same URL).
pub fn keep(pending: Pending) {
    let mut list = all();
    list.retain(|p| p.url != pending.url);
    list.push(pending);
    save(&list);
}

/// Forgets an upload.
pub fn forget(url: &str) {
    let mut list = all();
    let before = list.len();
    list.retain(|p| p.url != url);
    if list.len() != before {
        save(&list);
    }
}
