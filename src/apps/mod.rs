//! The entry apps' root components, each with its own router and routes inside the shared
//! shell. Each binary mounts one of them; LTO keeps only the screens that app routes to.

pub mod claims;
pub mod complaints;
pub mod portal;

use leptos::prelude::*;

use crate::{
    components::Header,
    entry::{self, Entry},
    i18n::provide_i18n,
    session::provide_session,
    unread::provide_unread,
};

/// What every app sets up before its router: which app runs, the language and the session.
fn start(app: Entry) {
    entry::start(app);
    provide_i18n();
    provide_session();
}

/// The header and the routes (inside the router: the unread count follows the location).
#[component]
fn Shell(children: Children) -> impl IntoView {
    provide_unread();
    view! {
        <Header/>
        <main class="page">{children()}</main>
    }
}
