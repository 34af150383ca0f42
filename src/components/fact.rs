//! One row of a `<dl class="facts">`: what it is, and its value.

use leptos::prelude::*;

/// `<div><dt>label</dt><dd>value</dd></div>`, the testid on the value.
#[component]
pub fn Fact(
    #[prop(into)] label: Signal<&'static str>,
    #[prop(optional)] testid: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd data-testid=testid>{children()}</dd>
        </div>
    }
}
