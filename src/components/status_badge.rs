//! A policy's status as a coloured label.

use leptos::prelude::*;
use portal_core::policy::PolicyStatus;

use crate::i18n::use_i18n;

#[component]
pub fn StatusBadge(status: PolicyStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge badge-{}", status.as_str())>
            {i18n.by_lang(move |lang| status.label(lang))}
        </span>
    }
}
