//! Dates and filled-in texts in the person's language, without a formatting crate.

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};
use portal_core::Lang;
use portal_core::complaint::NextDeadline;

use super::texts;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// `2025年3月1日` or `1 Mar 2025`.
pub fn date(day: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::ZhCn => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => format!(
            "{} {} {}",
            day.day(),
            MONTHS[day.month0() as usize % 12],
            day.year()
        ),
    }
}

/// The day of an instant in China (UTC+8): `2026年11月21日` or `21 Nov 2026`.
pub fn day_of(at: DateTime<Utc>, lang: Lang) -> String {
    date((at.naive_utc() + TimeDelta::hours(8)).date(), lang)
}

/// The time of day of an instant in China (UTC+8): `10:05`.
pub fn clock(at: DateTime<Utc>) -> String {
    let local = at.naive_utc() + TimeDelta::hours(8);
    format!("{:02}:{:02}", local.hour(), local.minute())
}

/// An instant in China time (UTC+8): `2026-11-21 10:00` or `21 Nov 2026 10:00`.
pub fn date_time(at: DateTime<Utc>, lang: Lang) -> String {
    let local = at.naive_utc() + TimeDelta::hours(8);
    let day = local.date();
    let clock = format!("{:02}:{:02}", local.hour(), local.minute());
    match lang {
        Lang::ZhCn => format!("{}-{:02}-{:02} {clock}", day.year(), day.month(), day.day()),
        Lang::En => format!("{} {clock}", date(day, lang)),
    }
}

/// The next deadline as a date and a countdown: `2026年12月5日截止，还剩 9 天`.
pub fn due(next: &NextDeadline, lang: Lang) -> String {
    let t = texts(lang);
    let text = match next.days_left {
        0 => t.due_today,
        n if n < 0 || next.overdue => t.due_overdue,
        _ => t.due_left,
    };
    fill(
        &fill(text, "d", &date(next.due_on, lang)),
        "n",
        &next.days_left.unsigned_abs().to_string(),
    )
}

/// Replaces `{name}` in a text with a value.
pub fn fill(text: &str, name: &str, value: &str) -> String {
    text.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
        assert_eq!(date(day, Lang::ZhCn), "2025年3月1日");
        assert_eq!(date(day, Lang::En), "1 Mar 2025");
    }

    #[test]
    fn times_are_shown_in_china_time() {
        let at = DateTime::parse_from_rfc3339("2026-11-21T02:05:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        assert_eq!(date_time(at, Lang::ZhCn), "2026-11-21 10:05");
        assert_eq!(date_time(at, Lang::En), "21 Nov 2026 10:05");
        assert_eq!(clock(at), "10:05");
        let late = DateTime::parse_from_rfc3339("2026-11-21T17:30:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        assert_eq!(day_of(late, Lang::ZhCn), "2026年11月22日");
        assert_eq!(day_of(late, Lang::En), "22 Nov 2026");
    }

    #[test]
    fn a_deadline_says_its_date_and_the_days_left() {
        let mut next = NextDeadline {
            kind: portal_core::complaint::DeadlineKind::Decision,
            due_on: NaiveDate::from_ymd_opt(2026, 12, 5).unwrap_or_default(),
            days_left: 9,
            overdue: false,
            provisional: false,
        };
        assert_eq!(due(&next, Lang::ZhCn), "2026年12月5日截止，还剩 9 天");
        assert_eq!(due(&next, Lang::En), "Due 5 Dec 2026, 9 days left");
        next.days_left = -2;
        next.overdue = true;
        assert_eq!(due(&next, Lang::En), "Was due 5 Dec 2026, 2 days overdue");
    }

    #[test]
    fn placeholders_are_filled_in() {
        assert_eq!(fill("{n} 秒后重发", "n", "42"), "42 秒后重发");
    }
}
