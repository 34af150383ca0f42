//! `complaints.html`: my complaints, the filing form, the receipt, a case's page, the inbox and
//! the published complaint channels.

use leptos::prelude::*;
use leptos_router::{
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use super::{Shell, start};
use crate::{
    components::RequireLogin,
    entry::Entry,
    pages::{
        ChannelsPage, ComplaintPage, ComplaintsPage, InboxPage, NewComplaintPage, NotFoundPage,
        ReceiptPage,
    },
};

#[component]
pub fn App() -> impl IntoView {
    start(Entry::Complaints);
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/channels") view=ChannelsPage/>
                    <ParentRoute path=path!("/inbox") view=RequireLogin>
                        <Route path=path!("") view=InboxPage/>
                    </ParentRoute>
                    <ParentRoute path=path!("/complaints") view=RequireLogin>
                        <Route path=path!("") view=ComplaintsPage/>
                        <Route path=path!("new") view=NewComplaintPage/>
                        <Route path=path!(":id/receipt") view=ReceiptPage/>
                        <Route path=path!(":id") view=ComplaintPage/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
