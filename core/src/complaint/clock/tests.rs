//! The clock's rules, each checked by hand against the 2025 / 2026 official schedule.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::complaint::kinds::NotAcceptedReason;
use crate::complaint::machine::tests::{
    Case, cst, decide_upheld, extend, extend_further, request, supply,
};
use crate::complaint::machine::{Command, Role::*};
use crate::testing::day;

fn clock(case: &Case, today: &str) -> ComplaintClock {
    ComplaintClock::of(
        &case.state,
        &case.rules,
        WorkingCalendar::official(),
        day(today),
    )
}

fn due(case: &Case, today: &str, kind: DeadlineKind) -> Deadline {
    clock(case, today)
        .get(kind)
        .cloned()
        .unwrap_or_else(|| panic!("no {kind:?} deadline"))
}

fn accepted_and_handled(received: &str, at: &str) -> Case {
    let mut case = Case::received(received);
    case.does(Handler, at, Command::Accept)
        .does(Handler, at, Command::StartHandling);
    case
}

#[test]
fn receipt_instants_fall_on_the_china_date() {
    // 17:30 UTC on 28 September is 01:30 on 29 September in Beijing.
    assert_eq!(
        china_date("2025-09-28T17:30:00Z".parse().unwrap()),
        day("2025-09-29")
    );
    assert_eq!(
        china_date("2025-09-28T15:59:59Z".parse().unwrap()),
        day("2025-09-28")
    );
}

#[test]
fn acceptance_deadline_skips_the_2025_national_day_break() {
    // Received Mon 09-29: 09-30 (1), [10-01..10-08 off], 10-09 (2), 10-10 (3), Sat 10-11 declared
    // (4), 10-13..10-17 (5..9), Mon 10-20 (10).
    let case = Case::received("2025-09-29 10:00");
    let d = due(&case, "2025-09-29", DeadlineKind::Acceptance);
    assert_eq!(d.due_on, day("2025-10-20"));
    assert_eq!(d.state, DeadlineState::Running);
    assert!(!d.provisional);
}

#[test]
fn supplement_notice_due_in_five_working_days_across_spring_festival_2026() {
    // Received Thu 02-12: Fri 02-13 (1), Sat 02-14 declared (2), [02-15..02-23 off], 02-24..26 (3..5).
    let case = Case::received("2026-02-12 15:00");
    assert_eq!(
        due(&case, "2026-02-12", DeadlineKind::SupplementNotice).due_on,
        day("2026-02-26")
    );
}

#[test]
fn acceptance_deadline_across_spring_festival_2026_counts_both_declared_saturdays() {
    // Thu 02-12: 02-13 (1), Sat 02-14 (2), [break], 02-24..27 (3..6), Sat 02-28 (7), 03-02..04 (8..10).
    let case = Case::received("2026-02-12 15:00");
    assert_eq!(
        due(&case, "2026-02-12", DeadlineKind::Acceptance).due_on,
        day("2026-03-04")
    );
}

#[test]
fn supplement_notice_across_the_2026_national_day_break() {
    // Wed 09-30: [10-01..10-07 off], 10-08 (1), 10-09 (2), Sat 10-10 declared (3), 10-12 (4), 10-13 (5).
    let case = Case::received("2026-09-30 09:00");
    assert_eq!(
        due(&case, "2026-09-30", DeadlineKind::SupplementNotice).due_on,
        day("2026-10-13")
    );
}

#[test]
fn acceptance_runs_from_complete_materials_and_the_pause_moves_the_decision() {
    // Received Mon 11-03; materials requested Tue 11-04 (notice due Mon 11-10: met);
    // complete Mon 11-10. Acceptance: 11-10 + 10 working days = Mon 11-24.
    // Decision: 11-03 + 15 = 11-18, plus 6 paused days (11-04..11-10) = Mon 11-24.
    let mut case = Case::received("2025-11-03 09:00");
    case.does(Handler, "2025-11-04 10:00", request(&["发票", "病历"]));
    let paused = clock(&case, "2025-11-06");
    assert!(
        paused.get(DeadlineKind::Acceptance).is_none(),
        "no acceptance clock while materials are missing"
    );
    assert_eq!(
        paused.get(DeadlineKind::Decision).map(|d| d.state),
        Some(DeadlineState::Paused)
    );
    assert_eq!(paused.next_deadline(day("2025-11-06")), None);
    case.does(Complainant, "2025-11-07 10:00", supply(1)).does(
        Complainant,
        "2025-11-10 10:00",
        supply(2),
    );
    let notice = due(&case, "2025-11-10", DeadlineKind::SupplementNotice);
    assert_eq!(
        (notice.due_on, notice.done_on, notice.met()),
        (day("2025-11-10"), Some(day("2025-11-04")), Some(true))
    );
    assert_eq!(
        due(&case, "2025-11-10", DeadlineKind::Acceptance).due_on,
        day("2025-11-24")
    );
    assert_eq!(
        due(&case, "2025-11-10", DeadlineKind::Decision).due_on,
        day("2025-11-24")
    );
}

#[test]
fn simple_decision_is_due_fifteen_days_after_receipt() {
    let case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    let d = due(&case, "2025-11-05", DeadlineKind::Decision);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-11-18"), DeadlineState::Running)
    );
    let acceptance = due(&case, "2025-11-05", DeadlineKind::Acceptance);
    assert_eq!(acceptance.met(), Some(true));
    assert!(
        clock(&case, "2025-11-05")
            .get(DeadlineKind::SupplementNotice)
            .is_none()
    );
}

#[test]
fn extended_decision_ending_in_the_national_day_break_moves_to_the_next_working_day() {
    // Received Mon 2025-09-01; 30 days later is Wed 10-01, inside the break: the last day is Thu 10-09.
    let mut case = accepted_and_handled("2025-09-01 09:00", "2025-09-02 10:00");
    assert_eq!(
        due(&case, "2025-09-03", DeadlineKind::Decision).due_on,
        day("2025-09-16")
    );
    case.does(Handler, "2025-09-10 10:00", extend("涉及多家医院"));
    assert_eq!(
        due(&case, "2025-09-10", DeadlineKind::Decision).due_on,
        day("2025-10-09")
    );
    case.rules.calendar_deadlines_skip_days_off = false;
    assert_eq!(
        due(&case, "2025-09-10", DeadlineKind::Decision).due_on,
        day("2025-10-01")
    );
}

#[test]
fn especially_complex_decision_gets_thirty_more_days() {
    // 2025-09-01 + 60 days = Fri 10-31.
    let mut case = accepted_and_handled("2025-09-01 09:00", "2025-09-02 10:00");
    case.does(Handler, "2025-09-10 10:00", extend("复杂")).does(
        Supervisor,
        "2025-09-25 10:00",
        extend_further("需等待司法鉴定"),
    );
    assert_eq!(
        due(&case, "2025-09-25", DeadlineKind::Decision).due_on,
        day("2025-10-31")
    );
}

#[test]
fn appraisal_time_is_excluded_from_the_decision_clock() {
    // Received Mon 11-03 (due 11-18); appraisal Wed 11-05 .. Wed 11-12 = 7 days → due Tue 11-25.
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    case.does(
        Handler,
        "2025-11-05 10:00",
        Command::StartAppraisal {
            reason: "伤残鉴定".into(),
        },
    );
    let running = due(&case, "2025-11-08", DeadlineKind::Decision);
    assert_eq!(running.state, DeadlineState::Paused);
    assert_eq!(
        running.due_on,
        day("2025-11-21"),
        "while paused: as if it ended today (3 days)"
    );
    case.does(Handler, "2025-11-12 18:00", Command::EndAppraisal);
    let d = due(&case, "2025-11-13", DeadlineKind::Decision);
    assert_eq!(
        (d.due_on, d.state),
        (day("2025-11-25"), DeadlineState::Running)
    );
}

#[test]
fn repeat_complaint_with_new_facts_restarts_the_clock() {
    // Received Mon 11-03 (due Tue 11-18); new facts received Thu 11-20 → due Fri 12-05.
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    let repeat = |new_facts, at: &str| Command::MergeRepeat {
        new_facts,
        received_at: cst(at),
        summary: "再次投诉".into(),
    };
    case.does(
        Handler,
        "2025-11-10 10:00",
        repeat(false, "2025-11-10 09:00"),
    );
    assert_eq!(
        due(&case, "2025-11-10", DeadlineKind::Decision).due_on,
        day("2025-11-18")
    );
    case.does(
        Handler,
        "2025-11-20 10:00",
        repeat(true, "2025-11-20 09:00"),
    );
    assert_eq!(
        due(&case, "2025-11-20", DeadlineKind::Decision).due_on,
        day("2025-12-05")
    );
}

#[test]
fn pauses_before_a_restart_no_longer_count() {
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    case.does(
        Handler,
        "2025-11-05 10:00",
        Command::StartAppraisal {
            reason: "检测".into(),
        },
    )
    .does(Handler, "2025-11-12 10:00", Command::EndAppraisal)
    .does(
        Handler,
        "2025-11-20 10:00",
        Command::MergeRepeat {
            new_facts: true,
            received_at: cst("2025-11-20 09:00"),
            summary: "新证据".into(),
        },
    );
    assert_eq!(
        due(&case, "2025-11-20", DeadlineKind::Decision).due_on,
        day("2025-12-05")
    );
}

#[test]
fn the_decision_deadline_is_met_or_missed_by_the_decision_day() {
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    case.does(Handler, "2025-11-19 10:00", decide_upheld());
    let d = due(&case, "2025-11-19", DeadlineKind::Decision);
    assert_eq!(
        (d.state, d.done_on, d.met()),
        (DeadlineState::Done, Some(day("2025-11-19")), Some(false))
    );
}

#[test]
fn the_review_window_runs_thirty_days_from_the_decision() {
    // Decided Wed 11-12; + 30 = Fri 12-12.
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    case.does(Handler, "2025-11-12 16:00", decide_upheld());
    let window = due(&case, "2025-11-13", DeadlineKind::ReviewWindow);
    assert_eq!(
        (window.due_on, window.state),
        (day("2025-12-12"), DeadlineState::Running)
    );
    let next = clock(&case, "2025-12-10")
        .next_deadline(day("2025-12-10"))
        .unwrap();
    assert_eq!(
        (next.kind, next.days_left, next.overdue),
        (DeadlineKind::ReviewWindow, 2, false)
    );
    assert_eq!(
        clock(&case, "2025-12-10").next_company_deadline(day("2025-12-10")),
        None
    );
    let after = due(&case, "2025-12-13", DeadlineKind::ReviewWindow);
    assert_eq!((after.state, after.done_on), (DeadlineState::Done, None));
}

#[test]
fn next_deadline_counts_down_and_flags_overdue() {
    // Received Mon 2025-09-29: the notice is due after 5 working days: 09-30, 10-09, 10-10,
    // Sat 10-11 (declared), Mon 10-13.
    let case = Case::received("2025-09-29 10:00");
    let c = clock(&case, "2025-10-09");
    let next = c.next_deadline(day("2025-10-09")).unwrap();
    assert_eq!(
        (next.kind, next.due_on, next.days_left, next.overdue),
        (DeadlineKind::SupplementNotice, day("2025-10-13"), 4, false)
    );
    let late = clock(&case, "2025-10-21")
        .next_company_deadline(day("2025-10-21"))
        .unwrap();
    assert_eq!(
        (late.due_on, late.days_left, late.overdue),
        (day("2025-10-13"), -8, true)
    );
}

#[test]
fn a_deadline_in_a_year_without_a_calendar_file_is_provisional() {
    // Received Mon 2026-12-21: 12-22..25 (1..4), 12-28..31 (5..8), then 2027, counted Monday to
    // Friday: Fri 01-01 (9), Mon 01-04 (10). The 5-day notice (Mon 12-28) stays within 2026.
    let case = Case::received("2026-12-21 10:00");
    let d = due(&case, "2026-12-28", DeadlineKind::Acceptance);
    assert_eq!(d.due_on, day("2027-01-04"));
    assert!(d.provisional);
    assert!(!due(&case, "2026-12-28", DeadlineKind::SupplementNotice).provisional);
    // With a notice period that outlasts the acceptance one, the acceptance deadline is next.
    let mut fresh = Case::received("2026-12-21 10:00");
    fresh.rules.supplement_notice_working_days = 20;
    let next = clock(&fresh, "2026-12-22")
        .next_deadline(day("2026-12-22"))
        .unwrap();
    assert_eq!(
        (next.kind, next.provisional),
        (DeadlineKind::Acceptance, true)
    );
}

#[test]
fn transfer_out_is_due_five_working_days_after_receipt() {
    // Mon 2025-09-29: 09-30 (1), 10-09 (2), 10-10 (3), Sat 10-11 (4), Mon 10-13 (5).
    let mut case = Case::received("2025-09-29 10:00");
    case.does(
        Handler,
        "2025-09-30 10:00",
        Command::NotAccept {
            reason: NotAcceptedReason::NotCompanyMatter,
            text: "属银行业务".into(),
        },
    );
    let c = clock(&case, "2025-09-30");
    assert_eq!(
        c.get(DeadlineKind::TransferOut).map(|d| d.due_on),
        Some(day("2025-10-13"))
    );
    assert!(c.get(DeadlineKind::Decision).is_none());
    assert_eq!(
        c.get(DeadlineKind::Acceptance).and_then(Deadline::met),
        Some(true)
    );
    case.does(
        Handler,
        "2025-10-10 10:00",
        Command::TransferOut {
            to: "某银行".into(),
        },
    );
    assert_eq!(
        due(&case, "2025-10-10", DeadlineKind::TransferOut).met(),
        Some(true)
    );
}

#[test]
fn a_withdrawn_complaint_has_no_running_deadline() {
    let mut case = Case::received("2025-11-03 09:00");
    case.does(
        Complainant,
        "2025-11-04 10:00",
        Command::Withdraw {
            reason: String::new(),
        },
    );
    let c = clock(&case, "2025-11-04");
    assert_eq!(c.next_deadline(day("2025-11-04")), None);
    assert!(c.deadlines.is_empty());
}

#[test]
fn the_clock_is_computed_from_stored_events() {
    let mut case = accepted_and_handled("2025-11-03 09:00", "2025-11-04 10:00");
    case.does(Handler, "2025-11-05 10:00", extend("复杂"));
    let from_events = ComplaintClock::from_events(
        &case.events,
        &case.rules,
        WorkingCalendar::official(),
        day("2025-11-05"),
    );
    assert_eq!(from_events, Some(clock(&case, "2025-11-05")));
    assert_eq!(
        ComplaintClock::from_events(
            &[],
            &case.rules,
            WorkingCalendar::official(),
            day("2025-11-05")
        ),
        None
    );
}
