//! The claim clock's rules, each checked by hand against the 2025 / 2026 official schedule.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::claim::machine::Command;
use crate::claim::machine::Role::{Handler, Policyholder, System};
use crate::claim::machine::tests::{
    Claim, assess, assessed, complete, cst, day, decide, investigate, pay, reject_doc, request,
    review, upload, upload_all_required,
};
use crate::policy::{Money, PolicyKind};

fn clock(claim: &Claim) -> ClaimClock {
    ClaimClock::of(&claim.state, &claim.rules, WorkingCalendar::official())
}

fn due(claim: &Claim, kind: DeadlineKind) -> Deadline {
    clock(claim)
        .get(kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} deadline"))
}

/// A medical claim reported and accepted at `at`, its documents complete at `complete_at`.
fn complete_on(at: &str, complete_at: &str) -> Claim {
    let mut claim = Claim::reported(PolicyKind::Medical, at);
    claim.does(System, at, Command::Accept);
    upload_all_required(&mut claim, complete_at);
    claim
}

#[test]
fn first_feedback_is_due_24_hours_after_the_report_as_an_instant() {
    let claim = Claim::medical();
    let d = due(&claim, DeadlineKind::FirstFeedback);
    assert_eq!(d.due_at, Some(cst("2025-11-04 09:00")));
    assert_eq!(d.due_on, day("2025-11-04"));
    let before = clock(&claim)
        .next_deadline(cst("2025-11-04 08:00"))
        .unwrap();
    assert_eq!(
        (
            before.kind,
            before.days_left,
            before.hours_left,
            before.overdue
        ),
        (DeadlineKind::FirstFeedback, 0, Some(1), false)
    );
    // Overdue at 09:30 on the same day: the hour counts, not the date.
    let after = clock(&claim)
        .next_deadline(cst("2025-11-04 09:30"))
        .unwrap();
    assert!(after.overdue);
    assert_eq!(after.days_left, 0);
}

#[test]
fn first_feedback_is_met_by_the_acceptance() {
    let mut claim = Claim::medical();
    claim.does(System, "2025-11-03 09:01", Command::Accept);
    let d = due(&claim, DeadlineKind::FirstFeedback);
    assert_eq!(d.state, DeadlineState::Done);
    assert_eq!(d.met(), Some(true));
    let mut late = Claim::medical();
    late.does(Handler, "2025-11-04 09:01", Command::Accept);
    assert_eq!(due(&late, DeadlineKind::FirstFeedback).met(), Some(false));
}

#[test]
fn the_documents_due_day_binds_the_policyholder_not_the_company() {
    let mut claim = Claim::medical();
    claim
        .does(System, "2025-11-03 09:01", Command::Accept)
        .does(Handler, "2025-11-03 15:00", request(&[]));
    let d = due(&claim, DeadlineKind::Documents);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-12-03"), DeadlineState::Running)
    );
    let next = clock(&claim)
        .next_deadline(cst("2025-11-04 10:00"))
        .unwrap();
    assert_eq!((next.kind, next.days_left), (DeadlineKind::Documents, 29));
    assert_eq!(
        clock(&claim).next_company_deadline(cst("2025-11-04 10:00")),
        None
    );
    assert!(
        clock(&claim).get(DeadlineKind::Decision).is_none(),
        "not before complete documents"
    );
    upload_all_required(&mut claim, "2025-11-10 10:00");
    let d = due(&claim, DeadlineKind::Documents);
    assert_eq!((d.state, d.met()), (DeadlineState::Done, Some(true)));
}

#[test]
fn decision_is_due_thirty_days_after_complete_documents_by_law() {
    // Complete Tue 2025-11-04: + 30 days = Thu 2025-12-04.
    let claim = complete();
    let d = due(&claim, DeadlineKind::Decision);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-12-04"), DeadlineState::Running)
    );
    assert!(!d.provisional);
}

#[test]
fn a_simple_claim_is_targeted_for_payment_within_three_days() {
    // Complete Tue 2025-11-04: paid by Fri 2025-11-07.
    let mut claim = complete();
    assert_eq!(
        due(&claim, DeadlineKind::SimplePayment).due_on,
        day("2025-11-07")
    );
    assert!(clock(&claim).get(DeadlineKind::ComplexOpinion).is_none());
    let next = clock(&claim)
        .next_company_deadline(cst("2025-11-05 10:00"))
        .unwrap();
    assert_eq!(
        (next.kind, next.days_left),
        (DeadlineKind::SimplePayment, 2)
    );
    claim
        .does(
            Handler,
            "2025-11-05 10:00",
            decide(crate::claim::DecisionResult::Approved, Some(3_000)),
        )
        .does(Handler, "2025-11-06 10:00", pay(&[("医疗费用", 3_000)]));
    assert_eq!(due(&claim, DeadlineKind::SimplePayment).met(), Some(true));
}

#[test]
fn a_complex_claim_gets_an_opinion_within_five_working_days_across_national_day_2025() {
    // Complete Tue 09-30: [10-01..10-08 off], 10-09 (1), 10-10 (2), Sat 10-11 declared (3),
    // Mon 10-13 (4), Tue 10-14 (5).
    let mut claim = complete_on("2025-09-29 10:00", "2025-09-30 10:00");
    claim.does(
        Handler,
        "2025-09-30 11:00",
        Command::MarkComplex {
            reason: "多家医院".into(),
        },
    );
    assert!(clock(&claim).get(DeadlineKind::SimplePayment).is_none());
    assert_eq!(
        due(&claim, DeadlineKind::ComplexOpinion).due_on,
        day("2025-10-14")
    );
    // The law's 30 days: 10-30 (a Thursday).
    assert_eq!(
        due(&claim, DeadlineKind::Decision).due_on,
        day("2025-10-30")
    );
}

#[test]
fn the_decision_clock_pauses_while_rejected_documents_are_missing_and_restarts_when_complete() {
    let mut claim = complete();
    claim.does(Handler, "2025-11-05 10:00", investigate()).does(
        Handler,
        "2025-11-06 10:00",
        review(vec![reject_doc("inv-1")]),
    );
    let paused = due(&claim, DeadlineKind::Decision);
    assert_eq!(paused.state, DeadlineState::Paused);
    assert_eq!(
        clock(&claim).next_company_deadline(cst("2025-11-06 11:00")),
        None,
        "nothing runs against the company while the policyholder owes documents"
    );
    assert_eq!(
        due(&claim, DeadlineKind::Documents).state,
        DeadlineState::Running
    );
    // Complete again Fri 11-07: + 30 = Sun 12-07, so Mon 12-08.
    claim.does(
        Policyholder,
        "2025-11-07 10:00",
        upload("inv-2", "invoices"),
    );
    let d = due(&claim, DeadlineKind::Decision);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-12-08"), DeadlineState::Running)
    );
}

#[test]
fn a_refusal_notice_is_due_three_days_after_the_decision() {
    // Decided Wed 11-05: + 3 = Sat 11-08, so Mon 11-10 (or Sat with strict calendar days).
    let mut claim = complete();
    claim.does(
        Handler,
        "2025-11-05 10:00",
        decide(crate::claim::DecisionResult::Refused, None),
    );
    let d = due(&claim, DeadlineKind::RefusalNotice);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-11-10"), DeadlineState::Running)
    );
    assert!(clock(&claim).get(DeadlineKind::Payment).is_none());
    assert_eq!(due(&claim, DeadlineKind::Decision).met(), Some(true));
    assert_eq!(
        due(&claim, DeadlineKind::SimplePayment).met(),
        Some(true),
        "ended by the decision"
    );
    let mut strict = complete();
    strict.rules.calendar_deadlines_skip_days_off = false;
    strict.does(
        Handler,
        "2025-11-05 10:00",
        decide(crate::claim::DecisionResult::Refused, None),
    );
    assert_eq!(
        due(&strict, DeadlineKind::RefusalNotice).due_on,
        day("2025-11-08")
    );
    claim.does(Handler, "2025-11-07 10:00", Command::NotifyRefusal);
    assert_eq!(due(&claim, DeadlineKind::RefusalNotice).met(), Some(true));
    assert_eq!(clock(&claim).next_deadline(cst("2025-11-07 11:00")), None);
}

#[test]
fn payment_is_due_ten_days_after_the_decision_to_pay() {
    // Decided Tue 11-11: + 10 = Fri 11-21.
    let mut claim = assessed();
    // A complex claim: its opinion target ends with the decision, so only the payment runs.
    claim.does(
        Handler,
        "2025-11-10 11:00",
        Command::MarkComplex {
            reason: "需查勘现场".into(),
        },
    );
    claim.does(
        Handler,
        "2025-11-11 10:00",
        decide(crate::claim::DecisionResult::Approved, None),
    );
    let d = due(&claim, DeadlineKind::Payment);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-11-21"), DeadlineState::Running)
    );
    let next = clock(&claim)
        .next_company_deadline(cst("2025-11-22 09:00"))
        .unwrap();
    assert_eq!(
        (next.kind, next.days_left, next.overdue),
        (DeadlineKind::Payment, -1, true)
    );
    claim.does(Handler, "2025-11-24 10:00", pay(&[("医疗费用", 10_000)]));
    assert_eq!(due(&claim, DeadlineKind::Payment).met(), Some(false));
}

#[test]
fn advance_payment_is_due_sixty_days_after_complete_documents() {
    // Complete Tue 2025-11-04: + 60 = Sat 2026-01-03, inside the New Year break; the next
    // working day is Sun 01-04, a declared working day.
    let mut claim = complete();
    assert_eq!(
        due(&claim, DeadlineKind::AdvancePayment).due_on,
        day("2026-01-04")
    );
    claim
        .does(Handler, "2025-11-05 10:00", investigate())
        .does(Handler, "2025-12-20 10:00", assess(10_000))
        .does(
            Handler,
            "2026-01-02 10:00",
            Command::PayAdvance {
                amount: Money(300_000),
                note: String::new(),
            },
        );
    assert_eq!(due(&claim, DeadlineKind::AdvancePayment).met(), Some(true));
    // Decided in time, no advance is owed; decided after day 60 without one, it was missed.
    let mut late = complete();
    late.does(
        Handler,
        "2026-01-10 10:00",
        decide(crate::claim::DecisionResult::Approved, Some(1_000)),
    );
    assert_eq!(due(&late, DeadlineKind::AdvancePayment).met(), Some(false));
    assert_eq!(due(&late, DeadlineKind::Decision).met(), Some(false));
}

#[test]
fn a_withdrawn_claim_has_no_running_deadline() {
    let mut claim = complete();
    claim.does(
        Policyholder,
        "2025-11-05 10:00",
        Command::Withdraw {
            reason: String::new(),
        },
    );
    let clock = clock(&claim);
    assert!(
        clock
            .deadlines
            .iter()
            .all(|d| d.state == DeadlineState::Done)
    );
    assert_eq!(clock.next_deadline(cst("2025-11-05 11:00")), None);
}

#[test]
fn a_deadline_in_a_year_without_an_official_calendar_is_provisional() {
    let claim = complete_on("2026-11-02 10:00", "2026-11-03 10:00");
    assert!(due(&claim, DeadlineKind::AdvancePayment).provisional);
    assert!(!due(&claim, DeadlineKind::Decision).provisional);
}

#[test]
fn the_clock_is_rebuilt_from_the_stored_events() {
    let claim = complete();
    let rebuilt =
        ClaimClock::from_events(&claim.events, &claim.rules, WorkingCalendar::official()).unwrap();
    assert_eq!(rebuilt, clock(&claim));
    assert_eq!(
        ClaimClock::from_events(&[], &claim.rules, WorkingCalendar::official()),
        None
    );
}
