//! What the complainant may do now: supply a missing item, withdraw, request a review.

use leptos::{prelude::*, task::spawn_local};
use portal_core::complaint::{Action, Command, ComplaintDetail};

use crate::{
    api::{self, ApiFailure},
    components::{Slot, Uploads, upload_slot},
    i18n::use_i18n,
    remote::Remote,
};

/// The case's actions: one at a time, the last failure shown.
#[derive(Clone, Copy)]
pub struct Actions {
    id: i64,
    complaint: Remote<Option<ComplaintDetail>>,
    busy: RwSignal<bool>,
    failure: RwSignal<Option<ApiFailure>>,
}

impl Actions {
    pub fn new(id: i64, complaint: Remote<Option<ComplaintDetail>>) -> Actions {
        Actions {
            id,
            complaint,
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }

    fn run(self, command: Command) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let answer = api::act(self.id, &command).await;
            self.busy.try_set(false);
            match answer {
                // The page shows the case as it is now.
                Ok(detail) => self.complaint.set(Some(detail)),
                Err(failure) => {
                    self.failure.try_set(Some(failure));
                }
            }
        });
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
    let ready = move || !uploads.busy() && !uploads.stored().is_empty() && !actions.busy.get();
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
pub fn action_bar(actions: Actions, may_withdraw: bool, may_review: bool) -> AnyView {
    let i18n = use_i18n();
    let confirming = RwSignal::new(false);
    let reviewing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let busy = move || actions.busy.get();
    let withdraw = move || {
        let t = i18n.t();
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
                            disabled=busy
                            on:click=move |_| actions.run(Command::Withdraw { reason: String::new() })
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
    let review = move || {
        let t = i18n.t();
        let label = Action::RequestReview.label(i18n.lang());
        if reviewing.get() {
            view! {
                <div class="field">
                    <label for="review-reason">{t.review_reason}</label>
                    <textarea id="review-reason" data-testid="review-reason" rows="4" bind:value=reason></textarea>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="review-submit"
                        disabled=busy
                        on:click=move |_| actions.run(Command::RequestReview { reason: reason.get_untracked() })
                    >
                        {t.review_submit}
                    </button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="request-review"
                    on:click=move |_| reviewing.set(true)
                >
                    {label}
                </button>
            }
            .into_any()
        }
    };
    view! {
        <div class="actions">
            {move || {
                actions
                    .failure
                    .get()
                    .map(|failure| {
                        view! {
                            <p class="form-error" data-testid="form-error" role="alert">
                                {i18n.failure(&failure)}
                            </p>
                        }
                    })
            }}
            {may_review.then_some(review)}
            {may_withdraw.then_some(withdraw)}
        </div>
    }
    .into_any()
}
