//! The satisfaction survey of a case, on its page: a call to answer it while it is open, when it
//! was answered, or a quiet line when it expired or was withdrawn; nothing when there is none.
//! It only links to the survey's screen, so the case screens do not carry the survey's code.

use leptos::prelude::*;
use portal_core::survey::{CaseKind, InvitationStatus};

use crate::{
    api::{self, surveys::CaseSurvey},
    i18n::{day_of, fill, surveys::call_texts, use_i18n},
    paths,
};

/// The survey card of the case `case_kind` `case_id` (its newest invitation). A failed call
/// shows nothing: the case page is what the person came for.
#[component]
pub fn SurveyCard(case_kind: CaseKind, case_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let newest = LocalResource::new(move || async move {
        let list = api::surveys::for_case(case_kind, case_id).await.ok()?;
        list.into_iter().next()
    });
    move || {
        let survey = newest.get().flatten()?;
        let CaseSurvey {
            id,
            status,
            expires_at,
            answered_at,
        } = survey;
        let open = status == InvitationStatus::Open;
        let text = move || {
            let lang = i18n.lang();
            let t = call_texts(lang);
            match status {
                InvitationStatus::Open => fill(t.answer_by, "d", &day_of(expires_at, lang)),
                InvitationStatus::Answered => {
                    let day = answered_at.map(|at| day_of(at, lang)).unwrap_or_default();
                    fill(t.card_answered, "d", &day)
                }
                InvitationStatus::Expired => t.card_expired.to_owned(),
                InvitationStatus::Cancelled => t.card_cancelled.to_owned(),
            }
        };
        // Open: the call to answer; answered: a link to the answers; otherwise no link.
        let link = move || match status {
            InvitationStatus::Open => Some(call_texts(i18n.lang()).cta),
            InvitationStatus::Answered => Some(call_texts(i18n.lang()).card_view),
            _ => None,
        };
        Some(view! {
            <section
                class=if open { "card survey-card" } else { "survey-line muted" }
                data-testid="survey-card"
                data-status=status.as_str()
            >
                {open.then(|| view! { <h2>{move || call_texts(i18n.lang()).card_title}</h2> })}
                <p>{text}</p>
                {move || {
                    link()
                        .map(|label| {
                            view! {
                                <a
                                    href=paths::survey(id)
                                    class=if open { "button button-primary" } else { "survey-link" }
                                    data-testid="survey-card-link"
                                >
                                    {label}
                                </a>
                            }
                        })
                }}
            </section>
        })
    }
}
