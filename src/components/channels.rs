//! The published complaint channels (公开投诉渠道), shown on their page and on every receipt.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::complaint::ComplaintChannels;

use crate::{
    api,
    components::{ErrorState, Loading},
    html::Html,
    i18n::{texts, use_i18n},
    remote::Remote,
};

#[component]
pub fn Channels() -> impl IntoView {
    let i18n = use_i18n();
    let channels = Remote::new(api::channels);
    move || match channels.get() {
        None => view! { <Loading rows=2/> }.into_any(),
        Some(Ok(channels)) => {
            let mut h = Html::default();
            channel_list(&mut h, &channels, i18n.lang());
            h.into_view("channels")
        }
        Some(Err(failure)) => {
            view! { <ErrorState failure on_retry=move || channels.reload()/> }.into_any()
        }
    }
}

fn row(h: &mut Html, testid: &str, label: &str) {
    h.open("div", "", testid)
        .leaf("dt", "", "", label)
        .open("dd", "", "");
}

fn channel_list(h: &mut Html, c: &ComplaintChannels, lang: Lang) {
    let t = texts(lang);
    h.open("dl", "facts card", "");
    row(h, "channel-hotline", t.ch_hotline);
    h.link(&format!("tel:{}", c.hotline), "", &c.hotline);
    h.close("dd").close("div");
    row(h, "channel-fax", t.ch_fax);
    h.text(&c.fax).close("dd").close("div");
    row(h, "channel-mail", t.ch_mail);
    h.text(c.mailing_address.get(lang))
        .open("br", "", "")
        .text(t.ch_postcode)
        .text(&c.postcode)
        .close("dd")
        .close("div");
    row(h, "channel-reception", t.ch_reception);
    h.text(c.reception_address.get(lang))
        .open("br", "", "")
        .text(c.reception_hours.get(lang))
        .close("dd")
        .close("div");
    row(h, "channel-email", t.ch_email);
    h.link(&format!("mailto:{}", c.email), "", &c.email)
        .close("dd")
        .close("div");
    row(h, "channel-portal", t.ch_portal);
    h.link(&c.portal_url, "", &c.portal_url)
        .close("dd")
        .close("div")
        .close("dl");
    h.leaf("h2", "", "", t.ch_process)
        .open("ol", "steps", "process-steps");
    for step in &c.process {
        h.leaf("li", "", "", step.get(lang));
    }
    h.close("ol")
        .open("p", "regulator", "regulator-hotline")
        .text(t.ch_regulator)
        .text(" ")
        .link(
            &format!("tel:{}", c.regulator_hotline),
            "",
            &c.regulator_hotline,
        )
        .close("p");
}
