//! `/claims/:id/receipt`: the receipt with the claim number, the time, the deadline that now
//! runs and the documents to send. Read from the claim, so it survives a reload.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::claim::{ClaimDetail, SlotState};

use super::{ClaimNotFound, use_claim};
use crate::{
    components::{DeadlineList, Fact, Loaded, Localized},
    i18n::{date_time, use_i18n},
    paths,
};

#[component]
pub fn ClaimReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let claim = use_claim();
    view! {
        <Loaded resource=claim rows=2 heading=i18n.text(|t| t.nav_claims) let:found>
            {match found {
                Some(claim) => view! { <Receipt claim/> }.into_any(),
                None => view! { <ClaimNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Receipt(claim: ClaimDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ClaimDetail {
        id,
        claim_number,
        reported_at,
        policy_number,
        deadlines,
        checklist,
        ..
    } = claim;
    view! {
        <div class="receipt">
            <h1>{i18n.claim_text(|t| t.receipt_title)}</h1>
            <p class="intro">{i18n.claim_text(|t| t.receipt_intro)}</p>
            <dl class="facts card">
                <Fact label=i18n.claim_text(|t| t.claim_number) testid="receipt-claim-number">
                    {claim_number}
                </Fact>
                <Fact label=i18n.claim_text(|t| t.reported_at) testid="receipt-received-at">
                    {move || date_time(reported_at, i18n.lang())}
                </Fact>
                <Fact label=i18n.text(|t| t.policy_number)>{policy_number}</Fact>
            </dl>
            <h2>{i18n.claim_text(|t| t.deadlines_title)}</h2>
            <DeadlineList deadlines testid="receipt-deadlines"/>
            <h2>{i18n.claim_text(|t| t.next_steps)}</h2>
            <ul class="next-steps card" data-testid="receipt-next-steps">
                {checklist
                    .slots
                    .into_iter()
                    .map(|state| view! { <NextStep state/> })
                    .collect_view()}
            </ul>
            <A
                href=paths::claim(id)
                attr:class="button button-primary button-block"
                attr:data-testid="receipt-open-claim"
            >
                {i18n.claim_text(|t| t.open_claim)}
            </A>
        </div>
    }
}

/// A document to send: its name, whether it is needed, and a hint.
#[component]
fn NextStep(state: SlotState) -> impl IntoView {
    let i18n = use_i18n();
    let slot = state.slot;
    let need = if slot.required {
        i18n.claim_text(|t| t.required)
    } else {
        i18n.claim_text(|t| t.optional)
    };
    view! {
        <li>
            <span class="item-top">
                <strong>
                    <Localized text=slot.label/>
                </strong>
                <span class="badge">{need}</span>
            </span>
            <span class="hint">
                <Localized text=slot.hint/>
            </span>
        </li>
    }
}
