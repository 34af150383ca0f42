//! "I disagree" on a decision opens a complaint prefilled from the claim (category: claim
//! dispute), so the policyholder does not type again what the company already knows.

use super::machine::ClaimDecision;
use crate::Lang;
use crate::complaint::filing::{FACTS_MAX_CHARS, NewComplaint, PersonInput};
use crate::complaint::kinds::{Category, Channel, Relationship};

/// The claim a dispute is about.
#[derive(Debug, Clone, Copy)]
pub struct DisputedClaim<'a> {
    /// The claim number.
    pub claim_number: &'a str,
    /// The policy claimed on.
    pub policy_id: i64,
    /// The decision disputed.
    pub decision: &'a ClaimDecision,
    /// Why the policyholder disagrees.
    pub reason: &'a str,
}

/// The complaint to file for a dispute, in the policyholder's language; `consumer` is the
/// policyholder as the company holds them.
pub fn dispute_complaint(claim: DisputedClaim, consumer: PersonInput, lang: Lang) -> NewComplaint {
    let decision = claim.decision;
    let mut facts = format!(
        "{} {}: {}",
        lang.pick("理赔案件", "Claim"),
        claim.claim_number,
        decision.result.label(lang)
    );
    if let Some(amount) = decision.amount {
        facts.push_str(&format!(" {}", amount.display_cny()));
    }
    if !decision.refusal_reasons.is_empty() {
        let reasons: Vec<&str> = decision
            .refusal_reasons
            .iter()
            .map(|r| r.label(lang))
            .collect();
        facts.push_str(&format!(
            "\n{}: {}",
            lang.pick("理由", "Reasons"),
            reasons.join(lang.pick("；", "; "))
        ));
    }
    facts.push_str(&format!(
        "\n{}: {}",
        lang.pick("我的异议", "Why I disagree"),
        claim.reason.trim()
    ));
    NewComplaint {
        channel: Some(Channel::Online),
        filed_as: Some(Relationship::Consumer),
        consumer,
        policy_id: Some(claim.policy_id),
        about: format!("{} {}", lang.pick("理赔案件", "Claim"), claim.claim_number),
        category: Some(Category::ClaimDispute),
        request: lang
            .pick(
                "请求重新核定理赔结果。",
                "Please reconsider the decision on my claim.",
            )
            .to_owned(),
        facts: facts.chars().take(FACTS_MAX_CHARS).collect(),
        ..NewComplaint::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::claim::kinds::{DecisionResult, RefusalReason};
    use crate::complaint::ComplaintFiling;

    #[test]
    fn a_dispute_opens_a_valid_claim_dispute_complaint_prefilled_from_the_claim() {
        let decision = ClaimDecision {
            at: "2025-11-10T02:00:00Z".parse().unwrap(),
            result: DecisionResult::Refused,
            amount: None,
            refusal_reasons: vec![RefusalReason::WaitingPeriod],
            text: "等待期内出险".into(),
        };
        let consumer = PersonInput {
            name: "张三".into(),
            id_type: None,
            id_number: "11010519491231002X".into(),
            phone: "13800138000".into(),
        };
        let claim = DisputedClaim {
            claim_number: "LP20251101000001",
            policy_id: 7,
            decision: &decision,
            reason: "出险时已过等待期",
        };
        let complaint = dispute_complaint(claim, consumer, Lang::ZhCn);
        assert!(complaint.facts.contains("在等待期内出险"));
        assert!(complaint.facts.contains("出险时已过等待期"));
        let filing = ComplaintFiling::parse(&complaint).unwrap();
        assert_eq!(filing.category, Category::ClaimDispute);
        assert_eq!(filing.policy_id, Some(7));
        assert!(filing.about.contains("LP20251101000001"));
    }
}
