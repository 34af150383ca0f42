//! `/claims`: the logged-in person's claims, newest first, with status and next deadline.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::claim::ClaimSummary;

use super::due;
use crate::{
    api,
    components::{EmptyState, Loaded},
    i18n::{claims::claim_texts, fill, use_i18n},
    paths,
};

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = use_i18n();
    let claims = LocalResource::new(api::claims::claims);
    let t = move || claim_texts(i18n.lang());
    view! {
        <h1>{i18n.text(|t| t.nav_claims)}</h1>
        <A
            href=paths::NEW_CLAIM
            attr:class="button button-primary button-block new-complaint"
            attr:data-testid="new-claim"
        >
            {move || t().new_claim}
        </A>
        <Loaded resource=claims let:page>
            {if page.items.is_empty() {
                view! {
                    <EmptyState
                        message=Signal::derive(move || t().claims_empty)
                        hint=Signal::derive(move || t().claims_empty_hint)
                    >
                        <A href=paths::NEW_CLAIM>{move || t().new_claim}</A>
                    </EmptyState>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {page.items.into_iter().map(|claim| view! { <ClaimItem claim/> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

/// One claim of the list: kind, state, number, documents still missing, the next deadline.
#[component]
fn ClaimItem(claim: ClaimSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ClaimSummary {
        id,
        claim_number,
        kind,
        status,
        documents_outstanding,
        next_deadline,
        ..
    } = claim;
    let outstanding = (documents_outstanding > 0).then(|| {
        let text = move || {
            let t = claim_texts(i18n.lang());
            fill(
                t.documents_outstanding,
                "n",
                &documents_outstanding.to_string(),
            )
        };
        view! { <span class="muted">{text}</span> }
    });
    let next = next_deadline.map(|next| {
        let class = if next.overdue {
            "muted overdue"
        } else {
            "muted"
        };
        let text = move || {
            let lang = i18n.lang();
            format!("{} · {}", next.kind.label(lang), due(&next, lang))
        };
        view! { <span class=class>{text}</span> }
    });
    view! {
        <li>
            <A href=paths::claim(id) attr:class="card item" attr:data-testid="claim-item">
                <span class="item-top">
                    <span class="muted">{i18n.by_lang(move |lang| kind.label(lang))}</span>
                    <span class="badge" data-testid="claim-item-status">
                        {i18n.by_lang(move |lang| status.label(lang))}
                    </span>
                </span>
                <span class="item-title">{claim_number}</span>
                {outstanding}
                {next}
            </A>
        </li>
    }
}
