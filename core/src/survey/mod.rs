//! Satisfaction surveys and return visits (满意度调查 / 回访): the configured definitions, answers
//! checked against them, and the API's survey types. See domain.md, "Satisfaction surveys".

mod answers;
mod definition;
#[cfg(test)]
mod tests;
mod view;

pub use answers::{
    Answer, AnswerError, AnswerProblem, Answers, Completed, check_draft, check_submit, is_asked,
};
pub use definition::{
    CaseKind, ChoiceOption, DEFAULT_MAX_CHARS, DefinitionError, Outcome, Question, QuestionKind,
    SurveyConfig, SurveyDefinition, SurveyTiming, Trigger,
};
pub use view::{
    AnswerErrors, AnsweredVia, InvitationStatus, NewReturnVisit, ReturnVisit, SavedAnswers,
    StaffSurvey, SurveyAnswers, SurveyForm, SurveyInvitation, SurveyNotice, VisitMethod,
};
