//! Dates and filled-in texts in the person's language, without a formatting crate.

use chrono::{Datelike, NaiveDate};
use portal_core::Lang;

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
    fn placeholders_are_filled_in() {
        assert_eq!(fill("{n} 秒后重发", "n", "42"), "42 秒后重发");
    }
}
