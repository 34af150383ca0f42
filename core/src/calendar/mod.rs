//! The working-day calendar: Monday–Friday, minus official public holidays, plus the weekend days
//! declared working days (调休). The schedule is data, one file per year under `core/calendar/`;
//! a date past the years on file counts Monday–Friday only and is *provisional*.

mod file;
mod year;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};

pub use file::{CalendarFileError, LineProblem, parse_year};
pub use year::{DeclaredWorkingDay, Holiday, YearCalendar};

/// The official schedule files embedded in the binary: (year, text). Add a year's file here when
/// the State Council publishes it (usually in November).
pub const OFFICIAL_FILES: [(i32, &str); 2] = [
    (2025, include_str!("../../calendar/2025.txt")),
    (2026, include_str!("../../calendar/2026.txt")),
];

/// What the schedule says about a listed day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listed {
    Off,
    Working,
}

/// Which days are working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    years: BTreeMap<i32, YearCalendar>,
    listed: BTreeMap<NaiveDate, Listed>,
}

impl WorkingCalendar {
    /// The official schedule embedded from `core/calendar/*.txt` (checked by the unit tests).
    pub fn official() -> &'static WorkingCalendar {
        static OFFICIAL: OnceLock<WorkingCalendar> = OnceLock::new();
        OFFICIAL.get_or_init(|| {
            #[allow(clippy::expect_used)] // embedded data, parsed in a unit test on every build
            WorkingCalendar::from_files(&OFFICIAL_FILES).expect("the embedded calendar files parse")
        })
    }

    /// Builds a calendar from year files, e.g. [`OFFICIAL_FILES`] or files a deployment adds.
    pub fn from_files(files: &[(i32, &str)]) -> Result<WorkingCalendar, CalendarFileError> {
        let years = files
            .iter()
            .map(|(year, text)| parse_year(*year, text))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(WorkingCalendar::from_years(years))
    }

    /// Builds a calendar from parsed years (a later year of the same number replaces an earlier).
    pub fn from_years(years: impl IntoIterator<Item = YearCalendar>) -> WorkingCalendar {
        let years: BTreeMap<i32, YearCalendar> = years.into_iter().map(|y| (y.year, y)).collect();
        let mut listed = BTreeMap::new();
        for year in years.values() {
            for holiday in &year.holidays {
                for day in holiday
                    .first_day
                    .iter_days()
                    .take_while(|d| *d <= holiday.last_day)
                {
                    listed.insert(day, Listed::Off);
                }
            }
            for working in &year.working_days {
                listed.insert(working.date, Listed::Working);
            }
        }
        WorkingCalendar { years, listed }
    }

    /// Whether people work on `date`: a declared working day, or a Monday–Friday that is not a
    /// public holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.listed.get(&date) {
            Some(Listed::Working) => true,
            Some(Listed::Off) => false,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// The `n`-th working day after `date` (`date` itself never counts): the last day of "within
    /// `n` working days of `date`". `n = 0` gives `date`.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut day = date;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The number of working days after `from` up to and including `to`; negative when `to` is
    /// before `from`. `working_days_between(x, add_working_days(x, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let count = |a: NaiveDate, b: NaiveDate| {
            a.iter_days()
                .skip(1)
                .take_while(|d| *d <= b)
                .filter(|d| self.is_working_day(*d))
                .count() as i64
        };
        if to >= from {
            count(from, to)
        } else {
            -count(to, from)
        }
    }

    /// The first day on or after `date` that is a working day.
    pub fn on_or_next_working_day(&self, date: NaiveDate) -> NaiveDate {
        if self.is_working_day(date) {
            date
        } else {
            self.add_working_days(date, 1)
        }
    }

    /// Whether `date` lies outside the years on file, so Monday–Friday is only a guess: the screen
    /// must say the date is provisional.
    pub fn is_provisional(&self, date: NaiveDate) -> bool {
        !self.years.contains_key(&date.year())
    }

    /// A year's holidays and declared working days, if its file is known.
    pub fn year(&self, year: i32) -> Option<YearCalendar> {
        self.years.get(&year).cloned()
    }

    /// The years on file, in order.
    pub fn known_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The public-holiday break `date` falls in, if any.
    pub fn holiday_on(&self, date: NaiveDate) -> Option<&Holiday> {
        self.years
            .get(&date.year())
            .and_then(|y| y.holidays.iter().find(|h| h.contains(date)))
    }
}

#[cfg(test)]
mod tests;
