//! The claim deadlines as settings: a company may adopt stricter values than the defaults.

use serde::{Deserialize, Serialize};

/// The numbers of the claim clock. Defaults are those of domain.md (保险法 Art. 22–25 and the
/// company's service standards); a missing field takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ClaimRules {
    /// Hours from the report to the first feedback ("案件受理成功").
    pub first_feedback_hours: u32,
    /// Days the policyholder is given for requested documents, unless the handler sets a date.
    pub documents_due_days: u32,
    /// Days from complete documents to the decision (核定), by law.
    pub decision_days: u32,
    /// Company target: days from complete documents to paying a simple claim.
    pub simple_payment_days: u32,
    /// Company target: working days from complete documents to an opinion on a complex claim.
    pub complex_opinion_working_days: u32,
    /// Days from a refusal to the refusal notice with its reasons.
    pub refusal_notice_days: u32,
    /// Days from the decision to approve (the agreement on the amount) to the payment.
    pub payment_days: u32,
    /// Days from complete documents after which the part of the amount that can be fixed is
    /// paid in advance, if the whole cannot be (先行赔付).
    pub advance_payment_days: u32,
    /// Whether a deadline counted in calendar days that ends on a day off moves to the next
    /// working day (Civil Code Art. 203).
    pub calendar_deadlines_skip_days_off: bool,
}

impl Default for ClaimRules {
    fn default() -> Self {
        ClaimRules {
            first_feedback_hours: 24,
            documents_due_days: 30,
            decision_days: 30,
            simple_payment_days: 3,
            complex_opinion_working_days: 5,
            refusal_notice_days: 3,
            payment_days: 10,
            advance_payment_days: 60,
            calendar_deadlines_skip_days_off: true,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_those_of_the_insurance_law_and_the_service_standards() {
        let rules = ClaimRules::default();
        assert_eq!(rules.first_feedback_hours, 24);
        assert_eq!(rules.decision_days, 30);
        assert_eq!(
            (
                rules.simple_payment_days,
                rules.complex_opinion_working_days
            ),
            (3, 5)
        );
        assert_eq!(rules.refusal_notice_days, 3);
        assert_eq!(rules.payment_days, 10);
        assert_eq!(rules.advance_payment_days, 60);
    }

    #[test]
    fn a_company_may_set_only_the_numbers_it_changes() {
        let rules: ClaimRules = serde_json::from_str(r#"{"first_feedback_hours": 2}"#).unwrap();
        assert_eq!(rules.first_feedback_hours, 2);
        assert_eq!(rules.payment_days, 10);
    }
}
