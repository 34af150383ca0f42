//! Why the machine refused a step: typed, with a stable code; nothing changed.

use chrono::NaiveDate;

use super::command::{Action, Role};
use super::state::Status;
use crate::api::ErrorCode;

/// A refused step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// This role never takes this step.
    #[error("a {role:?} may not {action:?}")]
    RoleNotAllowed {
        /// Who tried.
        role: Role,
        /// What.
        action: Action,
    },
    /// Only a supervisor takes this step.
    #[error("{0:?} needs a supervisor")]
    SupervisorRequired(Action),
    /// Not in this state.
    #[error("cannot {action:?} a complaint that is {status:?}")]
    TransitionNotAllowed {
        /// Where the complaint stands.
        status: Status,
        /// What was tried.
        action: Action,
    },
    /// Missing materials are requested once, listing everything.
    #[error("materials were already requested")]
    MaterialsAlreadyRequested,
    /// A materials request must list at least one item, none empty.
    #[error("the materials request lists nothing")]
    MaterialsListEmpty,
    /// No such item on the request.
    #[error("no missing item {0}")]
    MaterialItemUnknown(u32),
    /// The item already came in.
    #[error("item {0} was already supplied")]
    MaterialAlreadySupplied(u32),
    /// The step needs a reason (extensions, not accepting, appraisals, decisions, reviews).
    #[error("a reason is required")]
    ReasonRequired,
    /// A detail of the step is empty (whom a complaint is passed to, a repeat's summary).
    #[error("a detail is required")]
    DetailRequired,
    /// The deadline was already extended this far.
    #[error("the decision deadline was already extended")]
    ExtensionAlreadyGranted,
    /// The further extension comes after the first.
    #[error("extend to 30 days first")]
    ExtensionRequiredFirst,
    /// An appraisal is running.
    #[error("an appraisal is running")]
    AppraisalRunning,
    /// No appraisal is running.
    #[error("no appraisal is running")]
    AppraisalNotRunning,
    /// The review window ended on this day.
    #[error("the review window ended on {0}")]
    ReviewWindowClosed(NaiveDate),
    /// A review was already requested on this case.
    #[error("a review was already requested")]
    ReviewAlreadyRequested,
}

impl Refusal {
    /// The stable code the API and the UI show.
    pub fn code(&self) -> ErrorCode {
        match self {
            Refusal::RoleNotAllowed { .. } => ErrorCode::Forbidden,
            Refusal::SupervisorRequired(_) => ErrorCode::SupervisorRequired,
            Refusal::TransitionNotAllowed { .. } => ErrorCode::TransitionNotAllowed,
            Refusal::MaterialsAlreadyRequested => ErrorCode::MaterialsAlreadyRequested,
            Refusal::MaterialsListEmpty => ErrorCode::MaterialsListEmpty,
            Refusal::MaterialItemUnknown(_) => ErrorCode::MaterialItemUnknown,
            Refusal::MaterialAlreadySupplied(_) => ErrorCode::MaterialAlreadySupplied,
            Refusal::ReasonRequired => ErrorCode::ReasonRequired,
            Refusal::DetailRequired => ErrorCode::Required,
            Refusal::ExtensionAlreadyGranted => ErrorCode::ExtensionAlreadyGranted,
            Refusal::ExtensionRequiredFirst => ErrorCode::ExtensionRequiredFirst,
            Refusal::AppraisalRunning => ErrorCode::AppraisalRunning,
            Refusal::AppraisalNotRunning => ErrorCode::AppraisalNotRunning,
            Refusal::ReviewWindowClosed(_) => ErrorCode::ReviewWindowClosed,
            Refusal::ReviewAlreadyRequested => ErrorCode::ReviewAlreadyRequested,
        }
    }
}
