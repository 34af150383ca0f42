//! `/complaints`: the logged-in person's complaints, newest first.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::complaint::ComplaintSummary;

use crate::{
    api,
    components::{EmptyState, Loaded},
    i18n::{due, use_i18n},
    paths,
};

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let i18n = use_i18n();
    let complaints = LocalResource::new(api::complaints);
    view! {
        <h1>{i18n.text(|t| t.nav_complaints)}</h1>
        <A
            href=paths::NEW_COMPLAINT
            attr:class="button button-primary button-block new-complaint"
            attr:data-testid="new-complaint"
        >
            {i18n.text(|t| t.new_complaint)}
        </A>
        <Loaded resource=complaints let:page>
            {if page.items.is_empty() {
                view! {
                    <EmptyState
                        message=i18n.complaint_text(|t| t.complaints_empty)
                        hint=i18n.complaint_text(|t| t.complaints_empty_hint)
                    >
                        <A href=paths::CHANNELS>{i18n.text(|t| t.other_channels)}</A>
                    </EmptyState>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {page
                            .items
                            .into_iter()
                            .map(|complaint| view! { <ComplaintItem complaint/> })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

/// One complaint of the list: its category, state, number and the deadline that runs now.
#[component]
fn ComplaintItem(complaint: ComplaintSummary) -> impl IntoView {
    let i18n = use_i18n();
    let ComplaintSummary {
        id,
        case_number,
        category,
        status,
        next_deadline,
        ..
    } = complaint;
    let next = next_deadline.map(|next| {
        let class = if next.overdue {
            "muted overdue"
        } else {
            "muted"
        };
        view! { <span class=class>{move || due(&next, i18n.lang())}</span> }
    });
    view! {
        <li>
            <A href=paths::complaint(id) attr:class="card item" attr:data-testid="complaint-item">
                <span class="item-top">
                    <span class="muted">{i18n.by_lang(move |lang| category.label(lang))}</span>
                    <span class="badge">{i18n.by_lang(move |lang| status.label(lang))}</span>
                </span>
                <span class="item-title">{case_number}</span>
                {next}
            </A>
        </li>
    }
}
