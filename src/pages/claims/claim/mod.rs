//! `/claims/:id` (the claim page) and `/claims/:id/receipt`.

mod actions;
mod checklist;
mod outcome;
mod page;
mod receipt;
mod timeline;

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::claim::ClaimDetail;

use crate::{
    api::{self, ApiFailure},
    components::{Loaded, NotFound, use_record},
    i18n::{claims::claim_texts, use_i18n},
    paths,
};

pub use receipt::ClaimReceiptPage;

/// The claim of the route's id (see [`use_record`]).
fn use_claim() -> LocalResource<Result<Option<ClaimDetail>, ApiFailure>> {
    use_record(api::claims::claim)
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
    view! {
        <NotFound
            testid="claim-not-found"
            title=i18n.claim_text(|t| t.claim_not_found)
            back=paths::CLAIMS
            back_text=i18n.claim_text(|t| t.back_to_claims)
        />
    }
}
