//! `/complaints/:id` (the case page) and `/complaints/:id/receipt`.

mod actions;
mod case;
mod receipt;
mod timeline;

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::complaint::ComplaintDetail;

use crate::{
    api::{self, ApiFailure},
    components::{Loaded, NotFound, use_record},
    i18n::use_i18n,
    paths,
};

pub use receipt::ReceiptPage;

/// The complaint of the route's id (see [`use_record`]).
fn use_complaint() -> LocalResource<Result<Option<ComplaintDetail>, ApiFailure>> {
    use_record(api::complaint)
}

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let i18n = use_i18n();
    let complaint = use_complaint();
    view! {
        <A href=paths::COMPLAINTS attr:class="back-link">
            {i18n.complaint_text(|t| t.back_to_complaints)}
        </A>
        <Loaded resource=complaint rows=2 heading=i18n.text(|t| t.nav_complaints) let:found>
            {match found {
                Some(complaint) => view! { <case::Case complaint/> }.into_any(),
                None => view! { <ComplaintNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

/// The id is not a number, does not exist or is not the caller's.
#[component]
fn ComplaintNotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <NotFound
            testid="complaint-not-found"
            title=i18n.complaint_text(|t| t.complaint_not_found)
            back=paths::COMPLAINTS
            back_text=i18n.complaint_text(|t| t.back_to_complaints)
        />
    }
}
