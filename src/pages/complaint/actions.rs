//! What the complainant may do now: supply a missing item, withdraw, request a review.

use leptos::prelude::*;
use portal_core::complaint::{Action, Command, ComplaintDetail};

use crate::{
    api,
    components::{
        Confirm, Pending, Slot, Uploads, WithReason, confirm_step, reason_step, upload_slot,
    },
    i18n::use_i18n,
    remote::Remote,
};

/// The case's actions: one at a time, the last failure shown.
#[derive(Clone, Copy)]
pub struct Actions {
    id: i64,
    complaint: Remote<Option<ComplaintDetail>>,
    pending: Pending,
}

impl Actions {
    pub fn new(id: i64, complaint: Remote<Option<ComplaintDetail>>) -> Actions {
        Actions {
            id,
            complaint,
            pending: Pending::default(),
        }
    }

    fn run(self, command: Command) {
        // The page shows the case as it is now.
        self.pending.run(
            async move { api::act(self.id, &command).await },
            move |detail| self.complaint.set(Some(detail)),
        );
    }
}

/// One missing item's upload slot and its Send button.
pub fn material_slot(actions: Actions, item_id: u32) -> AnyView {
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
    let ready = move || !uploads.busy() && !uploads.stored().is_empty() && !actions.pending.busy();
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
    .into_any()
}

/// Withdraw (confirmed inline) and request a review (with a reason), as the case allows.
pub fn action_bar(
    actions: Actions,
    may_withdraw: Signal<bool>,
    may_review: Signal<bool>,
) -> AnyView {
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
        confirm_step(confirming, texts, actions.pending, act)
    };
    let review = move || {
        let t = i18n.t();
        let texts = WithReason {
            label: Action::RequestReview.label(i18n.lang()),
            testid: "request-review",
            reason_label: t.review_reason,
            reason_id: "review-reason",
            submit: t.review_submit,
            submit_testid: "review-submit",
        };
        let act = move |reason| actions.run(Command::RequestReview { reason });
        reason_step(reviewing, reason, texts, actions.pending, act)
    };
    view! {
        <div class="actions" hidden=move || !may_review.get() && !may_withdraw.get()>
            {actions.pending.error()}
            {move || may_review.get().then_some(review)}
            {move || may_withdraw.get().then_some(withdraw)}
        </div>
    }
    .into_any()
}
