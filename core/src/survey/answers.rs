//! Answers to a survey, checked against its definition: as the person goes (a draft may be
//! incomplete) and at the end (every required question that is asked must be answered).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::definition::{QuestionKind, SurveyDefinition};

/// One answer: a number (rating, NPS), one option key or a text (single, text), or option keys
/// (multiple).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum Answer {
    /// A rating (1–5) or a recommendation (0–10).
    Number(u8),
    /// A single choice's option key, or a text.
    Text(String),
    /// A multiple choice's option keys.
    Choices(Vec<String>),
}

/// Answers by question key.
pub type Answers = BTreeMap<String, Answer>;

/// What is wrong with one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AnswerProblem {
    /// The survey has no such question.
    UnknownQuestion,
    /// A required question that is asked was not answered.
    Required,
    /// The wrong kind of answer for the question (a text for a rating, …).
    WrongKind,
    /// A number outside the question's scale.
    OutOfRange,
    /// An option the question does not have (or one given twice).
    UnknownOption,
    /// A text longer than the question allows.
    TooLong,
}

/// One answer that cannot be kept, by question key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerError {
    /// The question's key.
    pub question: String,
    /// What is wrong.
    pub problem: AnswerProblem,
}

/// Answers that can be submitted, with the figures the KPIs are computed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completed {
    /// The answers to the questions that were asked (answers to questions that a later change
    /// hid, such as the follow-up after the rating went up, are dropped).
    pub answers: Answers,
    /// The satisfaction rating, 1–5.
    pub rating: u8,
    /// The recommendation, 0–10, if asked and answered.
    pub nps: Option<u8>,
}

/// Whether the question with this key is asked, given the answers so far and whether this
/// person is asked the recommendation question this time.
pub fn is_asked(survey: &SurveyDefinition, key: &str, answers: &Answers, ask_nps: bool) -> bool {
    let Some(question) = survey.question(key) else {
        return false;
    };
    if question.kind == QuestionKind::Nps && !ask_nps {
        return false;
    }
    match (&question.when_question, question.when_at_most) {
        (Some(on), Some(at_most)) => {
            matches!(answers.get(on), Some(Answer::Number(n)) if *n <= at_most)
        }
        _ => true,
    }
}

fn err(question: &str, problem: AnswerProblem) -> AnswerError {
    AnswerError {
        question: question.to_owned(),
        problem,
    }
}

/// Checks the shape of each answer, and trims texts. An empty text or an empty choice list is
/// no answer (it is dropped). Missing answers are fine: this is a draft.
pub fn check_draft(
    survey: &SurveyDefinition,
    answers: &Answers,
) -> Result<Answers, Vec<AnswerError>> {
    let mut kept = Answers::new();
    let mut errors = Vec::new();
    for (key, answer) in answers {
        let Some(question) = survey.question(key) else {
            errors.push(err(key, AnswerProblem::UnknownQuestion));
            continue;
        };
        let has_option = |k: &str| question.options.iter().any(|o| o.key == k);
        let checked = match (question.kind, answer) {
            (QuestionKind::Rating | QuestionKind::Nps, Answer::Number(n)) => {
                match question.range() {
                    Some((lo, hi)) if (lo..=hi).contains(n) => Ok(Some(Answer::Number(*n))),
                    _ => Err(AnswerProblem::OutOfRange),
                }
            }
            (QuestionKind::Single, Answer::Text(k)) if k.is_empty() => Ok(None),
            (QuestionKind::Single, Answer::Text(k)) if has_option(k) => {
                Ok(Some(Answer::Text(k.clone())))
            }
            (QuestionKind::Single, Answer::Text(_)) => Err(AnswerProblem::UnknownOption),
            (QuestionKind::Multiple, Answer::Choices(keys)) => {
                let mut unique: Vec<String> = Vec::new();
                let mut bad = false;
                for k in keys {
                    if !has_option(k) || unique.contains(k) {
                        bad = true;
                    }
                    unique.push(k.clone());
                }
                if bad {
                    Err(AnswerProblem::UnknownOption)
                } else if unique.is_empty() {
                    Ok(None)
                } else {
                    Ok(Some(Answer::Choices(unique)))
                }
            }
            (QuestionKind::Text, Answer::Text(text)) => {
                let text = text.trim();
                if text.chars().count() > question.max_chars() {
                    Err(AnswerProblem::TooLong)
                } else if text.is_empty() {
                    Ok(None)
                } else {
                    Ok(Some(Answer::Text(text.to_owned())))
                }
            }
            _ => Err(AnswerProblem::WrongKind),
        };
        match checked {
            Ok(Some(answer)) => {
                kept.insert(key.clone(), answer);
            }
            Ok(None) => {}
            Err(problem) => errors.push(err(key, problem)),
        }
    }
    if errors.is_empty() {
        Ok(kept)
    } else {
        Err(errors)
    }
}

/// Checks answers for submission: every draft rule, every required question that is asked is
/// answered, and answers to questions that are not asked are dropped.
pub fn check_submit(
    survey: &SurveyDefinition,
    answers: &Answers,
    ask_nps: bool,
) -> Result<Completed, Vec<AnswerError>> {
    let kept = check_draft(survey, answers)?;
    let mut asked = Answers::new();
    let mut errors = Vec::new();
    for question in &survey.questions {
        if !is_asked(survey, &question.key, &kept, ask_nps) {
            continue;
        }
        match kept.get(&question.key) {
            Some(answer) => {
                asked.insert(question.key.clone(), answer.clone());
            }
            None if question.required => errors.push(err(&question.key, AnswerProblem::Required)),
            None => {}
        }
    }
    let rating = survey
        .satisfaction_question()
        .and_then(|q| match asked.get(&q.key) {
            Some(Answer::Number(n)) => Some(*n),
            _ => None,
        });
    let rating = match (rating, survey.satisfaction_question()) {
        (Some(r), _) => r,
        (None, Some(q)) => {
            if !errors.iter().any(|e| e.question == q.key) {
                errors.push(err(&q.key, AnswerProblem::Required));
            }
            0
        }
        (None, None) => 0,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let nps = survey
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Nps)
        .find_map(|q| match asked.get(&q.key) {
            Some(Answer::Number(n)) => Some(*n),
            _ => None,
        });
    Ok(Completed {
        answers: asked,
        rating,
        nps,
    })
}

impl AnswerProblem {
    /// The API's error code for it.
    pub fn code(self) -> crate::api::ErrorCode {
        use crate::api::ErrorCode;
        match self {
            AnswerProblem::UnknownQuestion => ErrorCode::QuestionUnknown,
            AnswerProblem::Required => ErrorCode::Required,
            AnswerProblem::WrongKind => ErrorCode::AnswerWrongKind,
            AnswerProblem::OutOfRange => ErrorCode::AnswerOutOfRange,
            AnswerProblem::UnknownOption => ErrorCode::OptionUnknown,
            AnswerProblem::TooLong => ErrorCode::TooLong,
        }
    }
}
