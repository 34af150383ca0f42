//! The claims screens: my claims, the report form, the receipt and a claim's page, and how a
//! claim's deadlines read (some are counted in hours).

mod claim;
mod form;
mod list;

use portal_core::Lang;
use portal_core::claim::clock::china_time;
use portal_core::claim::{Deadline, NextDeadline};
use portal_core::complaint::DeadlineState;

use crate::components::{ListedDeadline, RunningDeadline};
use crate::i18n::claims::claim_texts;
use crate::i18n::{date, date_time, fill, texts};

pub use claim::{ClaimPage, ClaimReceiptPage};
pub use form::NewClaimPage;
pub use list::ClaimsPage;

/// The next deadline as a date (and time) with a countdown, in days or, for the first feedback,
/// in hours.
fn due(next: &NextDeadline, lang: Lang) -> String {
    let t = texts(lang);
    if let (Some(at), Some(hours)) = (next.due_at, next.hours_left)
        && hours >= 0
        && !next.overdue
    {
        let text = claim_texts(lang).hours_left;
        return fill(
            &fill(text, "d", &date_time(at, lang)),
            "n",
            &hours.to_string(),
        );
    }
    let text = match next.days_left {
        n if n < 0 || next.overdue => t.due_overdue,
        0 => t.due_today,
        _ => t.due_left,
    };
    fill(
        &fill(text, "d", &date(next.due_on, lang)),
        "n",
        &next.days_left.unsigned_abs().to_string(),
    )
}

impl RunningDeadline for NextDeadline {
    fn label(&self, lang: Lang) -> &'static str {
        self.kind.label(lang)
    }

    fn countdown(&self, lang: Lang) -> String {
        due(self, lang)
    }

    fn overdue(&self) -> bool {
        self.overdue
    }

    fn provisional(&self) -> bool {
        self.provisional
    }
}

impl ListedDeadline for Deadline {
    fn label(&self, lang: Lang) -> &'static str {
        self.kind.label(lang)
    }

    /// The day, and the hour for a deadline counted in hours (China time).
    fn when(&self, lang: Lang) -> String {
        let mut when = date(self.due_on, lang);
        if let Some(at) = self.due_at {
            when.push_str(&china_time(at).format(" %H:%M").to_string());
        }
        when
    }

    fn state(&self) -> DeadlineState {
        self.state
    }

    fn met(&self) -> Option<bool> {
        Deadline::met(self)
    }
}
