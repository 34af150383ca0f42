//! `/claims/new`: the report form (报案). The policy chooses the kind; the draft is kept as the
//! person types; the submit is idempotent and leads to the receipt.

mod draft;
mod fields;

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use portal_core::claim::{ClaimPrefill, FastLaneReason};
use portal_core::policy::PolicyKind;

use self::draft::Draft;
use self::fields::{Input, select, text};
use crate::{
    api,
    components::{Filing, Loaded, urgent_toggle},
    i18n::{claims::claim_texts, use_i18n},
    paths,
};

#[component]
pub fn NewClaimPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefill = LocalResource::new(api::claims::prefill);
    view! {
        <h1>{move || claim_texts(i18n.lang()).new_claim}</h1>
        <Loaded resource=prefill rows=4 let:prefill>
            {report_form(prefill)}
        </Loaded>
    }
}

fn report_form(prefill: ClaimPrefill) -> AnyView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let (filing, restored) = Filing::new(
        |draft: Draft| async move { api::claims::report(&draft.claim, &draft.key).await },
        move |receipt: &portal_core::claim::ClaimReceipt| {
            navigate(
                &paths::claim_receipt(receipt.id),
                NavigateOptions::default(),
            )
        },
    );
    let draft = RwSignal::new(restored.unwrap_or_else(|| Draft::new(&prefill)));
    let errors = filing.errors;
    let prefill = StoredValue::new(prefill);
    filing.autosave(move || draft.get());
    let discard = move || {
        filing.discard();
        draft.set(prefill.with_value(Draft::new));
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        filing.send(draft.get_untracked());
    };
    // The claim's kind is the chosen policy's (the person may still change it).
    Effect::new(move |previous: Option<Option<i64>>| {
        let policy = draft.with(|d| d.claim.policy_id);
        if previous.is_some_and(|p| p != policy) {
            let kind = prefill.with_value(|p| {
                p.policies
                    .iter()
                    .find(|x| Some(x.id) == policy)
                    .map(|x| x.kind)
            });
            if kind.is_some() {
                draft.update(|d| d.claim.kind = kind);
            }
        }
        policy
    });
    let urgent = Memo::new(move |_| draft.with(|d| d.claim.urgent.is_some()));
    let set_urgent = move |on: bool| {
        draft.update(|d| d.claim.urgent = on.then_some(FastLaneReason::MedicalRescue))
    };
    let f = move |input| (draft, errors, input);

    (move || {
        let lang = i18n.lang();
        let t = claim_texts(lang);
        let policies = prefill.with_value(|p| {
            let mut options = vec![(String::new(), t.choose_policy.to_owned())];
            options.extend(p.policies.iter().map(|policy| {
                (
                    policy.id.to_string(),
                    format!("{} · {}", policy.product_name, policy.number),
                )
            }));
            options
        });
        let no_policies = prefill.with_value(|p| p.policies.is_empty());
        let kinds = PolicyKind::ALL
            .iter()
            .map(|k| (k.as_str().to_owned(), k.label(lang).to_owned()))
            .collect();
        let reasons = FastLaneReason::ALL
            .iter()
            .map(|r| (r.as_str().to_owned(), r.label(lang).to_owned()))
            .collect::<Vec<_>>();
        view! {
            <p class="intro">{t.form_intro}</p>
            {no_policies.then(|| view! { <p class="form-error" role="status">{t.no_policies}</p> })}
            <form class="form" novalidate on:submit=submit>
                {filing.error()}
                {select(f(Input::Policy), t.policy_label, policies)}
                {select(f(Input::Kind), t.kind_label, kinds)}
                {text(f(Input::Date), t.incident_date)}
                {text(f(Input::Time), t.incident_time)}
                <p class="hint">{t.incident_time_hint}</p>
                {text(f(Input::Place), t.place_label)}
                {text(f(Input::Description), t.description_label)}
                {text(f(Input::Phone), t.contact_phone)}
                {urgent_toggle(t.urgent_label, move || urgent.get(), set_urgent)}
                {move || {
                    urgent
                        .get()
                        .then(|| {
                            view! {
                                <p class="hint">{t.urgent_hint}</p>
                                {select(f(Input::Urgent), i18n.t().urgent_reason, reasons.clone())}
                            }
                        })
                }}
                <button
                    type="submit"
                    class="button button-primary button-block"
                    data-testid="claim-submit"
                    disabled=move || filing.submitting()
                >
                    {t.submit}
                </button>
                {filing.draft_row(i18n.t(), discard)}
            </form>
        }
    })
    .into_any()
}
