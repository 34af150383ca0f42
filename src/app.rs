//! The policyholder app: one router and one shell for every screen.
//!
//! The login screen (the first screen of a first visit) and the small screens around it are in
//! the main module; every other screen is a lazy route whose code arrives as its own wasm chunk
//! (`#[lazy_route]`, split by `cargo xtask build-web`), so the first screen pays only for itself
//! and the shell. The policies screen, where a login lands, fetches the likely next screens in the
//! background ([`preload_sections`]).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::{
    Lazy, LazyRoute,
    components::{ParentRoute, Route, Router, Routes},
    lazy_route, path,
};

use crate::{
    components::{Header, RequireLogin},
    i18n::provide_i18n,
    pages,
    session::provide_session,
    unread::provide_unread,
};

/// The app: language, session, then the router with every route.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    provide_session();
    view! {
        <Router>
            <Shell>
                <Routes fallback=pages::NotFoundPage>
                    <Route path=path!("/") view=pages::HomePage/>
                    <Route path=path!("/login") view=pages::LoginPage/>
                    <Route path=path!("/channels") view={Lazy::<ChannelsRoute>::new()}/>
                    <ParentRoute path=path!("/policies") view=RequireLogin>
                        <Route path=path!("") view={Lazy::<PoliciesRoute>::new()}/>
                        <Route path=path!(":id") view={Lazy::<PolicyRoute>::new()}/>
                    </ParentRoute>
                    <ParentRoute path=path!("/inbox") view=RequireLogin>
                        <Route path=path!("") view={Lazy::<InboxRoute>::new()}/>
                    </ParentRoute>
                    <ParentRoute path=path!("/complaints") view=RequireLogin>
                        <Route path=path!("") view={Lazy::<ComplaintsRoute>::new()}/>
                        <Route path=path!("new") view={Lazy::<NewComplaintRoute>::new()}/>
                        <Route path=path!(":id/receipt") view={Lazy::<ComplaintReceiptRoute>::new()}/>
                        <Route path=path!(":id") view={Lazy::<ComplaintRoute>::new()}/>
                    </ParentRoute>
                    <ParentRoute path=path!("/claims") view=RequireLogin>
                        <Route path=path!("") view={Lazy::<ClaimsRoute>::new()}/>
                        <Route path=path!("new") view={Lazy::<NewClaimRoute>::new()}/>
                        <Route path=path!(":id/receipt") view={Lazy::<ClaimReceiptRoute>::new()}/>
                        <Route path=path!(":id") view={Lazy::<ClaimRoute>::new()}/>
                    </ParentRoute>
                </Routes>
            </Shell>
        </Router>
    }
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

/// Declares a lazy route: a unit type whose view (the page component) is split into its own
/// chunk.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/channels`: the published complaint channels.
    ChannelsRoute => pages::ChannelsPage
);
/// `/policies`: where a login lands, so it also fetches the other sections' code once it is up.
pub struct PoliciesRoute;

#[lazy_route]
impl LazyRoute for PoliciesRoute {
    fn data() -> Self {
        PoliciesRoute
    }

    fn view(_this: Self) -> AnyView {
        // After the first render: the list's own request goes first.
        Effect::new(preload_sections);
        view! { <pages::PoliciesPage/> }.into_any()
    }
}
lazy_page!(
    /// `/policies/:id`.
    PolicyRoute => pages::PolicyPage
);
lazy_page!(
    /// `/inbox`.
    InboxRoute => pages::InboxPage
);
lazy_page!(
    /// `/complaints`.
    ComplaintsRoute => pages::ComplaintsPage
);
lazy_page!(
    /// `/complaints/new`.
    NewComplaintRoute => pages::NewComplaintPage
);
lazy_page!(
    /// `/complaints/:id/receipt`.
    ComplaintReceiptRoute => pages::ReceiptPage
);
lazy_page!(
    /// `/complaints/:id`.
    ComplaintRoute => pages::ComplaintPage
);
lazy_page!(
    /// `/claims`.
    ClaimsRoute => pages::claims::ClaimsPage
);
lazy_page!(
    /// `/claims/new`.
    NewClaimRoute => pages::claims::NewClaimPage
);
lazy_page!(
    /// `/claims/:id/receipt`.
    ClaimReceiptRoute => pages::claims::ClaimReceiptPage
);
lazy_page!(
    /// `/claims/:id`.
    ClaimRoute => pages::claims::ClaimPage
);

/// Fetches the code of the screens a person opens most from the policies, so moving there later
/// downloads nothing but its data. A deep link to one screen does not pay for the others.
fn preload_sections() {
    spawn_local(async {
        PolicyRoute::preload().await;
        ComplaintsRoute::preload().await;
        ClaimsRoute::preload().await;
        InboxRoute::preload().await;
    });
}
