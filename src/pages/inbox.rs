//! `/inbox`: progress notices, what was sent, when and through which channels.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, components::A, hooks::use_navigate};
use portal_core::complaint::Delivery;

use crate::{
    api::{self, InboxNotice},
    components::{EmptyState, FormError, Loaded, failure_of},
    i18n::{date_time, day_of, fill, settings::settings_texts, surveys::call_texts, use_i18n},
    paths,
    unread::use_unread,
};

#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    // Marking all read reloads the list: the resource is keyed on the action's version.
    let read_all = Action::new_local(move |_: &()| async move {
        let answer = api::read_all().await;
        if let Ok(count) = &answer {
            unread.set(count.unread);
        }
        answer
    });
    // A notice that arrives live reloads the list (newest first, so it comes on top).
    let live = crate::live::use_live();
    let notices = LocalResource::new(move || {
        read_all.version().track();
        live.arrivals
            .with(|arrivals| arrivals.last().map(|a| a.notice.id));
        api::inbox()
    });
    view! {
        <div class="title-row">
            <h1>{i18n.text(|t| t.nav_inbox)}</h1>
            // A refusal to mark all read shows under the title (not a tap that does nothing).
            <button
                type="button"
                class="button button-quiet"
                data-testid="mark-all-read"
                disabled=read_all.pending()
                on:click=move |_| {
                    read_all.dispatch(());
                }
            >
                {i18n.text(|t| t.mark_all_read)}
            </button>
        </div>
        <FormError failure=failure_of(read_all)/>
        <p>
            <A href=paths::SETTINGS attr:data-testid="settings-link">
                {move || settings_texts(i18n.lang()).title}
            </A>
        </p>
        <Loaded resource=notices let:page>
            {if page.items.is_empty() {
                view! {
                    <EmptyState
                        message=i18n.text(|t| t.inbox_empty)
                        hint=i18n.text(|t| t.inbox_empty_hint)
                    >
                        <A href=paths::COMPLAINTS>{i18n.text(|t| t.nav_complaints)}</A>
                    </EmptyState>
                }
                    .into_any()
            } else {
                view! {
                    <ul class="card-list">
                        {page.items.into_iter().map(|notice| view! { <NoticeItem notice/> }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Loaded>
    }
}

/// One notice: its title, case and time, and when it went out through each channel. Opening an
/// unread one marks it read first, so the count in the header is right on the case page. A
/// survey's notice leads to the survey, with a call to answer it and until when.
#[component]
fn NoticeItem(notice: InboxNotice) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_unread();
    let navigate = use_navigate();
    let survey = notice.survey();
    let InboxNotice {
        id,
        case_kind,
        case_id,
        case_number,
        title,
        created_at,
        read_at,
        deliveries,
        ..
    } = notice;
    let href = match survey {
        Some(survey) => paths::survey(survey.invitation_id),
        None => paths::case(&case_kind, case_id),
    };
    let is_unread = read_at.is_none();
    // Marks the notice read, then opens its case (the header's count is right there at once).
    let mark_read = {
        let href = href.clone();
        Action::new_local(move |_: &()| {
            let (navigate, href) = (navigate.clone(), href.clone());
            async move {
                if let Ok(count) = api::read_notice(id).await {
                    unread.set(count.unread);
                }
                navigate(&href, NavigateOptions::default());
            }
        })
    };
    let open = move |ev: leptos::ev::MouseEvent| {
        if !is_unread || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        ev.prevent_default();
        if !mark_read.pending().get_untracked() {
            mark_read.dispatch(());
        }
    };
    let when = move || format!("{case_number} · {}", date_time(created_at, i18n.lang()));
    view! {
        <li>
            <a
                href=href
                class=if is_unread { "card item unread" } else { "card item" }
                data-testid="notice-item"
                data-unread=if is_unread { "true" } else { "false" }
                data-kind=if survey.is_some() { "survey" } else { "step" }
                on:click=open
            >
                <span class="item-title">{title}</span>
                <span class="muted">{when}</span>
                {survey.map(|survey| view! { <SurveyCall expires_at=survey.expires_at/> })}
                {deliveries
                    .into_iter()
                    .map(|delivery| view! { <DeliveryLine delivery/> })
                    .collect_view()}
            </a>
        </li>
    }
}

/// "Answer by 31 Dec" and the call to answer, on a survey's notice (the whole card is the link).
#[component]
fn SurveyCall(expires_at: Option<chrono::DateTime<chrono::Utc>>) -> impl IntoView {
    let i18n = use_i18n();
    let due = move || {
        expires_at.map(|at| {
            fill(
                call_texts(i18n.lang()).answer_by,
                "d",
                &day_of(at, i18n.lang()),
            )
        })
    };
    view! {
        <span class="survey-call">
            <span class="button button-primary survey-cta" data-testid="survey-cta">
                {move || call_texts(i18n.lang()).cta}
            </span>
            <span class="muted" data-testid="survey-due">{due}</span>
        </span>
    }
}

/// "Text message · Sent · 2026-03-02 10:15" (the delivery time where a receipt gave one).
#[component]
fn DeliveryLine(delivery: Delivery) -> impl IntoView {
    let i18n = use_i18n();
    let Delivery {
        channel,
        state,
        sent_at,
        delivered_at,
    } = delivery;
    let text = move || {
        let lang = i18n.lang();
        let mut line = format!("{} · {}", channel.label(lang), state.label(lang));
        if let Some(at) = delivered_at.or(sent_at) {
            line.push_str(" · ");
            line.push_str(&date_time(at, lang));
        }
        line
    };
    view! { <span class="delivery" data-state=state.as_str()>{text}</span> }
}
