//! A case's timeline as a screen shows it: every step, oldest first.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::i18n::{date_time, use_i18n};

/// One step of a case, in the person's language: what happened, when, who acted, and the
/// details (left out when blank).
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: &'static str,
    pub at: DateTime<Utc>,
    pub by: &'static str,
    pub details: String,
}

/// The steps of a case (`steps` reads the language, so the timeline follows a switch).
#[component]
pub fn Timeline(#[prop(into)] steps: Signal<Vec<Step>>) -> impl IntoView {
    view! {
        <ol class="timeline" data-testid="timeline">
            {move || steps.get().into_iter().map(|step| view! { <TimelineEntry step/> }).collect_view()}
        </ol>
    }
}

#[component]
fn TimelineEntry(step: Step) -> impl IntoView {
    let i18n = use_i18n();
    let Step {
        title,
        at,
        by,
        details,
    } = step;
    let details = (!details.trim().is_empty()).then(|| view! { <p class="prose">{details}</p> });
    view! {
        <li data-testid="timeline-entry">
            <strong>{title}</strong>
            <span class="muted">{move || format!("{} · {by}", date_time(at, i18n.lang()))}</span>
            {details}
        </li>
    }
}
