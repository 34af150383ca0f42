//! The survey definition format and the answer checks, on a definition like the defaults.

use serde_json::json;

use super::*;
use crate::complaint::LocalizedText;

fn text(zh: &str, en: &str) -> serde_json::Value {
    json!({ "zh": zh, "en": en })
}

fn option(key: &str, zh: &str, en: &str) -> serde_json::Value {
    json!({ "key": key, "label": text(zh, en) })
}

/// A configuration shaped like `server/config/surveys.toml`: the complaint survey with its
/// rating, the follow-up when the rating is 3 or lower, the recommendation and a comment; and a
/// short survey for cases that ended without a decision.
fn config_json() -> serde_json::Value {
    let words = json!([
        option("very_satisfied", "非常满意", "Very satisfied"),
        option("satisfied", "满意", "Satisfied"),
        option("neutral", "一般", "Neither satisfied nor dissatisfied"),
        option("dissatisfied", "不满意", "Dissatisfied"),
        option("very_dissatisfied", "非常不满意", "Very dissatisfied"),
    ]);
    let went_wrong = json!([
        option("speed", "处理速度慢", "It took too long"),
        option(
            "communication",
            "沟通不及时",
            "We did not keep you informed"
        ),
        option("outcome", "对处理结果不满意", "The outcome"),
        option("documents", "要求提供的材料太多", "Too many documents"),
        option("attitude", "工作人员服务态度", "The staff's attitude"),
        option("other", "其他", "Something else"),
    ]);
    json!({
        "timing": { "expiry_days": 30, "reminder_after_days": 7, "nps_every_days": 90 },
        "surveys": [
            {
                "key": "complaint_decided",
                "title": text("投诉处理满意度调查", "How did we handle your complaint?"),
                "intro": text("约需 1 分钟。", "About a minute."),
                "send_for": [{ "case_kind": "complaint", "outcome": "decided" }],
                "questions": [
                    { "key": "satisfaction", "kind": "rating", "required": true, "satisfaction": true,
                      "text": text("总体是否满意？", "Overall, how satisfied are you?"), "options": words },
                    { "key": "went_wrong", "kind": "multiple", "required": true,
                      "when_question": "satisfaction", "when_at_most": 3,
                      "text": text("哪些方面让您不满意？", "What went wrong?"), "options": went_wrong },
                    { "key": "went_wrong_detail", "kind": "text", "max_chars": 500,
                      "when_question": "satisfaction", "when_at_most": 3,
                      "text": text("请告诉我们具体情况", "Tell us more") },
                    { "key": "recommend", "kind": "nps",
                      "text": text("您有多大可能推荐我们？", "How likely are you to recommend us?") },
                    { "key": "comment", "kind": "text", "max_chars": 500,
                      "text": text("其他意见", "Anything else?") }
                ]
            },
            {
                "key": "handling",
                "title": text("服务满意度调查", "How did we do?"),
                "send_for": [
                    { "case_kind": "complaint", "outcome": "not_accepted" },
                    { "case_kind": "complaint", "outcome": "withdrawn" },
                    { "case_kind": "claim", "outcome": "withdrawn" }
                ],
                "questions": [
                    { "key": "satisfaction", "kind": "rating", "required": true, "satisfaction": true,
                      "text": text("总体是否满意？", "Overall, how satisfied are you?"), "options": words },
                    { "key": "channel", "kind": "single",
                      "text": text("您通过哪种方式联系我们？", "How did you reach us?"),
                      "options": [option("portal", "网上", "Online"), option("phone", "电话", "Phone")] }
                ]
            }
        ]
    })
}

fn config() -> SurveyConfig {
    serde_json::from_value(config_json()).unwrap_or_else(|e| panic!("{e}"))
}

fn decided() -> SurveyDefinition {
    config().surveys.remove(0)
}

fn answers(value: serde_json::Value) -> Answers {
    serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"))
}

fn problems(
    result: Result<impl std::fmt::Debug, Vec<AnswerError>>,
) -> Vec<(String, AnswerProblem)> {
    match result {
        Ok(ok) => panic!("expected errors, got {ok:?}"),
        Err(errors) => errors
            .into_iter()
            .map(|e| (e.question, e.problem))
            .collect(),
    }
}

fn problem(key: &str, problem: AnswerProblem) -> (String, AnswerProblem) {
    (key.to_owned(), problem)
}

#[test]
fn the_default_like_definition_parses_and_passes_the_check() {
    let config = config();
    assert_eq!(config.check(), Ok(()));
    assert_eq!(config.timing, SurveyTiming::default());
    assert_eq!(
        config
            .for_outcome(CaseKind::Complaint, Outcome::Decided)
            .map(|s| s.key.as_str()),
        Some("complaint_decided")
    );
    assert_eq!(
        config
            .for_outcome(CaseKind::Claim, Outcome::Withdrawn)
            .map(|s| s.key.as_str()),
        Some("handling")
    );
    assert!(config.for_outcome(CaseKind::Claim, Outcome::Paid).is_none());
    assert_eq!(
        config.survey("handling").map(|s| s.questions.len()),
        Some(2)
    );
    let survey = decided();
    assert_eq!(
        survey.satisfaction_question().map(|q| q.key.as_str()),
        Some("satisfaction")
    );
    assert_eq!(
        survey.question("comment").map(Question::max_chars),
        Some(500)
    );
    assert_eq!(
        survey.question("recommend").and_then(Question::range),
        Some((0, 10))
    );
    // Timing left out takes the defaults; so does an intro.
    let mut bare = config_json();
    bare.as_object_mut().map(|o| o.remove("timing"));
    let bare: SurveyConfig = serde_json::from_value(bare).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(bare.timing, SurveyTiming::default());
    assert_eq!(bare.surveys[1].intro, LocalizedText::default());
}

/// The check's verdict on the default-like configuration after `change`.
fn check_after(change: impl FnOnce(&mut SurveyConfig)) -> Result<(), DefinitionError> {
    let mut config = config();
    change(&mut config);
    config.check()
}

#[test]
fn the_check_catches_each_definition_error() {
    use DefinitionError as E;
    assert_eq!(
        check_after(|c| c.surveys[0].key = "Complaint Decided".into()),
        Err(E::BadKey("Complaint Decided".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[2].key = String::new()),
        Err(E::BadKey(String::new()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].options[0].key = "Speed!".into()),
        Err(E::BadKey("Speed!".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].key = "complaint_decided".into()),
        Err(E::DuplicateKey("complaint_decided".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[4].key = "recommend".into()),
        Err(E::DuplicateKey("recommend".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].options[1].key = "speed".into()),
        Err(E::DuplicateKey("speed".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].title.en = "  ".into()),
        Err(E::EmptyText("complaint_decided".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[3].text.zh = String::new()),
        Err(E::EmptyText("recommend".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].options[2].label.en = String::new()),
        Err(E::EmptyText("went_wrong".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].questions.clear()),
        Err(E::NoQuestions("handling".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].send_for.clear()),
        Err(E::NoTrigger("handling".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].send_for.push(Trigger {
            case_kind: CaseKind::Complaint,
            outcome: Outcome::Decided,
        })),
        Err(E::TriggerTwice(CaseKind::Complaint, Outcome::Decided))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].send_for.push(Trigger {
            case_kind: CaseKind::Complaint,
            outcome: Outcome::Paid,
        })),
        Err(E::TriggerImpossible(CaseKind::Complaint, Outcome::Paid))
    );
    assert_eq!(
        check_after(|c| c.surveys[1].send_for.push(Trigger {
            case_kind: CaseKind::Claim,
            outcome: Outcome::Decided,
        })),
        Err(E::TriggerImpossible(CaseKind::Claim, Outcome::Decided))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[0].satisfaction = false),
        Err(E::SatisfactionQuestion("complaint_decided".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[3].satisfaction = true),
        Err(E::SatisfactionQuestion("complaint_decided".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].options.clear()),
        Err(E::Options("went_wrong".into()))
    );
    assert_eq!(
        check_after(|c| {
            let options = c.surveys[0].questions[1].options.clone();
            c.surveys[0].questions[4].options = options;
        }),
        Err(E::Options("comment".into()))
    );
    assert_eq!(
        check_after(|c| {
            c.surveys[0].questions[0].options.pop();
        }),
        Err(E::RatingWords("satisfaction".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].when_at_most = Some(5)),
        Err(E::Condition("went_wrong".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[1].when_question = Some("comment".into())),
        Err(E::Condition("went_wrong".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[2].when_at_most = None),
        Err(E::Condition("went_wrong_detail".into()))
    );
    // A condition on a later question is refused: it must name an earlier rating.
    assert_eq!(
        check_after(|c| c.surveys[0].questions.swap(0, 1)),
        Err(E::Condition("went_wrong".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[4].max_chars = Some(0)),
        Err(E::MaxChars("comment".into()))
    );
    assert_eq!(
        check_after(|c| c.surveys[0].questions[4].max_chars = Some(5001)),
        Err(E::MaxChars("comment".into()))
    );
    assert_eq!(check_after(|c| c.timing.expiry_days = 0), Err(E::Timing));
    assert_eq!(check_after(|c| c.timing.nps_every_days = 0), Err(E::Timing));
    assert_eq!(
        check_after(|c| c.timing.reminder_after_days = 30),
        Err(E::Timing)
    );
}

#[test]
fn a_complete_answer_gives_the_rating_and_the_recommendation() {
    let survey = decided();
    let done = check_submit(
        &survey,
        &answers(json!({ "satisfaction": 4, "recommend": 9, "comment": "  很好 " })),
        true,
    );
    assert_eq!(
        done,
        Ok(Completed {
            answers: answers(json!({ "satisfaction": 4, "recommend": 9, "comment": "很好" })),
            rating: 4,
            nps: Some(9),
        })
    );
    // The recommendation and the comment are optional.
    let bare = check_submit(&survey, &answers(json!({ "satisfaction": 5 })), true);
    assert_eq!(bare.map(|c| (c.rating, c.nps)), Ok((5, None)));
}

#[test]
fn the_rating_is_required() {
    let survey = decided();
    assert_eq!(
        problems(check_submit(&survey, &Answers::new(), true)),
        [problem("satisfaction", AnswerProblem::Required)]
    );
    assert_eq!(
        problems(check_submit(
            &survey,
            &answers(json!({ "recommend": 3 })),
            true
        )),
        [problem("satisfaction", AnswerProblem::Required)]
    );
    // A draft may be incomplete.
    assert_eq!(check_draft(&survey, &Answers::new()), Ok(Answers::new()));
}

#[test]
fn the_follow_up_is_asked_and_required_only_when_the_rating_is_three_or_lower() {
    let survey = decided();
    for low in [1, 2, 3] {
        let given = answers(json!({ "satisfaction": low }));
        assert!(is_asked(&survey, "went_wrong", &given, true));
        assert!(is_asked(&survey, "went_wrong_detail", &given, true));
        assert_eq!(
            problems(check_submit(&survey, &given, true)),
            [problem("went_wrong", AnswerProblem::Required)],
            "rating {low}"
        );
        let complete = answers(json!({ "satisfaction": low, "went_wrong": ["speed", "other"] }));
        assert_eq!(
            check_submit(&survey, &complete, true).map(|c| c.rating),
            Ok(low)
        );
    }
    for high in [4, 5] {
        let given = answers(json!({
            "satisfaction": high, "went_wrong": ["speed"], "went_wrong_detail": "太慢"
        }));
        assert!(!is_asked(&survey, "went_wrong", &given, true));
        // Not asked: not required, and an answer left from a lower rating is dropped.
        let done = check_submit(&survey, &given, true);
        assert_eq!(
            done.map(|c| c.answers),
            Ok(answers(json!({ "satisfaction": high }))),
            "rating {high}"
        );
    }
    // Before the rating is given, the follow-up is not asked.
    assert!(!is_asked(&survey, "went_wrong", &Answers::new(), true));
    assert!(is_asked(&survey, "comment", &Answers::new(), true));
    assert!(!is_asked(
        &survey,
        "no_such_question",
        &Answers::new(),
        true
    ));
}

#[test]
fn the_recommendation_is_dropped_when_not_asked() {
    let survey = decided();
    let given = answers(json!({ "satisfaction": 5, "recommend": 10 }));
    assert!(!is_asked(&survey, "recommend", &given, false));
    let done = check_submit(&survey, &given, false);
    assert_eq!(
        done.map(|c| (c.answers, c.nps)),
        Ok((answers(json!({ "satisfaction": 5 })), None))
    );
    // Still checked for its shape, even when it will be dropped.
    assert_eq!(
        problems(check_submit(
            &survey,
            &answers(json!({ "satisfaction": 5, "recommend": 11 })),
            false
        )),
        [problem("recommend", AnswerProblem::OutOfRange)]
    );
}

#[test]
fn numbers_outside_the_scale_are_out_of_range() {
    let survey = decided();
    for (given, key) in [
        (json!({ "satisfaction": 0 }), "satisfaction"),
        (json!({ "satisfaction": 6 }), "satisfaction"),
        (json!({ "satisfaction": 4, "recommend": 11 }), "recommend"),
    ] {
        assert!(
            problems(check_draft(&survey, &answers(given)))
                .contains(&problem(key, AnswerProblem::OutOfRange))
        );
    }
    let edges = answers(json!({ "satisfaction": 1, "recommend": 0 }));
    assert_eq!(check_draft(&survey, &edges), Ok(edges.clone()));
    let top = answers(json!({ "satisfaction": 5, "recommend": 10 }));
    assert_eq!(check_draft(&survey, &top), Ok(top.clone()));
}

#[test]
fn unknown_questions_and_options_and_wrong_kinds_are_refused_each() {
    let survey = decided();
    let given = answers(json!({
        "satisfaction": "5",
        "went_wrong": ["speed", "weather"],
        "went_wrong_detail": ["speed"],
        "recommend": "ten",
        "comment": 3,
        "favourite_colour": "blue",
    }));
    let mut found = problems(check_draft(&survey, &given));
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let mut expected = vec![
        problem("satisfaction", AnswerProblem::WrongKind),
        problem("went_wrong", AnswerProblem::UnknownOption),
        problem("went_wrong_detail", AnswerProblem::WrongKind),
        problem("recommend", AnswerProblem::WrongKind),
        problem("comment", AnswerProblem::WrongKind),
        problem("favourite_colour", AnswerProblem::UnknownQuestion),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(found, expected);
    // An option given twice is refused too; a multiple choice takes a list, not one key.
    assert_eq!(
        problems(check_draft(
            &survey,
            &answers(json!({ "went_wrong": ["speed", "speed"] }))
        )),
        [problem("went_wrong", AnswerProblem::UnknownOption)]
    );
    assert_eq!(
        problems(check_draft(
            &survey,
            &answers(json!({ "went_wrong": "speed" }))
        )),
        [problem("went_wrong", AnswerProblem::WrongKind)]
    );
    // A single choice takes one of its options.
    let handling = config().surveys.remove(1);
    assert_eq!(
        check_draft(&handling, &answers(json!({ "channel": "phone" }))),
        Ok(answers(json!({ "channel": "phone" })))
    );
    assert_eq!(
        problems(check_draft(
            &handling,
            &answers(json!({ "channel": "fax" }))
        )),
        [problem("channel", AnswerProblem::UnknownOption)]
    );
    assert_eq!(
        problems(check_draft(
            &handling,
            &answers(json!({ "channel": ["phone"] }))
        )),
        [problem("channel", AnswerProblem::WrongKind)]
    );
    assert_eq!(
        AnswerProblem::UnknownQuestion.code(),
        crate::api::ErrorCode::QuestionUnknown
    );
    assert_eq!(
        AnswerProblem::TooLong.code(),
        crate::api::ErrorCode::TooLong
    );
}

#[test]
fn texts_are_trimmed_limited_and_empty_answers_dropped() {
    let survey = decided();
    let at_limit = "好".repeat(500);
    let given = answers(json!({ "comment": format!("  {at_limit}  ") }));
    assert_eq!(
        check_draft(&survey, &given),
        Ok(answers(json!({ "comment": at_limit })))
    );
    assert_eq!(
        problems(check_draft(
            &survey,
            &answers(json!({ "comment": "好".repeat(501) }))
        )),
        [problem("comment", AnswerProblem::TooLong)]
    );
    let empty = answers(json!({ "comment": "   ", "went_wrong": [], "satisfaction": 2 }));
    assert_eq!(
        check_draft(&survey, &empty),
        Ok(answers(json!({ "satisfaction": 2 })))
    );
    let handling = config().surveys.remove(1);
    assert_eq!(
        check_draft(&handling, &answers(json!({ "channel": "" }))),
        Ok(Answers::new())
    );
}
