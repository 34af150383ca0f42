//! What the claim endpoints send beyond the report itself: the receipt, "my claims" and the staff
//! queue, the claim page.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use super::checklist::ChecklistProgress;
use super::clock::{Deadline, NextDeadline};
pub use super::document::ClaimDocument;
use super::kinds::{Complexity, FastLaneReason};
use super::machine::{
    Action, AdvancePayment, Assessment, ClaimDecision, Dispute, DocumentsRequest, Event,
    Investigation, Payment, Status,
};
use crate::policy::{PolicyKind, PolicySummary};

/// `GET /api/v1/claims/prefill`: what the report form need not ask.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimPrefill {
    /// The caller's policies, to choose the one claimed on.
    pub policies: Vec<PolicySummary>,
    /// The policyholder's mobile number on record, as the contact phone.
    pub contact_phone: String,
}

/// `POST /api/v1/claims` answer (201): the receipt, with what happens next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimReceipt {
    /// The claim's id in the API.
    pub id: i64,
    /// The claim number told to the policyholder, e.g. `LP20261121000123`.
    pub claim_number: String,
    /// When it was reported.
    pub reported_at: DateTime<Utc>,
    /// The kind of claim.
    pub kind: PolicyKind,
    /// The policy claimed on.
    pub policy_number: String,
    /// The fast-lane reason, if urgent.
    pub fast_lane: Option<FastLaneReason>,
    /// The deadlines that now run (the first feedback within 24 hours).
    pub deadlines: Vec<Deadline>,
    /// What happens next: the documents to upload, slot by slot.
    pub checklist: ChecklistProgress,
}

/// One line of "my claims" and of the staff queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimSummary {
    /// The claim's id in the API.
    pub id: i64,
    /// The claim number.
    pub claim_number: String,
    /// The stage.
    pub status: Status,
    /// The kind of claim.
    pub kind: PolicyKind,
    /// The policy claimed on.
    pub policy_number: String,
    /// The insured person.
    pub insured_name: String,
    /// When it was reported.
    pub reported_at: DateTime<Utc>,
    /// The day it happened.
    pub incident_date: NaiveDate,
    /// The fast-lane reason, if in the fast lane.
    pub fast_lane: Option<FastLaneReason>,
    /// How many slots still need a file (required or asked for).
    pub documents_outstanding: u32,
    /// The deadline that matters next: for the policyholder any, for staff the company's own.
    pub next_deadline: Option<NextDeadline>,
}

/// The complaint a dispute opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisputeComplaint {
    /// The complaint's id in the API.
    pub id: i64,
    /// Its case number.
    pub case_number: String,
}

/// `GET /api/v1/claims/{id}`: the claim page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDetail {
    /// The claim's id in the API.
    pub id: i64,
    /// The claim number.
    pub claim_number: String,
    /// The stage.
    pub status: Status,
    /// The kind of claim.
    pub kind: PolicyKind,
    /// The policy claimed on.
    pub policy_number: String,
    /// The insured person.
    pub insured_name: String,
    /// When it was reported.
    pub reported_at: DateTime<Utc>,
    /// The day it happened.
    pub incident_date: NaiveDate,
    /// The time it happened, if known.
    pub incident_time: Option<NaiveTime>,
    /// Where it happened.
    pub place: String,
    /// What happened.
    pub description: String,
    /// The number to call.
    pub contact_phone: String,
    /// The fast-lane reason, if in the fast lane.
    pub fast_lane: Option<FastLaneReason>,
    /// Simple or complex.
    pub complexity: Complexity,
    /// Every slot with its documents and state: what is in and what is missing.
    pub checklist: ChecklistProgress,
    /// The requests for documents, oldest first.
    pub requests: Vec<DocumentsRequest>,
    /// What is being investigated.
    pub investigation: Option<Investigation>,
    /// The loss assessment (the assessed amount).
    pub assessment: Option<Assessment>,
    /// Payments made in advance.
    pub advances: Vec<AdvancePayment>,
    /// The decision.
    pub decision: Option<ClaimDecision>,
    /// The payment with its breakdown.
    pub payment: Option<Payment>,
    /// The policyholder's disagreement.
    pub dispute: Option<Dispute>,
    /// The complaint the disagreement opened.
    pub dispute_complaint: Option<DisputeComplaint>,
    /// Every deadline that applies.
    pub deadlines: Vec<Deadline>,
    /// The one that matters next.
    pub next_deadline: Option<NextDeadline>,
    /// Every step, oldest first (`by` tells "you" from "customer service").
    pub timeline: Vec<Event>,
    /// What the caller may do now (exactly what the state machine allows for their role).
    pub allowed_actions: Vec<Action>,
}
