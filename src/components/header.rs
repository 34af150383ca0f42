//! The app shell's header: title, language switch, who is logged in, logout.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, components::A, hooks::use_navigate};

use crate::{api, i18n::use_i18n, paths, session::use_session};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let logging_out = RwSignal::new(false);
    let log_out = move || {
        let navigate = navigate.clone();
        logging_out.set(true);
        spawn_local(async move {
            let answer = api::log_out().await;
            logging_out.try_set(false);
            match answer {
                Err(failure) if !failure.is_unauthenticated() => {}
                // Logged out, or the session had already ended.
                _ => {
                    session.logged_out();
                    navigate(paths::LOGIN, NavigateOptions::default());
                }
            }
        });
    };

    view! {
        <header class="app-header">
            <div class="app-header-inner">
                <A href="/" attr:class="app-title">
                    {i18n.text(|t| t.app_title)}
                </A>
                <div class="app-header-actions">
                    {move || {
                        let log_out = log_out.clone();
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
                                        disabled=move || logging_out.get()
                                        on:click=move |_| log_out()
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
        </header>
    }
}
