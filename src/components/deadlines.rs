//! Deadlines as a case's screens show them: the one that runs now with its countdown, and the
//! full list. Complaints and claims count differently (a claim's first feedback is due within
//! hours), so each kind of case says how its deadlines read ([`RunningDeadline`],
//! [`ListedDeadline`]); the lines are the same for both.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::complaint::{self, DeadlineState};

use crate::i18n::{Texts, date, due, use_i18n};

/// The deadline that runs now, as its kind of case reads it.
pub trait RunningDeadline: Clone + Send + Sync + 'static {
    /// What is due.
    fn label(&self, lang: Lang) -> &'static str;
    /// The date (and hour) with the time left.
    fn countdown(&self, lang: Lang) -> String;
    /// Whether it has passed.
    fn overdue(&self) -> bool;
    /// Whether the date may still move (a year whose official calendar is not known yet).
    fn provisional(&self) -> bool;
}

/// One deadline of a case's list, as its kind of case reads it.
pub trait ListedDeadline: Clone + PartialEq + Send + Sync + 'static {
    /// Which deadline.
    fn label(&self, lang: Lang) -> &'static str;
    /// When it is due.
    fn when(&self, lang: Lang) -> String;
    /// Whether it runs.
    fn state(&self) -> DeadlineState;
    /// Whether the duty was done in time, once it was done.
    fn met(&self) -> Option<bool>;
}

impl RunningDeadline for complaint::NextDeadline {
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

impl ListedDeadline for complaint::Deadline {
    fn label(&self, lang: Lang) -> &'static str {
        self.kind.label(lang)
    }

    fn when(&self, lang: Lang) -> String {
        date(self.due_on, lang)
    }

    fn state(&self) -> DeadlineState {
        self.state
    }

    fn met(&self) -> Option<bool> {
        complaint::Deadline::met(self)
    }
}

/// The line of the deadline that runs now: what is due, the date and the time left, and the
/// hint that the date may still move.
#[component]
pub fn NextDeadline<D: RunningDeadline>(next: D) -> impl IntoView {
    let i18n = use_i18n();
    let class = if next.overdue() {
        "next-deadline overdue"
    } else {
        "next-deadline"
    };
    let provisional = next.provisional().then(|| {
        view! {
            <span class="hint" data-testid="deadline-provisional">
                {i18n.text(|t| t.provisional)}
            </span>
        }
    });
    let label = {
        let next = next.clone();
        i18n.by_lang(move |lang| next.label(lang))
    };
    view! {
        <p class=class data-testid="next-deadline">
            <strong>{label}</strong>
            " "
            <span>{move || next.countdown(i18n.lang())}</span>
            {provisional}
        </p>
    }
}

/// Every deadline with its label, date and state.
#[component]
pub fn DeadlineList<D: ListedDeadline>(
    #[prop(into)] deadlines: Signal<Vec<D>>,
    testid: &'static str,
) -> impl IntoView {
    view! {
        <ul class="deadlines" data-testid=testid>
            {move || {
                deadlines
                    .get()
                    .into_iter()
                    .map(|deadline| view! { <DeadlineRow deadline/> })
                    .collect_view()
            }}
        </ul>
    }
}

/// One deadline of the list.
#[component]
fn DeadlineRow<D: ListedDeadline>(deadline: D) -> impl IntoView {
    let i18n = use_i18n();
    let state: fn(&'static Texts) -> &'static str = match (deadline.state(), deadline.met()) {
        (DeadlineState::Running, _) => |t| t.running,
        (DeadlineState::Paused, _) => |t| t.paused,
        (DeadlineState::Done, Some(true)) => |t| t.met,
        (DeadlineState::Done, Some(false)) => |t| t.late,
        (DeadlineState::Done, None) => |t| t.ended,
    };
    let label = {
        let deadline = deadline.clone();
        i18n.by_lang(move |lang| deadline.label(lang))
    };
    view! {
        <li>
            <span>{label}</span>
            <span class="deadline-date">{move || deadline.when(i18n.lang())}</span>
            <span class="deadline-state">{i18n.text(state)}</span>
        </li>
    }
}
