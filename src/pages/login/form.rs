//! The login form: the phone step, then the code step below it.

use leptos::{ev::SubmitEvent, html, prelude::*};
use portal_core::api::{ErrorCode, OtpSent};

use super::{countdown::Countdown, demo::DemoPanel, errors::LoginErrors};
use crate::{
    api,
    i18n::{fill, use_i18n},
    session::use_session,
    storage,
};

/// The typed phone number survives a reload (and a closed webview) until login succeeds.
const PHONE_DRAFT_KEY: &str = "portal.login.phone";

#[component]
pub fn LoginForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let phone = RwSignal::new(storage::get(PHONE_DRAFT_KEY).unwrap_or_default());
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(LoginErrors::default());
    // Set once a code went out (or one is on its way): the code step is shown from then on.
    let code_step = RwSignal::new(false);
    let sent = RwSignal::new(None::<OtpSent>);
    let countdown = Countdown::new();
    let code_input = NodeRef::<html::Input>::new();

    Effect::new(move || storage::set(PHONE_DRAFT_KEY, &phone.get()));
    Effect::new(move || {
        if code_step.get()
            && let Some(input) = code_input.get()
        {
            let _ = input.focus();
        }
    });

    // Asking for a code and logging in are Actions: one at a time (their buttons are disabled
    // while pending), the answer's errors go beside their fields.
    let request_code = Action::new_local(move |phone: &String| {
        let phone = phone.clone();
        async move {
            let answer = api::request_code(phone).await;
            match answer {
                Ok(otp) => {
                    countdown.start(otp.resend_in_secs);
                    sent.try_set(Some(otp));
                    errors.try_set(LoginErrors::default());
                    code_step.try_set(true);
                }
                Err(failure) => {
                    // A code already went out a moment ago: it is still good to type in.
                    if failure.code() == Some(ErrorCode::CodeResendTooSoon) {
                        code_step.try_set(true);
                    }
                    errors.try_set(LoginErrors::from_failure(failure));
                }
            }
        }
    });
    let log_in = Action::new_local(move |(phone, code): &(String, String)| {
        let (phone, code) = (phone.clone(), code.clone());
        async move {
            let answer = api::log_in(phone, code).await;
            match answer {
                Ok(me) => {
                    storage::remove(PHONE_DRAFT_KEY);
                    // The login page follows the session to where the person was going.
                    session.logged_in(me);
                }
                Err(failure) => {
                    errors.try_set(LoginErrors::from_failure(failure));
                }
            }
        }
    });

    let send_code = move || {
        let typed = phone.get_untracked();
        let checked = LoginErrors::check_phone(&typed);
        if checked.is_empty() && !request_code.pending().get_untracked() {
            request_code.dispatch(typed);
        }
        errors.set(checked);
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if !code_step.get_untracked() {
            send_code();
            return;
        }
        let (typed_phone, typed_code) = (phone.get_untracked(), code.get_untracked());
        let checked = LoginErrors::check_login(&typed_phone, &typed_code);
        if checked.is_empty() && !log_in.pending().get_untracked() {
            log_in.dispatch((typed_phone, typed_code));
        }
        errors.set(checked);
    };
    let send_disabled = move || countdown.remaining() > 0 || request_code.pending().get();
    let send_label = move || match countdown.remaining() {
        0 => i18n.t().send_code.to_owned(),
        n => fill(i18n.t().resend_in, "n", &n.to_string()),
    };
    let field_error = move |code: Option<ErrorCode>, testid: &'static str, id: &'static str| {
        code.map(|code| {
            view! {
                <p class="field-error" id=id data-testid=testid>
                    {i18n.by_lang(move |lang| code.message(lang))}
                </p>
            }
        })
    };
    let phone_error = Memo::new(move |_| errors.with(|e| e.phone));
    let code_error = Memo::new(move |_| errors.with(|e| e.code));

    view! {
        <section class="login">
            <h1>{i18n.text(|t| t.login_title)}</h1>
            <p class="intro">{i18n.text(|t| t.login_intro)}</p>
            <form class="card form" novalidate on:submit=on_submit>
                <div class="field">
                    <label for="phone">{i18n.text(|t| t.phone_label)}</label>
                    <div class="input-row">
                        <input
                            id="phone"
                            name="phone"
                            type="tel"
                            inputmode="numeric"
                            autocomplete="tel"
                            data-testid="phone-input"
                            placeholder=i18n.text(|t| t.phone_placeholder)
                            aria-invalid=move || phone_error.get().is_some().to_string()
                            aria-describedby="phone-error"
                            bind:value=phone
                        />
                        <button
                            type=move || if code_step.get() { "button" } else { "submit" }
                            class=move || {
                                if code_step.get() {
                                    "button button-secondary send-code"
                                } else {
                                    "button button-primary send-code"
                                }
                            }
                            data-testid="send-code"
                            disabled=send_disabled
                            on:click=move |ev| {
                                // In the code step this button asks again; the form's submit logs in.
                                if code_step.get_untracked() {
                                    ev.prevent_default();
                                    send_code();
                                }
                            }
                        >
                            {send_label}
                        </button>
                    </div>
                    {move || field_error(phone_error.get(), "field-error-phone", "phone-error")}
                </div>
                <Show when=move || code_step.get()>
                    {move || {
                        sent.get()
                            .map(|otp| {
                                let masked = otp.phone_masked;
                                view! {
                                    <p class="hint" role="status">
                                        {Signal::derive(move || fill(i18n.t().code_sent_to, "phone", &masked))}
                                    </p>
                                    {otp.demo_code.map(|digits| view! {
                                        <p class="demo-code" data-testid="demo-code">
                                            {i18n.text(|t| t.demo_code)}
                                            <strong data-testid="demo-code-value">{digits}</strong>
                                        </p>
                                    })}
                                }
                            })
                    }}
                    <div class="field">
                        <label for="code">{i18n.text(|t| t.code_label)}</label>
                        <input
                            id="code"
                            name="code"
                            type="text"
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            data-testid="code-input"
                            placeholder=i18n.text(|t| t.code_placeholder)
                            aria-invalid=move || code_error.get().is_some().to_string()
                            aria-describedby="code-error"
                            node_ref=code_input
                            bind:value=code
                        />
                        {move || field_error(code_error.get(), "field-error-code", "code-error")}
                    </div>
                    <button
                        type="submit"
                        class="button button-primary button-block"
                        data-testid="login-submit"
                        disabled=log_in.pending()
                    >
                        {i18n.text(|t| t.login_submit)}
                    </button>
                </Show>
                {move || {
                    errors.with(|e| e.form.clone())
                        .map(|failure| view! {
                            <p class="form-error" data-testid="form-error" role="alert">
                                {Signal::derive(move || i18n.failure(&failure))}
                            </p>
                        })
                }}
            </form>
            <DemoPanel on_pick=move |number: String| {
                phone.set(number);
                errors.set(LoginErrors::default());
            }/>
        </section>
    }
}
