//! What the case screens' action bars and the filing forms share: the failure of an `Action`'s
//! last answer in the `form-error` paragraph, the button that opens a step, the inline "are you
//! sure?" and the step that asks for a reason.

use leptos::prelude::*;

use crate::{api::ApiFailure, i18n::use_i18n};

/// The failure of `action`'s last answer, if it failed (tracked); a new dispatch clears it.
pub fn failure_of<I, T>(action: Action<I, Result<T, ApiFailure>>) -> Signal<Option<ApiFailure>>
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    Signal::derive(move || {
        if action.pending().get() {
            return None;
        }
        action
            .value()
            .with(|answer| answer.as_ref().and_then(|a| a.as_ref().err().cloned()))
    })
}

/// A failure of the whole form or action, in the person's language (`form-error`).
#[component]
pub fn FormError(#[prop(into)] failure: Signal<Option<ApiFailure>>) -> impl IntoView {
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
    pending: Signal<bool>,
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
                        disabled=pending
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
    pending: Signal<bool>,
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
                    disabled=pending
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
