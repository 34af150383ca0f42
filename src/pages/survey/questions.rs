//! One question of a survey, by kind, made for one thumb: the rating as five large buttons with
//! words, the recommendation as a grid of 0–10, choices as large rows, texts with a live count.
//! Every choice is a real radio button or checkbox (the chosen one is marked by a tick and a
//! thick border, not by colour alone).

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::api::FieldError;
use portal_core::survey::{Answer, Question, QuestionKind};

use super::saver::Saver;
use crate::components::error_slot;
use crate::i18n::{fill, surveys::survey_texts, use_i18n};

/// The server's name of a question's field in its errors: `answers.<key>`.
pub fn field(key: &str) -> String {
    format!("answers.{key}")
}

/// The id of the element around a question (focused when it has the first error).
pub fn question_id(key: &str) -> String {
    format!("q-{key}")
}

/// A question: its text, whether it is required, its answer's controls and its error.
#[component]
pub fn QuestionView(
    question: Question,
    saver: Saver,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = question.key.clone();
    let current = {
        let key = key.clone();
        Memo::new(move |_| saver.answer(&key))
    };
    let invalid = {
        let path = field(&key);
        Memo::new(move |_| errors.with(|e| e.iter().any(|e| e.field == path)))
    };
    let ids = Ids::of(&key);
    let text = {
        let text = question.text.clone();
        move || text.get(i18n.lang()).to_owned()
    };
    let required = question.required.then(|| {
        view! { <span class="question-required">{i18n.survey_text(|t| t.required)}</span> }
    });
    let error = view! { <div id=ids.error.clone()>{error_slot(errors, field(&key))}</div> };
    let testid = format!("question-{key}");
    if question.kind == QuestionKind::Text {
        let body = text_answer(&question, saver, current, invalid, &ids);
        return view! {
            <div class="question" id=ids.question data-testid=testid tabindex="-1">
                <label class="question-text" for=ids.input>
                    {text}
                    {required}
                </label>
                {body}
                {error}
            </div>
        }
        .into_any();
    }
    let body = match question.kind {
        QuestionKind::Rating => rating(&question, saver, current, &ids).into_any(),
        QuestionKind::Nps => nps(&question, saver, current, &ids).into_any(),
        QuestionKind::Multiple => multiple(&question, saver, current, &ids).into_any(),
        _ => single(&question, saver, current, &ids).into_any(),
    };
    let described = match question.kind {
        QuestionKind::Nps => format!("{} {}", ids.ends, ids.error),
        _ => ids.error.clone(),
    };
    view! {
        <fieldset
            class="question"
            id=ids.question
            data-testid=testid
            tabindex="-1"
            aria-describedby=described
            aria-invalid=move || invalid.get().to_string()
        >
            <legend class="question-text">{text} {required}</legend>
            {body}
            {error}
        </fieldset>
    }
    .into_any()
}

/// The ids of a question's parts.
struct Ids {
    question: String,
    /// The radio group's name, and the textarea's id.
    input: String,
    error: String,
    ends: String,
    count: String,
}

impl Ids {
    fn of(key: &str) -> Ids {
        Ids {
            question: question_id(key),
            input: format!("a-{key}"),
            error: format!("e-{key}"),
            ends: format!("ends-{key}"),
            count: format!("count-{key}"),
        }
    }
}

/// The answer a radio button gives its question, and where it goes.
struct Pick {
    key: String,
    answer: Answer,
    saver: Saver,
    current: Memo<Option<Answer>>,
}

impl Pick {
    fn new(
        question: &Question,
        saver: Saver,
        current: Memo<Option<Answer>>,
        answer: Answer,
    ) -> Pick {
        Pick {
            key: question.key.clone(),
            answer,
            saver,
            current,
        }
    }
}

/// One radio button of a question (a point of a scale, or one option): checked while the
/// question's answer is its own, saving its answer when picked.
fn radio(ids: &Ids, value: String, pick: Pick) -> impl IntoView + use<> {
    let Pick {
        key,
        answer,
        saver,
        current,
    } = pick;
    let mine = answer.clone();
    view! {
        <input
            type="radio"
            name=ids.input.clone()
            value=value
            prop:checked=move || current.with(|c| c.as_ref() == Some(&mine))
            on:change=move |_| saver.set(&key, Some(answer.clone()))
        />
    }
}

/// The five points with their words, from the best down (the definition's order).
fn rating(
    question: &Question,
    saver: Saver,
    current: Memo<Option<Answer>>,
    ids: &Ids,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let options = question.options.iter().enumerate().map(|(i, option)| {
        let point = 5u8.saturating_sub(i as u8);
        let label = option.label.clone();
        let face = move || label.get(i18n.lang()).to_owned();
        let pick = Pick::new(question, saver, current, Answer::Number(point));
        view! {
            <label class="scale-option" data-point=point>
                {radio(ids, point.to_string(), pick)}
                <span class="option-face">{face}</span>
            </label>
        }
    });
    view! { <div class="scale">{options.collect_view()}</div> }
}

/// 0 to 10 in a wrapped grid, with what the ends mean.
fn nps(
    question: &Question,
    saver: Saver,
    current: Memo<Option<Answer>>,
    ids: &Ids,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let cells = (0u8..=10).map(|point| {
        let pick = Pick::new(question, saver, current, Answer::Number(point));
        view! {
            <label class="nps-option">
                {radio(ids, point.to_string(), pick)}
                <span class="option-face">{point}</span>
            </label>
        }
    });
    view! {
        <div class="nps-grid">{cells.collect_view()}</div>
        <p class="nps-ends" id=ids.ends.clone()>
            <span>{i18n.survey_text(|t| t.nps_low)}</span>
            <span>{i18n.survey_text(|t| t.nps_high)}</span>
        </p>
    }
}

/// One of the options, as large rows.
fn single(
    question: &Question,
    saver: Saver,
    current: Memo<Option<Answer>>,
    ids: &Ids,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let options = question.options.iter().map(|option| {
        let label = option.label.clone();
        let pick = Pick::new(question, saver, current, Answer::Text(option.key.clone()));
        view! {
            <label class="option-row">
                {radio(ids, option.key.clone(), pick)}
                <span class="option-face">{move || label.get(i18n.lang()).to_owned()}</span>
            </label>
        }
    });
    view! { <div class="option-list">{options.collect_view()}</div> }
}

/// Any of the options, as large rows of checkboxes.
fn multiple(
    question: &Question,
    saver: Saver,
    current: Memo<Option<Answer>>,
    ids: &Ids,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let all: Vec<String> = question.options.iter().map(|o| o.key.clone()).collect();
    let options = question.options.iter().map(|option| {
        let (key, value) = (question.key.clone(), option.key.clone());
        let chosen = value.clone();
        let all = all.clone();
        let label = option.label.clone();
        let toggle = move |on: bool| {
            let mut keys = match current.get_untracked() {
                Some(Answer::Choices(keys)) => keys,
                _ => Vec::new(),
            };
            keys.retain(|k| *k != value);
            if on {
                keys.push(value.clone());
            }
            // In the options' order, whatever the order of the taps.
            let keys: Vec<String> = all.iter().filter(|k| keys.contains(k)).cloned().collect();
            saver.set(&key, (!keys.is_empty()).then_some(Answer::Choices(keys)));
        };
        view! {
            <label class="option-row option-check">
                <input
                    type="checkbox"
                    name=ids.input.clone()
                    value=option.key.clone()
                    prop:checked=move || {
                        current.with(|c| matches!(c, Some(Answer::Choices(k)) if k.contains(&chosen)))
                    }
                    on:change=move |ev| toggle(event_target_checked(&ev))
                />
                <span class="option-face">{move || label.get(i18n.lang()).to_owned()}</span>
            </label>
        }
    });
    view! { <div class="option-list">{options.collect_view()}</div> }
}

/// A text with the characters used out of those allowed, counted as the person types.
fn text_answer(
    question: &Question,
    saver: Saver,
    current: Memo<Option<Answer>>,
    invalid: Memo<bool>,
    ids: &Ids,
) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let max = question.max_chars();
    let key = question.key.clone();
    let typed = move || match current.get() {
        Some(Answer::Text(text)) => text,
        _ => String::new(),
    };
    let count = move || {
        let used = current.with(|c| match c {
            Some(Answer::Text(text)) => text.chars().count(),
            _ => 0,
        });
        count_text(i18n.lang(), used, max)
    };
    view! {
        <textarea
            id=ids.input.clone()
            rows="4"
            maxlength=max
            data-testid=format!("answer-{key}")
            aria-describedby=format!("{} {}", ids.count, ids.error)
            aria-invalid=move || invalid.get().to_string()
            prop:value=typed
            on:input=move |ev| {
                let text = event_target_value(&ev);
                saver.set(&key, (!text.is_empty()).then_some(Answer::Text(text)));
            }
        ></textarea>
        <p class="hint char-count" id=ids.count.clone() data-testid=format!("char-count-{}", question.key)>
            {count}
        </p>
    }
}

/// `12/500 字`.
pub fn count_text(lang: Lang, used: usize, max: usize) -> String {
    let text = survey_texts(lang).chars;
    fill(&fill(text, "n", &used.to_string()), "max", &max.to_string())
}
