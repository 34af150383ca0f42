//! `/settings`: how the person hears of their cases (channels for the notices that are not
//! required, an email address confirmed by a link), and `/settings/email/:token`, the page that
//! link opens (no session needed).

use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_location};
use portal_core::api::FieldError;
use portal_core::notify::{Channel, NotificationChoices, NotificationSettings};

use crate::{
    api::{ApiFailure, notify},
    components::{ErrorState, FormError, Loaded, Loading, error_slot, failure_of},
    i18n::{fill, settings::settings_texts, use_i18n},
    live::LiveMode,
    paths::{self, Redirect},
    session::{Gate, use_session},
};

/// `/settings/*rest`: the settings behind the login, or the confirmation link's page (no
/// session needed). One route for both (see the router).
#[component]
pub fn SettingsScreens() -> impl IntoView {
    let location = use_location();
    let session = use_session();
    move || {
        let path = location.pathname.get();
        if let Some(token) = path.strip_prefix(paths::EMAIL_CONFIRMATION) {
            let token = token.to_owned();
            return view! { <EmailConfirmPage token/> }.into_any();
        }
        match session.gate() {
            Gate::Open => view! { <LiveMode/> <SettingsPage/> }.into_any(),
            Gate::Loading => view! { <Loading/> }.into_any(),
            Gate::Unreachable => view! {
                <ErrorState failure=ApiFailure::Network on_retry=move || session.reload()/>
            }
            .into_any(),
            Gate::Closed => {
                let path = paths::login_then(paths::SETTINGS);
                view! { <Redirect path/> }.into_any()
            }
            Gate::LoggedOut => view! { <Redirect path=paths::LOGIN.to_owned()/> }.into_any(),
        }
    }
}

#[component]
fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = LocalResource::new(notify::notification_settings);
    let title = Signal::derive(move || settings_texts(i18n.lang()).title);
    view! {
        <h1>{title}</h1>
        <Loaded resource=settings heading=title let:loaded>
            <SettingsForm loaded/>
        </Loaded>
    }
}

/// The field errors of a refusal (`[]` for any other failure).
fn field_errors(failure: &ApiFailure) -> Vec<FieldError> {
    match failure {
        ApiFailure::Problem(problem) => problem.errors.clone(),
        _ => Vec::new(),
    }
}

/// The failure of `action`'s last answer unless it is a refusal with field errors: those are
/// shown by their fields, not once more under the form.
fn form_failure<I, T>(action: Action<I, Result<T, ApiFailure>>) -> Signal<Option<ApiFailure>>
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
{
    let failure = failure_of(action);
    Signal::derive(move || failure.get().filter(|f| field_errors(f).is_empty()))
}

/// The channels a person may choose for the notices that are not required (the inbox always
/// has them all).
const OPTIONAL: [Channel; 3] = [Channel::Sms, Channel::Email, Channel::Wechat];

/// The settings, built once: every answer replaces them in place.
#[component]
fn SettingsForm(loaded: NotificationSettings) -> impl IntoView {
    let i18n = use_i18n();
    let texts = move || settings_texts(i18n.lang());
    let shown = RwSignal::new(loaded.clone());
    let choices = RwSignal::new(loaded.choices);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = Action::new_local(move |chosen: &NotificationChoices| {
        let chosen = *chosen;
        async move {
            let answer = notify::save_choices(chosen).await;
            match &answer {
                Ok(settings) => {
                    errors.set(Vec::new());
                    choices.set(settings.choices);
                    shown.set(settings.clone());
                }
                Err(failure) => errors.set(field_errors(failure)),
            }
            answer
        }
    });
    // Only while what is ticked is what was saved: a change since is not "saved".
    let saved = move || {
        let unchanged = save.value().with(
            |answer| matches!(answer, Some(Ok(saved)) if choices.with(|c| *c == saved.choices)),
        );
        (!save.pending().get() && unchanged)
            .then(|| view! { <p class="muted" role="status" data-testid="settings-saved">{move || texts().saved}</p> })
    };
    let offered = move |channel| shown.with(|s| s.available.contains(&channel));
    let channel_box = move |channel: Channel| {
        let usable = move || match channel {
            Channel::Email => shown.with(|s| s.email.is_some()),
            Channel::Wechat => shown.with(|s| s.wechat_linked),
            _ => true,
        };
        let checked = move || {
            choices.with(|c| match channel {
                Channel::Sms => c.sms,
                Channel::Email => c.email,
                Channel::Wechat => c.wechat,
                Channel::Inbox => true,
            })
        };
        let toggle = move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            choices.update(|c| match channel {
                Channel::Sms => c.sms = on,
                Channel::Email => c.email = on,
                Channel::Wechat => c.wechat = on,
                Channel::Inbox => {}
            });
        };
        let hint = move || match channel {
            Channel::Sms => Some(fill(
                texts().sms_to,
                "a",
                &shown.with(|s| s.phone_masked.clone()),
            )),
            Channel::Email if !usable() => Some(texts().email_needs_address.to_owned()),
            Channel::Wechat if !usable() => Some(texts().wechat_not_linked.to_owned()),
            _ => None,
        };
        view! {
            <div class="choice">
                <label>
                    <input
                        type="checkbox"
                        data-testid=format!("choice-{}", channel.as_str())
                        prop:checked=checked
                        disabled=move || !usable() && !checked()
                        on:change=toggle
                    />
                    " "
                    {move || channel.label(i18n.lang())}
                </label>
                {move || hint().map(|hint| view! { <p class="muted">{hint}</p> })}
                {error_slot(errors, channel.as_str().to_owned())}
            </div>
        }
    };
    view! {
        <p>{move || texts().intro}</p>
        <section class="card" data-testid="channel-choices">
            <h2>{move || texts().channels_heading}</h2>
            <p class="muted">{move || texts().inbox_always}</p>
            {OPTIONAL
                .into_iter()
                .map(|channel| move || offered(channel).then(|| channel_box(channel)))
                .collect_view()}
            <Show
                when=move || OPTIONAL.into_iter().any(offered)
                fallback=move || {
                    view! { <p class="muted" data-testid="no-other-channel">{move || texts().no_other_channel}</p> }
                }
            >
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="save-choices"
                    disabled=save.pending()
                    on:click=move |_| {
                        save.dispatch(choices.get_untracked());
                    }
                >
                    {move || texts().save}
                </button>
            </Show>
            {saved}
            <FormError failure=form_failure(save)/>
        </section>
        <EmailSection shown/>
        <section class="card" data-testid="required-by-sms">
            <h2>{move || texts().required_heading}</h2>
            <p class="muted">{move || texts().required_intro}</p>
            <ul>
                {move || {
                    shown
                        .with(|s| s.required_by_sms.clone())
                        .into_iter()
                        .map(|step| view! { <li>{step}</li> })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}

/// The confirmed address, the one waiting for its link, and the form for a new one.
#[component]
fn EmailSection(shown: RwSignal<NotificationSettings>) -> impl IntoView {
    let i18n = use_i18n();
    let texts = move || settings_texts(i18n.lang());
    let typed = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let send = Action::new_local(move |email: &String| {
        let email = email.clone();
        async move {
            let answer = notify::set_email(email).await;
            match &answer {
                Ok(settings) => {
                    errors.set(Vec::new());
                    typed.set(String::new());
                    shown.set(settings.clone());
                }
                Err(failure) => errors.set(field_errors(failure)),
            }
            answer
        }
    });
    let offered = move || shown.with(|s| s.available.contains(&Channel::Email));
    view! {
        <section class="card" data-testid="email-settings">
            <h2>{move || texts().email_heading}</h2>
            {move || {
                shown
                    .with(|s| s.email.clone())
                    .map(|email| {
                        view! {
                            <p data-testid="email-confirmed">{fill(texts().email_confirmed, "a", &email)}</p>
                        }
                    })
            }}
            {move || {
                shown
                    .with(|s| s.email_pending.clone())
                    .map(|email| {
                        view! {
                            <p class="notice-line" role="status" data-testid="email-pending">
                                {fill(texts().email_pending, "a", &email)}
                            </p>
                        }
                    })
            }}
            {move || {
                if offered() {
                    view! {
                        <form novalidate on:submit=move |ev| {
                            ev.prevent_default();
                            send.dispatch(typed.get_untracked());
                        }>
                            <label class="field">
                                <span>{move || texts().email_label}</span>
                                <input
                                    type="email"
                                    name="email"
                                    autocomplete="email"
                                    inputmode="email"
                                    data-testid="email-input"
                                    prop:value=typed
                                    on:input=move |ev| typed.set(event_target_value(&ev))
                                />
                            </label>
                            {error_slot(errors, "email".to_owned())}
                            <button
                                type="submit"
                                class="button"
                                data-testid="email-send"
                                disabled=send.pending()
                            >
                                {move || texts().email_send}
                            </button>
                            <FormError failure=form_failure(send)/>
                        </form>
                    }
                        .into_any()
                } else {
                    view! { <p class="muted">{move || texts().email_unavailable}</p> }.into_any()
                }
            }}
        </section>
    }
}

/// `/settings/email/{token}`: confirms the address the link was sent to, logged in or not.
#[component]
fn EmailConfirmPage(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let texts = move || settings_texts(i18n.lang());
    let confirm = Action::new_local(move |token: &String| notify::confirm_email(token.clone()));
    let token = StoredValue::new(token);
    confirm.dispatch(token.get_value());
    // A link that is refused stays refused; a network or server failure is worth another try.
    let retry = move |failure: &ApiFailure| {
        let transient = match failure {
            ApiFailure::Problem(problem) => problem.status >= 500,
            _ => true,
        };
        transient.then(|| {
            view! {
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="email-confirm-retry"
                    on:click=move |_| {
                        confirm.dispatch(token.get_value());
                    }
                >
                    {i18n.text(|t| t.retry)}
                </button>
            }
        })
    };
    // Confirming again after a retry: the last failure is not shown meanwhile.
    let outcome = move || match confirm.value().get().filter(|_| !confirm.pending().get()) {
        None => view! { <p role="status">{move || texts().confirming}</p> }.into_any(),
        Some(Ok(confirmed)) => view! {
            <p role="status" data-testid="email-confirmed-page">
                {fill(texts().confirmed, "a", &confirmed.email)}
            </p>
        }
        .into_any(),
        Some(Err(failure)) => view! {
            <h2>{move || texts().confirm_failed}</h2>
            <p class="form-error" role="alert" data-testid="email-confirm-failed">
                {i18n.failure(&failure)}
            </p>
            {retry(&failure)}
        }
        .into_any(),
    };
    view! {
        <h1>{move || texts().confirm_title}</h1>
        {outcome}
        <A href=paths::SETTINGS attr:class="button">
            {move || texts().to_settings}
        </A>
    }
}
