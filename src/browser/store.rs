//! The browser's local storage, through `gloo-storage`, for `saved.rs`.
//! Storage can be missing (some private modes, a sandboxed frame), full,
//! or throw on access: every function here returns an error message for
//! those cases instead of failing, and the app goes on without saving.

use crate::sharing::saved::{self, Record};
use gloo_storage::{LocalStorage, Storage};

const BLOCKED: &str = "This browser is not letting the simulator keep anything (private browsing, or site storage turned off). Everything else works; download a practice file to keep your figures.";

/// The browser's storage, if it may be used. Checked before every use:
/// `gloo-storage` assumes storage exists, and touching it in a frame where
/// it is blocked throws.
fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| BLOCKED.to_string())
}

fn failed(e: gloo_storage::errors::StorageError) -> String {
    let detail = match e {
        gloo_storage::errors::StorageError::JsError(j) => j.message,
        other => other.to_string(),
    };
    let detail = detail.trim_end_matches('.');
    format!("This browser would not save it: {detail}. Its storage may be full or turned off; download a practice file instead.")
}

/// Every stored item whose key starts with `prefix`, as raw text.
pub fn items(prefix: &str) -> Result<Vec<(String, String)>, String> {
    let s = storage()?;
    let n = s.length().map_err(|_| BLOCKED.to_string())?;
    let mut out = Vec::new();
    for i in 0..n {
        if let Ok(Some(k)) = s.key(i) {
            if k.starts_with(prefix) {
                if let Ok(Some(v)) = s.get_item(&k) {
                    out.push((k, v));
                }
            }
        }
    }
    Ok(out)
}

/// Writes a record under `key`.
pub fn put(key: &str, record: &Record) -> Result<(), String> {
    storage()?;
    LocalStorage::set(key, record).map_err(failed)
}

/// Saves a new named record; returns its key.
pub fn save_new(record: &Record) -> Result<String, String> {
    let key = format!("{}{}", saved::SAVED_PREFIX, record.at as u64);
    put(&key, record)?;
    Ok(key)
}

pub fn delete(key: &str) -> Result<(), String> {
    storage()?;
    LocalStorage::delete(key);
    Ok(())
}

/// Moves an item that cannot be read to its aside key, keeping its text.
pub fn set_aside(key: &str) -> Result<String, String> {
    let s = storage()?;
    let text = s
        .get_item(key)
        .ok()
        .flatten()
        .ok_or_else(|| BLOCKED.to_string())?;
    let aside = saved::aside_key(key);
    s.set_item(&aside, &text).map_err(|_| {
        "This browser's storage is full: the damaged record was left where it was.".to_string()
    })?;
    let _ = s.remove_item(key);
    Ok(aside)
}

/// The last session's raw text, if one was kept.
pub fn last_session() -> Option<String> {
    storage().ok()?.get_item(saved::LAST_SESSION).ok().flatten()
}

/// Keeps the current state as the last session. Failing is not an error
/// worth interrupting anyone for: the caller shows it once.
pub fn remember(record: &Record) -> Result<(), String> {
    put(saved::LAST_SESSION, record)
}

/// The time now in milliseconds since 1970.
pub fn epoch_millis() -> f64 {
    js_sys::Date::now()
}
