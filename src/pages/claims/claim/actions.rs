//! What the policyholder may do now: disagree with the decision (which opens a complaint, shown
//! by the complaints app) or withdraw the claim.

use leptos::prelude::*;
use portal_core::claim::{Action, ClaimDetail, Command};

use crate::{
    api,
    components::{Confirm, Pending, WithReason, confirm_step, reason_step},
    i18n::{claims::claim_texts, use_i18n},
    remote::Remote,
};

pub fn action_bar(
    id: i64,
    claim: Remote<Option<ClaimDetail>>,
    may_dispute: Signal<bool>,
    may_withdraw: Signal<bool>,
) -> AnyView {
    let i18n = use_i18n();
    let pending = Pending::default();
    let confirming = RwSignal::new(false);
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let run = move |command: Command| {
        let dispute = matches!(command, Command::Dispute { .. });
        pending.run(
            async move { api::claims::act(id, &command).await },
            move |detail: ClaimDetail| match (dispute, &detail.dispute_complaint) {
                // The new complaint belongs to the complaints app: a full page load.
                (true, Some(complaint)) => {
                    let _ = window()
                        .location()
                        .assign(&format!("/complaints/{}", complaint.id));
                }
                _ => claim.set(Some(detail)),
            },
        );
    };
    let dispute = move || {
        let t = claim_texts(i18n.lang());
        let texts = WithReason {
            label: Action::Dispute.label(i18n.lang()),
            testid: "dispute",
            reason_label: t.dispute_reason,
            reason_id: "dispute-reason",
            submit: t.dispute_submit,
            submit_testid: "dispute-submit",
        };
        let act = move |reason| run(Command::Dispute { reason });
        reason_step(disputing, reason, texts, pending, act)
    };
    let withdraw = move || {
        let t = claim_texts(i18n.lang());
        let label = Action::Withdraw.label(i18n.lang());
        let texts = Confirm::withdraw(
            label,
            t.withdraw_question,
            t.withdraw_confirm,
            i18n.t().cancel,
        );
        let act = move || {
            run(Command::Withdraw {
                reason: String::new(),
            })
        };
        confirm_step(confirming, texts, pending, act)
    };
    let shown = move || may_dispute.get() || may_withdraw.get();
    view! {
        <div class="actions" hidden=move || !shown()>
            {pending.error()}
            {move || may_dispute.get().then_some(dispute)}
            {move || may_withdraw.get().then_some(withdraw)}
        </div>
    }
    .into_any()
}
