//! Any path the app does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{i18n::use_i18n, paths};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="state" data-testid="not-found">
            <h1>{i18n.text(|t| t.not_found_title)}</h1>
            <p>{i18n.text(|t| t.not_found_text)}</p>
            <A href=paths::HOME attr:class="button button-primary">
                {i18n.text(|t| t.go_home)}
            </A>
        </section>
    }
}
