//! `/claims`: the logged-in person's claims, newest first, with status and next deadline.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::claim::ClaimSummary;

use super::due;
use crate::paths::{self, NEW_CLAIM};
use crate::{
    api,
    components::{Empty, list_body},
    html::Html,
    i18n::{claims::claim_texts, fill, use_i18n},
    remote::Remote,
};

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = use_i18n();
    let claims = Remote::new(api::claims::claims);
    let t = move || claim_texts(i18n.lang());
    view! {
        <h1>{i18n.text(|t| t.nav_claims)}</h1>
        <a href=NEW_CLAIM class="button button-primary button-block new-complaint" data-testid="new-claim">
            {move || t().new_claim}
        </a>
        {move || {
            let empty = Empty {
                message: Signal::derive(move || t().claims_empty),
                hint: Signal::derive(move || t().claims_empty_hint),
                href: NEW_CLAIM,
                link: Signal::derive(move || t().new_claim),
            };
            list_body(claims, empty, |items| Html::card_list(items, i18n.lang(), item).into_view(""))
        }}
    }
}

fn item(h: &mut Html, claim: &ClaimSummary, lang: Lang) {
    let overdue = claim.next_deadline.as_ref().is_some_and(|n| n.overdue);
    h.open("li", "", "")
        .open_with(
            "a",
            &[
                ("href", &paths::claim(claim.id)),
                ("class", "card item"),
                ("data-testid", "claim-item"),
            ],
        )
        .open("span", "item-top", "")
        .leaf("span", "muted", "", claim.kind.label(lang))
        .leaf(
            "span",
            "badge",
            "claim-item-status",
            claim.status.label(lang),
        )
        .close("span")
        .leaf("span", "item-title", "", &claim.claim_number);
    if claim.documents_outstanding > 0 {
        let text = fill(
            claim_texts(lang).documents_outstanding,
            "n",
            &claim.documents_outstanding.to_string(),
        );
        h.leaf("span", "muted", "", &text);
    }
    if let Some(next) = &claim.next_deadline {
        let class = if overdue { "muted overdue" } else { "muted" };
        h.open("span", class, "")
            .text(next.kind.label(lang))
            .text(" · ")
            .text(&due(next, lang))
            .close("span");
    }
    h.close("a").close("li");
}
