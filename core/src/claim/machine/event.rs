//! What happened on a claim: the machine's output, stored in order, replayed into its state.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::command::Role;
use crate::claim::document::NewDocument;
use crate::claim::kinds::{
    DecisionResult, FastLaneReason, PaymentLine, RefusalReason, ReviewOutcome,
};
use crate::policy::{Money, PolicyKind};

/// One thing that happened, when, and who did it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// When it happened (for `Reported`: the report instant, which starts the clock).
    pub at: DateTime<Utc>,
    /// Who did it.
    pub by: Role,
    /// What happened.
    pub change: Change,
}

/// A slot in a documents request, with its due day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestedSlot {
    /// The checklist slot's key.
    pub slot: String,
    /// The last day to upload it.
    pub due_on: NaiveDate,
    /// What exactly is needed (may be empty).
    pub note: String,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// The claim was reported (报案).
    Reported {
        /// The kind of claim (it chooses the checklist).
        kind: PolicyKind,
        /// The fast-lane reason, if urgent.
        fast_lane: Option<FastLaneReason>,
    },
    /// Accepted: the first feedback (案件受理成功).
    Accepted,
    /// One notice listing every missing document, each slot with its due day.
    DocumentsRequested {
        /// The slots.
        slots: Vec<RequestedSlot>,
        /// Whether documents rejected on review made this request.
        after_review: bool,
    },
    /// A document was uploaded into a slot.
    DocumentUploaded {
        /// The file.
        document: NewDocument,
    },
    /// A document not reviewed yet was removed.
    DocumentRemoved {
        /// Its id.
        document_id: String,
    },
    /// A document was reviewed.
    DocumentReviewed {
        /// Its id.
        document_id: String,
        /// The verdict.
        outcome: ReviewOutcome,
    },
    /// Every document needed is in: the law's 30 days run from here.
    DocumentsCompleted,
    /// Put in the fast lane.
    FastLaneMarked {
        /// Why.
        reason: FastLaneReason,
    },
    /// Treated as complex.
    MarkedComplex {
        /// Why.
        reason: String,
    },
    /// The investigation or site survey started.
    InvestigationStarted {
        /// What is being checked.
        what: String,
    },
    /// The loss was assessed (定损结果).
    Assessed {
        /// The assessed amount.
        amount: Money,
        /// How.
        note: String,
    },
    /// Part of the amount was paid in advance (先行赔付).
    AdvancePaid {
        /// The amount.
        amount: Money,
        /// What it covers.
        note: String,
    },
    /// Decided (核定).
    Decided {
        /// The outcome.
        result: DecisionResult,
        /// The amount to pay (absent for a refusal).
        amount: Option<Money>,
        /// Why not all is paid.
        refusal_reasons: Vec<RefusalReason>,
        /// The explanation.
        text: String,
    },
    /// The refusal notice went out with its reasons (拒赔通知书).
    RefusalNotified {
        /// The reasons.
        refusal_reasons: Vec<RefusalReason>,
        /// The explanation.
        text: String,
    },
    /// Paid (赔款到账), with the breakdown.
    Paid {
        /// The breakdown; the lines add up to `total`.
        lines: Vec<PaymentLine>,
        /// The decided amount.
        total: Money,
        /// What was paid in advance and is deducted.
        advance_deducted: Money,
        /// What was transferred now.
        transferred: Money,
    },
    /// The policyholder disagrees with the decision: the server opens a complaint from it.
    Disputed {
        /// Why.
        reason: String,
    },
    /// The claim was withdrawn (撤案).
    Withdrawn {
        /// Why, if said.
        reason: String,
    },
}
