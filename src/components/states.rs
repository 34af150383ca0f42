//! Loading, empty and error states: every screen has all three, each with a way forward.

use leptos::prelude::*;

use portal_core::api::Page;

use crate::{
    api::ApiFailure,
    i18n::use_i18n,
    remote::{Answer, Remote},
    session::use_session,
};

/// A skeleton of fixed height, so nothing jumps when the data arrives.
#[component]
pub fn Loading(#[prop(default = 3)] rows: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" data-testid="loading" role="status" aria-busy="true">
            <span class="visually-hidden">{i18n.text(|t| t.loading)}</span>
            {(0..rows).map(|_| view! { <div class="skeleton-row"></div> }).collect_view()}
        </div>
    }
}

/// A call failed: say so in the person's language and offer to try again.
/// A 401 means the session ended: the gate then sends the person to log in.
#[component]
pub fn ErrorState(failure: ApiFailure, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if failure.is_unauthenticated() {
        use_session().expired();
    }
    view! {
        <div class="state state-error" data-testid="error-state" role="alert">
            <p>{Signal::derive(move || i18n.failure(&failure))}</p>
            <button type="button" class="button button-primary" on:click=move |_| on_retry.run(())>
                {i18n.text(|t| t.retry)}
            </button>
        </div>
    }
}

/// Nothing to show yet, with a hint and a way forward.
#[component]
pub fn EmptyState(
    #[prop(into)] message: Signal<&'static str>,
    #[prop(into)] hint: Signal<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="state state-empty" data-testid="empty-state">
            <p class="state-message">{message}</p>
            <p class="state-hint">{hint}</p>
            {children()}
        </div>
    }
}

/// What a list screen says when it is empty: a message, a hint, and a link onward.
pub struct Empty {
    pub message: Signal<&'static str>,
    pub hint: Signal<&'static str>,
    pub href: &'static str,
    pub link: Signal<&'static str>,
}

/// A list screen's body: loading, the error with a retry, the empty state, or the items as
/// `items` shows them.
pub fn list_body<T: Clone + Send + Sync + 'static>(
    list: Remote<Page<T>>,
    empty: Empty,
    items: impl FnOnce(&[T]) -> AnyView,
) -> AnyView {
    let answer = list
        .get()
        .map(|answer| answer.map(|page| (!page.items.is_empty()).then(|| items(&page.items))));
    list_state(answer, empty, Callback::new(move |()| list.reload()))
}

/// [`list_body`] once the items are drawn (`Some(Ok(None))`: there are none).
fn list_state(answer: Answer<Option<AnyView>>, empty: Empty, on_retry: Callback<()>) -> AnyView {
    match answer {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(Some(items))) => items,
        Some(Ok(None)) => {
            let Empty {
                message,
                hint,
                href,
                link,
            } = empty;
            view! {
                <EmptyState message hint>
                    <a href=href>
                        {link}
                    </a>
                </EmptyState>
            }
            .into_any()
        }
        Some(Err(failure)) => view! { <ErrorState failure on_retry/> }.into_any(),
    }
}
