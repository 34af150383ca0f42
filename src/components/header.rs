//! The app shell's header: title, language switch, who is logged in, logout.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, components::A, hooks::use_navigate};

use super::{FormError, failure_of};
use crate::{
    api,
    i18n::use_i18n,
    paths,
    session::{Gate, use_session},
    unread::use_unread,
};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let unread = use_unread();
    let logged_in = Memo::new(move |_| session.gate() == Gate::Open);
    // A logout the server did not take says why (under the header), not a tap that does nothing.
    let log_out = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            let answer = match api::log_out().await {
                // The session had already ended.
                Err(failure) if failure.is_unauthenticated() => Ok(()),
                answer => answer,
            };
            if answer.is_ok() {
                session.logged_out();
                navigate(paths::LOGIN, NavigateOptions::default());
            }
            answer
        }
    });

    view! {
        <header class="app-header">
            <div class="app-header-inner">
                <A href=paths::HOME attr:class="app-title">
                    {i18n.text(|t| t.app_title)}
                </A>
                <div class="app-header-actions">
                    {move || {
                        session
                            .name()
                            .map(|name| {
                                view! {
                                    <span class="user-name" data-testid="user-name">
                                        {name}
                                    </span>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        data-testid="logout"
                                        disabled=log_out.pending()
                                        on:click=move |_| {
                                            log_out.dispatch(());
                                        }
                                    >
                                        {i18n.text(|t| t.logout)}
                                    </button>
                                }
                            })
                    }}
                    <button
                        type="button"
                        class="button button-quiet"
                        data-testid="lang-switch"
                        lang=i18n.text(|t| t.lang_switch_tag)
                        title=i18n.text(|t| t.lang_switch_label)
                        on:click=move |_| i18n.toggle()
                    >
                        {i18n.text(|t| t.lang_switch)}
                    </button>
                </div>
            </div>
            <nav class="app-nav">
                {move || {
                    logged_in
                        .get()
                        .then(|| {
                            view! {
                                <A href=paths::POLICIES attr:data-testid="nav-policies">
                                    {i18n.text(|t| t.nav_policies)}
                                </A>
                                <A href=paths::COMPLAINTS attr:data-testid="nav-complaints">
                                    {i18n.text(|t| t.nav_complaints)}
                                </A>
                                <A href=paths::CLAIMS attr:data-testid="nav-claims">
                                    {i18n.text(|t| t.nav_claims)}
                                </A>
                                <A href=paths::INBOX attr:data-testid="nav-inbox">
                                    {i18n.text(|t| t.nav_inbox)}
                                    {move || {
                                        let count = unread.get();
                                        (count > 0)
                                            .then(|| {
                                                view! {
                                                    <span class="nav-badge" data-testid="unread-count">
                                                        {count}
                                                    </span>
                                                    <span class="visually-hidden">
                                                        {i18n.text(|t| t.unread_suffix)}
                                                    </span>
                                                }
                                            })
                                    }}
                                </A>
                            }
                        })
                }}
                <A href=paths::CHANNELS attr:data-testid="nav-channels">
                    {i18n.text(|t| t.nav_channels)}
                </A>
            </nav>
            <FormError failure=failure_of(log_out)/>
        </header>
    }
}
