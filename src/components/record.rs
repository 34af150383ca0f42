//! A record page's data and its not-found screen: what the complaint, claim and policy pages
//! (and the two receipts) share.

use std::future::Future;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params, params::Params};

use crate::api::ApiFailure;

/// The route's `:id`.
#[derive(Params, Clone, PartialEq)]
struct IdParams {
    id: Option<i64>,
}

/// The record of the route's `:id`, `None` when the id is not a number, does not exist or is not
/// the caller's (the API does not tell those apart, and neither does a page). Loaded again only
/// when the id changes (or on a retry): a page built on it follows later changes of its record
/// through a signal of its own.
pub fn use_record<T, Fut>(
    load: impl Fn(i64) -> Fut + Copy + 'static,
) -> LocalResource<Result<Option<T>, ApiFailure>>
where
    T: 'static,
    Fut: Future<Output = Result<T, ApiFailure>> + 'static,
{
    let params = use_params::<IdParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    LocalResource::new(move || {
        let id = id.get();
        async move {
            let Some(id) = id else { return Ok(None) };
            match load(id).await {
                Ok(record) => Ok(Some(record)),
                Err(failure) if failure.is_not_found() => Ok(None),
                Err(failure) => Err(failure),
            }
        }
    })
}

/// The record is not there (or not the caller's): say so, and lead back to its list.
#[component]
pub fn NotFound(
    /// `complaint-not-found`, `claim-not-found`, …
    testid: &'static str,
    #[prop(into)] title: Signal<&'static str>,
    /// The list, and the link's text.
    back: &'static str,
    #[prop(into)] back_text: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <section class="state" data-testid=testid>
            <h1>{title}</h1>
            <A href=back attr:class="button button-primary">
                {back_text}
            </A>
        </section>
    }
}
