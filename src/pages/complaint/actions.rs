//! What the complainant may do now: supply a missing item, withdraw, request a review.

use leptos::prelude::*;
use portal_core::complaint::{Action, Command, ComplaintDetail};

use crate::{
    api::{self, ApiFailure},
    components::{
        Confirm, FormError, Slot, Uploads, WithReason, confirm_step, failure_of, reason_step,
        upload_slot,
    },
    i18n::use_i18n,
};

/// The case's actions: one at a time, the last failure shown.
#[derive(Clone, Copy)]
pub struct Actions {
    act: leptos::prelude::Action<Command, Result<ComplaintDetail, ApiFailure>>,
}

impl Actions {
    /// The actions on the case `id`; each answer (the case as it is now) goes into `complaint`.
    pub fn new(id: i64, complaint: RwSignal<ComplaintDetail>) -> Actions {
        let act = leptos::prelude::Action::new_local(move |command: &Command| {
            let command = command.clone();
            async move {
                let answer = api::act(id, &command).await;
                if let Ok(detail) = &answer {
                    complaint.try_set(detail.clone());
                }
                answer
            }
        });
        Actions { act }
    }

    fn run(self, command: Command) {
        if !self.act.pending().get_untracked() {
            self.act.dispatch(command);
        }
    }

    fn pending(self) -> Signal<bool> {
        self.act.pending().into()
    }
}

/// One missing item's upload slot and its Send button.
#[component]
pub fn MaterialSlot(actions: Actions, item_id: u32) -> impl IntoView {
    let i18n = use_i18n();
    let uploads = Uploads::new(Vec::new());
    let slot = Slot {
        id: format!("material-file-{item_id}"),
        testid: "material-file",
        item_testid: "material-file-item",
        path: "attachments",
        label: |t| t.attachments_label,
        multiple: true,
    };
    let ready = move || !uploads.busy() && !uploads.stored().is_empty() && !actions.pending().get();
    let send = move |_| {
        let attachments = uploads.stored().into_iter().map(|a| a.id).collect();
        actions.run(Command::SupplyMaterial {
            item_id,
            attachments,
            note: String::new(),
        });
    };
    view! {
        <div class="material-slot">
            {upload_slot(uploads, slot, None)}
            <button
                type="button"
                class="button button-primary"
                data-testid="material-submit"
                disabled=move || !ready()
                on:click=send
            >
                {i18n.text(|t| t.send)}
            </button>
        </div>
    }
}

/// Withdraw (confirmed inline) and request a review (with a reason), as the case allows.
#[component]
pub fn ActionBar(
    actions: Actions,
    may_withdraw: Signal<bool>,
    may_review: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let reviewing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let withdraw = move || {
        let t = i18n.t();
        let label = Action::Withdraw.label(i18n.lang());
        let texts = Confirm::withdraw(label, t.withdraw_question, t.withdraw_confirm, t.cancel);
        let act = move || {
            actions.run(Command::Withdraw {
                reason: String::new(),
            })
        };
        confirm_step(confirming, texts, actions.pending(), act)
    };
    let review = move || {
        let t = crate::i18n::complaints::complaint_texts(i18n.lang());
        let texts = WithReason {
            label: Action::RequestReview.label(i18n.lang()),
            testid: "request-review",
            reason_label: t.review_reason,
            reason_id: "review-reason",
            submit: t.review_submit,
            submit_testid: "review-submit",
        };
        let act = move |reason| actions.run(Command::RequestReview { reason });
        reason_step(reviewing, reason, texts, actions.pending(), act)
    };
    // The failure of any of the case's actions, sending a missing item included: outside the
    // bar, which is hidden when the person may neither withdraw nor ask for a review.
    view! {
        <FormError failure=failure_of(actions.act)/>
        <div class="actions" hidden=move || !may_review.get() && !may_withdraw.get()>
            {move || may_review.get().then_some(review)}
            {move || may_withdraw.get().then_some(withdraw)}
        </div>
    }
}
