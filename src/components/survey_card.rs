//! The satisfaction survey of a case, on its page: a call to answer it while it is open, when it
//! was answered, or a quiet line when it expired or was withdrawn; nothing when there is none.
//! It only links to the survey's screen, so the case screens do not carry the survey's code.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::survey::{CaseKind, InvitationStatus, SurveyInvitation};

use crate::{
    api,
    i18n::{day_of, fill, use_i18n},
    paths,
};

/// The survey card of the case `case_kind` `case_id` (its newest invitation). A failed call
/// shows nothing: the case page is what the person came for.
#[component]
pub fn SurveyCard(case_kind: CaseKind, case_id: i64) -> impl IntoView {
    let invitations = LocalResource::new(move || api::surveys::for_case(case_kind, case_id));
    move || {
        let newest = invitations
            .get()
            .and_then(Result::ok)
            .and_then(|list| list.into_iter().next());
        newest.map(|invitation| view! { <Card invitation/> })
    }
}

#[component]
fn Card(invitation: SurveyInvitation) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyInvitation {
        id,
        status,
        expires_at,
        answered_at,
        ..
    } = invitation;
    let href = paths::survey(id);
    match status {
        InvitationStatus::Open => {
            let due = move || {
                fill(
                    i18n.t().survey_answer_by,
                    "d",
                    &day_of(expires_at, i18n.lang()),
                )
            };
            view! {
                <A href=href attr:class="card item survey-card" attr:data-testid="survey-card" attr:data-status="open">
                    <span class="item-title">{i18n.text(|t| t.survey_card_title)}</span>
                    <span class="muted">{due}</span>
                    <span class="survey-call">
                        <span class="button button-primary survey-cta">
                            {i18n.text(|t| t.survey_cta)}
                        </span>
                    </span>
                </A>
            }
            .into_any()
        }
        InvitationStatus::Answered => {
            let when = move || {
                let day = answered_at
                    .map(|at| day_of(at, i18n.lang()))
                    .unwrap_or_default();
                fill(i18n.t().survey_card_answered, "d", &day)
            };
            view! {
                <p class="survey-line" data-testid="survey-card" data-status="answered">
                    <span>{when}</span>
                    " "
                    <A href=href>{i18n.text(|t| t.survey_card_view)}</A>
                </p>
            }
            .into_any()
        }
        InvitationStatus::Expired => view! {
            <p class="survey-line muted" data-testid="survey-card" data-status="expired">
                {i18n.text(|t| t.survey_card_expired)}
            </p>
        }
        .into_any(),
        InvitationStatus::Cancelled => view! {
            <p class="survey-line muted" data-testid="survey-card" data-status="cancelled">
                {i18n.text(|t| t.survey_card_cancelled)}
            </p>
        }
        .into_any(),
    }
}
