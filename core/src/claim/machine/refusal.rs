//! Why the claim machine refused a step: typed, with a stable code; nothing changed.

use chrono::NaiveDate;

use super::command::{Action, Role};
use super::state::Status;
use crate::api::ErrorCode;
use crate::policy::Money;

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
    /// Not in this state.
    #[error("cannot {action:?} a claim that is {status:?}")]
    TransitionNotAllowed {
        /// Where the claim stands.
        status: Status,
        /// What was tried.
        action: Action,
    },
    /// Documents are requested once, listing everything (保险法 Art. 22); only a rejection on
    /// review makes a new request.
    #[error("documents were already requested")]
    DocumentsAlreadyRequested,
    /// A request that would list nothing.
    #[error("no document is missing")]
    NothingMissing,
    /// No such slot in the claim's checklist.
    #[error("no document slot {0:?}")]
    SlotUnknown(String),
    /// The slot takes one file and holds one.
    #[error("slot {0:?} takes one file and has one")]
    SlotFull(String),
    /// No such document on the claim.
    #[error("no document {0:?}")]
    DocumentUnknown(String),
    /// The document is already on the claim.
    #[error("document {0:?} is already on the claim")]
    DocumentAlreadyAdded(String),
    /// The document was already reviewed.
    #[error("document {0:?} was already reviewed")]
    DocumentAlreadyReviewed(String),
    /// A review that reviews nothing.
    #[error("the review lists no document")]
    NothingToReview,
    /// A due day before today.
    #[error("the due day {0} has passed")]
    DueDateInPast(NaiveDate),
    /// The step needs a reason (a refusal, a partial approval, a dispute, a rejection `other`).
    #[error("a reason is required")]
    ReasonRequired,
    /// A detail of the step is empty (what is investigated, a breakdown line's label).
    #[error("a detail is required")]
    DetailRequired,
    /// An amount that is zero or negative, or missing where one is needed.
    #[error("the amount is not valid")]
    AmountInvalid,
    /// More than the assessed amount (or, for a partial approval, not less).
    #[error("the amount is above the assessed {0:?}")]
    AmountAboveAssessed(Money),
    /// Less than what was already paid in advance.
    #[error("the amount is below the {0:?} paid in advance")]
    AmountBelowAdvances(Money),
    /// A claim with an advance payment is not refused.
    #[error("an advance payment was made")]
    AdvanceAlreadyPaid,
    /// The breakdown does not add up to the decided amount.
    #[error("the breakdown adds up to {total:?}, not {expected:?}")]
    BreakdownMismatch {
        /// What the lines add up to.
        total: Money,
        /// The decided amount.
        expected: Money,
    },
    /// The policyholder already disagreed with this decision.
    #[error("a dispute was already raised")]
    DisputeAlreadyRaised,
}

impl Refusal {
    /// The stable code the API and the UI show.
    pub fn code(&self) -> ErrorCode {
        match self {
            Refusal::RoleNotAllowed { .. } => ErrorCode::Forbidden,
            Refusal::TransitionNotAllowed { .. } | Refusal::AdvanceAlreadyPaid => {
                ErrorCode::TransitionNotAllowed
            }
            Refusal::DocumentsAlreadyRequested => ErrorCode::DocumentsAlreadyRequested,
            Refusal::NothingMissing => ErrorCode::NoDocumentsMissing,
            Refusal::SlotUnknown(_) => ErrorCode::DocumentSlotUnknown,
            Refusal::SlotFull(_) => ErrorCode::DocumentSlotFull,
            Refusal::DocumentUnknown(_) => ErrorCode::DocumentUnknown,
            Refusal::DocumentAlreadyAdded(_) => ErrorCode::DocumentAlreadyAdded,
            Refusal::DocumentAlreadyReviewed(_) => ErrorCode::DocumentAlreadyReviewed,
            Refusal::NothingToReview | Refusal::DetailRequired => ErrorCode::Required,
            Refusal::DueDateInPast(_) => ErrorCode::DueDateInPast,
            Refusal::ReasonRequired => ErrorCode::ReasonRequired,
            Refusal::AmountInvalid | Refusal::AmountBelowAdvances(_) => ErrorCode::AmountInvalid,
            Refusal::AmountAboveAssessed(_) => ErrorCode::AmountAboveAssessed,
            Refusal::BreakdownMismatch { .. } => ErrorCode::PaymentBreakdownMismatch,
            Refusal::DisputeAlreadyRaised => ErrorCode::DisputeAlreadyRaised,
        }
    }
}
