//! The app: language and session contexts, the shell and the routes.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::{
    components::{Header, RequireLogin},
    i18n::provide_i18n,
    pages::{HomePage, LoginPage, NotFoundPage, PoliciesPage, PolicyPage},
    session::provide_session,
};

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <ParentRoute path=path!("/policies") view=RequireLogin>
                        <Route path=path!("") view=PoliciesPage/>
                        <Route path=path!(":id") view=PolicyPage/>
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}
