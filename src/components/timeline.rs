//! A case's timeline as a screen shows it.

use chrono::{DateTime, Utc};
use portal_core::Lang;

use crate::html::Html;
use crate::i18n::date_time;

/// One step of the timeline: what happened, when, who acted, and the details (left out when
/// blank).
pub fn timeline_entry(
    h: &mut Html,
    title: &str,
    at: DateTime<Utc>,
    by: &str,
    details: &str,
    lang: Lang,
) {
    h.open("li", "", "timeline-entry")
        .leaf("strong", "", "", title)
        .open("span", "muted", "")
        .text(&date_time(at, lang))
        .text(" · ")
        .text(by)
        .close("span");
    if !details.trim().is_empty() {
        h.leaf("p", "prose", "", details);
    }
    h.close("li");
}
