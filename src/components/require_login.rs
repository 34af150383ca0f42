//! The gate in front of pages that need a session.

use leptos::prelude::*;
use leptos_router::{components::Outlet, hooks::use_location};

use crate::{
    components::{ErrorState, Loading},
    paths::{self, Redirect},
    session::{Gate, use_session},
};

/// Shows the nested route when logged in; otherwise sends the person to log in and come back.
#[component]
pub fn RequireLogin() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || match session.gate() {
        Gate::Open => view! { <Outlet/> }.into_any(),
        Gate::Loading => view! { <Loading/> }.into_any(),
        Gate::Unreachable => view! {
            <ErrorState failure=crate::api::ApiFailure::Network on_retry=move || session.reload()/>
        }
        .into_any(),
        gate @ (Gate::Closed | Gate::LoggedOut) => {
            let path = if gate == Gate::Closed {
                let here = format!(
                    "{}{}",
                    location.pathname.get_untracked(),
                    location.search.get_untracked()
                );
                paths::login_then(&here)
            } else {
                paths::LOGIN.to_owned()
            };
            // Replaced: Back from the login page must not land on this gate again.
            view! { <Redirect path/> }.into_any()
        }
    }
}
