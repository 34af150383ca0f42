//! `/login`: phone number, then the one-time code, on one screen.

mod countdown;
mod demo;
mod errors;
mod form;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::{
    paths::{self, Redirect},
    session::{Gate, use_session},
};

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let logged_in = Memo::new(move |_| session.gate() == Gate::Open);
    move || {
        if logged_in.get() {
            let next = query.with_untracked(|q| paths::after_login(q.get_str("next")));
            view! { <Redirect path=next/> }.into_any()
        } else {
            view! { <form::LoginForm/> }.into_any()
        }
    }
}
