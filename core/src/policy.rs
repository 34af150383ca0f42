//! Insurance policies as the policyholder sees them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// The kind of cover; it decides which claim checklist applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// 医疗险
    Medical,
    /// 意外险
    Accident,
    /// 车险
    Auto,
    /// 财产险
    Property,
    /// 寿险
    Life,
}

impl PolicyKind {
    /// Every kind, in display order.
    pub const ALL: [PolicyKind; 5] = [
        PolicyKind::Medical,
        PolicyKind::Accident,
        PolicyKind::Auto,
        PolicyKind::Property,
        PolicyKind::Life,
    ];

    /// The kind's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PolicyKind::Medical => lang.pick("医疗险", "Medical"),
            PolicyKind::Accident => lang.pick("意外险", "Accident"),
            PolicyKind::Auto => lang.pick("车险", "Auto"),
            PolicyKind::Property => lang.pick("财产险", "Property"),
            PolicyKind::Life => lang.pick("寿险", "Life"),
        }
    }

    /// The string stored in the database and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::Medical => "medical",
            PolicyKind::Accident => "accident",
            PolicyKind::Auto => "auto",
            PolicyKind::Property => "property",
            PolicyKind::Life => "life",
        }
    }

    /// Parses [`PolicyKind::as_str`].
    pub fn from_str_opt(s: &str) -> Option<PolicyKind> {
        PolicyKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a policy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
    /// 有效
    InForce,
    /// 中止 (premium unpaid)
    Lapsed,
    /// 满期
    Expired,
    /// 终止 (surrendered or cancelled)
    Terminated,
}

impl PolicyStatus {
    /// Every status.
    pub const ALL: [PolicyStatus; 4] = [
        PolicyStatus::InForce,
        PolicyStatus::Lapsed,
        PolicyStatus::Expired,
        PolicyStatus::Terminated,
    ];

    /// The status's name in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PolicyStatus::InForce => lang.pick("有效", "In force"),
            PolicyStatus::Lapsed => lang.pick("中止", "Lapsed"),
            PolicyStatus::Expired => lang.pick("满期", "Expired"),
            PolicyStatus::Terminated => lang.pick("终止", "Terminated"),
        }
    }

    /// The string stored in the database and sent over the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::InForce => "in_force",
            PolicyStatus::Lapsed => "lapsed",
            PolicyStatus::Expired => "expired",
            PolicyStatus::Terminated => "terminated",
        }
    }

    /// Parses [`PolicyStatus::as_str`].
    pub fn from_str_opt(s: &str) -> Option<PolicyStatus> {
        PolicyStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An amount of money in fen (1/100 yuan), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = i64))]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// Formats as `¥1,234,567.89`.
    pub fn display_cny(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (yuan, fen) = (abs / 100, abs % 100);
        let digits = yuan.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}¥{grouped}.{fen:02}")
    }
}

/// One line of the "my policies" list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicySummary {
    /// The policy's id in the API.
    pub id: i64,
    /// The policy number printed on the contract (保单号).
    pub number: String,
    /// The product's name.
    pub product_name: String,
    /// The kind of cover.
    pub kind: PolicyKind,
    /// Where it stands.
    pub status: PolicyStatus,
    /// The insured person (被保险人).
    pub insured_name: String,
    /// The last day of cover.
    pub ends_on: NaiveDate,
}

/// A policy in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Policy {
    /// The policy's id in the API.
    pub id: i64,
    /// The policy number printed on the contract (保单号).
    pub number: String,
    /// The product's name.
    pub product_name: String,
    /// The kind of cover.
    pub kind: PolicyKind,
    /// Where it stands.
    pub status: PolicyStatus,
    /// The policyholder (投保人).
    pub holder_name: String,
    /// The insured person (被保险人).
    pub insured_name: String,
    /// The first day of cover.
    pub starts_on: NaiveDate,
    /// The last day of cover.
    pub ends_on: NaiveDate,
    /// The sum insured (保额), in fen.
    pub sum_insured: Money,
    /// The yearly premium (保费), in fen.
    pub premium: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_shown_in_yuan_with_thousands_separators() {
        assert_eq!(Money(123_456_789).display_cny(), "¥1,234,567.89");
        assert_eq!(Money(5).display_cny(), "¥0.05");
        assert_eq!(Money(-100_000).display_cny(), "-¥1,000.00");
        assert_eq!(Money(10_000_000).display_cny(), "¥100,000.00");
    }

    #[test]
    fn kinds_and_statuses_round_trip_through_their_strings() {
        for k in PolicyKind::ALL {
            assert_eq!(PolicyKind::from_str_opt(k.as_str()), Some(k));
        }
        for s in PolicyStatus::ALL {
            assert_eq!(PolicyStatus::from_str_opt(s.as_str()), Some(s));
        }
    }
}
