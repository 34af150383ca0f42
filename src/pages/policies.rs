//! `/policies`: the logged-in policyholder's policies.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::policy::PolicySummary;

use crate::{
    api,
    components::{EmptyState, Loaded, StatusBadge},
    i18n::{date, use_i18n},
    paths,
};

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let i18n = use_i18n();
    let policies = LocalResource::new(api::policies);
    view! {
        <h1>{i18n.policy_text(|t| t.policies_title)}</h1>
        <Loaded resource=policies let:page>
            {if page.items.is_empty() {
                view! {
                    <EmptyState
                        message=i18n.policy_text(|t| t.policies_empty)
                        hint=i18n.policy_text(|t| t.policies_empty_hint)
                    >
                        <button
                            type="button"
                            class="button button-primary"
                            on:click=move |_| policies.refetch()
                        >
                            {i18n.text(|t| t.refresh)}
                        </button>
                    </EmptyState>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="policy-list" data-testid="policy-list">
                        {page.items.into_iter().map(|policy| view! { <PolicyItem policy/> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

#[component]
fn PolicyItem(policy: PolicySummary) -> impl IntoView {
    let i18n = use_i18n();
    let PolicySummary {
        id,
        number,
        product_name,
        kind,
        status,
        insured_name,
        ends_on,
    } = policy;
    view! {
        <li>
            <A href=paths::policy(id) attr:class="card policy-item" attr:data-testid="policy-item">
                <span class="policy-item-top">
                    <span class="policy-kind">{i18n.by_lang(move |lang| kind.label(lang))}</span>
                    <StatusBadge status/>
                </span>
                <span class="policy-product">{product_name}</span>
                <span class="policy-meta">
                    <span class="policy-number">{number}</span>
                    <span>{insured_name}</span>
                </span>
                <span class="policy-meta">
                    {Signal::derive(move || format!("{} {}", crate::i18n::policies::policy_texts(i18n.lang()).ends_on, date(ends_on, i18n.lang())))}
                </span>
            </A>
        </li>
    }
}
