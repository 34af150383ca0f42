//! What came of the claim so far: the investigation, the assessed amount, advance payments, the
//! decision with its reasons, the payment with its breakdown, and the complaint of a dispute.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::claim::machine::{AdvancePayment, Assessment, Investigation, Payment};
use portal_core::claim::{ClaimDecision, ClaimDetail, DisputeComplaint};

use crate::{
    i18n::{date_time, use_i18n},
    paths,
};

/// Each part once there is something to say; each follows the claim.
#[component]
pub fn Outcome(claim: Signal<ClaimDetail>) -> impl IntoView {
    let investigation = Memo::new(move |_| claim.with(|c| c.investigation.clone()));
    let assessment = Memo::new(move |_| claim.with(|c| c.assessment.clone()));
    let advances = Memo::new(move |_| claim.with(|c| c.advances.clone()));
    let decision = Memo::new(move |_| claim.with(|c| c.decision.clone()));
    let payment = Memo::new(move |_| claim.with(|c| c.payment.clone()));
    let dispute = Memo::new(move |_| claim.with(|c| c.dispute_complaint.clone()));
    view! {
        <div class="case-outcome">
            {move || {
                investigation
                    .get()
                    .map(|investigation| view! { <InvestigationSection investigation/> })
            }}
            {move || assessment.get().map(|assessment| view! { <AssessmentSection assessment/> })}
            {move || {
                let advances = advances.get();
                (!advances.is_empty()).then(|| view! { <AdvancesSection advances/> })
            }}
            {move || decision.get().map(|decision| view! { <DecisionSection decision/> })}
            {move || payment.get().map(|payment| view! { <PaymentSection payment/> })}
            {move || dispute.get().map(|complaint| view! { <DisputeLine complaint/> })}
        </div>
    }
}

#[component]
fn InvestigationSection(investigation: Investigation) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card block" data-testid="investigation">
            <h2>{i18n.claim_text(|t| t.investigation_title)}</h2>
            <p class="prose">{investigation.what}</p>
        </section>
    }
}

#[component]
fn AssessmentSection(assessment: Assessment) -> impl IntoView {
    let i18n = use_i18n();
    let Assessment { amount, note, .. } = assessment;
    let note = (!note.trim().is_empty()).then(|| view! { <p class="prose">{note}</p> });
    view! {
        <section class="card block">
            <h2>{i18n.claim_text(|t| t.assessment_title)}</h2>
            <p class="amount" data-testid="assessed-amount">{amount.display_cny()}</p>
            {note}
        </section>
    }
}

#[component]
fn AdvancesSection(advances: Vec<AdvancePayment>) -> impl IntoView {
    let i18n = use_i18n();
    let lines = advances
        .into_iter()
        .map(|AdvancePayment { at, amount, .. }| {
            view! {
                <li>
                    <span>{move || date_time(at, i18n.lang())}</span>
                    <span class="amount">{amount.display_cny()}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card block" data-testid="advance-payment">
            <h2>{i18n.claim_text(|t| t.advance_title)}</h2>
            <ul class="lines">{lines}</ul>
        </section>
    }
}

#[component]
fn DecisionSection(decision: ClaimDecision) -> impl IntoView {
    let i18n = use_i18n();
    let ClaimDecision {
        result,
        amount,
        refusal_reasons,
        text,
        ..
    } = decision;
    let amount = amount.map(|amount| {
        view! {
            <p data-testid="decision-amount">
                {i18n.claim_text(|t| t.decided_amount)}
                {move || i18n.lang().pick("：", ": ")}
                <strong class="amount">{amount.display_cny()}</strong>
            </p>
        }
    });
    let reasons = (!refusal_reasons.is_empty()).then(|| {
        view! {
            <ul class="reasons" data-testid="decision-reasons">
                {refusal_reasons
                    .into_iter()
                    .map(|reason| view! { <li>{i18n.by_lang(move |lang| reason.label(lang))}</li> })
                    .collect_view()}
            </ul>
        }
    });
    let text = (!text.trim().is_empty())
        .then(|| view! { <p class="prose" data-testid="decision-text">{text}</p> });
    view! {
        <section class="card block" data-testid="decision">
            <h2>{i18n.claim_text(|t| t.decision_title)}</h2>
            <p data-testid="decision-result">
                <strong>{i18n.by_lang(move |lang| result.label(lang))}</strong>
            </p>
            {amount}
            {reasons}
            {text}
        </section>
    }
}

#[component]
fn PaymentSection(payment: Payment) -> impl IntoView {
    let i18n = use_i18n();
    let Payment {
        at,
        lines,
        total,
        advance_deducted,
        transferred,
    } = payment;
    let lines = lines
        .into_iter()
        .map(|line| {
            view! {
                <li data-testid="payment-line">
                    <span>{line.label}</span>
                    <span class="amount">{line.amount.display_cny()}</span>
                </li>
            }
        })
        .collect_view();
    // An advance paid earlier: what it took off, and what was sent now.
    let advance = (advance_deducted.0 != 0).then(|| {
        view! {
            <li>
                <span>{i18n.claim_text(|t| t.advance_deducted)}</span>
                <span class="amount">{advance_deducted.display_cny()}</span>
            </li>
            <li>
                <span>{i18n.claim_text(|t| t.transferred)}</span>
                <span class="amount">{transferred.display_cny()}</span>
            </li>
        }
    });
    view! {
        <section class="card block" data-testid="payment">
            <h2>{i18n.claim_text(|t| t.payment_title)}</h2>
            <ul class="lines">
                {lines}
                <li class="total" data-testid="payment-total">
                    <strong>{i18n.claim_text(|t| t.payment_total)}</strong>
                    <strong class="amount">{total.display_cny()}</strong>
                </li>
                {advance}
            </ul>
            <p class="muted">{move || date_time(at, i18n.lang())}</p>
        </section>
    }
}

/// The complaint the disagreement opened, with a link to it.
#[component]
fn DisputeLine(complaint: DisputeComplaint) -> impl IntoView {
    let i18n = use_i18n();
    let DisputeComplaint { id, case_number } = complaint;
    view! {
        <p class="card block" data-testid="dispute-complaint">
            {i18n.claim_text(|t| t.dispute_opened)}
            <A href=paths::complaint(id)>{case_number}</A>
        </p>
    }
}
