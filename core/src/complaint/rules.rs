//! The complaint deadlines as settings: a company may adopt stricter values than the defaults.

use serde::{Deserialize, Serialize};

/// The numbers of the complaint clock. Defaults are those of domain.md (the 2020 rule); every
/// field may be set in the server's configuration, and a missing field takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ComplaintRules {
    /// Working days from receipt to tell the complainant, once, everything that is missing (补正).
    pub supplement_notice_working_days: u32,
    /// Working days from complete materials to accept or not accept (10; 7 under the 2013 rule).
    pub acceptance_working_days: u32,
    /// Days from receipt to decide a simple complaint.
    pub decision_days_simple: u32,
    /// Days from receipt to decide a complaint extended as complex (the handler gives a reason).
    pub decision_days_complex: u32,
    /// Days added for an especially complex complaint (a supervisor approves, with a reason).
    pub decision_further_extension_days: u32,
    /// Days after the decision during which the complainant may request a review (核查).
    pub review_window_days: u32,
    /// Working days from receipt to pass on a complaint that is not the company's to handle.
    pub transfer_out_working_days: u32,
    /// Whether a deadline counted in calendar days that ends on a day off moves to the next
    /// working day (Civil Code Art. 203: a period ending on a statutory holiday ends the day after).
    pub calendar_deadlines_skip_days_off: bool,
}

impl Default for ComplaintRules {
    fn default() -> Self {
        ComplaintRules {
            supplement_notice_working_days: 5,
            acceptance_working_days: 10,
            decision_days_simple: 15,
            decision_days_complex: 30,
            decision_further_extension_days: 30,
            review_window_days: 30,
            transfer_out_working_days: 5,
            calendar_deadlines_skip_days_off: true,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_those_of_the_2020_rule() {
        let rules = ComplaintRules::default();
        assert_eq!(rules.supplement_notice_working_days, 5);
        assert_eq!(rules.acceptance_working_days, 10);
        assert_eq!(
            (
                rules.decision_days_simple,
                rules.decision_days_complex,
                rules.decision_further_extension_days
            ),
            (15, 30, 30)
        );
        assert_eq!(rules.review_window_days, 30);
        assert_eq!(rules.transfer_out_working_days, 5);
    }

    #[test]
    fn a_company_may_set_only_the_numbers_it_changes() {
        let rules: ComplaintRules =
            serde_json::from_str(r#"{"acceptance_working_days": 7}"#).unwrap();
        assert_eq!(rules.acceptance_working_days, 7);
        assert_eq!(rules.decision_days_simple, 15);
    }
}
