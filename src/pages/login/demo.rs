//! The demo accounts panel, shown only when the server runs in demo mode.

use leptos::{prelude::*, task::spawn_local};
use portal_core::api::DemoAccounts;

use crate::{api, i18n::use_i18n};

/// Nothing while the accounts load, and nothing when the server is not in demo mode (it then
/// answers 404): the panel is a shortcut, not a screen of its own, so it needs no skeleton or
/// error state. Asked once with spawn_local rather than a LocalResource: the login page is the
/// first screen of every first visit, and a resource there costs every phone 6 KB more.
#[component]
pub fn DemoPanel(#[prop(into)] on_pick: Callback<(String,)>) -> impl IntoView {
    let accounts = RwSignal::new(None::<DemoAccounts>);
    spawn_local(async move {
        if let Ok(answer) = api::demo_accounts().await {
            accounts.try_set(Some(answer));
        }
    });
    move || {
        accounts
            .get()
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
