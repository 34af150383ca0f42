//! The first load (`index.html`): login, home, policies, not found.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use super::{Shell, start};
use crate::{
    components::RequireLogin,
    entry::Entry,
    pages::{HomePage, LoginPage, NotFoundPage, PoliciesPage, PolicyPage},
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
                    <ParentRoute path=path!("/policies") view=RequireLogin>
                        <Route path=path!("") view=PoliciesPage/>
                        <Route path=path!(":id") view=PolicyPage/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
