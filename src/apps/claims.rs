//! `claims.html`: my claims, the report form, the receipt and a claim's page with its documents.

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
        NotFoundPage,
        claims::{ClaimPage, ClaimReceiptPage, ClaimsPage, NewClaimPage},
    },
};

#[component]
pub fn App() -> impl IntoView {
    start(Entry::Claims);
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFoundPage>
                    <ParentRoute path=path!("/claims") view=RequireLogin>
                        <Route path=path!("") view=ClaimsPage/>
                        <Route path=path!("new") view=NewClaimPage/>
                        <Route path=path!(":id/receipt") view=ClaimReceiptPage/>
                        <Route path=path!(":id") view=ClaimPage/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
}
