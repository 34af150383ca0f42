//! What the case screens' action bars and the filing forms share: one action at a time with the
//! failure of the last one, the `form-error` paragraph, the button that opens a step, the
//! inline "are you sure?" and the step that asks for a reason.

use std::future::Future;

use leptos::{prelude::*, task::spawn_local};

use crate::{api::ApiFailure, i18n::use_i18n};

/// One action at a time, and the failure of the last one.
#[derive(Clone, Copy, Default)]
pub struct Pending {
    busy: RwSignal<bool>,
    failure: RwSignal<Option<ApiFailure>>,
}

impl Pending {
    /// Whether an action is on its way (tracked).
    pub fn busy(self) -> bool {
        self.busy.get()
    }

    /// Sends `request` unless an action is on its way already; a success goes to `done`, a
    /// failure is kept for [`Pending::error`].
    pub fn run<T: 'static>(
        self,
        request: impl Future<Output = Result<T, ApiFailure>> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let answer = request.await;
            self.busy.try_set(false);
            match answer {
                Ok(value) => done(value),
                Err(failure) => {
                    self.failure.try_set(Some(failure));
                }
            }
        });
    }

    /// The last failure, if any.
    pub fn error(self) -> impl IntoView {
        form_error(self.failure)
    }
}

/// A failure of the whole form or action, in the person's language (`form-error`).
pub fn form_error(failure: RwSignal<Option<ApiFailure>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|failure| {
            view! {
                <p class="form-error" data-testid="form-error" role="alert">
                    {i18n.failure(&failure)}
                </p>
            }
        })
    }
}

/// A button that opens a step (a question, a reason to type).
pub fn open_button(
    class: &'static str,
    testid: &'static str,
    label: &'static str,
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <button type="button" class=class data-testid=testid on:click=move |_| open.set(true)>
            {label}
        </button>
    }
}

/// What an action asked once more says, and its testids.
pub struct Confirm {
    /// The action's button, and its testid.
    pub label: &'static str,
    pub testid: &'static str,
    /// The question asked inline.
    pub question: &'static str,
    /// The button that acts, and its testid.
    pub confirm: &'static str,
    pub confirm_testid: &'static str,
    /// The button that closes the question.
    pub cancel: &'static str,
}

impl Confirm {
    /// Withdrawing the case (`withdraw`, then `withdraw-confirm`).
    pub fn withdraw(
        label: &'static str,
        question: &'static str,
        confirm: &'static str,
        cancel: &'static str,
    ) -> Confirm {
        Confirm {
            label,
            testid: "withdraw",
            question,
            confirm,
            confirm_testid: "withdraw-confirm",
            cancel,
        }
    }
}

/// The action's button or, once tapped (`asking`), the question with confirm and cancel.
/// Read inside a reactive closure: it follows `asking`.
pub fn confirm_step(
    asking: RwSignal<bool>,
    texts: Confirm,
    pending: Pending,
    act: impl Fn() + 'static,
) -> AnyView {
    if asking.get() {
        view! {
            <div class="confirm" role="alert">
                <p>{texts.question}</p>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid=texts.confirm_testid
                        disabled=move || pending.busy()
                        on:click=move |_| act()
                    >
                        {texts.confirm}
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| asking.set(false)>
                        {texts.cancel}
                    </button>
                </div>
            </div>
        }
        .into_any()
    } else {
        open_button("button button-secondary", texts.testid, texts.label, asking).into_any()
    }
}

/// What an action that needs a reason says, and its testids.
pub struct WithReason {
    /// The action's button, and its testid.
    pub label: &'static str,
    pub testid: &'static str,
    /// The reason's label, and the textarea's id (also its testid).
    pub reason_label: &'static str,
    pub reason_id: &'static str,
    /// The button that sends, and its testid.
    pub submit: &'static str,
    pub submit_testid: &'static str,
}

/// The action's button or, once tapped (`open`), the reason to type and the button that sends
/// it. Read inside a reactive closure: it follows `open`.
pub fn reason_step(
    open: RwSignal<bool>,
    reason: RwSignal<String>,
    texts: WithReason,
    pending: Pending,
    act: impl Fn(String) + 'static,
) -> AnyView {
    if open.get() {
        view! {
            <div class="field">
                <label for=texts.reason_id>{texts.reason_label}</label>
                <textarea id=texts.reason_id data-testid=texts.reason_id rows="4" bind:value=reason></textarea>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid=texts.submit_testid
                    disabled=move || pending.busy()
                    on:click=move |_| act(reason.get_untracked())
                >
                    {texts.submit}
                </button>
            </div>
        }
        .into_any()
    } else {
        open_button("button button-primary", texts.testid, texts.label, open).into_any()
    }
}
