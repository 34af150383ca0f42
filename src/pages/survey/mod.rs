//! `/surveys/:id` (the person's own survey, logged in) and `/s/:token` (the survey behind the
//! signed link of an SMS or WeChat message: no login, no session, nothing of the case but its
//! number and kind). Both show the same questions, saved as the person goes.

mod closed;
pub mod draft;
pub mod form;
mod questions;
pub mod saver;

use std::rc::Rc;

use leptos::Params;
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params, params::Params};
use portal_core::api::ErrorCode;
use portal_core::survey::{InvitationStatus, SurveyAnswers, SurveyForm};

use crate::{
    api,
    components::{Loaded, NotFound, use_record},
    i18n::{
        day_of, fill,
        surveys::{call_texts, survey_texts},
        use_i18n,
    },
    paths,
    session::use_session,
};
use closed::{Answered, LinkInvalid, NotOpen};
use form::{Backend, Questionnaire};

/// `/surveys/:id`: one of the person's surveys.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let survey = use_record(api::surveys::survey);
    let reload = Callback::new(move |()| survey.refetch());
    view! {
        <A href=paths::INBOX attr:class="back-link">
            {i18n.survey_text(|t| t.back_to_inbox)}
        </A>
        <Loaded resource=survey rows=3 heading=i18n.by_lang(|lang| call_texts(lang).card_title) let:found>
            {match found {
                Some(form) => {
                    let id = form.invitation_id;
                    let backend = Backend {
                        save: Rc::new(move |answers| {
                            Box::pin(async move {
                                api::surveys::save_answers(id, &SurveyAnswers { answers }).await
                            })
                        }),
                        submit: Rc::new(move |answers| {
                            Box::pin(async move {
                                api::surveys::submit(id, &SurveyAnswers { answers }).await
                            })
                        }),
                        storage_key: draft::account_key(session, id),
                    };
                    view! { <Survey form backend reload/> }.into_any()
                }
                None => {
                    view! {
                        <NotFound
                            testid="survey-not-found"
                            title=i18n.survey_text(|t| t.not_found_title)
                            back=paths::INBOX
                            back_text=i18n.survey_text(|t| t.back_to_inbox)
                        />
                    }
                        .into_any()
                }
            }}
        </Loaded>
    }
}

/// The route's `:token`.
#[derive(Params, Clone, PartialEq)]
struct TokenParams {
    token: Option<String>,
}

/// `/s/:token`: the survey a message's link names, for whoever holds the link.
#[component]
pub fn SurveyLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params::<TokenParams>();
    let token = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.token.clone())
            .unwrap_or_default()
    });
    let survey = LocalResource::new(move || {
        let token = token.get();
        async move {
            match api::surveys::link_survey(&token).await {
                Ok(form) => Ok(Some(form)),
                Err(failure)
                    if matches!(
                        failure.code(),
                        Some(ErrorCode::SurveyLinkInvalid | ErrorCode::NotFound)
                    ) =>
                {
                    Ok(None)
                }
                Err(failure) => Err(failure),
            }
        }
    });
    let reload = Callback::new(move |()| survey.refetch());
    view! {
        <Loaded resource=survey rows=3 heading=i18n.by_lang(|lang| call_texts(lang).card_title) let:found>
            {match found {
                Some(form) => {
                    let token = token.get_untracked();
                    let submit_token = token.clone();
                    let backend = Backend {
                        save: Rc::new(move |answers| {
                            let token = token.clone();
                            Box::pin(async move {
                                api::surveys::link_save_answers(&token, &SurveyAnswers { answers })
                                    .await
                            })
                        }),
                        submit: Rc::new(move |answers| {
                            let token = submit_token.clone();
                            Box::pin(async move {
                                api::surveys::link_submit(&token, &SurveyAnswers { answers }).await
                            })
                        }),
                        storage_key: Some(draft::link_key(form.invitation_id)),
                    };
                    view! { <Survey form backend reload/> }.into_any()
                }
                None => view! { <LinkInvalid/> }.into_any(),
            }}
        </Loaded>
    }
}

/// A survey as it stands: its title and case, then the questions while it is open, the thanks
/// once submitted, or why it takes no answers. Follows the submit's answer in place.
#[component]
fn Survey(form: SurveyForm, backend: Backend, reload: Callback<()>) -> impl IntoView {
    let storage_key = backend.storage_key.clone();
    let backend = StoredValue::new_local(backend);
    let form = RwSignal::new(form);
    let thanks = RwSignal::new(false);
    let status = Memo::new(move |_| form.with(|f| f.status));
    let done = Callback::new(move |answered: SurveyForm| {
        thanks.set(true);
        form.set(answered);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    view! {
        <SurveyTop form=form.into()/>
        {move || match status.get() {
            InvitationStatus::Open => {
                let form = form.get_untracked();
                let backend = backend.get_value();
                view! { <Questionnaire form backend done closed=reload/> }.into_any()
            }
            InvitationStatus::Answered => {
                // Nothing to keep on the phone any more.
                draft::forget(storage_key.as_deref());
                view! { <Answered form=form.get_untracked() thanks=thanks.get_untracked()/> }
                    .into_any()
            }
            _ => {
                draft::forget(storage_key.as_deref());
                view! { <NotOpen form=form.get_untracked()/> }.into_any()
            }
        }}
    }
}

/// The survey's title and intro, the case's kind and number, and until when it can be answered
/// (the logged-in person also gets a link to the case).
#[component]
fn SurveyTop(form: Signal<SurveyForm>) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || form.with(|f| f.survey.title.get(i18n.lang()).to_owned());
    let intro = move || form.with(|f| f.survey.intro.get(i18n.lang()).to_owned());
    let case =
        move || form.with(|f| format!("{} {}", f.case_kind.label(i18n.lang()), f.case_number));
    let due = move || {
        form.with(|f| {
            (f.status == InvitationStatus::Open).then(|| {
                fill(
                    survey_texts(i18n.lang()).answer_by,
                    "d",
                    &day_of(f.expires_at, i18n.lang()),
                )
            })
        })
    };
    let case_link = move || {
        form.with(|f| {
            f.case_id.map(|id| {
                let href = paths::case(f.case_kind.as_str(), id);
                view! {
                    <A href=href attr:data-testid="survey-case-link">
                        {i18n.survey_text(|t| t.open_case)}
                    </A>
                }
            })
        })
    };
    view! {
        <div class="survey-top" data-testid="survey">
            <h1 data-testid="survey-title">{title}</h1>
            <p class="survey-case">
                <span data-testid="survey-case">{case}</span>
                " "
                {case_link}
            </p>
            <p class="intro">{intro}</p>
            <p class="hint" data-testid="survey-due">{due}</p>
        </div>
    }
}
