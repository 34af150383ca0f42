//! `/complaints`: the logged-in person's complaints, newest first.

use leptos::prelude::*;
use portal_core::complaint::ComplaintSummary;

use crate::{
    api,
    components::{Empty, list_body},
    html::Html,
    i18n::{due, use_i18n},
    paths,
    remote::Remote,
};

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let i18n = use_i18n();
    let complaints = Remote::new(api::complaints);
    view! {
        <h1>{i18n.text(|t| t.nav_complaints)}</h1>
        <a href=paths::NEW_COMPLAINT class="button button-primary button-block new-complaint" data-testid="new-complaint">
            {i18n.text(|t| t.new_complaint)}
        </a>
        {move || {
            let empty = Empty {
                message: i18n.text(|t| t.complaints_empty),
                hint: i18n.text(|t| t.complaints_empty_hint),
                href: paths::CHANNELS,
                link: i18n.text(|t| t.other_channels),
            };
            list_body(complaints, empty, |items| Html::card_list(items, i18n.lang(), item).into_view(""))
        }}
    }
}

fn item(h: &mut Html, complaint: &ComplaintSummary, lang: portal_core::Lang) {
    let overdue = complaint.next_deadline.as_ref().is_some_and(|n| n.overdue);
    h.open("li", "", "")
        .open_with(
            "a",
            &[
                ("href", &paths::complaint(complaint.id)),
                ("class", "card item"),
                ("data-testid", "complaint-item"),
            ],
        )
        .open("span", "item-top", "")
        .leaf("span", "muted", "", complaint.category.label(lang))
        .leaf("span", "badge", "", complaint.status.label(lang))
        .close("span")
        .leaf("span", "item-title", "", &complaint.case_number);
    if let Some(next) = &complaint.next_deadline {
        h.leaf(
            "span",
            if overdue { "muted overdue" } else { "muted" },
            "",
            &due(next, lang),
        );
    }
    h.close("a").close("li");
}
