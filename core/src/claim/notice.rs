//! The texts of claim progress notices (进度通知): one per step the policyholder should know
//! about, in both languages, shared by the inbox, the timeline and the outbound channels.

use super::kinds::DecisionResult;
use super::machine::{Change, Role};
use crate::Lang;

impl Change {
    /// Whether the policyholder is told of this step (inbox notice and outbound channels).
    pub fn notifies_policyholder(&self, by: Role) -> bool {
        match self {
            // What the policyholder did themself is on the timeline, not in their inbox.
            Change::Reported { .. }
            | Change::DocumentUploaded { .. }
            | Change::DocumentRemoved { .. }
            | Change::Disputed { .. }
            | Change::Withdrawn { .. } => by != Role::Policyholder,
            // Accepted documents are quiet; a rejection is told, with the new request.
            Change::DocumentReviewed { .. } => false,
            // Staff bookkeeping.
            Change::MarkedComplex { .. } => false,
            // A refusal reaches the policyholder as its notice, with the reasons.
            Change::Decided { result, .. } => *result != DecisionResult::Refused,
            _ => true,
        }
    }

    /// The notice's title, e.g. "案件受理成功" / "Your claim was accepted".
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            Change::Reported { .. } => lang.pick("报案成功", "Your claim was reported"),
            Change::Accepted => lang.pick("案件受理成功", "Your claim was accepted"),
            Change::DocumentsRequested {
                after_review: false,
                ..
            } => lang.pick("请补充理赔材料", "Please send the missing documents"),
            Change::DocumentsRequested {
                after_review: true, ..
            } => lang.pick(
                "材料审核未通过，请重新上传",
                "Some documents were not accepted: please upload them again",
            ),
            Change::DocumentUploaded { .. } => lang.pick("已收到理赔材料", "Document received"),
            Change::DocumentRemoved { .. } => lang.pick("理赔材料已删除", "Document removed"),
            Change::DocumentReviewed { .. } => lang.pick("理赔材料已审核", "Document reviewed"),
            Change::DocumentsCompleted => lang.pick("理赔材料已齐全", "All documents received"),
            Change::FastLaneMarked { .. } => {
                lang.pick("已为您开通加速理赔通道", "Your claim is in the fast lane")
            }
            Change::MarkedComplex { .. } => {
                lang.pick("案件列为复杂案件", "Marked as a complex claim")
            }
            Change::InvestigationStarted { .. } => {
                lang.pick("理赔调查/查勘中", "Your claim is being investigated")
            }
            Change::Assessed { .. } => lang.pick("定损结果通知", "Loss assessment result"),
            Change::AdvancePaid { .. } => lang.pick("先行赔付已支付", "Advance payment made"),
            Change::Decided { result, .. } => match result {
                DecisionResult::Approved => {
                    lang.pick("理赔核定结果：同意赔付", "Your claim was approved")
                }
                DecisionResult::PartlyApproved => {
                    lang.pick("理赔核定结果：部分赔付", "Your claim was partly approved")
                }
                DecisionResult::Refused => {
                    lang.pick("理赔核定结果：拒赔", "Your claim was refused")
                }
            },
            Change::RefusalNotified { .. } => lang.pick("拒赔通知书", "Notice of refusal"),
            Change::Paid { .. } => lang.pick("赔款到账", "Payment made"),
            Change::Disputed { .. } => {
                lang.pick("已收到您的异议", "Your disagreement was received")
            }
            Change::Withdrawn { .. } => lang.pick("已撤销报案", "Your claim was withdrawn"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::kinds::{FastLaneReason, PaymentLine};
    use crate::policy::{Money, PolicyKind};

    fn steps() -> Vec<Change> {
        vec![
            Change::Reported {
                kind: PolicyKind::Medical,
                fast_lane: None,
            },
            Change::Accepted,
            Change::DocumentsRequested {
                slots: Vec::new(),
                after_review: false,
            },
            Change::DocumentsRequested {
                slots: Vec::new(),
                after_review: true,
            },
            Change::DocumentsCompleted,
            Change::FastLaneMarked {
                reason: FastLaneReason::MedicalRescue,
            },
            Change::InvestigationStarted { what: "x".into() },
            Change::Assessed {
                amount: Money(1),
                note: String::new(),
            },
            Change::AdvancePaid {
                amount: Money(1),
                note: String::new(),
            },
            Change::RefusalNotified {
                refusal_reasons: Vec::new(),
                text: String::new(),
            },
            Change::Paid {
                lines: vec![PaymentLine {
                    label: "x".into(),
                    amount: Money(1),
                }],
                total: Money(1),
                advance_deducted: Money(0),
                transferred: Money(1),
            },
        ]
    }

    #[test]
    fn every_claim_step_has_a_title_in_both_languages() {
        for change in steps() {
            assert_ne!(
                change.title(Lang::ZhCn),
                change.title(Lang::En),
                "{change:?}"
            );
            assert!(change.notifies_policyholder(Role::Handler), "{change:?}");
        }
        for result in DecisionResult::ALL.iter().copied() {
            let decided = Change::Decided {
                result,
                amount: None,
                refusal_reasons: Vec::new(),
                text: String::new(),
            };
            assert_ne!(decided.title(Lang::ZhCn), decided.title(Lang::En));
        }
    }

    #[test]
    fn the_policyholder_is_not_notified_of_their_own_steps() {
        let withdrawn = Change::Withdrawn {
            reason: String::new(),
        };
        assert!(!withdrawn.notifies_policyholder(Role::Policyholder));
        assert!(withdrawn.notifies_policyholder(Role::Handler));
        let disputed = Change::Disputed { reason: "x".into() };
        assert!(!disputed.notifies_policyholder(Role::Policyholder));
    }

    #[test]
    fn a_refusal_reaches_the_policyholder_as_its_notice() {
        let refused = Change::Decided {
            result: DecisionResult::Refused,
            amount: None,
            refusal_reasons: Vec::new(),
            text: String::new(),
        };
        assert!(!refused.notifies_policyholder(Role::Handler));
        let notice = Change::RefusalNotified {
            refusal_reasons: Vec::new(),
            text: String::new(),
        };
        assert!(notice.notifies_policyholder(Role::Handler));
    }
}
