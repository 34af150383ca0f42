//! The regulatory clock: every deadline of a complaint, computed from its state (the fold of its
//! events), the working-day calendar and the rules. Receipt instants are UTC; deadlines are
//! calendar dates in China time (UTC+8, no daylight saving).

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::kinds::{DecisionTerm, NotAcceptedReason};
use super::machine::{ComplaintState, Event, Status, replay};
use super::rules::ComplaintRules;
use crate::calendar::WorkingCalendar;
use crate::labels::choice;

/// The calendar date of an instant in China (UTC+8).
pub fn china_date(at: DateTime<Utc>) -> NaiveDate {
    at.naive_utc()
        .checked_add_signed(TimeDelta::hours(8))
        .map_or_else(|| at.date_naive(), |t| t.date())
}

/// A period of calendar days from `from`, moved past days off if the rules say so.
fn calendar_days(
    from: NaiveDate,
    days: i64,
    rules: &ComplaintRules,
    calendar: &WorkingCalendar,
) -> NaiveDate {
    let due = from
        .checked_add_signed(TimeDelta::days(days))
        .unwrap_or(from);
    if rules.calendar_deadlines_skip_days_off {
        calendar.on_or_next_working_day(due)
    } else {
        due
    }
}

/// The last day on which a review (核查) may be requested against a decision taken at `decided_at`.
pub fn review_window_ends_on(
    decided_at: DateTime<Utc>,
    rules: &ComplaintRules,
    calendar: &WorkingCalendar,
) -> NaiveDate {
    calendar_days(
        china_date(decided_at),
        i64::from(rules.review_window_days),
        rules,
        calendar,
    )
}

choice! {
    /// Which deadline.
    DeadlineKind {
        /// Tell the complainant, once, everything that is missing.
        SupplementNotice = "supplement_notice", "告知补正材料期限", "Missing-materials notice due";
        /// Accept or not accept.
        Acceptance = "acceptance", "受理期限", "Acceptance due";
        /// Decide.
        Decision = "decision", "处理决定期限", "Decision due";
        /// Pass on a complaint that is not the company's.
        TransferOut = "transfer_out", "转交期限", "Passing on due";
        /// The complainant's last day to request a review.
        ReviewWindow = "review_window", "申请核查截止日", "Last day to request a review";
    }
}

impl DeadlineKind {
    /// Whether the company owes this (the review window is the complainant's right instead).
    pub fn binds_company(self) -> bool {
        self != DeadlineKind::ReviewWindow
    }
}

/// Whether a deadline still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// Running now.
    Running,
    /// Paused (materials requested, or an appraisal); `due_on` is the earliest it can now be.
    Paused,
    /// No longer running: met or missed (`done_on`), or a review window that ended unused.
    Done,
}

/// One deadline of a complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// The last day (China time).
    pub due_on: NaiveDate,
    /// Whether it runs.
    pub state: DeadlineState,
    /// The day the duty was done (or the right used), if it was.
    pub done_on: Option<NaiveDate>,
    /// Whether the date depends on a year whose official calendar is not known yet.
    pub provisional: bool,
}

impl Deadline {
    /// Whether it was met: `Some(false)` when done late, `None` while open.
    pub fn met(&self) -> Option<bool> {
        self.done_on.map(|d| d <= self.due_on)
    }
}

/// The deadline that matters next, as a screen shows it: a date and a countdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextDeadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// The last day (China time).
    pub due_on: NaiveDate,
    /// Calendar days from today to the last day (0 on the day itself, negative when overdue).
    pub days_left: i64,
    /// Whether the last day has passed.
    pub overdue: bool,
    /// Whether the date is provisional (a year whose official calendar is not known yet).
    pub provisional: bool,
}

/// Every deadline of one complaint, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplaintClock {
    /// The deadlines that apply, in the order of the lifecycle.
    pub deadlines: Vec<Deadline>,
}

/// Inputs shared by the computations.
struct Clock<'a> {
    state: &'a ComplaintState,
    rules: &'a ComplaintRules,
    calendar: &'a WorkingCalendar,
    today: NaiveDate,
}

impl ComplaintClock {
    /// The deadlines of a complaint as of `today` (China date; open pauses count up to today).
    pub fn of(
        state: &ComplaintState,
        rules: &ComplaintRules,
        calendar: &WorkingCalendar,
        today: NaiveDate,
    ) -> ComplaintClock {
        let clock = Clock {
            state,
            rules,
            calendar,
            today,
        };
        let deadlines = [
            clock.supplement_notice(),
            clock.acceptance(),
            clock.transfer_out(),
            clock.decision(),
            clock.review_window(),
        ]
        .into_iter()
        .flatten()
        .collect();
        ComplaintClock { deadlines }
    }

    /// The deadlines from a complaint's stored events; `None` unless they start with `Registered`.
    pub fn from_events(
        events: &[Event],
        rules: &ComplaintRules,
        calendar: &WorkingCalendar,
        today: NaiveDate,
    ) -> Option<ComplaintClock> {
        replay(events).map(|state| ComplaintClock::of(&state, rules, calendar, today))
    }

    /// One deadline, if it applies.
    pub fn get(&self, kind: DeadlineKind) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.kind == kind)
    }

    /// The nearest running deadline (the complainant's review window included).
    pub fn next_deadline(&self, today: NaiveDate) -> Option<NextDeadline> {
        self.next_where(today, |_| true)
    }

    /// The nearest running deadline the company owes: what orders the staff queue.
    pub fn next_company_deadline(&self, today: NaiveDate) -> Option<NextDeadline> {
        self.next_where(today, DeadlineKind::binds_company)
    }

    fn next_where(
        &self,
        today: NaiveDate,
        keep: impl Fn(DeadlineKind) -> bool,
    ) -> Option<NextDeadline> {
        self.deadlines
            .iter()
            .filter(|d| d.state == DeadlineState::Running && keep(d.kind))
            .min_by_key(|d| d.due_on)
            .map(|d| NextDeadline {
                kind: d.kind,
                due_on: d.due_on,
                days_left: (d.due_on - today).num_days(),
                overdue: today > d.due_on,
                provisional: d.provisional,
            })
    }
}

impl Clock<'_> {
    fn deadline(
        &self,
        kind: DeadlineKind,
        from: NaiveDate,
        due_on: NaiveDate,
        state: DeadlineState,
        done_on: Option<NaiveDate>,
    ) -> Deadline {
        Deadline {
            kind,
            due_on,
            state,
            done_on,
            provisional: self.calendar.is_provisional(from) || self.calendar.is_provisional(due_on),
        }
    }

    fn received_on(&self) -> NaiveDate {
        china_date(self.state.received_at)
    }

    /// Running or done, from when the duty was done; dropped if the case ended without it.
    fn open_or_done(
        &self,
        running: bool,
        done_at: Option<DateTime<Utc>>,
    ) -> Option<(DeadlineState, Option<NaiveDate>)> {
        match (done_at, running) {
            (Some(at), _) => Some((DeadlineState::Done, Some(china_date(at)))),
            (None, true) => Some((DeadlineState::Running, None)),
            (None, false) => None,
        }
    }

    fn supplement_notice(&self) -> Option<Deadline> {
        let from = self.received_on();
        let due = self
            .calendar
            .add_working_days(from, self.rules.supplement_notice_working_days);
        let done_at = self.state.materials.as_ref().map(|m| m.requested_at);
        let (state, done_on) =
            self.open_or_done(self.state.status == Status::Registered, done_at)?;
        Some(self.deadline(DeadlineKind::SupplementNotice, from, due, state, done_on))
    }

    fn acceptance(&self) -> Option<Deadline> {
        let from = match &self.state.materials {
            Some(m) => china_date(m.completed_at?),
            None => self.received_on(),
        };
        let due = self
            .calendar
            .add_working_days(from, self.rules.acceptance_working_days);
        let done_at = self
            .state
            .accepted_at
            .or(self.state.not_accepted.as_ref().map(|n| n.at));
        let running = matches!(
            self.state.status,
            Status::Registered | Status::MaterialsComplete
        );
        let (state, done_on) = self.open_or_done(running, done_at)?;
        Some(self.deadline(DeadlineKind::Acceptance, from, due, state, done_on))
    }

    fn transfer_out(&self) -> Option<Deadline> {
        let not_accepted = self.state.not_accepted.as_ref()?;
        if not_accepted.reason != NotAcceptedReason::NotCompanyMatter {
            return None;
        }
        let from = self.received_on();
        let due = self
            .calendar
            .add_working_days(from, self.rules.transfer_out_working_days);
        let (state, done_on) =
            self.open_or_done(true, not_accepted.transferred.as_ref().map(|t| t.1))?;
        Some(self.deadline(DeadlineKind::TransferOut, from, due, state, done_on))
    }

    fn decision(&self) -> Option<Deadline> {
        let s = self.state;
        if matches!(s.status, Status::NotAccepted | Status::Withdrawn) {
            return None;
        }
        let days = match s.term {
            DecisionTerm::Simple => self.rules.decision_days_simple,
            DecisionTerm::Complex => self.rules.decision_days_complex,
            DecisionTerm::EspeciallyComplex => {
                self.rules.decision_days_complex + self.rules.decision_further_extension_days
            }
        };
        let from = china_date(s.decision_clock_from);
        let due = calendar_days(
            from,
            i64::from(days) + self.excluded_days(),
            self.rules,
            self.calendar,
        );
        let paused = s.status == Status::MaterialsRequested || s.appraisal_running();
        let (state, done_on) = match &s.decision {
            Some(d) => (DeadlineState::Done, Some(china_date(d.at))),
            None if paused => (DeadlineState::Paused, None),
            None => (DeadlineState::Running, None),
        };
        Some(self.deadline(DeadlineKind::Decision, from, due, state, done_on))
    }

    /// Days the decision clock stood still after it (re)started: the materials pause and every
    /// appraisal, each counted in calendar days; a pause still open counts up to today.
    fn excluded_days(&self) -> i64 {
        let s = self.state;
        let materials = s.materials.iter().map(|m| (m.requested_at, m.completed_at));
        let appraisals = s.appraisals.iter().map(|a| (a.started_at, a.ended_at));
        materials
            .chain(appraisals)
            .filter(|(start, _)| *start >= s.decision_clock_from)
            .map(|(start, end)| {
                let end = end.map_or(self.today, china_date);
                (end - china_date(start)).num_days().max(0)
            })
            .sum()
    }

    fn review_window(&self) -> Option<Deadline> {
        let decision = self.state.decision.as_ref()?;
        let from = china_date(decision.at);
        let due = review_window_ends_on(decision.at, self.rules, self.calendar);
        let (state, done_on) = match self.state.review_requested_at {
            Some(at) => (DeadlineState::Done, Some(china_date(at))),
            None if self.today > due => (DeadlineState::Done, None),
            None => (DeadlineState::Running, None),
        };
        Some(self.deadline(DeadlineKind::ReviewWindow, from, due, state, done_on))
    }
}

#[cfg(test)]
mod tests;
