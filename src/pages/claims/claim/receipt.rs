//! `/claims/:id/receipt`: the receipt with the claim number, the time, the deadline that now
//! runs and the documents to send. Read from the claim, so it survives a reload.

use leptos::prelude::*;
use portal_core::claim::ClaimDetail;

use super::{use_claim, with_claim};
use crate::{
    html::Html,
    i18n::{claims::claim_texts, date_time, texts, use_i18n},
    pages::claims::deadline_list,
    remote::Remote,
};

#[component]
pub fn ClaimReceiptPage() -> impl IntoView {
    with_claim(use_claim(), receipt_view)
}

fn receipt_view(detail: Memo<ClaimDetail>, _: Remote<Option<ClaimDetail>>) -> AnyView {
    let i18n = use_i18n();
    (move || {
        let c = detail.get();
        let lang = i18n.lang();
        let t = claim_texts(lang);
        let mut h = Html::default();
        h.leaf("h1", "", "", t.receipt_title)
            .leaf("p", "intro", "", t.receipt_intro)
            .open("dl", "facts card", "");
        h.fact(t.claim_number, "receipt-claim-number", &c.claim_number);
        h.fact(
            t.reported_at,
            "receipt-received-at",
            &date_time(c.reported_at, lang),
        );
        h.fact(texts(lang).policy_number, "", &c.policy_number);
        h.close("dl").leaf("h2", "", "", t.deadlines_title);
        deadline_list(&mut h, &c.deadlines, "receipt-deadlines", lang);
        h.leaf("h2", "", "", t.next_steps)
            .open("ul", "next-steps card", "receipt-next-steps");
        for slot in &c.checklist.slots {
            let need = if slot.slot.required {
                t.required
            } else {
                t.optional
            };
            h.open("li", "", "")
                .open("span", "item-top", "")
                .leaf("strong", "", "", slot.slot.label.get(lang))
                .leaf("span", "badge", "", need)
                .close("span")
                .leaf("span", "hint", "", slot.slot.hint.get(lang))
                .close("li");
        }
        h.close("ul")
            .open_with(
                "a",
                &[
                    ("href", &crate::paths::claim(c.id)),
                    ("class", "button button-primary button-block"),
                    ("data-testid", "receipt-open-claim"),
                ],
            )
            .text(t.open_claim)
            .close("a");
        h.into_view("receipt")
    })
    .into_any()
}
