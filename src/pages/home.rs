//! `/`: the policies when logged in, else the login page.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, components::Redirect};

use crate::{
    components::{ErrorState, Loading},
    paths,
    session::{Gate, use_session},
};

#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let replace = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    move || match session.gate() {
        Gate::Loading => view! { <Loading/> }.into_any(),
        Gate::Unreachable => view! {
            <ErrorState failure=crate::api::ApiFailure::Network on_retry=move || session.reload()/>
        }
        .into_any(),
        Gate::Open => view! { <Redirect path=paths::POLICIES options=replace.clone()/> }.into_any(),
        Gate::Closed | Gate::LoggedOut => {
            view! { <Redirect path=paths::LOGIN options=replace.clone()/> }.into_any()
        }
    }
}
