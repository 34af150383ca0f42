//! Deadlines as a screen shows them: the next one with its countdown, and the full list.

use portal_core::Lang;
use portal_core::complaint::{Deadline, DeadlineState, NextDeadline};

use crate::html::Html;
use crate::i18n::{date, due, texts};

/// The deadline that runs now: what is due, the date and the days left.
pub fn next_deadline(h: &mut Html, next: &NextDeadline, lang: Lang) {
    let class = if next.overdue {
        "next-deadline overdue"
    } else {
        "next-deadline"
    };
    h.open("p", class, "next-deadline")
        .leaf("strong", "", "", next.kind.label(lang))
        .text(" ")
        .leaf("span", "", "", &due(next, lang));
    if next.provisional {
        h.leaf(
            "span",
            "hint",
            "deadline-provisional",
            texts(lang).provisional,
        );
    }
    h.close("p");
}

/// Every deadline with its label, date and state.
pub fn deadline_list(h: &mut Html, deadlines: &[Deadline], testid: &str, lang: Lang) {
    let t = texts(lang);
    h.open("ul", "deadlines", testid);
    for deadline in deadlines {
        let state = match (deadline.state, deadline.met()) {
            (DeadlineState::Running, _) => t.running,
            (DeadlineState::Paused, _) => t.paused,
            (DeadlineState::Done, Some(true)) => t.met,
            (DeadlineState::Done, Some(false)) => t.late,
            (DeadlineState::Done, None) => t.ended,
        };
        h.open("li", "", "")
            .leaf("span", "", "", deadline.kind.label(lang))
            .leaf("span", "deadline-date", "", &date(deadline.due_on, lang))
            .leaf("span", "deadline-state", "", state)
            .close("li");
    }
    h.close("ul");
}
