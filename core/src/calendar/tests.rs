//! The official 2025 and 2026 schedules, checked day by day against the State Council notices.

#![allow(clippy::unwrap_used)]

use super::*;

use crate::testing::day;

fn official() -> &'static WorkingCalendar {
    WorkingCalendar::official()
}

#[test]
fn the_embedded_calendar_files_parse() {
    assert!(WorkingCalendar::from_files(&OFFICIAL_FILES).is_ok());
    assert_eq!(official().known_years().collect::<Vec<_>>(), [2025, 2026]);
}

#[test]
fn each_official_year_has_248_working_days() {
    for year in [2025, 2026] {
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap();
        let count = first
            .iter_days()
            .take_while(|d| *d <= last)
            .filter(|d| official().is_working_day(*d))
            .count();
        assert_eq!(count, 248, "{year}");
    }
}

#[test]
fn holidays_and_declared_working_days_of_2025_are_as_published() {
    let y = official().year(2025).unwrap();
    let breaks: Vec<_> = y
        .holidays
        .iter()
        .map(|h| (h.first_day.to_string(), h.last_day.to_string()))
        .collect();
    let expected = [
        ("2025-01-01", "2025-01-01"),
        ("2025-01-28", "2025-02-04"),
        ("2025-04-04", "2025-04-06"),
        ("2025-05-01", "2025-05-05"),
        ("2025-05-31", "2025-06-02"),
        ("2025-10-01", "2025-10-08"),
    ];
    assert_eq!(
        breaks,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let working: Vec<_> = y.working_days.iter().map(|w| w.date.to_string()).collect();
    assert_eq!(
        working,
        [
            "2025-01-26",
            "2025-02-08",
            "2025-04-27",
            "2025-09-28",
            "2025-10-11"
        ]
    );
}

#[test]
fn holidays_and_declared_working_days_of_2026_are_as_published() {
    let y = official().year(2026).unwrap();
    let breaks: Vec<_> = y
        .holidays
        .iter()
        .map(|h| (h.first_day.to_string(), h.last_day.to_string()))
        .collect();
    let expected = [
        ("2026-01-01", "2026-01-03"),
        ("2026-02-15", "2026-02-23"),
        ("2026-04-04", "2026-04-06"),
        ("2026-05-01", "2026-05-05"),
        ("2026-06-19", "2026-06-21"),
        ("2026-09-25", "2026-09-27"),
        ("2026-10-01", "2026-10-07"),
    ];
    assert_eq!(
        breaks,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let working: Vec<_> = y.working_days.iter().map(|w| w.date.to_string()).collect();
    assert_eq!(
        working,
        [
            "2026-01-04",
            "2026-02-14",
            "2026-02-28",
            "2026-05-09",
            "2026-09-20",
            "2026-10-10"
        ]
    );
}

#[test]
fn declared_working_saturday_counts_as_a_working_day() {
    assert!(official().is_working_day(day("2025-10-11"))); // Saturday after National Day 2025
    assert!(official().is_working_day(day("2026-02-14"))); // Saturday before Spring Festival 2026
    assert!(official().is_working_day(day("2025-09-28"))); // a declared working Sunday
    assert!(!official().is_working_day(day("2025-10-12"))); // the ordinary Sunday after it
}

#[test]
fn weekdays_inside_a_break_are_days_off() {
    assert!(!official().is_working_day(day("2025-10-08"))); // Wednesday, last day of the break
    assert!(official().is_working_day(day("2025-10-09")));
    assert!(!official().is_working_day(day("2026-02-23"))); // Monday, last day of Spring Festival
    assert!(official().is_working_day(day("2026-02-24")));
    assert_eq!(
        official()
            .holiday_on(day("2026-02-18"))
            .map(|h| h.name_en.as_str()),
        Some("Spring Festival")
    );
}

#[test]
fn ten_working_days_skip_the_2025_national_day_break() {
    // Mon 09-29 → Tue 09-30 (1), [10-01..10-08 off], Thu 10-09 (2), Fri 10-10 (3),
    // Sat 10-11 declared (4), Mon 10-13..Fri 10-17 (5..9), Mon 10-20 (10).
    assert_eq!(
        official().add_working_days(day("2025-09-29"), 10),
        day("2025-10-20")
    );
    assert_eq!(
        official().working_days_between(day("2025-09-29"), day("2025-10-20")),
        10
    );
}

#[test]
fn ten_working_days_skip_the_2026_mid_autumn_and_national_day_breaks() {
    // Thu 09-24 → [09-25..27 off], 09-28..30 (1..3), [10-01..07 off], 10-08, 10-09 (4, 5),
    // Sat 10-10 declared (6), 10-12..15 (7..10).
    assert_eq!(
        official().add_working_days(day("2026-09-24"), 10),
        day("2026-10-15")
    );
}

#[test]
fn five_working_days_across_spring_festival_2025_use_both_declared_days() {
    // Fri 01-24 → Sun 01-26 declared (1), Mon 01-27 (2), [01-28..02-04 off], 02-05..07 (3..5).
    assert_eq!(
        official().add_working_days(day("2025-01-24"), 5),
        day("2025-02-07")
    );
    // … and Sat 02-08 declared (6), 02-10..13 (7..10).
    assert_eq!(
        official().add_working_days(day("2025-01-24"), 10),
        day("2025-02-13")
    );
}

#[test]
fn zero_working_days_is_the_day_itself_and_the_start_never_counts() {
    assert_eq!(
        official().add_working_days(day("2025-10-04"), 0),
        day("2025-10-04")
    );
    assert_eq!(
        official().add_working_days(day("2025-10-09"), 1),
        day("2025-10-10")
    );
    assert_eq!(
        official().working_days_between(day("2025-10-20"), day("2025-09-29")),
        -10
    );
    assert_eq!(
        official().working_days_between(day("2025-10-09"), day("2025-10-09")),
        0
    );
}

#[test]
fn the_next_working_day_on_or_after_a_date() {
    assert_eq!(
        official().on_or_next_working_day(day("2025-10-01")),
        day("2025-10-09")
    );
    assert_eq!(
        official().on_or_next_working_day(day("2025-10-09")),
        day("2025-10-09")
    );
}

#[test]
fn a_year_past_the_files_is_monday_to_friday_and_provisional() {
    assert!(official().is_provisional(day("2027-01-01")));
    assert!(!official().is_provisional(day("2026-12-31")));
    assert!(official().is_working_day(day("2027-01-01"))); // a Friday; the real notice may differ
    assert!(!official().is_working_day(day("2027-01-02")));
    assert_eq!(
        official().add_working_days(day("2026-12-30"), 3),
        day("2027-01-04")
    );
    assert!(official().year(2027).is_none());
}

#[test]
fn the_year_response_serialises_dates_as_iso_strings() {
    let json = serde_json::to_value(official().year(2025).unwrap()).unwrap();
    assert_eq!(json["year"], 2025);
    assert_eq!(json["holidays"][1]["first_day"], "2025-01-28");
    assert_eq!(json["holidays"][1]["name_zh"], "春节");
    assert_eq!(json["working_days"][0]["date"], "2025-01-26");
}
