//! The policyholder app: one router and one shell for every screen.
//!
//! The login screen (the first screen of a first visit) and the small screens around it are in
//! the main module; every other screen is a lazy route whose code arrives with its section's wasm
//! chunks (a `#[lazy]` function per section, split by `cargo xtask build-web`), so the first
//! screen pays only for itself and the shell. The policies screen, where a login lands, fetches
//! the likely next screens in the background ([`preload_sections`]).

use leptos::lazy;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::{
    Lazy, LazyRoute,
    components::{ParentRoute, Route, Router, Routes},
    path,
};

use crate::{
    components::{Header, RequireLogin},
    i18n::provide_i18n,
    live::LiveMode,
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
                    <ParentRoute path=path!("/surveys") view=RequireLogin>
                        <Route path=path!(":id") view={Lazy::<SurveyRoute>::new()}/>
                    </ParentRoute>
                    // A message's link: no login, so outside every gate.
                    <Route path=path!("/s/:token") view={Lazy::<SurveyLinkRoute>::new()}/>
                    // `/settings` (logged in) and `/settings/email/{token}`, the link of the
                    // confirmation email (no session needed): one route, whose screens tell
                    // them apart, since every route adds to the login page's code.
                    <Route path=path!("/settings/*rest") view={Lazy::<SettingsRoute>::new()}/>
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

/// A screen whose code arrives with its section's chunk.
#[derive(Clone, Copy)]
enum Screen {
    Policies,
    Policy,
    Inbox,
    Channels,
    Complaints,
    NewComplaint,
    ComplaintReceipt,
    Complaint,
    Claims,
    NewClaim,
    ClaimReceipt,
    Claim,
    Survey,
    SurveyLink,
    Settings,
}

// One split per section, not per screen: the screens of a section share most of their code, and
// every split point multiplies the chunks (one per set of splits that share code), each a
// request of its own and a worse fit for brotli.

#[lazy]
fn policies_section(screen: Screen) -> AnyView {
    match screen {
        Screen::Policy => view! { <LiveMode/> <pages::PolicyPage/> }.into_any(),
        _ => {
            let preloaded = RwSignal::new(false);
            // After the list's first render: its own request goes first.
            Effect::new(move || preload_sections(preloaded));
            view! {
                <LiveMode/>
                <pages::PoliciesPage/>
                // Said on the page, so a test can wait for it instead of for a quiet network.
                <Show when=move || preloaded.get()>
                    <span hidden data-testid="sections-preloaded"></span>
                </Show>
            }
            .into_any()
        }
    }
}

// The notification settings come with the inbox (they are reached from it): one split fewer.
#[lazy]
fn inbox_section(screen: Screen) -> AnyView {
    match screen {
        Screen::Settings => view! { <pages::SettingsScreens/> }.into_any(),
        _ => view! { <LiveMode/> <pages::InboxPage/> }.into_any(),
    }
}

#[lazy]
fn channels_section(_screen: Screen) -> AnyView {
    view! { <pages::ChannelsPage/> }.into_any()
}

#[lazy]
fn complaints_section(screen: Screen) -> AnyView {
    match screen {
        Screen::NewComplaint => view! { <LiveMode/> <pages::NewComplaintPage/> }.into_any(),
        Screen::ComplaintReceipt => view! { <LiveMode/> <pages::ReceiptPage/> }.into_any(),
        Screen::Complaint => view! { <LiveMode/> <pages::ComplaintPage/> }.into_any(),
        _ => view! { <LiveMode/> <pages::ComplaintsPage/> }.into_any(),
    }
}

#[lazy]
fn claims_section(screen: Screen) -> AnyView {
    match screen {
        Screen::NewClaim => view! { <LiveMode/> <pages::claims::NewClaimPage/> }.into_any(),
        Screen::ClaimReceipt => view! { <LiveMode/> <pages::claims::ClaimReceiptPage/> }.into_any(),
        Screen::Claim => view! { <LiveMode/> <pages::claims::ClaimPage/> }.into_any(),
        _ => view! { <LiveMode/> <pages::claims::ClaimsPage/> }.into_any(),
    }
}

#[lazy]
fn surveys_section(screen: Screen) -> AnyView {
    match screen {
        Screen::SurveyLink => view! { <pages::SurveyLinkPage/> }.into_any(),
        _ => view! { <LiveMode/> <pages::SurveyPage/> }.into_any(),
    }
}

/// Declares the lazy route of a screen: its view is its section's lazily loaded function.
macro_rules! lazy_screen {
    ($(#[$doc:meta])* $route:ident => $section:ident, $preload:ident, $screen:expr) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                $section($screen).await
            }

            async fn preload() {
                $preload().await
            }
        }
    };
}

lazy_screen!(
    /// `/policies`: where a login lands, so it also fetches the other sections' code.
    PoliciesRoute => policies_section, __preload_policies_section, Screen::Policies
);
lazy_screen!(
    /// `/policies/:id`.
    PolicyRoute => policies_section, __preload_policies_section, Screen::Policy
);
lazy_screen!(
    /// `/inbox`.
    InboxRoute => inbox_section, __preload_inbox_section, Screen::Inbox
);
lazy_screen!(
    /// `/channels`: the published complaint channels.
    ChannelsRoute => channels_section, __preload_channels_section, Screen::Channels
);
lazy_screen!(
    /// `/complaints`.
    ComplaintsRoute => complaints_section, __preload_complaints_section, Screen::Complaints
);
lazy_screen!(
    /// `/complaints/new`.
    NewComplaintRoute => complaints_section, __preload_complaints_section, Screen::NewComplaint
);
lazy_screen!(
    /// `/complaints/:id/receipt`.
    ComplaintReceiptRoute => complaints_section, __preload_complaints_section, Screen::ComplaintReceipt
);
lazy_screen!(
    /// `/complaints/:id`.
    ComplaintRoute => complaints_section, __preload_complaints_section, Screen::Complaint
);
lazy_screen!(
    /// `/claims`.
    ClaimsRoute => claims_section, __preload_claims_section, Screen::Claims
);
lazy_screen!(
    /// `/claims/new`.
    NewClaimRoute => claims_section, __preload_claims_section, Screen::NewClaim
);
lazy_screen!(
    /// `/claims/:id/receipt`.
    ClaimReceiptRoute => claims_section, __preload_claims_section, Screen::ClaimReceipt
);
lazy_screen!(
    /// `/claims/:id`.
    ClaimRoute => claims_section, __preload_claims_section, Screen::Claim
);
lazy_screen!(
    /// `/surveys/:id`: one of the person's satisfaction surveys.
    SurveyRoute => surveys_section, __preload_surveys_section, Screen::Survey
);
lazy_screen!(
    /// `/s/:token`: a survey through the signed link of a message, without logging in.
    SurveyLinkRoute => surveys_section, __preload_surveys_section, Screen::SurveyLink
);
lazy_screen!(
    /// `/settings` and `/settings/email/{token}`: how the person hears of their cases.
    SettingsRoute => inbox_section, __preload_inbox_section, Screen::Settings
);

/// Fetches the code of the sections a person opens most from the policies, so moving there
/// later downloads nothing but its data. A deep link to one screen does not pay for the others.
/// Sets `done` once they have arrived.
fn preload_sections(done: RwSignal<bool>) {
    spawn_local(async move {
        ComplaintsRoute::preload().await;
        ClaimsRoute::preload().await;
        InboxRoute::preload().await;
        done.try_set(true);
    });
}
