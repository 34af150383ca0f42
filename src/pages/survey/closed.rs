//! A survey that takes no more answers: the thanks right after submitting, an answered survey
//! (with its answers for the logged-in person), an expired or withdrawn one, and a link that does
//! not work. Each says so in the person's language, with a way on.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::Lang;
use portal_core::api::ErrorCode;
use portal_core::survey::{Answer, AnsweredVia, Question, QuestionKind, SurveyForm};

use crate::i18n::{date_time, day_of, fill, surveys::survey_texts, use_i18n};
use crate::paths;

/// Thanks (`thanks`: just submitted) or "you have answered", when, how, and the answers given.
#[component]
pub fn Answered(form: SurveyForm, thanks: bool) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyForm {
        survey,
        answers,
        answered_at,
        answered_via,
        ..
    } = form;
    let when = move || {
        answered_at.map(|at| {
            fill(
                survey_texts(i18n.lang()).answered_on,
                "d",
                &date_time(at, i18n.lang()),
            )
        })
    };
    // A return visit answered it: say how (a phone call, a visit), not "in the portal".
    let via = answered_via
        .filter(|via| !matches!(via, AnsweredVia::Portal | AnsweredVia::Link))
        .map(|via| view! { <p class="muted">{i18n.by_lang(move |lang| via.label(lang))}</p> });
    let given: Vec<(Question, Answer)> = survey
        .questions
        .into_iter()
        .filter_map(|q| answers.get(&q.key).cloned().map(|a| (q, a)))
        .collect();
    let list = (!given.is_empty()).then(|| {
        view! {
            <h2>{i18n.survey_text(|t| t.your_answers)}</h2>
            <dl class="facts card survey-answers" data-testid="survey-answers">
                {given
                    .into_iter()
                    .map(|(question, answer)| {
                        let testid = format!("answer-of-{}", question.key);
                        let text = question.text.clone();
                        view! {
                            <div>
                                <dt>{move || text.get(i18n.lang()).to_owned()}</dt>
                                <dd data-testid=testid>
                                    {move || answer_text(&question, &answer, i18n.lang())}
                                </dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        }
    });
    let (testid, title) = if thanks {
        ("survey-thanks", i18n.survey_text(|t| t.thanks_title))
    } else {
        ("survey-answered", i18n.survey_text(|t| t.answered_title))
    };
    view! {
        <section class="state survey-state" data-testid=testid role=thanks.then_some("status")>
            <p class="state-message">{title}</p>
            {thanks.then(|| view! { <p class="state-hint">{i18n.survey_text(|t| t.thanks_text)}</p> })}
            <p class="state-hint" data-testid="survey-answered-at">{when}</p>
            {via}
        </section>
        {list}
    }
}

/// How an answer reads: the words of a rating or of the options chosen, a number, a text.
pub fn answer_text(question: &Question, answer: &Answer, lang: Lang) -> String {
    let option = |key: &str| {
        question
            .options
            .iter()
            .find(|o| o.key == key)
            .map_or_else(|| key.to_owned(), |o| o.label.get(lang).to_owned())
    };
    match (question.kind, answer) {
        (QuestionKind::Rating, Answer::Number(n)) => {
            let word = 5usize
                .checked_sub(usize::from(*n))
                .and_then(|i| question.options.get(i))
                .map(|o| o.label.get(lang).to_owned());
            word.unwrap_or_else(|| n.to_string())
        }
        (QuestionKind::Single, Answer::Text(key)) => option(key),
        (_, Answer::Choices(keys)) => keys
            .iter()
            .map(|k| option(k))
            .collect::<Vec<_>>()
            .join(survey_texts(lang).list_separator),
        (_, Answer::Number(n)) => n.to_string(),
        (_, Answer::Text(text)) => text.clone(),
    }
}

/// Expired (with the day it expired) or withdrawn: the survey cannot be answered any more.
#[component]
pub fn NotOpen(form: SurveyForm) -> impl IntoView {
    let i18n = use_i18n();
    let expired = form.status == portal_core::survey::InvitationStatus::Expired;
    let expires_at = form.expires_at;
    let (testid, title, code) = if expired {
        (
            "survey-expired",
            i18n.survey_text(|t| t.expired_title),
            ErrorCode::SurveyExpired,
        )
    } else {
        (
            "survey-cancelled",
            i18n.survey_text(|t| t.cancelled_title),
            ErrorCode::SurveyCancelled,
        )
    };
    let when = move || {
        expired.then(|| {
            fill(
                survey_texts(i18n.lang()).expired_on,
                "d",
                &day_of(expires_at, i18n.lang()),
            )
        })
    };
    view! {
        <section class="state survey-state" data-testid=testid>
            <p class="state-message">{title}</p>
            <p class="state-hint">{when}</p>
            <p class="state-hint">{i18n.by_lang(move |lang| code.message(lang))}</p>
        </section>
    }
}

/// A link that was altered, forged or replaced by a newer one: say so, and how to answer anyway.
#[component]
pub fn LinkInvalid() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="state survey-state" data-testid="survey-link-invalid">
            <h1>{i18n.survey_text(|t| t.link_invalid_title)}</h1>
            <p class="state-hint">
                {i18n.by_lang(|lang| ErrorCode::SurveyLinkInvalid.message(lang))}
            </p>
            <A href=paths::INBOX attr:class="button button-primary">
                {i18n.survey_text(|t| t.log_in_to_answer)}
            </A>
        </section>
    }
}
