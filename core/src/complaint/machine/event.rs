//! What happened on a complaint: the machine's output, stored in order, replayed into its state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::command::Role;
use crate::complaint::kinds::{
    Channel, DecisionResult, DecisionTerm, NotAcceptedReason, Remedy, UrgencyReason,
};

/// One thing that happened, when, and who did it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// When it happened (for `Registered`: the receipt instant, which starts the clock).
    pub at: DateTime<Utc>,
    /// Who did it.
    pub by: Role,
    /// What happened.
    pub change: Change,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// The complaint was received and registered (登记).
    Registered {
        /// Through which channel.
        channel: Channel,
        /// The green-channel reason, if urgent.
        urgent: Option<UrgencyReason>,
    },
    /// One notice listing everything missing; the clock pauses.
    MaterialsRequested {
        /// The missing items.
        items: Vec<MaterialItem>,
    },
    /// One item supplied.
    MaterialSupplied {
        /// The item's id.
        item_id: u32,
        /// Ids of the uploaded files.
        attachments: Vec<String>,
        /// A note.
        note: String,
    },
    /// Every item is in: the clock runs again.
    MaterialsCompleted,
    /// Accepted (受理).
    Accepted,
    /// Not accepted (不予受理).
    NotAccepted {
        /// The reason code.
        reason: NotAcceptedReason,
        /// The explanation.
        text: String,
    },
    /// Passed on to the body that handles it.
    TransferredOut {
        /// To whom.
        to: String,
    },
    /// Handling started.
    HandlingStarted,
    /// An external appraisal started: the decision clock pauses.
    AppraisalStarted {
        /// What is appraised and by whom.
        reason: String,
    },
    /// The appraisal ended: the decision clock runs again.
    AppraisalEnded,
    /// The decision deadline was extended.
    DecisionExtended {
        /// The new term.
        term: DecisionTerm,
        /// Why.
        reason: String,
    },
    /// A repeat complaint was merged into this case.
    RepeatMerged {
        /// Whether it brought new facts (then the decision deadline restarted).
        new_facts: bool,
        /// When it (its new material) was received.
        received_at: DateTime<Utc>,
        /// What it says.
        summary: String,
    },
    /// Decided (处理决定).
    Decided {
        /// The outcome.
        result: DecisionResult,
        /// The reasons.
        reasons: String,
        /// What the complainant can do if they disagree.
        remedies: Vec<Remedy>,
        /// Whether this decision answers a review request.
        after_review: bool,
    },
    /// The complainant asked for a review (核查).
    ReviewRequested {
        /// Why they disagree.
        reason: String,
    },
    /// The case was closed; a return visit follows.
    Closed,
    /// The complainant withdrew the complaint.
    Withdrawn {
        /// Why, if said.
        reason: String,
    },
}

/// A missing item, with its own id and upload slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialItem {
    /// The item's id within the case (1, 2, …).
    pub id: u32,
    /// What is missing.
    pub description: String,
}
