//! The first load (`index.html`): login, home, policies, channels, inbox, not found.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use super::{Shell, start};
use crate::{
    components::RequireLogin,
    entry::Entry,
    pages::{ChannelsPage, HomePage, InboxPage, LoginPage, NotFoundPage, PoliciesPage, PolicyPage},
};

#[component]
pub fn App() -> impl IntoView {
    start(Entry::Portal);
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/channels") view=ChannelsPage/>
                    <ParentRoute path=path!("/policies") view=RequireLogin>
                        <Route path=path!("") view=PoliciesPage/>
                        <Route path=path!(":id") view=PolicyPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/inbox") view=RequireLogin>
                        <Route path=path!("") view=InboxPage/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
