//! Every step of the case, oldest first: what happened, when, who acted, and the details.

use portal_core::Lang;
use portal_core::complaint::{Change, Event, Role};

use crate::components::timeline_entry;
use crate::html::Html;
use crate::i18n::texts;

/// The details a step carries, as one line (reasons, missing items, not-accepted reason).
fn details(change: &Change, lang: Lang) -> String {
    let colon = lang.pick("：", ": ");
    match change {
        Change::MaterialsRequested { items } => items
            .iter()
            .map(|i| i.description.as_str())
            .collect::<Vec<_>>()
            .join(lang.pick("、", "; ")),
        Change::NotAccepted { reason, text } => [reason.label(lang), text].join(colon),
        Change::DecisionExtended { term, reason } => [term.label(lang), reason].join(colon),
        Change::Decided {
            result, reasons, ..
        } => [result.label(lang), reasons].join(colon),
        Change::MaterialSupplied { note: text, .. }
        | Change::TransferredOut { to: text }
        | Change::AppraisalStarted { reason: text }
        | Change::RepeatMerged { summary: text, .. }
        | Change::ReviewRequested { reason: text }
        | Change::Withdrawn { reason: text } => text.clone(),
        _ => String::new(),
    }
}

pub fn timeline(h: &mut Html, events: &[Event], lang: Lang) {
    let t = texts(lang);
    h.open("ol", "timeline", "timeline");
    for event in events {
        let by = if event.by == Role::Complainant {
            t.by_you
        } else {
            t.by_staff
        };
        let details = details(&event.change, lang);
        let title = event.change.title(lang);
        timeline_entry(h, title, event.at, by, &details, lang);
    }
    h.close("ol");
}
