//! The questions of an open survey: the ones asked given the answers so far, the save line, and
//! the submit with its errors beside their questions.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use portal_core::api::{ErrorCode, FieldError};
use portal_core::survey::{Answers, SurveyDefinition, SurveyForm, is_asked};

use super::draft;
use super::questions::{QuestionView, field, question_id};
use super::saver::{DEBOUNCE, SaveFn, SaveState, Saver, closes};
use crate::api::ApiFailure;
use crate::components::FormError;
use crate::i18n::{clock, fill, use_i18n};

/// A request that submits the answers.
pub type SubmitFn =
    Rc<dyn Fn(Answers) -> Pin<Box<dyn Future<Output = Result<SurveyForm, ApiFailure>>>>>;

/// Where a survey's answers go: the person's own invitation, or the link of a message.
#[derive(Clone)]
pub struct Backend {
    /// Keeps a draft.
    pub save: SaveFn,
    /// Submits.
    pub submit: SubmitFn,
    /// Where the phone keeps its copy of the answers (`None`: nowhere).
    pub storage_key: Option<String>,
}

/// The keys of the questions asked, given the answers so far, in the survey's order.
pub fn asked_questions(survey: &SurveyDefinition, answers: &Answers, ask_nps: bool) -> Vec<String> {
    survey
        .questions
        .iter()
        .filter(|q| is_asked(survey, &q.key, answers, ask_nps))
        .map(|q| q.key.clone())
        .collect()
}

/// The questions of `form`, answered from the server's draft merged with the phone's copy.
/// `done` gets the survey as submitted; `closed` runs when the server says it takes no more
/// answers (answered elsewhere, expired, withdrawn) so the page can show where it stands.
#[component]
pub fn Questionnaire(
    form: SurveyForm,
    backend: Backend,
    done: Callback<SurveyForm>,
    closed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let SurveyForm {
        survey,
        answers,
        ask_nps,
        ..
    } = form;
    let Backend {
        save,
        submit,
        storage_key,
    } = backend;
    let kept = draft::read(storage_key.as_deref());
    let saver = Saver::new(
        draft::merge(&answers, kept),
        storage_key,
        save,
        DEBOUNCE,
        closed,
    );
    on_cleanup(move || saver.flush());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let survey = StoredValue::new(survey);
    let asked = Memo::new(move |_| {
        saver
            .answers
            .with(|answers| survey.with_value(|s| asked_questions(s, answers, ask_nps)))
    });
    // An answer clears its question's error.
    Effect::new(move |previous: Option<Answers>| {
        let now = saver.answers.get();
        if let Some(previous) = previous {
            errors.update(|errors| {
                errors.retain(|e| {
                    let key = e.field.strip_prefix("answers.").unwrap_or(&e.field);
                    now.get(key) == previous.get(key)
                })
            });
        }
        now
    });
    let sending = Action::new_local(move |answers: &Answers| {
        let request = submit(answers.clone());
        async move {
            let answer = request.await;
            match &answer {
                Ok(form) => {
                    saver.forget();
                    done.run(form.clone());
                }
                Err(failure) if closes(failure) => closed.run(()),
                Err(failure) => {
                    let fields = match failure {
                        ApiFailure::Problem(problem) => problem.errors.clone(),
                        _ => Vec::new(),
                    };
                    let first = survey.with_value(|s| {
                        s.questions
                            .iter()
                            .find(|q| fields.iter().any(|f| f.field == field(&q.key)))
                            .map(|q| q.key.clone())
                    });
                    errors.try_set(fields);
                    saver.resume();
                    if let Some(key) = first {
                        request_animation_frame(move || focus_question(&key));
                    }
                }
            }
            answer
        }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.pending().get_untracked() {
            return;
        }
        saver.stop();
        sending.dispatch(saver.answers.get_untracked());
    };
    // A refusal with field errors says so above the questions; any other failure says why.
    let failure = Signal::derive(move || {
        if sending.pending().get() {
            return None;
        }
        sending.value().with(|answer| match answer {
            Some(Err(failure)) if failure.code() != Some(ErrorCode::ValidationFailed) => {
                Some(failure.clone())
            }
            _ => None,
        })
    });
    let check_marked = move || {
        (!errors.with(Vec::is_empty)).then(|| {
            view! {
                <p class="form-error" role="alert" data-testid="survey-errors">
                    {i18n.survey_text(|t| t.check_marked)}
                </p>
            }
        })
    };
    let questions = survey.with_value(|s| s.questions.clone());
    view! {
        <form class="survey-form" novalidate on:submit=send>
            {check_marked}
            <FormError failure/>
            {questions
                .into_iter()
                .map(|question| {
                    let key = question.key.clone();
                    let shown = Memo::new(move |_| asked.with(|keys| keys.contains(&key)));
                    // Each question is built once and hidden while it is not asked: what is
                    // typed in a follow-up survives the rating going up and down again.
                    view! {
                        <div class="question-slot" hidden=move || !shown.get()>
                            <QuestionView question saver errors/>
                        </div>
                    }
                })
                .collect_view()}
            <div class="survey-actions">
                <SaveLine state=saver.state/>
                <button
                    type="submit"
                    class="button button-primary button-block"
                    data-testid="survey-submit"
                    disabled=sending.pending()
                >
                    {i18n.survey_text(|t| t.submit)}
                </button>
            </div>
        </form>
    }
}

/// Moves the focus to a question (its first control), which brings it into view.
fn focus_question(key: &str) {
    use wasm_bindgen::JsCast;
    let selector = format!(
        "#{} input, #{} textarea",
        question_id(key),
        question_id(key)
    );
    let target = document()
        .query_selector(&selector)
        .ok()
        .flatten()
        .or_else(|| document().get_element_by_id(&question_id(key)));
    if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// "Saved 10:32", "Saving…", or that the answers are kept on the phone, read out politely.
#[component]
fn SaveLine(state: RwSignal<SaveState>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = crate::i18n::surveys::survey_texts(i18n.lang());
        match state.get() {
            SaveState::Idle => t.autosave.to_owned(),
            SaveState::Pending => t.saving.to_owned(),
            SaveState::Saved(at) => fill(t.saved_at, "t", &clock(at)),
            SaveState::KeptHere => t.kept_here.to_owned(),
        }
    };
    let kind = move || match state.get() {
        SaveState::Idle => "idle",
        SaveState::Pending => "pending",
        SaveState::Saved(_) => "saved",
        SaveState::KeptHere => "kept-here",
    };
    view! {
        <p class="hint save-line" role="status" aria-live="polite" data-testid="save-status" data-state=kind>
            {text}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use portal_core::complaint::LocalizedText;
    use portal_core::survey::{Answer, Question, QuestionKind};

    use super::*;

    fn question(key: &str, kind: QuestionKind) -> Question {
        Question {
            key: key.into(),
            kind,
            text: LocalizedText::default(),
            required: false,
            options: Vec::new(),
            max_chars: None,
            when_question: None,
            when_at_most: None,
            satisfaction: false,
        }
    }

    fn survey() -> SurveyDefinition {
        SurveyDefinition {
            key: "s".into(),
            title: LocalizedText::default(),
            intro: LocalizedText::default(),
            send_for: Vec::new(),
            questions: vec![
                question("satisfaction", QuestionKind::Rating),
                Question {
                    when_question: Some("satisfaction".into()),
                    when_at_most: Some(3),
                    ..question("went_wrong", QuestionKind::Multiple)
                },
                question("recommend", QuestionKind::Nps),
                question("comment", QuestionKind::Text),
            ],
        }
    }

    fn rated(n: u8) -> Answers {
        Answers::from([("satisfaction".to_owned(), Answer::Number(n))])
    }

    #[test]
    fn the_follow_up_is_asked_after_three_or_less_and_the_recommendation_only_when_due() {
        let survey = survey();
        assert_eq!(
            asked_questions(&survey, &Answers::new(), true),
            ["satisfaction", "recommend", "comment"]
        );
        assert_eq!(
            asked_questions(&survey, &rated(3), true),
            ["satisfaction", "went_wrong", "recommend", "comment"]
        );
        assert_eq!(
            asked_questions(&survey, &rated(4), true),
            ["satisfaction", "recommend", "comment"]
        );
        assert_eq!(
            asked_questions(&survey, &rated(1), false),
            ["satisfaction", "went_wrong", "comment"]
        );
    }
}
