//! `/claims/:id` (the claim page) and `/claims/:id/receipt`.

mod actions;
mod checklist;
mod outcome;
mod page;
mod receipt;
mod timeline;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{hooks::use_params, params::Params};
use portal_core::claim::ClaimDetail;

use crate::{
    api::{self, ApiFailure},
    components::{ErrorState, Loading, uploader::Uploader},
    i18n::{claims::claim_texts, use_i18n},
    remote::{Remote, Shape},
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

/// The claim of the route's id, loaded when the id changes.
fn use_claim() -> Remote<Option<ClaimDetail>> {
    use_claim_id().1
}

/// The route's id, and its claim.
fn use_claim_id() -> (Memo<Option<i64>>, Remote<Option<ClaimDetail>>) {
    let params = use_params::<ClaimParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    (id, Remote::new(move || find(id.get())))
}

/// Loading, not found and error states around a loaded claim's view (built once per claim, then
/// following its changes: see [`Remote::found`]).
fn with_claim(
    claim: Remote<Option<ClaimDetail>>,
    show: fn(Memo<ClaimDetail>, Remote<Option<ClaimDetail>>) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || claim_texts(i18n.lang());
    let shape = claim.shape(|c| c.id);
    move || {
        match shape.get() {
        Shape::Loading => view! { <Loading rows=2/> }.into_any(),
        Shape::Found(_) => match claim.found() {
            Some(detail) => show(detail, claim),
            None => view! { <Loading rows=2/> }.into_any(),
        },
        Shape::NotFound => view! {
            <section class="state" data-testid="claim-not-found">
                <h1>{move || t().claim_not_found}</h1>
                <a href=crate::paths::CLAIMS class="button button-primary">{move || t().back_to_claims}</a>
            </section>
        }
        .into_any(),
        Shape::Failed => view! {
            <h1>{i18n.text(|t| t.nav_claims)}</h1>
            <ErrorState failure=claim.failure() on_retry=move || claim.reload()/>
        }
        .into_any(),
    }
    }
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let (id, claim) = use_claim_id();
    // The uploads outlive each new answer about the claim (one per attached document): they
    // belong to the page of one claim id.
    let body = move || {
        let uploader = id
            .get()
            .map(|id| Uploader::new(id, Callback::new(move |detail| claim.set(Some(detail)))));
        provide_context(uploader);
        with_claim(claim, page::claim_view)
    };
    view! {
        <a href=crate::paths::CLAIMS class="back-link">{move || claim_texts(i18n.lang()).back_to_claims}</a>
        {body}
    }
}
