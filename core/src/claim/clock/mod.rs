//! The claim clock: every deadline of a claim, computed from its state (the fold of its events),
//! the working-day calendar and the rules. The first feedback is due at an instant (24 hours
//! after the report); the others on calendar dates in China time (UTC+8).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::kinds::{Complexity, DecisionResult};
use super::machine::{ClaimState, Event, Status, replay};
use super::rules::ClaimRules;
use crate::calendar::WorkingCalendar;
pub use crate::complaint::DeadlineState;
pub use crate::complaint::china_date;
use crate::labels::choice;

/// The time of day of an instant in China (UTC+8).
pub fn china_time(at: DateTime<Utc>) -> NaiveTime {
    at.naive_utc()
        .checked_add_signed(TimeDelta::hours(8))
        .map_or_else(|| at.time(), |t| t.time())
}

/// A period of calendar days from `from`, moved past days off if the rules say so.
pub(crate) fn calendar_days(
    from: NaiveDate,
    days: u32,
    rules: &ClaimRules,
    calendar: &WorkingCalendar,
) -> NaiveDate {
    let due = from
        .checked_add_signed(TimeDelta::days(i64::from(days)))
        .unwrap_or(from);
    if rules.calendar_deadlines_skip_days_off {
        calendar.on_or_next_working_day(due)
    } else {
        due
    }
}

choice! {
    /// Which deadline of a claim.
    DeadlineKind {
        /// The first feedback after the report (24 hours).
        FirstFeedback = "first_feedback", "受理反馈时限", "First feedback due";
        /// The policyholder's last day for the requested documents.
        Documents = "documents", "补充材料截止日", "Documents due";
        /// Company target: a simple claim paid within 3 days of complete documents.
        SimplePayment = "simple_payment", "简易案件赔付时限", "Simple claim: payment target";
        /// Company target: an opinion on a complex claim within 5 working days.
        ComplexOpinion = "complex_opinion", "复杂案件处理意见时限", "Complex claim: opinion target";
        /// The decision, 30 days from complete documents by law.
        Decision = "decision", "核定期限", "Decision due";
        /// Pay what can be fixed if the amount is not fixed within 60 days (先行赔付).
        AdvancePayment = "advance_payment", "先行赔付期限", "Advance payment due";
        /// The refusal notice, 3 days after the decision.
        RefusalNotice = "refusal_notice", "拒赔通知期限", "Refusal notice due";
        /// The payment, 10 days after the decision to pay.
        Payment = "payment", "赔款支付期限", "Payment due";
    }
}

impl DeadlineKind {
    /// Whether the company owes this (the documents' due day binds the policyholder instead).
    pub fn binds_company(self) -> bool {
        self != DeadlineKind::Documents
    }
}

/// One deadline of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// The last day (China time).
    pub due_on: NaiveDate,
    /// The exact instant, for a deadline counted in hours (the first feedback).
    pub due_at: Option<DateTime<Utc>>,
    /// Whether it runs.
    pub state: DeadlineState,
    /// When the duty was done, if it was.
    pub done_at: Option<DateTime<Utc>>,
    /// Whether the date depends on a year whose official calendar is not known yet.
    pub provisional: bool,
}

impl Deadline {
    /// Whether it was met: `Some(false)` when done late, `None` while open.
    pub fn met(&self) -> Option<bool> {
        self.done_at.map(|done| match self.due_at {
            Some(due) => done <= due,
            None => china_date(done) <= self.due_on,
        })
    }
}

/// The deadline that matters next, as a screen shows it: a date (and time) and a countdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextDeadline {
    /// Which deadline.
    pub kind: DeadlineKind,
    /// The last day (China time).
    pub due_on: NaiveDate,
    /// The exact instant, for a deadline counted in hours.
    pub due_at: Option<DateTime<Utc>>,
    /// Calendar days from today to the last day (0 on the day itself, negative when overdue).
    pub days_left: i64,
    /// Whole hours left to `due_at` (negative when overdue), for a deadline counted in hours.
    pub hours_left: Option<i64>,
    /// Whether it has passed.
    pub overdue: bool,
    /// Whether the date is provisional.
    pub provisional: bool,
}

/// Every deadline of one claim, as of an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimClock {
    /// The deadlines that apply, in the order of the lifecycle.
    pub deadlines: Vec<Deadline>,
}

impl ClaimClock {
    /// The deadlines of a claim.
    pub fn of(state: &ClaimState, rules: &ClaimRules, calendar: &WorkingCalendar) -> ClaimClock {
        let clock = Clock {
            state,
            rules,
            calendar,
        };
        let deadlines = [
            clock.first_feedback(),
            clock.documents(),
            clock.simple_payment(),
            clock.complex_opinion(),
            clock.decision(),
            clock.advance_payment(),
            clock.refusal_notice(),
            clock.payment(),
        ]
        .into_iter()
        .flatten()
        .collect();
        ClaimClock { deadlines }
    }

    /// The deadlines from a claim's stored events; `None` unless they start with `Reported`.
    pub fn from_events(
        events: &[Event],
        rules: &ClaimRules,
        calendar: &WorkingCalendar,
    ) -> Option<ClaimClock> {
        replay(events).map(|state| ClaimClock::of(&state, rules, calendar))
    }

    /// One deadline, if it applies.
    pub fn get(&self, kind: DeadlineKind) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.kind == kind)
    }

    /// The nearest running deadline (the policyholder's documents due day included).
    pub fn next_deadline(&self, now: DateTime<Utc>) -> Option<NextDeadline> {
        self.next_where(now, |_| true)
    }

    /// The nearest running deadline the company owes: what orders the staff queue.
    pub fn next_company_deadline(&self, now: DateTime<Utc>) -> Option<NextDeadline> {
        self.next_where(now, DeadlineKind::binds_company)
    }

    fn next_where(
        &self,
        now: DateTime<Utc>,
        keep: impl Fn(DeadlineKind) -> bool,
    ) -> Option<NextDeadline> {
        let today = china_date(now);
        self.deadlines
            .iter()
            .filter(|d| d.state == DeadlineState::Running && keep(d.kind))
            // On the same day, a deadline at an hour comes before one at the day's end.
            .min_by_key(|d| (d.due_on, d.due_at.is_none()))
            .map(|d| NextDeadline {
                kind: d.kind,
                due_on: d.due_on,
                due_at: d.due_at,
                days_left: (d.due_on - today).num_days(),
                hours_left: d.due_at.map(|at| (at - now).num_hours()),
                overdue: d.due_at.map_or(today > d.due_on, |at| now > at),
                provisional: d.provisional,
            })
    }
}

/// Inputs shared by the computations.
struct Clock<'a> {
    state: &'a ClaimState,
    rules: &'a ClaimRules,
    calendar: &'a WorkingCalendar,
}

impl Clock<'_> {
    fn deadline(
        &self,
        kind: DeadlineKind,
        from: NaiveDate,
        due_on: NaiveDate,
        (state, done_at): (DeadlineState, Option<DateTime<Utc>>),
    ) -> Deadline {
        Deadline {
            kind,
            due_on,
            due_at: None,
            state,
            done_at,
            provisional: self.calendar.is_provisional(from) || self.calendar.is_provisional(due_on),
        }
    }

    fn withdrawn(&self) -> bool {
        self.state.status == Status::Withdrawn
    }

    /// Done when the duty was done; dropped if the claim was withdrawn first; else running.
    fn done_or_running(
        &self,
        done_at: Option<DateTime<Utc>>,
    ) -> Option<(DeadlineState, Option<DateTime<Utc>>)> {
        match done_at {
            Some(at) => Some((DeadlineState::Done, Some(at))),
            None if self.withdrawn() => None,
            None => Some((DeadlineState::Running, None)),
        }
    }

    fn first_feedback(&self) -> Option<Deadline> {
        let reported = self.state.reported_at;
        let due_at = reported
            .checked_add_signed(TimeDelta::hours(i64::from(self.rules.first_feedback_hours)))
            .unwrap_or(reported);
        let (state, done_at) = self.done_or_running(self.state.accepted_at)?;
        Some(Deadline {
            kind: DeadlineKind::FirstFeedback,
            due_on: china_date(due_at),
            due_at: Some(due_at),
            state,
            done_at,
            provisional: false,
        })
    }

    fn documents(&self) -> Option<Deadline> {
        let request = self.state.requests.last()?;
        let due_on = request.slots.iter().map(|s| s.due_on).min()?;
        let done_at = self
            .state
            .documents_complete_at
            .filter(|at| *at >= request.at);
        let (state, done_at) = self.done_or_running(done_at)?;
        if state == DeadlineState::Running && self.state.status != Status::DocumentsRequested {
            return None;
        }
        Some(self.deadline(
            DeadlineKind::Documents,
            china_date(request.at),
            due_on,
            (state, done_at),
        ))
    }

    /// Where the decision clocks start: the day the documents were (last) complete.
    fn complete_on(&self) -> Option<NaiveDate> {
        self.state.documents_complete_at.map(china_date)
    }

    /// Done at `done_at`; paused while documents are missing again; dropped when withdrawn.
    fn after_complete(
        &self,
        done_at: Option<DateTime<Utc>>,
    ) -> Option<(DeadlineState, Option<DateTime<Utc>>)> {
        match self.done_or_running(done_at)? {
            (DeadlineState::Running, _) if self.state.status == Status::DocumentsRequested => {
                Some((DeadlineState::Paused, None))
            }
            other => Some(other),
        }
    }

    fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.state.decision.as_ref().map(|d| d.at)
    }

    fn simple_payment(&self) -> Option<Deadline> {
        if self.state.complexity != Complexity::Simple {
            return None;
        }
        let from = self.complete_on()?;
        let due = calendar_days(
            from,
            self.rules.simple_payment_days,
            self.rules,
            self.calendar,
        );
        // A refusal ends the target at the decision; a payment meets it.
        let refused = self
            .state
            .decision
            .as_ref()
            .filter(|d| !d.result.pays())
            .map(|d| d.at);
        let done = self.state.payment.as_ref().map(|p| p.at).or(refused);
        Some(self.deadline(
            DeadlineKind::SimplePayment,
            from,
            due,
            self.after_complete(done)?,
        ))
    }

    fn complex_opinion(&self) -> Option<Deadline> {
        if self.state.complexity != Complexity::Complex {
            return None;
        }
        let from = self.complete_on()?;
        let due = self
            .calendar
            .add_working_days(from, self.rules.complex_opinion_working_days);
        Some(self.deadline(
            DeadlineKind::ComplexOpinion,
            from,
            due,
            self.after_complete(self.decided_at())?,
        ))
    }

    fn decision(&self) -> Option<Deadline> {
        let from = self.complete_on()?;
        let due = calendar_days(from, self.rules.decision_days, self.rules, self.calendar);
        Some(self.deadline(
            DeadlineKind::Decision,
            from,
            due,
            self.after_complete(self.decided_at())?,
        ))
    }

    fn advance_payment(&self) -> Option<Deadline> {
        let from = self.complete_on()?;
        let due = calendar_days(
            from,
            self.rules.advance_payment_days,
            self.rules,
            self.calendar,
        );
        // Met by an advance, or made moot by a decision that fixes the amount in time.
        let advance = self.state.advances.first().map(|a| a.at);
        let done = match (advance, self.decided_at()) {
            (Some(a), Some(d)) => Some(a.min(d)),
            (a, d) => a.or(d),
        };
        Some(self.deadline(
            DeadlineKind::AdvancePayment,
            from,
            due,
            self.after_complete(done)?,
        ))
    }

    fn refusal_notice(&self) -> Option<Deadline> {
        let decision = self.state.decision.as_ref()?;
        if decision.result != DecisionResult::Refused {
            return None;
        }
        let from = china_date(decision.at);
        let due = calendar_days(
            from,
            self.rules.refusal_notice_days,
            self.rules,
            self.calendar,
        );
        Some(self.deadline(
            DeadlineKind::RefusalNotice,
            from,
            due,
            self.done_or_running(self.state.refusal_notified_at)?,
        ))
    }

    fn payment(&self) -> Option<Deadline> {
        let decision = self.state.decision.as_ref()?;
        if !decision.result.pays() {
            return None;
        }
        let from = china_date(decision.at);
        let due = calendar_days(from, self.rules.payment_days, self.rules, self.calendar);
        let paid = self.state.payment.as_ref().map(|p| p.at);
        Some(self.deadline(
            DeadlineKind::Payment,
            from,
            due,
            self.done_or_running(paid)?,
        ))
    }
}

#[cfg(test)]
mod tests;
