//! What the policyholder may do now: disagree with the decision (which opens a complaint) or
//! withdraw the claim.

use leptos::prelude::*;
use portal_core::claim::{Action, ClaimDetail, Command};

use crate::{
    api,
    components::{Confirm, FormError, WithReason, confirm_step, failure_of, reason_step},
    i18n::{claims::claim_texts, use_i18n},
    paths,
};

/// Disagree (with a reason) and withdraw (confirmed inline), as the claim allows; each answer
/// goes into `claim`, except a disagreement's, which goes to the complaint it opened.
#[component]
pub fn ActionBar(
    claim: RwSignal<ClaimDetail>,
    may_dispute: Signal<bool>,
    may_withdraw: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = claim.with_untracked(|c| c.id);
    let navigate = leptos_router::hooks::use_navigate();
    let act = leptos::prelude::Action::new_local(move |command: &Command| {
        let command = command.clone();
        let navigate = navigate.clone();
        let dispute = matches!(command, Command::Dispute { .. });
        async move {
            let answer = api::claims::act(id, &command).await;
            match (dispute, &answer) {
                // A disagreement opens a complaint: its page follows the case from here.
                (
                    true,
                    Ok(ClaimDetail {
                        dispute_complaint: Some(complaint),
                        ..
                    }),
                ) => navigate(&paths::complaint(complaint.id), Default::default()),
                (_, Ok(detail)) => {
                    claim.try_set(detail.clone());
                }
                (_, Err(_)) => {}
            }
            answer
        }
    });
    let pending = Signal::from(act.pending());
    let confirming = RwSignal::new(false);
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let run = move |command: Command| {
        if !act.pending().get_untracked() {
            act.dispatch(command);
        }
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
            <FormError failure=failure_of(act)/>
            {move || may_dispute.get().then_some(dispute)}
            {move || may_withdraw.get().then_some(withdraw)}
        </div>
    }
}
