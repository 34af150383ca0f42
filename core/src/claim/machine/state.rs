//! Where a claim stands: the fold of its events.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::RequestedSlot;
use crate::claim::checklist::{Checklist, ChecklistProgress};
use crate::claim::document::ClaimDocument;
use crate::claim::kinds::{Complexity, DecisionResult, FastLaneReason, PaymentLine, RefusalReason};
use crate::labels::choice;
use crate::policy::{Money, PolicyKind};

choice! {
    /// A claim's stage.
    Status {
        /// Reported, waiting for the first feedback (已报案).
        Reported = "reported", "已报案", "Reported";
        /// Accepted (已受理).
        Accepted = "accepted", "已受理", "Accepted";
        /// Waiting for the documents asked for (待补充材料).
        DocumentsRequested = "documents_requested", "待补充材料", "Waiting for documents";
        /// Every document needed is in (材料齐全).
        DocumentsComplete = "documents_complete", "材料齐全", "Documents complete";
        /// Being investigated or surveyed (调查/查勘中).
        Investigation = "investigation", "调查/查勘中", "Under investigation";
        /// The loss is assessed (已定损).
        Assessed = "assessed", "已定损", "Loss assessed";
        /// Decided; a payment or the refusal notice follows (已核定).
        Decided = "decided", "已核定", "Decided";
        /// Refused, the notice sent (已拒赔).
        Refused = "refused", "已拒赔", "Refused";
        /// Paid (已赔付).
        Paid = "paid", "已赔付", "Paid";
        /// Withdrawn (已撤案).
        Withdrawn = "withdrawn", "已撤案", "Withdrawn";
    }
}

/// One request for documents (the first, and one after each review that rejected something).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentsRequest {
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// Every slot missing at that time, each with its due day.
    pub slots: Vec<RequestedSlot>,
    /// Whether a review's rejections made it.
    pub after_review: bool,
}

/// The investigation or site survey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Investigation {
    /// When it started.
    pub at: DateTime<Utc>,
    /// What is being checked.
    pub what: String,
}

/// The loss assessment (定损).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assessment {
    /// When.
    pub at: DateTime<Utc>,
    /// The assessed amount.
    pub amount: Money,
    /// How it was assessed.
    pub note: String,
}

/// A payment made before the decision (先行赔付).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdvancePayment {
    /// When.
    pub at: DateTime<Utc>,
    /// The amount.
    pub amount: Money,
    /// What it covers.
    pub note: String,
}

/// The decision (核定).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDecision {
    /// When.
    pub at: DateTime<Utc>,
    /// The outcome.
    pub result: DecisionResult,
    /// The amount to pay (absent for a refusal).
    pub amount: Option<Money>,
    /// Why not all is paid.
    pub refusal_reasons: Vec<RefusalReason>,
    /// The explanation.
    pub text: String,
}

/// The payment (赔款到账).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    /// When.
    pub at: DateTime<Utc>,
    /// The breakdown.
    pub lines: Vec<PaymentLine>,
    /// The decided amount.
    pub total: Money,
    /// What was paid in advance and is deducted.
    pub advance_deducted: Money,
    /// What was transferred now.
    pub transferred: Money,
}

/// The policyholder's "I disagree".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dispute {
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub reason: String,
}

/// Everything the machine and the clock need to know about one claim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClaimState {
    /// The stage.
    pub status: Status,
    /// The kind of claim.
    pub kind: PolicyKind,
    /// When it was reported: the first feedback's clock starts here.
    pub reported_at: DateTime<Utc>,
    /// The fast-lane reason, if in the fast lane.
    pub fast_lane: Option<FastLaneReason>,
    /// Simple or complex (which company target applies).
    pub complexity: Complexity,
    /// When it was accepted.
    pub accepted_at: Option<DateTime<Utc>>,
    /// The documents, in upload order (removed ones are gone).
    pub documents: Vec<ClaimDocument>,
    /// The requests for documents, oldest first.
    pub requests: Vec<DocumentsRequest>,
    /// When the documents were last complete: the decision clock's start.
    pub documents_complete_at: Option<DateTime<Utc>>,
    /// The investigation, if started.
    pub investigation: Option<Investigation>,
    /// The latest loss assessment.
    pub assessment: Option<Assessment>,
    /// Payments in advance.
    pub advances: Vec<AdvancePayment>,
    /// The decision.
    pub decision: Option<ClaimDecision>,
    /// When the refusal notice went out.
    pub refusal_notified_at: Option<DateTime<Utc>>,
    /// The payment.
    pub payment: Option<Payment>,
    /// The policyholder's dispute.
    pub dispute: Option<Dispute>,
    /// When it was withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl ClaimState {
    /// A claim just reported.
    pub fn reported(
        reported_at: DateTime<Utc>,
        kind: PolicyKind,
        fast_lane: Option<FastLaneReason>,
    ) -> Self {
        ClaimState {
            status: Status::Reported,
            kind,
            reported_at,
            fast_lane,
            complexity: Complexity::Simple,
            accepted_at: None,
            documents: Vec::new(),
            requests: Vec::new(),
            documents_complete_at: None,
            investigation: None,
            assessment: None,
            advances: Vec::new(),
            decision: None,
            refusal_notified_at: None,
            payment: None,
            dispute: None,
            withdrawn_at: None,
        }
    }

    /// Each slot's state, with the due day of the latest request that named it.
    pub fn progress(&self, checklist: &Checklist) -> ChecklistProgress {
        let mut progress = checklist.progress(&self.documents);
        for slot in &mut progress.slots {
            slot.due_on = self
                .requests
                .iter()
                .rev()
                .flat_map(|r| r.slots.iter())
                .find(|r| r.slot == slot.slot.key)
                .map(|r| r.due_on);
        }
        progress
    }

    /// The slots still wanted: missing required ones, rejected ones, and those named in the
    /// latest request that still need a file. Empty means the documents are complete.
    pub fn outstanding(&self, checklist: &Checklist) -> Vec<String> {
        let progress = self.progress(checklist);
        let mut keys: Vec<String> = progress
            .to_request()
            .into_iter()
            .map(str::to_owned)
            .collect();
        if let Some(latest) = self.requests.last() {
            for requested in &latest.slots {
                let wanted = progress
                    .get(&requested.slot)
                    .is_some_and(|s| s.status.needs_upload());
                if wanted && !keys.contains(&requested.slot) {
                    keys.push(requested.slot.clone());
                }
            }
        }
        keys
    }

    /// The total paid in advance.
    pub fn advances_total(&self) -> Money {
        Money(
            self.advances
                .iter()
                .fold(0i64, |sum, a| sum.saturating_add(a.amount.0)),
        )
    }
}
