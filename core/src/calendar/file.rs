//! The calendar's data file format (one file per year under `core/calendar/`), and its parser.
//!
//! ```text
//! # comment
//! off  2025-01-28..2025-02-04  春节 | Spring Festival
//! off  2025-01-01              元旦 | New Year's Day
//! work 2025-01-26              春节 | Spring Festival
//! ```

use chrono::{Datelike, NaiveDate, Weekday};

use super::year::{DeclaredWorkingDay, Holiday, YearCalendar};

/// The longest break the parser believes: a longer range is a typo.
const LONGEST_BREAK_DAYS: i64 = 15;

/// A line of a calendar file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("calendar {year}, line {line}: {problem}")]
pub struct CalendarFileError {
    /// The year of the file.
    pub year: i32,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub problem: LineProblem,
}

/// What is wrong with a line of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    /// The line starts with neither `off` nor `work`.
    #[error("expected `off` or `work`, found `{0}`")]
    UnknownKeyword(String),
    /// The date (or range) is missing or not `YYYY-MM-DD[..YYYY-MM-DD]`.
    #[error("`{0}` is not a date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD")]
    BadDate(String),
    /// The names are not `中文名 | English name`.
    #[error("expected names `中文名 | English name`")]
    BadNames,
    /// A date falls outside the file's year.
    #[error("{0} is not in the file's year")]
    WrongYear(NaiveDate),
    /// A range ends before it starts, or is implausibly long.
    #[error("the range {0}..{1} is backwards or longer than {LONGEST_BREAK_DAYS} days")]
    BadRange(NaiveDate, NaiveDate),
    /// A declared working day is a weekday (it would already be one).
    #[error("{0} is a weekday; only a Saturday or Sunday can be declared a working day")]
    NotAWeekend(NaiveDate),
    /// A day is listed twice, or as both off and working.
    #[error("{0} is already listed")]
    Overlap(NaiveDate),
    /// `work` takes one date, not a range.
    #[error("a declared working day is a single date")]
    WorkRange,
}

/// Parses one year's file. Every problem names its line.
pub fn parse_year(year: i32, text: &str) -> Result<YearCalendar, CalendarFileError> {
    let mut calendar = YearCalendar {
        year,
        holidays: Vec::new(),
        working_days: Vec::new(),
    };
    for (index, raw) in text.lines().enumerate() {
        let fail = |problem| CalendarFileError {
            year,
            line: index + 1,
            problem,
        };
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (keyword, rest) = split_word(line);
        let (dates, names) = split_word(rest);
        let (name_zh, name_en) = parse_names(names).ok_or_else(|| fail(LineProblem::BadNames))?;
        let (first, last) =
            parse_range(dates).ok_or_else(|| fail(LineProblem::BadDate(dates.into())))?;
        for date in [first, last] {
            if date.year() != year {
                return Err(fail(LineProblem::WrongYear(date)));
            }
        }
        if let Some(taken) = first
            .iter_days()
            .take_while(|d| *d <= last)
            .find(|d| is_listed(&calendar, *d))
        {
            return Err(fail(LineProblem::Overlap(taken)));
        }
        match keyword {
            "off" => {
                if last < first || (last - first).num_days() >= LONGEST_BREAK_DAYS {
                    return Err(fail(LineProblem::BadRange(first, last)));
                }
                calendar.holidays.push(Holiday {
                    first_day: first,
                    last_day: last,
                    name_zh,
                    name_en,
                });
            }
            "work" => {
                if first != last {
                    return Err(fail(LineProblem::WorkRange));
                }
                if !matches!(first.weekday(), Weekday::Sat | Weekday::Sun) {
                    return Err(fail(LineProblem::NotAWeekend(first)));
                }
                calendar.working_days.push(DeclaredWorkingDay {
                    date: first,
                    name_zh,
                    name_en,
                });
            }
            other => return Err(fail(LineProblem::UnknownKeyword(other.into()))),
        }
    }
    calendar.holidays.sort_by_key(|h| h.first_day);
    calendar.working_days.sort_by_key(|w| w.date);
    Ok(calendar)
}

fn split_word(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    match s.find(char::is_whitespace) {
        Some(end) => (&s[..end], s[end..].trim_start()),
        None => (s, ""),
    }
}

fn parse_names(s: &str) -> Option<(String, String)> {
    let (zh, en) = s.split_once('|')?;
    let (zh, en) = (zh.trim(), en.trim());
    (!zh.is_empty() && !en.is_empty() && !en.contains('|')).then(|| (zh.into(), en.into()))
}

fn parse_range(s: &str) -> Option<(NaiveDate, NaiveDate)> {
    let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    match s.split_once("..") {
        Some((first, last)) => Some((date(first)?, date(last)?)),
        None => date(s).map(|d| (d, d)),
    }
}

fn is_listed(calendar: &YearCalendar, date: NaiveDate) -> bool {
    calendar.holidays.iter().any(|h| h.contains(date))
        || calendar.working_days.iter().any(|w| w.date == date)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn line_of(text: &str) -> (usize, LineProblem) {
        let err = parse_year(2025, text).unwrap_err();
        (err.line, err.problem)
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_file_of_breaks_and_working_days_is_read_in_date_order() {
        let text = "# header\n\noff 2025-05-01..2025-05-05 劳动节 | Labour Day  # five days\n\
                    off 2025-01-01 元旦 | New Year's Day\nwork 2025-04-27 劳动节 | Labour Day\n";
        let year = parse_year(2025, text).unwrap();
        assert_eq!(year.holidays.len(), 2);
        assert_eq!(year.holidays[0].first_day, day("2025-01-01"));
        assert_eq!(year.holidays[0].last_day, day("2025-01-01"));
        assert_eq!(year.holidays[1].name_en, "Labour Day");
        assert_eq!(year.working_days[0].date, day("2025-04-27"));
        assert_eq!(year.working_days[0].name_zh, "劳动节");
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        assert_eq!(
            line_of("\nholiday 2025-01-01 元旦 | New Year"),
            (2, LineProblem::UnknownKeyword("holiday".into()))
        );
        assert_eq!(
            line_of("off 2025-13-01 元旦 | New Year"),
            (1, LineProblem::BadDate("2025-13-01".into()))
        );
        assert_eq!(line_of("off 2025-01-01 元旦"), (1, LineProblem::BadNames));
        assert_eq!(line_of("off 2025-01-01"), (1, LineProblem::BadNames));
        assert_eq!(
            line_of("# c\n# c\noff 2024-12-31 元旦 | New Year"),
            (3, LineProblem::WrongYear(day("2024-12-31")))
        );
        assert_eq!(
            line_of("off 2025-02-04..2025-01-28 春节 | Spring Festival"),
            (
                1,
                LineProblem::BadRange(day("2025-02-04"), day("2025-01-28"))
            )
        );
        assert_eq!(
            line_of("work 2025-01-27 春节 | Spring Festival"),
            (1, LineProblem::NotAWeekend(day("2025-01-27")))
        );
        assert_eq!(
            line_of("work 2025-01-25..2025-01-26 春节 | Spring Festival"),
            (1, LineProblem::WorkRange)
        );
        assert_eq!(
            line_of(
                "off 2025-10-01..2025-10-08 国庆 | National Day\nwork 2025-10-05 国庆 | National Day"
            ),
            (2, LineProblem::Overlap(day("2025-10-05")))
        );
    }

    #[test]
    fn errors_name_the_year_and_line() {
        let err = parse_year(2026, "off nonsense 元旦 | New Year").unwrap_err();
        assert!(
            err.to_string().starts_with("calendar 2026, line 1:"),
            "{err}"
        );
    }
}
