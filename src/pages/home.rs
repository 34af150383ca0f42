//! `/`: the policies when logged in, else the login page.

use leptos::prelude::*;

use crate::{
    components::{ErrorState, Loading},
    paths::{self, Redirect},
    session::{Gate, use_session},
};

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    move || match session.gate() {
        Gate::Loading => view! { <Loading/> }.into_any(),
        Gate::Unreachable => view! {
            <ErrorState failure=crate::api::ApiFailure::Network on_retry=move || session.reload()/>
        }
        .into_any(),
        Gate::Open => view! { <Redirect path=paths::POLICIES/> }.into_any(),
        Gate::Closed | Gate::LoggedOut => view! { <Redirect path=paths::LOGIN/> }.into_any(),
    }
}
