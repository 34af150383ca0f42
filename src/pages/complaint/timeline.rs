//! Every step of the case, oldest first: what happened, when, who acted, and the details.

use portal_core::Lang;
use portal_core::complaint::{Change, Event, Role};

use crate::components::Step;
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

/// The case's steps in `lang`.
pub fn steps(events: &[Event], lang: Lang) -> Vec<Step> {
    let t = texts(lang);
    events
        .iter()
        .map(|event| Step {
            title: event.change.title(lang),
            at: event.at,
            by: if event.by == Role::Complainant {
                t.by_you
            } else {
                crate::i18n::complaints::complaint_texts(lang).by_staff
            },
            details: details(&event.change, lang),
        })
        .collect()
}
