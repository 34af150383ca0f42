//! `/claims/:id` (the claim page) and `/claims/:id/receipt`.

mod actions;
mod checklist;
mod outcome;
mod page;
mod receipt;
mod timeline;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params, params::Params};
use portal_core::claim::ClaimDetail;

use crate::{
    api::{self, ApiFailure},
    components::Loaded,
    i18n::{claims::claim_texts, use_i18n},
    paths,
};

pub use receipt::ClaimReceiptPage;

#[derive(Params, Clone, PartialEq)]
struct ClaimParams {
    id: Option<i64>,
}

/// The claim, or `None` when the id is not a number, does not exist or is not the caller's.
async fn find(id: Option<i64>) -> Result<Option<ClaimDetail>, ApiFailure> {
    let Some(id) = id else { return Ok(None) };
    match api::claims::claim(id).await {
        Ok(claim) => Ok(Some(claim)),
        Err(failure) if failure.is_not_found() => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// The claim of the route's id, loaded again only when the id changes (or on a retry): the page
/// built on it follows later changes of the claim through a signal of its own.
fn use_claim() -> LocalResource<Result<Option<ClaimDetail>, ApiFailure>> {
    let params = use_params::<ClaimParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    LocalResource::new(move || find(id.get()))
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let claim = use_claim();
    view! {
        <A href=paths::CLAIMS attr:class="back-link">
            {move || claim_texts(i18n.lang()).back_to_claims}
        </A>
        <Loaded resource=claim rows=2 heading=i18n.text(|t| t.nav_claims) let:found>
            {match found {
                Some(claim) => view! { <page::Claim claim/> }.into_any(),
                None => view! { <ClaimNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

/// The id is not a number, does not exist or is not the caller's.
#[component]
fn ClaimNotFound() -> impl IntoView {
    let i18n = use_i18n();
    let t = move || claim_texts(i18n.lang());
    view! {
        <section class="state" data-testid="claim-not-found">
            <h1>{move || t().claim_not_found}</h1>
            <A href=paths::CLAIMS attr:class="button button-primary">
                {move || t().back_to_claims}
            </A>
        </section>
    }
}
