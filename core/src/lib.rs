//! portal-core: the policyholder portal's pure domain.
//!
//! Everything here compiles for both `wasm32-unknown-unknown` (the web app) and native (the
//! server), so the browser and the server apply the very same rules. No I/O, no async runtime.

pub mod api;
pub mod calendar;
pub mod claim;
pub mod complaint;
pub mod i18n;
pub mod kpi;
mod labels;
pub mod notify;
pub mod parse;
pub mod policy;
pub mod survey;
pub mod upload;

#[cfg(test)]
pub(crate) mod testing;

pub use calendar::WorkingCalendar;
pub use claim::{ClaimChecklists, ClaimRules};
pub use complaint::{ComplaintRules, IdNumber};
pub use i18n::Lang;
pub use parse::{OtpCode, ParseError, PhoneNumber};
