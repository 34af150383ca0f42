//! Where a complaint stands: the fold of its events.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::MaterialItem;
use crate::complaint::kinds::{
    Channel, DecisionResult, DecisionTerm, NotAcceptedReason, Remedy, UrgencyReason,
};
use crate::labels::choice;

choice! {
    /// A complaint's stage.
    Status {
        /// Received and registered (登记).
        Registered = "registered", "已登记", "Registered";
        /// Waiting for missing materials; the clock is paused (补正中).
        MaterialsRequested = "materials_requested", "待补正材料", "Waiting for materials";
        /// Every missing item is in; waiting for acceptance.
        MaterialsComplete = "materials_complete", "材料已齐全", "Materials complete";
        /// Accepted (已受理).
        Accepted = "accepted", "已受理", "Accepted";
        /// Not accepted (不予受理).
        NotAccepted = "not_accepted", "不予受理", "Not accepted";
        /// Being handled (处理中).
        InProgress = "in_progress", "处理中", "In progress";
        /// Decided (已作出处理决定).
        Decided = "decided", "已作出处理决定", "Decided";
        /// A review was requested (核查中).
        ReviewRequested = "review_requested", "核查中", "Under review";
        /// Closed (已结案).
        Closed = "closed", "已结案", "Closed";
        /// Withdrawn by the complainant (已撤回).
        Withdrawn = "withdrawn", "已撤回", "Withdrawn";
    }
}

/// Everything the machine and the clock need to know about one complaint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComplaintState {
    /// The stage.
    pub status: Status,
    /// When the complaint was received: the clock's start.
    pub received_at: DateTime<Utc>,
    /// The channel it came through.
    pub channel: Channel,
    /// The green-channel reason, if urgent.
    pub urgent: Option<UrgencyReason>,
    /// The one request for missing materials, if made.
    pub materials: Option<MaterialsRequest>,
    /// When it was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// Why it was not accepted.
    pub not_accepted: Option<NotAccepted>,
    /// How long the company has for the decision.
    pub term: DecisionTerm,
    /// The extensions granted, with their reasons.
    pub extensions: Vec<Extension>,
    /// External appraisals (time excluded from the decision clock).
    pub appraisals: Vec<Appraisal>,
    /// Repeat complaints merged into this case.
    pub repeats: Vec<Repeat>,
    /// Where the decision clock starts: the receipt, or the latest new facts of a repeat.
    pub decision_clock_from: DateTime<Utc>,
    /// The first decision (the one a review is requested against).
    pub decision: Option<Decision>,
    /// When a review was requested.
    pub review_requested_at: Option<DateTime<Utc>>,
    /// The decision after the review.
    pub review_decision: Option<Decision>,
    /// When the case was closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

/// The one request for missing materials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MaterialsRequest {
    /// When it was sent: the clock pauses from here.
    pub requested_at: DateTime<Utc>,
    /// The items, each with its own id.
    pub items: Vec<RequestedItem>,
    /// When the last item came in: the clock runs again from here.
    pub completed_at: Option<DateTime<Utc>>,
}

/// A requested item and whether it came in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestedItem {
    /// The item.
    pub item: MaterialItem,
    /// When it was supplied.
    pub supplied_at: Option<DateTime<Utc>>,
    /// Ids of the files supplied for it.
    pub attachments: Vec<String>,
}

/// Why a complaint was not accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotAccepted {
    /// When.
    pub at: DateTime<Utc>,
    /// The reason code.
    pub reason: NotAcceptedReason,
    /// The explanation.
    pub text: String,
    /// To whom it was passed on, and when (reason `not_company_matter`).
    pub transferred: Option<(String, DateTime<Utc>)>,
}

/// An extension of the decision deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    /// When.
    pub at: DateTime<Utc>,
    /// The new term.
    pub term: DecisionTerm,
    /// Why.
    pub reason: String,
}

/// An external appraisal: the time between start and end does not count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Appraisal {
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended; `None` while it runs.
    pub ended_at: Option<DateTime<Utc>>,
    /// What is appraised and by whom.
    pub reason: String,
}

/// A repeat complaint merged into the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repeat {
    /// When it (its new material) was received.
    pub received_at: DateTime<Utc>,
    /// Whether it brought new facts.
    pub new_facts: bool,
    /// What it says.
    pub summary: String,
}

/// A decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    /// When.
    pub at: DateTime<Utc>,
    /// The outcome.
    pub result: DecisionResult,
    /// The reasons.
    pub reasons: String,
    /// What the complainant can do if they disagree.
    pub remedies: Vec<Remedy>,
}

impl ComplaintState {
    /// A complaint just registered.
    pub fn registered(
        received_at: DateTime<Utc>,
        channel: Channel,
        urgent: Option<UrgencyReason>,
    ) -> Self {
        ComplaintState {
            status: Status::Registered,
            received_at,
            channel,
            urgent,
            materials: None,
            accepted_at: None,
            not_accepted: None,
            term: DecisionTerm::Simple,
            extensions: Vec::new(),
            appraisals: Vec::new(),
            repeats: Vec::new(),
            decision_clock_from: received_at,
            decision: None,
            review_requested_at: None,
            review_decision: None,
            closed_at: None,
            withdrawn_at: None,
        }
    }

    /// Whether an external appraisal is running.
    pub fn appraisal_running(&self) -> bool {
        self.appraisals.iter().any(|a| a.ended_at.is_none())
    }
}
