//! Claims (理赔): how a claim is reported, the documents it needs, its lifecycle as a pure state
//! machine (report → acceptance → documents → investigation → assessment → decision → payment),
//! and the clock of the Insurance Law (Art. 22–25) and the company's targets that runs on it.

#![warn(missing_docs)]

pub mod checklist;
pub mod clock;
mod dispute;
mod document;
pub mod kinds;
pub mod machine;
mod notice;
pub mod report;
mod rules;
pub mod view;

pub use checklist::{
    Checklist, ChecklistError, ChecklistProgress, ClaimChecklists, DocumentSlot, SlotRejection,
    SlotState, SlotStatus,
};
pub use clock::{ClaimClock, Deadline, DeadlineKind, NextDeadline};
pub use dispute::{DisputedClaim, dispute_complaint};
pub use document::{ClaimDocument, NewDocument};
pub use kinds::{
    Complexity, DecisionResult, DocumentRejection, FastLaneReason, PaymentLine, RefusalReason,
    ReviewOutcome, ReviewState,
};
pub use machine::{
    Action, ClaimDecision, ClaimState, Command, Ctx, DocumentReview, Event, Refusal, Role,
    SlotRequest, Status,
};
pub use report::{ClaimReport, NewClaim};
pub use rules::ClaimRules;
pub use view::{ClaimDetail, ClaimPrefill, ClaimReceipt, ClaimSummary, DisputeComplaint};
