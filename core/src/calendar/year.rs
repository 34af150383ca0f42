//! One year of the official schedule: `GET /api/v1/calendar/{year}`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Lang;

/// A year's public-holiday breaks and declared working weekend days, as published by the State
/// Council. This is the response body of `GET /api/v1/calendar/{year}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearCalendar {
    /// The calendar year, e.g. 2026.
    pub year: i32,
    /// The breaks, in date order.
    pub holidays: Vec<Holiday>,
    /// The Saturdays and Sundays that are working days (调休), in date order.
    pub working_days: Vec<DeclaredWorkingDay>,
}

/// A public-holiday break: every day from `first_day` to `last_day` (both included) is a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Holiday {
    /// The first day off.
    pub first_day: NaiveDate,
    /// The last day off (the same as `first_day` for a one-day holiday).
    pub last_day: NaiveDate,
    /// The holiday's Chinese name, e.g. 春节.
    pub name_zh: String,
    /// The holiday's English name, e.g. Spring Festival.
    pub name_en: String,
}

impl Holiday {
    /// Whether `date` is one of this break's days off.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.first_day <= date && date <= self.last_day
    }

    /// The holiday's name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}

/// A Saturday or Sunday declared a working day, to make up for a break.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeclaredWorkingDay {
    /// The day.
    pub date: NaiveDate,
    /// The Chinese name of the break it makes up for.
    pub name_zh: String,
    /// The English name of the break it makes up for.
    pub name_en: String,
}

impl DeclaredWorkingDay {
    /// The name of the break it makes up for, in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::ZhCn => &self.name_zh,
            Lang::En => &self.name_en,
        }
    }
}
