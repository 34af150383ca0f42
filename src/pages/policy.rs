//! `/policies/:id`: one policy in full.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::policy::Policy;

use crate::{
    api,
    components::{Fact, Loaded, NotFound, StatusBadge, use_record},
    i18n::{date, use_i18n},
    paths,
};

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let policy = use_record(api::policy);
    view! {
        <A href=paths::POLICIES attr:class="back-link">
            {i18n.policy_text(|t| t.back_to_list)}
        </A>
        <Loaded resource=policy rows=2 heading=i18n.policy_text(|t| t.policies_title) let:found>
            {match found {
                Some(policy) => view! { <PolicyDetail policy/> }.into_any(),
                None => view! { <PolicyNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

/// The id is not a number, does not exist or is not the caller's.
#[component]
fn PolicyNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <NotFound
            testid="policy-not-found"
            title=i18n.policy_text(|t| t.policy_not_found)
            back=paths::POLICIES
            back_text=i18n.policy_text(|t| t.back_to_list)
        />
    }
}

#[component]
fn PolicyDetail(policy: Policy) -> impl IntoView {
    let i18n = use_i18n();
    let Policy {
        number,
        product_name,
        kind,
        status,
        holder_name,
        insured_name,
        starts_on,
        ends_on,
        sum_insured,
        premium,
        ..
    } = policy;
    let period = move || {
        let lang = i18n.lang();
        format!(
            "{}{}{}",
            date(starts_on, lang),
            crate::i18n::policies::policy_texts(lang).period_to,
            date(ends_on, lang)
        )
    };
    view! {
        <article class="card policy-detail" data-testid="policy-detail">
            <div class="policy-detail-head">
                <h1>{product_name}</h1>
                <StatusBadge status attr:data-testid="policy-status"/>
            </div>
            <dl class="facts">
                <Fact label=i18n.text(|t| t.policy_number) testid="policy-number">{number}</Fact>
                <Fact label=i18n.policy_text(|t| t.policy_kind) testid="policy-kind">
                    {i18n.by_lang(move |lang| kind.label(lang))}
                </Fact>
                <Fact label=i18n.policy_text(|t| t.policy_holder)>{holder_name}</Fact>
                <Fact label=i18n.policy_text(|t| t.policy_insured) testid="policy-insured">
                    {insured_name}
                </Fact>
                <Fact label=i18n.policy_text(|t| t.policy_period) testid="policy-period">{period}</Fact>
                <Fact label=i18n.policy_text(|t| t.policy_sum_insured) testid="policy-sum-insured">
                    {sum_insured.display_cny()}
                </Fact>
                <Fact label=i18n.policy_text(|t| t.policy_premium)>{premium.display_cny()}</Fact>
            </dl>
        </article>
    }
}
