//! The browser's localStorage. Failures (private mode, full quota) are ignored on purpose: a
//! remembered draft or language is a convenience, never a reason to stop.

use leptos::prelude::window;
use web_sys::Storage;

fn local() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

/// The stored value of `key`, if any.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = local() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets `key`.
pub fn remove(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}

/// Forgets every key that starts with `prefix`.
pub fn remove_prefixed(prefix: &str) {
    let Some(storage) = local() else { return };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(prefix))
        .collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}
