//! `/inbox`: progress notices, what was sent, when and through which channels.

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{NavigateOptions, hooks::use_navigate};
use portal_core::Lang;
use portal_core::complaint::NoticeHeadline;
use wasm_bindgen::JsCast;

use crate::{
    api,
    components::{Empty, Pending, list_body},
    html::Html,
    i18n::{date_time, texts, use_i18n},
    paths,
    remote::Remote,
    unread::use_unread,
};

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let notices = Remote::new(api::inbox);
    // Opening an unread notice marks it read. The case is in the complaints app (a full page
    // load, which would cut the request short): mark it read first, then go.
    let navigate = use_navigate();
    let mark_read = move |ev: leptos::ev::MouseEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        let link = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|element| element.closest("[data-unread=true]").ok().flatten());
        let Some(link) = link else { return };
        let notice = link
            .get_attribute("data-notice")
            .and_then(|id| id.parse::<i64>().ok());
        let (Some(id), Some(href)) = (notice, link.get_attribute("href")) else {
            return;
        };
        ev.prevent_default();
        let navigate = navigate.clone();
        spawn_local(async move {
            if let Ok(count) = api::read_notice(id).await {
                unread.set(count.unread);
            }
            navigate(&href, NavigateOptions::default());
        });
    };
    // A refusal to mark all read shows under the title (not a tap that does nothing).
    let pending = Pending::default();
    let read_all = move |_| {
        pending.run(api::read_all(), move |count| {
            unread.set(count.unread);
            notices.reload();
        })
    };
    view! {
        <div class="title-row">
            <h1>{i18n.text(|t| t.nav_inbox)}</h1>
            <button type="button" class="button button-quiet" data-testid="mark-all-read" on:click=read_all>
                {i18n.text(|t| t.mark_all_read)}
            </button>
        </div>
        {pending.error()}
        {move || {
            let empty = Empty {
                message: i18n.text(|t| t.inbox_empty),
                hint: i18n.text(|t| t.inbox_empty_hint),
                href: paths::COMPLAINTS,
                link: i18n.text(|t| t.nav_complaints),
            };
            list_body(notices, empty, |items| {
                let list = Html::card_list(items, i18n.lang(), item);
                let mark_read = mark_read.clone();
                view! { <div on:click=mark_read>{list.into_view("")}</div> }.into_any()
            })
        }}
    }
}

fn item(h: &mut Html, notice: &NoticeHeadline, lang: Lang) {
    let t = texts(lang);
    let unread = notice.read_at.is_none();
    let href = match notice.case_kind.as_str() {
        "claim" => paths::claim(notice.case_id),
        _ => paths::complaint(notice.case_id),
    };
    h.open("li", "", "")
        .open_with(
            "a",
            &[
                ("href", &href),
                (
                    "class",
                    if unread {
                        "card item unread"
                    } else {
                        "card item"
                    },
                ),
                ("data-testid", "notice-item"),
                ("data-unread", if unread { "true" } else { "false" }),
                ("data-notice", &notice.id.to_string()),
            ],
        )
        .leaf("span", "item-title", "", &notice.title)
        .open("span", "muted", "")
        .text(&notice.case_number)
        .text(" · ")
        .text(&date_time(notice.created_at, lang))
        .close("span");
    for delivery in &notice.deliveries {
        let channel = match delivery.channel.as_str() {
            "inbox" => t.via_inbox,
            "sms" => t.via_sms,
            "email" => t.via_email,
            "wechat" => t.via_wechat,
            other => other,
        };
        h.open("span", "delivery", "")
            .text(channel)
            .text(" · ")
            .text(&date_time(delivery.sent_at, lang))
            .close("span");
    }
    h.close("a").close("li");
}
