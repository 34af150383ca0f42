//! The survey definitions a company configures (满意度调查问卷): which cases get which survey, its
//! questions in 中文 and English, and the timing settings. The server reads them from TOML
//! (`server/config/surveys.toml` holds the commented defaults) and refuses to start with a
//! definition that [`SurveyConfig::check`] rejects.

use serde::{Deserialize, Serialize};

use crate::complaint::LocalizedText;
use crate::labels::choice;

choice! {
    /// The kind of case a survey follows.
    CaseKind {
        /// A complaint (投诉处理回访).
        Complaint = "complaint", "投诉", "Complaint";
        /// A claim (理赔回访).
        Claim = "claim", "理赔", "Claim";
    }
}

choice! {
    /// How a case ended: the step that sends the survey.
    Outcome {
        /// A complaint closed after its decision.
        Decided = "decided", "已作出处理决定", "Decided";
        /// A complaint that was not accepted.
        NotAccepted = "not_accepted", "不予受理", "Not accepted";
        /// A complaint or claim withdrawn by the person.
        Withdrawn = "withdrawn", "已撤回", "Withdrawn";
        /// A claim paid.
        Paid = "paid", "已赔付", "Paid";
        /// A claim refused.
        Refused = "refused", "已拒赔", "Refused";
    }
}

choice! {
    /// What kind of answer a question takes.
    QuestionKind {
        /// 1–5 with a word for each point (5 = very satisfied).
        Rating = "rating", "评分", "Rating";
        /// 0–10: how likely the person is to recommend the company.
        Nps = "nps", "推荐意愿", "Recommendation";
        /// One of the options.
        Single = "single", "单选", "Single choice";
        /// Any of the options.
        Multiple = "multiple", "多选", "Multiple choice";
        /// Free text.
        Text = "text", "文字", "Text";
    }
}

/// A case kind and outcome a survey is sent for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trigger {
    /// The kind of case.
    pub case_kind: CaseKind,
    /// How it ended.
    pub outcome: Outcome,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChoiceOption {
    /// A stable key (a-z, 0-9, _), stored with the answer.
    pub key: String,
    /// What the person reads.
    pub label: LocalizedText,
}

/// One question of a survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// A stable key (a-z, 0-9, _), unique in the survey; answers are stored under it.
    pub key: String,
    /// The kind of answer.
    pub kind: QuestionKind,
    /// The question.
    pub text: LocalizedText,
    /// Whether the survey cannot be submitted without it (when it is asked at all).
    #[serde(default)]
    pub required: bool,
    /// Choice questions: the options, in display order. Rating questions: one word per point,
    /// from 5 (best) down to 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<ChoiceOption>,
    /// Text questions: the most characters accepted (default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_chars: Option<u32>,
    /// Asked only when the rating question with this key was answered at most `when_at_most`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_question: Option<String>,
    /// See `when_question`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when_at_most: Option<u8>,
    /// The rating that is the case's satisfaction result (exactly one per survey).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub satisfaction: bool,
}

/// The most characters a text answer takes when the definition does not say.
pub const DEFAULT_MAX_CHARS: u32 = 500;

impl Question {
    /// The most characters a text answer may have.
    pub fn max_chars(&self) -> usize {
        self.max_chars.unwrap_or(DEFAULT_MAX_CHARS) as usize
    }

    /// The range of a number answer, if the question takes one.
    pub fn range(&self) -> Option<(u8, u8)> {
        match self.kind {
            QuestionKind::Rating => Some((1, 5)),
            QuestionKind::Nps => Some((0, 10)),
            _ => None,
        }
    }
}

/// One survey: its texts, when it is sent and its questions in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyDefinition {
    /// A stable key (a-z, 0-9, _), stored on each invitation.
    pub key: String,
    /// The title shown above the questions.
    pub title: LocalizedText,
    /// A line under the title (how long it takes, what it is for).
    #[serde(default)]
    pub intro: LocalizedText,
    /// The case kinds and outcomes it is sent for.
    pub send_for: Vec<Trigger>,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

impl SurveyDefinition {
    /// The question with this key.
    pub fn question(&self, key: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.key == key)
    }

    /// The rating question that is the case's satisfaction result.
    pub fn satisfaction_question(&self) -> Option<&Question> {
        self.questions.iter().find(|q| q.satisfaction)
    }
}

/// When invitations expire and are recalled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyTiming {
    /// An invitation expires this many days after it was sent.
    pub expiry_days: u32,
    /// One reminder notice this many days after the invitation, if unanswered.
    pub reminder_after_days: u32,
    /// The recommendation (NPS) question is asked at most once per person in this many days.
    pub nps_every_days: u32,
}

impl Default for SurveyTiming {
    fn default() -> Self {
        SurveyTiming {
            expiry_days: 30,
            reminder_after_days: 7,
            nps_every_days: 90,
        }
    }
}

/// Every survey and the timing, as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyConfig {
    /// The timing settings.
    #[serde(default)]
    pub timing: SurveyTiming,
    /// The surveys.
    pub surveys: Vec<SurveyDefinition>,
}

/// Why a survey configuration cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    /// A key that is empty or has characters other than a-z, 0-9 and _.
    #[error("{0:?} is not a key (a-z, 0-9 and _)")]
    BadKey(String),
    /// Two surveys, or two questions of one survey, or two options of one question, share a key.
    #[error("the key {0:?} is used twice")]
    DuplicateKey(String),
    /// A text with an empty language.
    #[error("{0}: a text is empty in one language")]
    EmptyText(String),
    /// A survey without questions.
    #[error("survey {0:?} has no questions")]
    NoQuestions(String),
    /// A survey that is sent for nothing.
    #[error("survey {0:?} is sent for no case")]
    NoTrigger(String),
    /// Two surveys sent for the same case kind and outcome.
    #[error("two surveys are sent for {0:?} / {1:?}")]
    TriggerTwice(CaseKind, Outcome),
    /// A trigger that cannot happen (a complaint is never paid).
    #[error("a {0:?} is never {1:?}")]
    TriggerImpossible(CaseKind, Outcome),
    /// A survey without exactly one satisfaction rating.
    #[error("survey {0:?} needs exactly one rating question marked satisfaction = true")]
    SatisfactionQuestion(String),
    /// A choice question without options, or options on a question that takes none.
    #[error("question {0:?}: wrong options for its kind")]
    Options(String),
    /// A rating question whose words are not 5.
    #[error("question {0:?}: a rating needs 5 words, from 5 (best) down to 1")]
    RatingWords(String),
    /// A condition on a question that is not an earlier rating, or a bound out of 1–5.
    #[error(
        "question {0:?}: `when_question` must name an earlier rating and `when_at_most` be 1–4"
    )]
    Condition(String),
    /// A text limit of 0 or over 5,000.
    #[error("question {0:?}: max_chars must be 1–5000")]
    MaxChars(String),
    /// A timing number of 0, or a reminder not before the expiry.
    #[error(
        "timing: expiry_days and nps_every_days must be at least 1, reminder_after_days below expiry_days"
    )]
    Timing,
}

fn key_ok(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn check_key(key: &str) -> Result<(), DefinitionError> {
    if key_ok(key) {
        Ok(())
    } else {
        Err(DefinitionError::BadKey(key.to_owned()))
    }
}

fn check_text(text: &LocalizedText, what: &str) -> Result<(), DefinitionError> {
    if text.zh.trim().is_empty() || text.en.trim().is_empty() {
        Err(DefinitionError::EmptyText(what.to_owned()))
    } else {
        Ok(())
    }
}

fn possible(trigger: Trigger) -> bool {
    use Outcome::*;
    match trigger.case_kind {
        CaseKind::Complaint => matches!(trigger.outcome, Decided | NotAccepted | Withdrawn),
        CaseKind::Claim => matches!(trigger.outcome, Paid | Refused | Withdrawn),
    }
}

impl SurveyConfig {
    /// Checks everything the server relies on; the first problem found.
    pub fn check(&self) -> Result<(), DefinitionError> {
        let t = self.timing;
        if t.expiry_days == 0 || t.nps_every_days == 0 || t.reminder_after_days >= t.expiry_days {
            return Err(DefinitionError::Timing);
        }
        let mut survey_keys = Vec::new();
        let mut triggers: Vec<Trigger> = Vec::new();
        for survey in &self.surveys {
            check_key(&survey.key)?;
            if survey_keys.contains(&survey.key.as_str()) {
                return Err(DefinitionError::DuplicateKey(survey.key.clone()));
            }
            survey_keys.push(&survey.key);
            check_text(&survey.title, &survey.key)?;
            if survey.send_for.is_empty() {
                return Err(DefinitionError::NoTrigger(survey.key.clone()));
            }
            for trigger in &survey.send_for {
                if !possible(*trigger) {
                    return Err(DefinitionError::TriggerImpossible(
                        trigger.case_kind,
                        trigger.outcome,
                    ));
                }
                if triggers.contains(trigger) {
                    return Err(DefinitionError::TriggerTwice(
                        trigger.case_kind,
                        trigger.outcome,
                    ));
                }
                triggers.push(*trigger);
            }
            check_questions(survey)?;
        }
        Ok(())
    }

    /// The survey sent when a case of `case_kind` ends with `outcome`, if any.
    pub fn for_outcome(&self, case_kind: CaseKind, outcome: Outcome) -> Option<&SurveyDefinition> {
        let trigger = Trigger { case_kind, outcome };
        self.surveys.iter().find(|s| s.send_for.contains(&trigger))
    }

    /// The survey with this key.
    pub fn survey(&self, key: &str) -> Option<&SurveyDefinition> {
        self.surveys.iter().find(|s| s.key == key)
    }
}

fn check_questions(survey: &SurveyDefinition) -> Result<(), DefinitionError> {
    if survey.questions.is_empty() {
        return Err(DefinitionError::NoQuestions(survey.key.clone()));
    }
    let satisfaction = survey.questions.iter().filter(|q| q.satisfaction).count();
    if satisfaction != 1 {
        return Err(DefinitionError::SatisfactionQuestion(survey.key.clone()));
    }
    let mut seen: Vec<&Question> = Vec::new();
    for q in &survey.questions {
        check_key(&q.key)?;
        if seen.iter().any(|s| s.key == q.key) {
            return Err(DefinitionError::DuplicateKey(q.key.clone()));
        }
        check_text(&q.text, &q.key)?;
        if q.satisfaction && q.kind != QuestionKind::Rating {
            return Err(DefinitionError::SatisfactionQuestion(survey.key.clone()));
        }
        let options = &q.options;
        match q.kind {
            QuestionKind::Single | QuestionKind::Multiple if options.is_empty() => {
                return Err(DefinitionError::Options(q.key.clone()));
            }
            QuestionKind::Rating if options.len() != 5 => {
                return Err(DefinitionError::RatingWords(q.key.clone()));
            }
            QuestionKind::Nps | QuestionKind::Text if !options.is_empty() => {
                return Err(DefinitionError::Options(q.key.clone()));
            }
            _ => {}
        }
        let mut option_keys: Vec<&str> = Vec::new();
        for option in options {
            check_key(&option.key)?;
            if option_keys.contains(&option.key.as_str()) {
                return Err(DefinitionError::DuplicateKey(option.key.clone()));
            }
            option_keys.push(&option.key);
            check_text(&option.label, &q.key)?;
        }
        if let Some(max) = q.max_chars
            && !(1..=5000).contains(&max)
        {
            return Err(DefinitionError::MaxChars(q.key.clone()));
        }
        match (&q.when_question, q.when_at_most) {
            (None, None) => {}
            (Some(key), Some(at_most)) => {
                let earlier = seen.iter().find(|s| &s.key == key);
                if !matches!(earlier, Some(e) if e.kind == QuestionKind::Rating)
                    || !(1..=4).contains(&at_most)
                {
                    return Err(DefinitionError::Condition(q.key.clone()));
                }
            }
            _ => return Err(DefinitionError::Condition(q.key.clone())),
        }
        seen.push(q);
    }
    Ok(())
}
