//! Test fixtures shared by the complaint and claim tests: instants and days written as text,
//! field errors as `(field, code)` pairs, and the round trip every choice list must pass.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use crate::api::ErrorCode;
use crate::complaint::filing::FilingError;

/// An instant given in China time, e.g. "2025-11-03 10:00".
pub(crate) fn cst(s: &str) -> DateTime<Utc> {
    let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
    (local - TimeDelta::hours(8)).and_utc()
}

/// A day written `YYYY-MM-DD`.
pub(crate) fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The `(field, code)` pairs of a refused form.
pub(crate) fn field_codes<T: std::fmt::Debug>(
    parsed: Result<T, Vec<FilingError>>,
) -> Vec<(String, ErrorCode)> {
    parsed
        .unwrap_err()
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

/// One expected field error.
pub(crate) fn err(field: &str, code: ErrorCode) -> (String, ErrorCode) {
    (field.into(), code)
}

/// Checks that every value of each `choice!` enum round-trips through its wire name (parsed and
/// serialized) and has distinct, non-empty zh and en labels.
macro_rules! check_choices {
    ($($ty:ty),+ $(,)?) => {$(
        for v in <$ty>::ALL.iter().copied() {
            assert_eq!(<$ty>::from_str_opt(v.as_str()), Some(v));
            assert_eq!(serde_json::to_value(v).unwrap(), v.as_str());
            let (zh, en) = (v.label($crate::Lang::ZhCn), v.label($crate::Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{v:?}");
        }
    )+};
}

pub(crate) use check_choices;
