//! `/complaints/:id` (the case page) and `/complaints/:id/receipt`.

mod actions;
mod case;
mod receipt;
mod timeline;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params, params::Params};
use portal_core::complaint::ComplaintDetail;

use crate::{
    api::{self, ApiFailure},
    components::Loaded,
    i18n::use_i18n,
    paths,
};

pub use receipt::ReceiptPage;

#[derive(Params, Clone, PartialEq)]
struct ComplaintParams {
    id: Option<i64>,
}

/// The complaint, or `None` when the id is not a number, does not exist or is not the caller's.
async fn find(id: Option<i64>) -> Result<Option<ComplaintDetail>, ApiFailure> {
    let Some(id) = id else { return Ok(None) };
    match api::complaint(id).await {
        Ok(complaint) => Ok(Some(complaint)),
        Err(failure) if failure.is_not_found() => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// The complaint of the route's id, loaded again only when the id changes (or on a retry): the
/// page built on it follows later changes of the case through a signal of its own.
fn use_complaint() -> LocalResource<Result<Option<ComplaintDetail>, ApiFailure>> {
    let params = use_params::<ComplaintParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    LocalResource::new(move || find(id.get()))
}

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let i18n = use_i18n();
    let complaint = use_complaint();
    view! {
        <A href=paths::COMPLAINTS attr:class="back-link">
            {i18n.text(|t| t.back_to_complaints)}
        </A>
        <Loaded resource=complaint rows=2 heading=i18n.text(|t| t.nav_complaints) let:found>
            {match found {
                Some(complaint) => view! { <case::Case complaint/> }.into_any(),
                None => view! { <ComplaintNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

/// The id is not a number, does not exist or is not the caller's.
#[component]
fn ComplaintNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="state" data-testid="complaint-not-found">
            <h1>{i18n.text(|t| t.complaint_not_found)}</h1>
            <A href=paths::COMPLAINTS attr:class="button button-primary">
                {i18n.text(|t| t.back_to_complaints)}
            </A>
        </section>
    }
}
