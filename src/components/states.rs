//! Loading, empty and error states: every screen has all three, each with a way forward.
//!
//! Data comes from a `LocalResource`; [`Loaded`] is the one thin helper every screen uses to
//! show it: a `Transition` (a reload keeps the screen as it was until the answer arrives) around
//! an `ErrorBoundary` (a failed call shows [`ErrorState`] with a retry that refetches) around
//! the view of what was loaded.

use leptos::prelude::*;

use crate::{api::ApiFailure, i18n::use_i18n, session::use_session};

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

/// What `resource` loaded, shown by `children`; the skeleton (`rows` high) until the first
/// answer, the error state with a retry after a failure (below `heading`, for a screen whose
/// own heading comes with what was loaded).
///
/// `children` runs again for every answer (a refetch, a change of what the resource reads), and
/// only then: a screen that must keep what the person is typing across changes of its record
/// keys the resource on the record's id and follows later changes through signals of its own.
#[component]
pub fn Loaded<T, V, F>(
    resource: LocalResource<Result<T, ApiFailure>>,
    #[prop(default = 3)] rows: usize,
    #[prop(optional, into)] heading: Option<Signal<&'static str>>,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Transition fallback=move || view! { <Loading rows/> }>
            <ErrorBoundary fallback=move |errors| {
                view! {
                    {heading.map(|heading| view! { <h1>{heading}</h1> })}
                    <Failed errors on_retry=move || resource.refetch()/>
                }
            }>
                {
                    let children = children.clone();
                    move || {
                        let children = children.clone();
                        Suspend::new(async move { resource.await.map(children) })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}

/// The error state for what an `ErrorBoundary` caught: the first API failure among the errors
/// (any other error reads as a network failure).
#[component]
fn Failed(errors: ArcRwSignal<Errors>, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let failure = errors.with_untracked(|errors| {
        errors
            .iter()
            .find_map(|(_, error)| error.downcast_ref::<ApiFailure>().cloned())
            .unwrap_or(ApiFailure::Network)
    });
    view! { <ErrorState failure on_retry/> }
}
