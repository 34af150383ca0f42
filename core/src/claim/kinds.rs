//! The closed lists a claim is described with, each with its zh/en labels. The claim's kind is
//! the policy's: [`crate::policy::PolicyKind`].

use serde::{Deserialize, Serialize};

use crate::labels::choice;
use crate::policy::Money;

choice! {
    /// Why a claim takes the fast lane (加速通道): fast-track handling starts at once.
    FastLaneReason {
        /// A major accident (重大事故).
        MajorAccident = "major_accident", "重大事故", "Major accident";
        /// Someone is being rescued or treated as an emergency (医疗救援).
        MedicalRescue = "medical_rescue", "医疗救援", "Medical rescue";
    }
}

choice! {
    /// How long the company gives itself: simple claims are paid within days, complex ones get
    /// an opinion within working days (the law's 30 days bind both).
    Complexity {
        /// A simple claim: target payment within 3 days of complete documents.
        Simple = "simple", "简易案件", "Simple claim";
        /// A complex claim: target opinion within 5 working days of complete documents.
        Complex = "complex", "复杂案件", "Complex claim";
    }
}

choice! {
    /// The outcome of the adjudication (核定).
    DecisionResult {
        /// Paid as assessed (赔付).
        Approved = "approved", "同意赔付", "Approved";
        /// Paid in part, with the reasons for the rest (部分赔付).
        PartlyApproved = "partly_approved", "部分赔付", "Partly approved";
        /// Not paid, with the reasons (拒赔).
        Refused = "refused", "拒赔", "Refused";
    }
}

impl DecisionResult {
    /// Whether money is paid on this decision.
    pub fn pays(self) -> bool {
        self != DecisionResult::Refused
    }
}

choice! {
    /// Why a claim is refused, in full or in part (拒赔理由); the decision adds a text.
    RefusalReason {
        /// The loss is not covered by the policy (不属于保险责任).
        NotCovered = "not_covered", "不属于保险责任范围", "The loss is not covered by the policy";
        /// An exclusion clause applies (责任免除).
        Exclusion = "exclusion", "属于责任免除情形", "An exclusion of the policy applies";
        /// The incident happened in the waiting period (等待期).
        WaitingPeriod = "waiting_period", "在等待期内出险", "The incident happened in the waiting period";
        /// The policy was not in force on the incident date.
        PolicyNotInForce = "policy_not_in_force", "出险时保单未生效或已中止", "The policy was not in force on the incident date";
        /// Facts were not disclosed when the policy was bought (未如实告知).
        NonDisclosure = "non_disclosure", "投保时未履行如实告知义务", "Facts were not disclosed when the policy was bought";
        /// The late report made the cause or the loss impossible to establish (保险法 Art. 21).
        LateReport = "late_report", "未及时报案，致使事故性质、原因、损失程度无法确定", "The late report made the cause or loss impossible to establish";
        /// The documents do not prove the cause or the extent of the loss.
        InsufficientProof = "insufficient_proof", "提供的材料不足以证明事故性质或损失程度", "The documents do not prove the cause or extent of the loss";
        /// The incident was made up or the loss inflated (保险欺诈).
        Fraud = "fraud", "虚构保险事故或夸大损失", "The incident was made up or the loss inflated";
        /// Another reason, given in the text.
        Other = "other", "其他原因", "Another reason";
    }
}

choice! {
    /// Why a document was rejected on review; its slot is then missing again.
    DocumentRejection {
        /// Blurred, cut off or too dark to read.
        Unreadable = "unreadable", "不清晰或不完整，无法辨认", "Unreadable, cut off or blurred";
        /// Not the document this slot asks for.
        WrongDocument = "wrong_document", "不是该项所需的材料", "Not the document this item asks for";
        /// Pages or parts are missing.
        Incomplete = "incomplete", "缺页或内容不全", "Pages or parts are missing";
        /// The official stamp or a signature is missing.
        StampMissing = "stamp_missing", "缺少公章或签字", "The stamp or a signature is missing";
        /// Expired (an ID card, a licence).
        Expired = "expired", "证件已过期", "The document has expired";
        /// The name does not match the insured person or the account holder.
        NameMismatch = "name_mismatch", "姓名与被保险人或账户名不符", "The name does not match";
        /// Another reason, given in the note.
        Other = "other", "其他原因", "Another reason";
    }
}

/// How a document's review stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ReviewState {
    /// Uploaded, not reviewed yet.
    Pending,
    /// Accepted by the handler.
    Accepted,
    /// Rejected, with the reason and a note to the policyholder.
    Rejected {
        /// The reason code.
        reason: DocumentRejection,
        /// What to do about it (may be empty).
        note: String,
    },
}

/// A handler's verdict on one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ReviewOutcome {
    /// The document is good.
    Accepted,
    /// The document is not usable; its slot is missing again.
    Rejected {
        /// The reason code.
        reason: DocumentRejection,
        /// What to do about it (required when the reason is `other`).
        #[serde(default)]
        note: String,
    },
}

impl From<ReviewOutcome> for ReviewState {
    fn from(outcome: ReviewOutcome) -> Self {
        match outcome {
            ReviewOutcome::Accepted => ReviewState::Accepted,
            ReviewOutcome::Rejected { reason, note } => ReviewState::Rejected { reason, note },
        }
    }
}

/// One line of a payment's breakdown (赔款明细), e.g. "住院医疗费用 ¥8,000.00" or a deductible
/// as a negative amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLine {
    /// What the line is, as the handler writes it.
    pub label: String,
    /// The amount; negative for a deduction.
    pub amount: Money,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testing::check_choices;

    #[test]
    fn claim_choices_round_trip_through_their_wire_names_and_have_both_labels() {
        check_choices!(
            FastLaneReason,
            Complexity,
            DecisionResult,
            RefusalReason,
            DocumentRejection
        );
    }

    #[test]
    fn only_a_refusal_pays_nothing() {
        assert!(DecisionResult::Approved.pays());
        assert!(DecisionResult::PartlyApproved.pays());
        assert!(!DecisionResult::Refused.pays());
    }

    #[test]
    fn a_review_state_is_tagged() {
        let rejected = ReviewState::Rejected {
            reason: DocumentRejection::Unreadable,
            note: "请重新拍摄".into(),
        };
        let json = serde_json::to_value(&rejected).unwrap();
        assert_eq!(json["state"], "rejected");
        assert_eq!(json["reason"], "unreadable");
    }
}
