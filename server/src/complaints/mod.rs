//! The glue between the complaint routes, portal-core's complaint domain and the database.

pub mod act;
pub mod caller;
pub mod case;
pub mod problem;
pub mod register;
pub mod settings;
pub mod sniff;

pub use caller::{Caller, Complainant, Staff};
pub use problem::{CaseError, CaseResult};
pub use settings::ComplaintSettings;

use axum::extract::Path;
use axum::extract::rejection::PathRejection;
use portal_core::api::{ErrorCode, Page};

/// Records per page unless asked otherwise.
pub const DEFAULT_PAGE: i64 = 20;
/// The most records per page.
pub const MAX_PAGE: i64 = 100;

/// A numeric id from the path; anything else names nothing (404, like a missing record).
pub fn path_id(id: Result<Path<String>, PathRejection>) -> CaseResult<i64> {
    id.ok()
        .and_then(|Path(id)| id.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or_else(CaseError::not_found)
}

/// The cursor (an id: the page holds records below it) and the page size.
pub fn page(cursor: Option<&str>, limit: Option<&str>) -> CaseResult<(i64, i64)> {
    let before = match cursor {
        None | Some("") => i64::MAX,
        Some(c) => c
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| CaseError::field("cursor", ErrorCode::ValidationFailed))?,
    };
    let limit = match limit {
        None | Some("") => DEFAULT_PAGE,
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| CaseError::field("limit", ErrorCode::ValidationFailed))?,
    };
    Ok((before, limit))
}

/// A page of a list sorted in memory (the staff queues): its cursor is an offset into the list.
#[derive(Debug, Clone, Copy)]
pub struct OffsetPage {
    offset: usize,
    limit: usize,
}

impl OffsetPage {
    /// The offset (none or `0` for the first page) and the page size, checked as [`page`] does.
    pub fn parse(cursor: Option<&str>, limit: Option<&str>) -> CaseResult<Self> {
        let (offset, limit) = page(cursor.filter(|c| *c != "0"), limit)?;
        let offset = if offset == i64::MAX { 0 } else { offset };
        Ok(OffsetPage {
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
            limit: usize::try_from(limit).unwrap_or(0),
        })
    }

    /// This page of `items`; the next cursor is the offset after it, while records remain.
    pub fn cut<T>(self, mut items: Vec<T>) -> Page<T> {
        let start = self.offset.min(items.len());
        let end = start.saturating_add(self.limit).min(items.len());
        let next_cursor = (end < items.len()).then(|| end.to_string());
        Page {
            items: items.drain(start..end).collect(),
            next_cursor,
        }
    }
}

/// Cuts the extra record fetched to know whether there is a next page; the cursor is the last id.
pub fn next_cursor<T>(items: &mut Vec<T>, limit: i64, id: impl Fn(&T) -> i64) -> Option<String> {
    if items.len() > usize::try_from(limit).unwrap_or(usize::MAX) {
        items.pop();
        items.last().map(|item| id(item).to_string())
    } else {
        None
    }
}
