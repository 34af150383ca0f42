//! The claims screens: my claims, the report form, the receipt and a claim's page.

mod claim;
mod form;
mod list;

use portal_core::Lang;
use portal_core::claim::clock::china_time;
use portal_core::claim::{Deadline, NextDeadline};

use crate::components::{deadline_row, next_deadline_line};
use crate::html::Html;
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

/// The deadline that runs now, with its countdown.
fn next_deadline(h: &mut Html, next: &NextDeadline, lang: Lang) {
    let provisional = next.provisional.then_some("");
    let label = next.kind.label(lang);
    next_deadline_line(h, label, &due(next, lang), next.overdue, provisional, lang);
}

/// Every deadline with its label, date (and hour) and state.
fn deadline_list(h: &mut Html, deadlines: &[Deadline], testid: &str, lang: Lang) {
    h.open("ul", "deadlines", testid);
    for deadline in deadlines {
        // The day, and the hour for a deadline counted in hours (China time).
        let mut when = date(deadline.due_on, lang);
        if let Some(at) = deadline.due_at {
            when.push_str(&china_time(at).format(" %H:%M").to_string());
        }
        let label = deadline.kind.label(lang);
        deadline_row(h, label, &when, deadline.state, deadline.met(), lang);
    }
    h.close("ul");
}
