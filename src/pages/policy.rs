//! `/policies/:id`: one policy in full.

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params, params::Params};
use portal_core::policy::Policy;

use crate::{
    api::{self, ApiFailure},
    components::{ErrorState, Loading, StatusBadge},
    i18n::{date, use_i18n},
    paths,
    remote::Remote,
};

#[derive(Params, Clone, PartialEq)]
struct PolicyParams {
    id: Option<i64>,
}

/// The policy, or `None` when the id is not a number, does not exist or is not the caller's
/// (the API does not tell those apart, and neither does the page).
async fn find(id: Option<i64>) -> Result<Option<Policy>, ApiFailure> {
    let Some(id) = id else { return Ok(None) };
    match api::policy(id).await {
        Ok(policy) => Ok(Some(policy)),
        Err(failure) if failure.is_not_found() => Ok(None),
        Err(failure) => Err(failure),
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params::<PolicyParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    let policy = Remote::new(move || find(id.get()));
    let reload = move || policy.reload();
    view! {
        <A href=paths::POLICIES attr:class="back-link">
            {i18n.text(|t| t.back_to_list)}
        </A>
        {move || match policy.get() {
            None => view! { <Loading rows=2/> }.into_any(),
            Some(Ok(Some(policy))) => view! { <PolicyDetail policy/> }.into_any(),
            Some(Ok(None)) => view! {
                <section class="state" data-testid="policy-not-found">
                    <h1>{i18n.text(|t| t.policy_not_found)}</h1>
                    <A href=paths::POLICIES attr:class="button button-primary">
                        {i18n.text(|t| t.back_to_list)}
                    </A>
                </section>
            }
            .into_any(),
            Some(Err(failure)) => view! {
                <h1>{i18n.text(|t| t.policies_title)}</h1>
                <ErrorState failure on_retry=reload/>
            }
            .into_any(),
        }}
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
    let t = move || i18n.t();
    let period = move || {
        let lang = i18n.lang();
        format!(
            "{}{}{}",
            date(starts_on, lang),
            t().period_to,
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
                <div>
                    <dt>{i18n.text(|t| t.policy_number)}</dt>
                    <dd data-testid="policy-number">{number}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_kind)}</dt>
                    <dd data-testid="policy-kind">{i18n.by_lang(move |lang| kind.label(lang))}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_holder)}</dt>
                    <dd>{holder_name}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_insured)}</dt>
                    <dd data-testid="policy-insured">{insured_name}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_period)}</dt>
                    <dd data-testid="policy-period">{Signal::derive(period)}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_sum_insured)}</dt>
                    <dd data-testid="policy-sum-insured">{sum_insured.display_cny()}</dd>
                </div>
                <div>
                    <dt>{i18n.text(|t| t.policy_premium)}</dt>
                    <dd>{premium.display_cny()}</dd>
                </div>
            </dl>
        </article>
    }
}
