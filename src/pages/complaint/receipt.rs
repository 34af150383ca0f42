//! `/complaints/:id/receipt`: the receipt (回执) with the case number, the receipt time, the
//! deadlines that now run and the channels. Read from the case, so it survives a reload.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::complaint::ComplaintDetail;

use super::{use_complaint, with_complaint};
use crate::{
    components::{Channels, deadline_list},
    html::Html,
    i18n::{date_time, texts, use_i18n},
    paths,
    remote::Remote,
};

#[component]
pub fn ReceiptPage() -> impl IntoView {
    with_complaint(use_complaint(), receipt_view)
}

fn receipt_view(detail: Memo<ComplaintDetail>, _: Remote<Option<ComplaintDetail>>) -> AnyView {
    let i18n = use_i18n();
    (move || detail.with(|c| receipt(c, i18n.lang()))).into_any()
}

fn receipt(c: &ComplaintDetail, lang: Lang) -> AnyView {
    let t = texts(lang);
    let mut h = Html::default();
    h.leaf("h1", "", "", t.receipt_title)
        .leaf("p", "intro", "", t.receipt_intro)
        .open("dl", "facts card", "");
    h.fact(t.case_number, "receipt-case-number", &c.case_number);
    h.fact(
        t.received_at,
        "receipt-received-at",
        &date_time(c.received_at, lang),
    );
    h.close("dl").leaf("h2", "", "", t.deadlines_title);
    deadline_list(&mut h, &c.deadlines, "receipt-deadlines", lang);
    h.open_with(
        "a",
        &[
            ("href", &paths::complaint(c.id)),
            ("class", "button button-primary button-block"),
            ("data-testid", "receipt-open-case"),
        ],
    )
    .text(t.open_case)
    .close("a")
    .leaf("h2", "", "", t.nav_channels);
    let mut end = Html::default();
    end.link(paths::CHANNELS, "channels-link", t.other_channels);
    view! {
        {h.into_view("receipt")}
        <Channels/>
        {end.into_view("")}
    }
    .into_any()
}
