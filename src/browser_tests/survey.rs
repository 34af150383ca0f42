//! Surveys: answers saved as the person goes (after a pause, one save at a time, the latest
//! answers each time, the phone's copy kept until the server has them), the follow-up question
//! shown only after a low rating, and a refused submit's errors beside their questions.

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use leptos::prelude::*;
use portal_core::api::{ErrorCode, FieldError, Problem};
use portal_core::complaint::LocalizedText;
use portal_core::survey::{
    Answer, Answers, CaseKind, ChoiceOption, InvitationStatus, Outcome, Question, QuestionKind,
    SavedAnswers, SurveyDefinition, SurveyForm, Trigger,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use super::{Calls, by_testid, mount, settle, start_executor, until};
use crate::api::ApiFailure;
use crate::pages::survey::draft::{self, LocalCopy};
use crate::pages::survey::form::{Backend, Questionnaire};
use crate::pages::survey::saver::{SaveAnswer, SaveState, Saver};
use crate::storage;

const KEY: &str = "test.survey.1";

type Saves = Calls<Answers, SaveAnswer>;

fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 2, minute, 0)
        .single()
        .unwrap_or_default()
}

fn saved(minute: u32) -> SaveAnswer {
    Ok(SavedAnswers {
        answers: Answers::new(),
        saved_at: at(minute),
    })
}

fn problem(status: u16, code: ErrorCode, errors: Vec<FieldError>) -> ApiFailure {
    ApiFailure::Problem(Problem {
        problem_type: "about:blank".into(),
        title: "refused".into(),
        status,
        code,
        detail: None,
        errors,
    })
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, a)| ((*k).to_owned(), a.clone()))
        .collect()
}

/// A saver whose saves the test answers (no pause: each change is sent at the next turn), and
/// how often it said the survey closed.
struct Rig {
    saver: Saver,
    saves: Saves,
    closed: Arc<AtomicU32>,
    _owner: Owner,
}

fn rig(start: (Answers, BTreeSet<String>)) -> Rig {
    start_executor();
    storage::remove(KEY);
    let owner = Owner::new();
    let saves = Saves::new();
    let closed = Arc::new(AtomicU32::new(0));
    let saver = owner.with(|| {
        let calls = saves.clone();
        let count = Arc::clone(&closed);
        Saver::new(
            start,
            Some(KEY.into()),
            Rc::new(move |answers| Box::pin(calls.make(answers))),
            Duration::ZERO,
            Callback::new(move |()| {
                count.fetch_add(1, Ordering::SeqCst);
            }),
        )
    });
    Rig {
        saver,
        saves,
        closed,
        _owner: owner,
    }
}

fn kept() -> Option<LocalCopy> {
    draft::read(Some(KEY))
}

#[wasm_bindgen_test]
async fn changes_made_together_go_out_as_one_save_of_the_latest_answers() {
    let rig = rig((Answers::new(), BTreeSet::new()));
    assert_eq!(rig.saver.state.get_untracked(), SaveState::Idle);
    rig.saver.set("satisfaction", Some(Answer::Number(2)));
    rig.saver.set("satisfaction", Some(Answer::Number(3)));
    rig.saver.set("comment", Some(Answer::Text("slow".into())));
    assert_eq!(rig.saver.state.get_untracked(), SaveState::Pending);
    // Kept on the phone at once, before any save.
    assert_eq!(
        kept().map(|copy| copy.answers),
        Some(answers(&[
            ("satisfaction", Answer::Number(3)),
            ("comment", Answer::Text("slow".into())),
        ]))
    );
    until("the save goes out", || rig.saves.count() == 1).await;
    settle().await;
    assert_eq!(rig.saves.count(), 1, "one save for the three changes");
    assert_eq!(
        rig.saves.asked(0),
        answers(&[
            ("satisfaction", Answer::Number(3)),
            ("comment", Answer::Text("slow".into())),
        ])
    );
    rig.saves.answer(0, saved(10));
    until("saved", || {
        rig.saver.state.get_untracked() == SaveState::Saved(at(10))
    })
    .await;
    assert_eq!(
        kept(),
        None,
        "the server has everything: no copy left on the phone"
    );
}

#[wasm_bindgen_test]
async fn a_save_on_its_way_is_never_overtaken_and_the_newest_answers_go_last() {
    let rig = rig((Answers::new(), BTreeSet::new()));
    rig.saver.set("satisfaction", Some(Answer::Number(2)));
    until("the first save goes out", || rig.saves.count() == 1).await;

    rig.saver.set("satisfaction", Some(Answer::Number(5)));
    settle().await;
    assert_eq!(
        rig.saves.count(),
        1,
        "no second save while the first is on its way"
    );

    // The first answers: it does not say "saved", the newer answer is not on the server yet.
    rig.saves.answer(0, saved(10));
    until("the newest answers go out", || rig.saves.count() == 2).await;
    assert_eq!(
        rig.saves.asked(1),
        answers(&[("satisfaction", Answer::Number(5))])
    );
    assert_eq!(rig.saver.state.get_untracked(), SaveState::Pending);
    assert_eq!(
        kept().map(|copy| copy.unsaved),
        Some(BTreeSet::from(["satisfaction".to_owned()]))
    );

    rig.saves.answer(1, saved(11));
    until("saved", || {
        rig.saver.state.get_untracked() == SaveState::Saved(at(11))
    })
    .await;
    assert_eq!(kept(), None);
}

#[wasm_bindgen_test]
async fn a_failed_save_keeps_the_answers_on_the_phone_and_the_next_change_sends_them() {
    let rig = rig((Answers::new(), BTreeSet::new()));
    rig.saver.set("comment", Some(Answer::Text("a".into())));
    until("the save goes out", || rig.saves.count() == 1).await;
    rig.saves.answer(0, Err(ApiFailure::Network));
    until("kept here", || {
        rig.saver.state.get_untracked() == SaveState::KeptHere
    })
    .await;
    let copy = kept().expect("the copy on the phone");
    assert_eq!(
        copy.answers,
        answers(&[("comment", Answer::Text("a".into()))])
    );
    assert!(copy.unsaved.contains("comment"));

    rig.saver.set("comment", Some(Answer::Text("ab".into())));
    until("the next save goes out", || rig.saves.count() == 2).await;
    assert_eq!(
        rig.saves.asked(1),
        answers(&[("comment", Answer::Text("ab".into()))])
    );
    rig.saves.answer(1, saved(12));
    until("saved", || {
        rig.saver.state.get_untracked() == SaveState::Saved(at(12))
    })
    .await;
    assert_eq!(kept(), None);
}

#[wasm_bindgen_test]
async fn answers_restored_from_the_phone_are_sent_without_a_change() {
    let start = (
        answers(&[("satisfaction", Answer::Number(1))]),
        BTreeSet::from(["satisfaction".to_owned()]),
    );
    let rig = rig(start);
    assert_eq!(rig.saver.state.get_untracked(), SaveState::Pending);
    until("the restored answers go out", || rig.saves.count() == 1).await;
    assert_eq!(
        rig.saves.asked(0),
        answers(&[("satisfaction", Answer::Number(1))])
    );
}

#[wasm_bindgen_test]
async fn a_save_that_finds_the_survey_answered_elsewhere_closes_it_and_saves_no_more() {
    let rig = rig((Answers::new(), BTreeSet::new()));
    rig.saver.set("satisfaction", Some(Answer::Number(4)));
    until("the save goes out", || rig.saves.count() == 1).await;
    rig.saves
        .answer(0, Err(problem(409, ErrorCode::SurveyAnswered, Vec::new())));
    until("the page is told", || {
        rig.closed.load(Ordering::SeqCst) == 1
    })
    .await;
    rig.saver.set("satisfaction", Some(Answer::Number(5)));
    settle().await;
    assert_eq!(rig.saves.count(), 1, "a closed survey is not saved again");
}

fn text(zh: &str, en: &str) -> LocalizedText {
    LocalizedText {
        zh: zh.into(),
        en: en.into(),
    }
}

fn option(key: &str, zh: &str) -> ChoiceOption {
    ChoiceOption {
        key: key.into(),
        label: text(zh, key),
    }
}

fn question(key: &str, kind: QuestionKind) -> Question {
    Question {
        key: key.into(),
        kind,
        text: text(key, key),
        required: false,
        options: Vec::new(),
        max_chars: None,
        when_question: None,
        when_at_most: None,
        satisfaction: false,
    }
}

/// The default complaint survey's shape: a rating, the follow-up after 3 or less, a comment.
fn survey_form() -> SurveyForm {
    let rating = Question {
        required: true,
        satisfaction: true,
        options: vec![
            option("very_satisfied", "非常满意"),
            option("satisfied", "满意"),
            option("neutral", "一般"),
            option("dissatisfied", "不满意"),
            option("very_dissatisfied", "非常不满意"),
        ],
        ..question("satisfaction", QuestionKind::Rating)
    };
    let went_wrong = Question {
        required: true,
        options: vec![option("speed", "处理速度慢"), option("other", "其他")],
        when_question: Some("satisfaction".into()),
        when_at_most: Some(3),
        ..question("went_wrong", QuestionKind::Multiple)
    };
    let comment = Question {
        max_chars: Some(20),
        ..question("comment", QuestionKind::Text)
    };
    SurveyForm {
        invitation_id: 1,
        case_kind: CaseKind::Complaint,
        case_number: "TS1".into(),
        case_id: Some(7),
        status: InvitationStatus::Open,
        expires_at: at(0),
        answered_at: None,
        answered_via: None,
        ask_nps: false,
        survey: SurveyDefinition {
            key: "complaint_decided".into(),
            title: text("调查", "Survey"),
            intro: text("", ""),
            send_for: vec![Trigger {
                case_kind: CaseKind::Complaint,
                outcome: Outcome::Decided,
            }],
            questions: vec![rating, went_wrong, comment],
        },
        answers: Answers::new(),
    }
}

type Submits = Calls<Answers, Result<SurveyForm, ApiFailure>>;

/// The questions of [`survey_form`] mounted with `server` as the server's draft, their saves and
/// submits answered by the test.
fn questionnaire(server: Answers) -> (web_sys::HtmlElement, impl Sized, Saves, Submits) {
    start_executor();
    let (saves, submits) = (Saves::new(), Submits::new());
    let backend = {
        let (saves, submits) = (saves.clone(), submits.clone());
        Backend {
            save: Rc::new(move |answers| Box::pin(saves.make(answers))),
            submit: Rc::new(move |answers| Box::pin(submits.make(answers))),
            storage_key: Some(KEY.into()),
        }
    };
    let form = SurveyForm {
        answers: server,
        ..survey_form()
    };
    // In Chinese, whatever the browser's language (the choice is read once, at mount).
    storage::set("portal.lang", "zh-CN");
    let (root, mounted) = mount(move || {
        view! {
            <Questionnaire
                form
                backend
                done=Callback::new(|_| {})
                closed=Callback::new(|()| {})
            />
        }
    });
    storage::remove("portal.lang");
    (root, mounted, saves, submits)
}

/// Whether the question `key` is shown (its slot is not hidden).
fn question_shown(root: &web_sys::Element, key: &str) -> bool {
    by_testid(root, &format!("question-{key}"))
        .and_then(|q| q.parent_element())
        .is_some_and(|slot| !slot.has_attribute("hidden"))
}

/// Taps the rating's point `n`.
fn rate(root: &web_sys::Element, n: u8) {
    super::click(root, &format!("#q-satisfaction input[value=\"{n}\"]"));
}

fn checked(root: &web_sys::Element, selector: &str) -> bool {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

#[wasm_bindgen_test]
async fn the_follow_up_is_asked_only_after_a_rating_of_three_or_less() {
    storage::remove(KEY);
    let (root, _mounted, saves, _submits) = questionnaire(Answers::new());
    assert!(question_shown(&root, "satisfaction"));
    assert!(!question_shown(&root, "went_wrong"), "not before a rating");
    assert!(question_shown(&root, "comment"));

    rate(&root, 2);
    until("the follow-up shows", || {
        question_shown(&root, "went_wrong")
    })
    .await;
    rate(&root, 5);
    until("the follow-up hides", || {
        !question_shown(&root, "went_wrong")
    })
    .await;
    rate(&root, 3);
    until("the follow-up shows again", || {
        question_shown(&root, "went_wrong")
    })
    .await;
    until("the latest rating is saved", || {
        (0..saves.count()).any(|n| saves.asked(n).get("satisfaction") == Some(&Answer::Number(3)))
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_phone_copy_is_merged_over_the_server_draft_on_reopening() {
    storage::remove(KEY);
    draft::write(
        Some(KEY),
        &LocalCopy {
            answers: answers(&[("satisfaction", Answer::Number(1))]),
            unsaved: BTreeSet::from(["satisfaction".to_owned()]),
        },
    );
    let server = answers(&[
        ("satisfaction", Answer::Number(5)),
        ("comment", Answer::Text("from the other phone".into())),
    ]);
    let (root, _mounted, saves, _submits) = questionnaire(server);
    assert!(
        checked(&root, "#q-satisfaction input[value=\"1\"]"),
        "the unsaved rating wins"
    );
    assert!(question_shown(&root, "went_wrong"));
    let comment = || {
        by_testid(&root, "answer-comment")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
    };
    until("the comment saved from the other phone shows", || {
        comment().as_deref() == Some("from the other phone")
    })
    .await;
    until("the unsaved rating is sent", || saves.count() == 1).await;
    assert_eq!(saves.asked(0).get("satisfaction"), Some(&Answer::Number(1)));
}

#[wasm_bindgen_test]
async fn a_refused_submit_puts_each_error_beside_its_question_and_focuses_the_first() {
    storage::remove(KEY);
    let (root, _mounted, _saves, submits) = questionnaire(Answers::new());
    rate(&root, 1);
    until("the follow-up shows", || {
        question_shown(&root, "went_wrong")
    })
    .await;
    super::click(&root, "[data-testid=\"survey-submit\"]");
    until("the submit goes out", || submits.count() == 1).await;
    let refused = vec![FieldError {
        field: "answers.went_wrong".into(),
        code: ErrorCode::Required,
        message: "required".into(),
    }];
    submits.answer(0, Err(problem(422, ErrorCode::ValidationFailed, refused)));
    until("the error shows beside its question", || {
        by_testid(&root, "field-error-answers-went_wrong").is_some()
    })
    .await;
    let error = by_testid(&root, "field-error-answers-went_wrong")
        .and_then(|e| e.text_content())
        .unwrap_or_default();
    assert_eq!(error, ErrorCode::Required.message(portal_core::Lang::ZhCn));
    until("the first question in error has the focus", || {
        document()
            .active_element()
            .and_then(|e| e.closest("#q-went_wrong").ok().flatten())
            .is_some()
    })
    .await;

    // Answering it clears its error.
    super::click(&root, "#q-went_wrong input[value=\"speed\"]");
    until("the error goes", || {
        by_testid(&root, "field-error-answers-went_wrong").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_text_counts_its_characters_as_they_are_typed() {
    storage::remove(KEY);
    let (root, _mounted, _saves, _submits) = questionnaire(Answers::new());
    let count = || {
        by_testid(&root, "char-count-comment")
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    };
    assert_eq!(count().trim(), "0/20 字");
    let area = by_testid(&root, "answer-comment")
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .expect("the comment's textarea");
    area.set_value("理赔很快");
    let event = web_sys::Event::new("input").expect("an input event");
    let _ = area.dispatch_event(&event);
    until("the count follows", || count().trim() == "4/20 字").await;
    assert_eq!(area.max_length(), 20);
}
