//! What the policyholder may do now: disagree with the decision (which opens a complaint, shown
//! by the complaints app) or withdraw the claim.

use leptos::{prelude::*, task::spawn_local};
use portal_core::claim::{Action, ClaimDetail, Command};

use crate::{
    api::{self, ApiFailure},
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
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let confirming = RwSignal::new(false);
    let disputing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let run = move |command: Command| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        spawn_local(async move {
            let answer = api::claims::act(id, &command).await;
            busy.try_set(false);
            match answer {
                Ok(detail) => match (&command, &detail.dispute_complaint) {
                    // The new complaint belongs to the complaints app: a full page load.
                    (Command::Dispute { .. }, Some(complaint)) => {
                        let _ = window()
                            .location()
                            .assign(&format!("/complaints/{}", complaint.id));
                    }
                    _ => claim.set(Some(detail)),
                },
                Err(answer) => {
                    failure.try_set(Some(answer));
                }
            }
        });
    };
    let dispute = move || {
        let t = claim_texts(i18n.lang());
        let label = Action::Dispute.label(i18n.lang());
        if disputing.get() {
            view! {
                <div class="field">
                    <label for="dispute-reason">{t.dispute_reason}</label>
                    <textarea id="dispute-reason" data-testid="dispute-reason" rows="4" bind:value=reason></textarea>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="dispute-submit"
                        disabled=move || busy.get()
                        on:click=move |_| run(Command::Dispute { reason: reason.get_untracked() })
                    >
                        {t.dispute_submit}
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="dispute"
                    on:click=move |_| disputing.set(true)
                >
                    {label}
                </button>
            }
            .into_any()
        }
    };
    let withdraw = move || {
        let t = claim_texts(i18n.lang());
        let label = Action::Withdraw.label(i18n.lang());
        if confirming.get() {
            view! {
                <div class="confirm" role="alert">
                    <p>{t.withdraw_question}</p>
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="withdraw-confirm"
                            disabled=move || busy.get()
                            on:click=move |_| run(Command::Withdraw { reason: String::new() })
                        >
                            {t.withdraw_confirm}
                        </button>
                        <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>
                            {t.cancel}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button button-secondary"
                    data-testid="withdraw"
                    on:click=move |_| confirming.set(true)
                >
                    {label}
                </button>
            }
            .into_any()
        }
    };
    let shown = move || may_dispute.get() || may_withdraw.get();
    view! {
        <div class="actions" hidden=move || !shown()>
            {move || {
                failure
                    .get()
                    .map(|failure| {
                        view! {
                            <p class="form-error" data-testid="form-error" role="alert">
                                {i18n.failure(&failure)}
                            </p>
                        }
                    })
            }}
            {move || may_dispute.get().then_some(dispute)}
            {move || may_withdraw.get().then_some(withdraw)}
        </div>
    }
    .into_any()
}
