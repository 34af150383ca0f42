//! The app: language and session contexts, the shell and the routes.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::{
    components::{Header, RequireLogin},
    i18n::provide_i18n,
    pages::{
        ChannelsPage, ComplaintPage, ComplaintsPage, HomePage, InboxPage, LoginPage,
        NewComplaintPage, NotFoundPage, PoliciesPage, PolicyPage, ReceiptPage,
    },
    session::provide_session,
    unread::provide_unread,
};

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Shell/>
        </Router>
    }
}

/// The header and the routes, inside the router (the unread count follows the location).
#[component]
fn Shell() -> impl IntoView {
    provide_unread();
    view! {
        <Header/>
        <main class="page">
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/channels") view=ChannelsPage/>
                <ParentRoute path=path!("/policies") view=RequireLogin>
                    <Route path=path!("") view=PoliciesPage/>
                    <Route path=path!(":id") view=PolicyPage/>
                </ParentRoute>
                <ParentRoute path=path!("/complaints") view=RequireLogin>
                    <Route path=path!("") view=ComplaintsPage/>
                    <Route path=path!("new") view=NewComplaintPage/>
                    <Route path=path!(":id/receipt") view=ReceiptPage/>
                    <Route path=path!(":id") view=ComplaintPage/>
                </ParentRoute>
                <ParentRoute path=path!("/inbox") view=RequireLogin>
                    <Route path=path!("") view=InboxPage/>
                </ParentRoute>
            </Routes>
        </main>
    }
}
