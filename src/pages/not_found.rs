//! Any path the app does not know.

use crate::{entry, i18n::use_i18n};
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="state" data-testid="not-found">
            <h1>{i18n.text(|t| t.not_found_title)}</h1>
            <p>{i18n.text(|t| t.not_found_text)}</p>
            <a href="/" class="button button-primary" rel=entry::rel("/")>
                {i18n.text(|t| t.go_home)}
            </a>
        </section>
    }
}
