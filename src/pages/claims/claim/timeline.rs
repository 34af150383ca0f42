//! Every step of the claim, oldest first: what happened, when, who acted, and the details.

use portal_core::Lang;
use portal_core::claim::machine::Change;
use portal_core::claim::{ClaimDetail, Role};

use crate::components::timeline_entry;
use crate::html::Html;
use crate::i18n::{date, texts};

/// The details a step carries, as one line.
fn details(change: &Change, c: &ClaimDetail, lang: Lang) -> String {
    let label = |key: &str| {
        c.checklist
            .get(key)
            .map_or_else(|| key.to_owned(), |s| s.slot.label.get(lang).to_owned())
    };
    let colon = lang.pick("：", ": ");
    match change {
        Change::DocumentsRequested { slots, .. } => slots
            .iter()
            .map(|s| {
                let mut line = format!("{}（{}）", label(&s.slot), date(s.due_on, lang));
                if !s.note.is_empty() {
                    line.push_str(colon);
                    line.push_str(&s.note);
                }
                line
            })
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        Change::DocumentUploaded { document } => {
            format!("{}{colon}{}", label(&document.slot), document.file_name)
        }
        Change::FastLaneMarked { reason } => reason.label(lang).to_owned(),
        Change::Assessed { amount, note } | Change::AdvancePaid { amount, note } => {
            [amount.display_cny(), note.clone()].join(" ")
        }
        Change::Decided {
            result,
            amount,
            refusal_reasons,
            text,
        } => {
            let mut parts = vec![result.label(lang).to_owned()];
            parts.extend(amount.map(|a| a.display_cny()));
            parts.extend(refusal_reasons.iter().map(|r| r.label(lang).to_owned()));
            parts.push(text.clone());
            parts.join(colon)
        }
        Change::RefusalNotified {
            refusal_reasons,
            text,
        } => {
            let mut parts: Vec<String> = refusal_reasons
                .iter()
                .map(|r| r.label(lang).to_owned())
                .collect();
            parts.push(text.clone());
            parts.join(colon)
        }
        Change::Paid { transferred, .. } => transferred.display_cny(),
        Change::InvestigationStarted { what: text }
        | Change::MarkedComplex { reason: text }
        | Change::Disputed { reason: text }
        | Change::Withdrawn { reason: text } => text.clone(),
        _ => String::new(),
    }
}

pub fn timeline(h: &mut Html, c: &ClaimDetail, lang: Lang) {
    let you = texts(lang).by_you;
    h.open("ol", "timeline", "timeline");
    for event in &c.timeline {
        let by = if event.by == Role::Policyholder {
            you
        } else {
            event.by.label(lang)
        };
        let details = details(&event.change, c, lang);
        let title = event.change.title(lang);
        timeline_entry(h, title, event.at, by, &details, lang);
    }
    h.close("ol");
}
