//! `/complaints/:id` (the case page) and `/complaints/:id/receipt`.

mod actions;
mod case;
mod receipt;
mod timeline;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{hooks::use_params, params::Params};
use portal_core::complaint::ComplaintDetail;

use crate::{
    api::{self, ApiFailure},
    components::{ErrorState, Loading},
    i18n::use_i18n,
    paths,
    remote::{Remote, Shape},
};

pub use receipt::ReceiptPage;

#[derive(Params, Clone, PartialEq)]
struct ComplaintParams {
    id: Option<i64>,
}

/// The complaint, or `None` when the id is not a number, does not exist or is not the caller's.
async fn find(id: Option<i64>) -> Result<Option<ComplaintDetail>, ApiFailure> {
    let Some(id) = id else { return Ok(None) };
    match api::complaint(id).await {
        Ok(complaint) => Ok(Some(complaint)),
        Err(failure) if failure.is_not_found() => Ok(None),
        Err(failure) => Err(failure),
    }
}

/// The complaint of the route's id, loaded when the id changes.
fn use_complaint() -> Remote<Option<ComplaintDetail>> {
    let params = use_params::<ComplaintParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id));
    Remote::new(move || find(id.get()))
}

/// Loading, not found and error states around a loaded complaint's view (built once per case,
/// then following its changes: see [`Remote::found`]).
fn with_complaint(
    complaint: Remote<Option<ComplaintDetail>>,
    show: fn(Memo<ComplaintDetail>, Remote<Option<ComplaintDetail>>) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let shape = complaint.shape(|c| c.id);
    move || match shape.get() {
        Shape::Loading => view! { <Loading rows=2/> }.into_any(),
        Shape::Found(_) => match complaint.found() {
            Some(detail) => show(detail, complaint),
            None => view! { <Loading rows=2/> }.into_any(),
        },
        Shape::NotFound => view! {
            <section class="state" data-testid="complaint-not-found">
                <h1>{i18n.text(|t| t.complaint_not_found)}</h1>
                <a href=paths::COMPLAINTS class="button button-primary">
                    {i18n.text(|t| t.back_to_complaints)}
                </a>
            </section>
        }
        .into_any(),
        Shape::Failed => view! {
            <h1>{i18n.text(|t| t.nav_complaints)}</h1>
            <ErrorState failure=complaint.failure() on_retry=move || complaint.reload()/>
        }
        .into_any(),
    }
}

#[component]
pub fn ComplaintPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href=paths::COMPLAINTS class="back-link">
            {i18n.text(|t| t.back_to_complaints)}
        </a>
        {with_complaint(use_complaint(), case::case_view)}
    }
}
