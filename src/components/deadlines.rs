//! Deadlines as a screen shows them: the next one with its countdown, and the full list.
//! The complaint's deadlines use them as they are; the claim's (counted in hours too) write
//! their own date and countdown into the same lines.

use portal_core::Lang;
use portal_core::complaint::{Deadline, DeadlineState, NextDeadline};

use crate::html::Html;
use crate::i18n::{date, due, texts};

/// The deadline that runs now: what is due, the date and the days left.
pub fn next_deadline(h: &mut Html, next: &NextDeadline, lang: Lang) {
    let provisional = next.provisional.then_some("deadline-provisional");
    let label = next.kind.label(lang);
    next_deadline_line(h, label, &due(next, lang), next.overdue, provisional, lang);
}

/// Every deadline with its label, date and state.
pub fn deadline_list(h: &mut Html, deadlines: &[Deadline], testid: &str, lang: Lang) {
    h.open("ul", "deadlines", testid);
    for deadline in deadlines {
        let when = date(deadline.due_on, lang);
        let label = deadline.kind.label(lang);
        deadline_row(h, label, &when, deadline.state, deadline.met(), lang);
    }
    h.close("ul");
}

/// The line of the deadline that runs now: its label, `due` (the date with the countdown), and
/// the hint that the date may still move (`provisional`: with this testid).
pub fn next_deadline_line(
    h: &mut Html,
    label: &str,
    due: &str,
    overdue: bool,
    provisional: Option<&str>,
    lang: Lang,
) {
    let class = if overdue {
        "next-deadline overdue"
    } else {
        "next-deadline"
    };
    h.open("p", class, "next-deadline")
        .leaf("strong", "", "", label)
        .text(" ")
        .leaf("span", "", "", due);
    if let Some(testid) = provisional {
        h.leaf("span", "hint", testid, texts(lang).provisional);
    }
    h.close("p");
}

/// One deadline of a list: its label, when it is due, and its state (`met`: whether the duty
/// was done in time, once it was done).
pub fn deadline_row(
    h: &mut Html,
    label: &str,
    when: &str,
    state: DeadlineState,
    met: Option<bool>,
    lang: Lang,
) {
    let t = texts(lang);
    let state = match (state, met) {
        (DeadlineState::Running, _) => t.running,
        (DeadlineState::Paused, _) => t.paused,
        (DeadlineState::Done, Some(true)) => t.met,
        (DeadlineState::Done, Some(false)) => t.late,
        (DeadlineState::Done, None) => t.ended,
    };
    h.open("li", "", "")
        .leaf("span", "", "", label)
        .leaf("span", "deadline-date", "", when)
        .leaf("span", "deadline-state", "", state)
        .close("li");
}
