//! Every step of the claim, oldest first: what happened, when, who acted, and the details.

use portal_core::Lang;
use portal_core::claim::machine::Change;
use portal_core::claim::{ClaimDetail, Role};

use crate::components::Step;
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

/// The claim's steps in `lang`.
pub fn steps(c: &ClaimDetail, lang: Lang) -> Vec<Step> {
    let you = texts(lang).by_you;
    c.timeline
        .iter()
        .map(|event| Step {
            title: event.change.title(lang),
            at: event.at,
            by: if event.by == Role::Policyholder {
                you
            } else {
                event.by.label(lang)
            },
            details: details(&event.change, c, lang),
        })
        .collect()
}
