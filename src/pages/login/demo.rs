//! The demo accounts panel, shown only when the server runs in demo mode.

use leptos::prelude::*;
use portal_core::api::DemoAccounts;

use crate::{i18n::use_i18n, session::use_session};

/// The demo accounts, which come with the session (`GET /session`) in demo mode only: nothing
/// while it loads and nothing outside demo mode. A shortcut, not a screen of its own, so no
/// skeleton or error state, and no request of its own.
#[component]
pub fn DemoPanel(#[prop(into)] on_pick: Callback<(String,)>) -> impl IntoView {
    let session = use_session();
    move || {
        session
            .demo_accounts()
            .map(|accounts| view! { <DemoAccountList accounts on_pick/> })
    }
}

#[component]
fn DemoAccountList(accounts: DemoAccounts, on_pick: Callback<(String,)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="card demo" data-testid="demo-accounts">
            <h2>{i18n.text(|t| t.demo_title)}</h2>
            <p class="hint">{i18n.text(|t| t.demo_hint)}</p>
            <ul class="demo-list">
                {accounts
                    .policyholders
                    .into_iter()
                    .map(|person| {
                        let phone = person.phone.clone();
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="button button-quiet demo-phone"
                                    data-testid="demo-phone"
                                    on:click=move |_| on_pick.run((phone.clone(),))
                                >
                                    <span>{person.name}</span>
                                    <span class="demo-number">{person.phone}</span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </aside>
    }
}
