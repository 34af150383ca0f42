//! Reporting a claim: every field error at once, and the incident checked against the policy.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::testing::{cst, day, err, field_codes};

fn medical_claim() -> NewClaim {
    NewClaim {
        policy_id: Some(7),
        kind: Some(PolicyKind::Medical),
        incident_date: "2025-10-28".into(),
        incident_time: "14:30".into(),
        place: "北京市朝阳区某医院".into(),
        description: "急性阑尾炎住院手术。".into(),
        contact_phone: "138 0013 8000".into(),
        urgent: None,
    }
}

fn codes(input: &NewClaim) -> Vec<(String, ErrorCode)> {
    field_codes(ClaimReport::parse(input))
}

#[test]
fn a_complete_report_is_valid() {
    let report = ClaimReport::parse(&medical_claim()).unwrap();
    assert_eq!(report.incident_date, day("2025-10-28"));
    assert_eq!(report.incident_time, NaiveTime::from_hms_opt(14, 30, 0));
    assert_eq!(report.contact_phone.as_str(), "13800138000");
    assert_eq!(report.fast_lane, None);
    let unknown_time = NewClaim {
        incident_time: " ".into(),
        urgent: Some(FastLaneReason::MedicalRescue),
        ..medical_claim()
    };
    let report = ClaimReport::try_from(unknown_time).unwrap();
    assert_eq!(report.incident_time, None);
    assert_eq!(report.fast_lane, Some(FastLaneReason::MedicalRescue));
}

#[test]
fn an_empty_report_names_every_missing_field_in_the_forms_order() {
    assert_eq!(
        codes(&NewClaim::default()),
        [
            err("policy_id", ErrorCode::Required),
            err("kind", ErrorCode::Required),
            err("incident_date", ErrorCode::Required),
            err("place", ErrorCode::Required),
            err("description", ErrorCode::Required),
            err("contact_phone", ErrorCode::PhoneRequired),
        ]
    );
}

#[test]
fn malformed_dates_times_phones_and_long_texts_are_refused_together() {
    let input = NewClaim {
        incident_date: "2025-02-30".into(),
        incident_time: "25:00".into(),
        place: "路".repeat(PLACE_MAX_CHARS + 1),
        description: "x".repeat(DESCRIPTION_MAX_CHARS + 1),
        contact_phone: "12345".into(),
        ..medical_claim()
    };
    assert_eq!(
        codes(&input),
        [
            err("incident_date", ErrorCode::DateInvalid),
            err("incident_time", ErrorCode::TimeInvalid),
            err("place", ErrorCode::TooLong),
            err("description", ErrorCode::TooLong),
            err("contact_phone", ErrorCode::PhoneInvalid),
        ]
    );
}

#[test]
fn the_longest_texts_are_accepted() {
    let input = NewClaim {
        place: "路".repeat(PLACE_MAX_CHARS),
        description: "字".repeat(DESCRIPTION_MAX_CHARS),
        ..medical_claim()
    };
    assert!(ClaimReport::parse(&input).is_ok());
}

#[test]
fn the_incident_falls_within_the_policy_period_both_days_included() {
    let report = ClaimReport::parse(&medical_claim()).unwrap();
    let now = cst("2025-11-03 09:00");
    assert!(
        report
            .check_incident(now, day("2025-10-28"), day("2026-10-27"))
            .is_ok()
    );
    assert!(
        report
            .check_incident(now, day("2024-10-29"), day("2025-10-28"))
            .is_ok()
    );
    let outside = report
        .check_incident(now, day("2025-10-29"), day("2026-10-28"))
        .unwrap_err();
    assert_eq!(
        (outside.field.as_str(), outside.code),
        ("incident_date", ErrorCode::IncidentOutsidePolicyPeriod)
    );
}

#[test]
fn the_incident_is_not_in_the_future_in_china_time() {
    let cover = (day("2025-01-01"), day("2025-12-31"));
    let today = ClaimReport::parse(&NewClaim {
        incident_date: "2025-11-03".into(),
        incident_time: "10:00".into(),
        ..medical_claim()
    })
    .unwrap();
    assert!(
        today
            .check_incident(cst("2025-11-03 10:00"), cover.0, cover.1)
            .is_ok()
    );
    let later = today
        .check_incident(cst("2025-11-03 09:59"), cover.0, cover.1)
        .unwrap_err();
    assert_eq!(
        (later.field.as_str(), later.code),
        ("incident_time", ErrorCode::DateInFuture)
    );
    // 2025-11-02 20:00 UTC is already 11-03 in Beijing.
    assert!(
        today
            .check_incident("2025-11-02T20:00:00Z".parse().unwrap(), cover.0, cover.1)
            .is_err()
    );
    let tomorrow = check_incident(
        day("2025-11-04"),
        None,
        cst("2025-11-03 23:00"),
        cover.0,
        cover.1,
    )
    .unwrap_err();
    assert_eq!(
        (tomorrow.field.as_str(), tomorrow.code),
        ("incident_date", ErrorCode::DateInFuture)
    );
}
