//! The per-case facts the KPIs aggregate, worked out from a step's events and the state after
//! them, and written in the step's transaction: who handled the case, when a complaint was
//! decided and whether each of its deadlines was met (portal-core's complaint clock, as of the
//! day of the step that settled it), when a claim was paid.

use portal_core::calendar::WorkingCalendar;
use portal_core::claim;
use portal_core::complaint::clock::{ComplaintClock, DeadlineKind, china_date};
use portal_core::complaint::{self, ComplaintRules, ComplaintState};

/// What one complaint step settled; `None` leaves a column as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComplaintFacts {
    /// The staff member who took the first decision (replaces any earlier handler).
    pub decider: Option<i64>,
    /// The staff member who ended the case without a decision (kept only if none is set).
    pub closer: Option<i64>,
    /// When the first decision was taken.
    pub decided_at: Option<i64>,
    /// Whether the materials notice was sent in time.
    pub notice_met: Option<bool>,
    /// Whether it was accepted (or not accepted) in time.
    pub acceptance_met: Option<bool>,
    /// Whether the first decision was in time.
    pub decision_met: Option<bool>,
}

/// The facts a complaint step settles.
pub fn complaint(
    rules: &ComplaintRules,
    calendar: &WorkingCalendar,
    next: &ComplaintState,
    events: &[complaint::Event],
    staff_id: Option<i64>,
) -> ComplaintFacts {
    use complaint::Change;
    let mut facts = ComplaintFacts::default();
    let Some(last) = events.last() else {
        return facts;
    };
    let clock = ComplaintClock::of(next, rules, calendar, china_date(last.at));
    let met = |kind| clock.get(kind).and_then(|d| d.met());
    for event in events {
        match &event.change {
            Change::MaterialsRequested { .. } => {
                facts.notice_met = met(DeadlineKind::SupplementNotice);
            }
            Change::Accepted => facts.acceptance_met = met(DeadlineKind::Acceptance),
            Change::NotAccepted { .. } => {
                facts.acceptance_met = met(DeadlineKind::Acceptance);
                facts.closer = staff_id;
            }
            Change::Decided {
                after_review: false,
                ..
            } => {
                facts.decision_met = met(DeadlineKind::Decision);
                facts.decided_at = Some(event.at.timestamp());
                facts.decider = staff_id;
            }
            Change::Closed | Change::Withdrawn { .. } => facts.closer = staff_id,
            _ => {}
        }
    }
    facts
}

/// Writes what a complaint step settled.
pub async fn write_complaint(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    facts: &ComplaintFacts,
) -> sqlx::Result<()> {
    if *facts == ComplaintFacts::default() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE complaints SET \
            handler_id = COALESCE(?, handler_id, ?), \
            decided_at = COALESCE(?, decided_at), \
            notice_met = COALESCE(?, notice_met), \
            acceptance_met = COALESCE(?, acceptance_met), \
            decision_met = COALESCE(?, decision_met) \
         WHERE id = ?",
    )
    .bind(facts.decider)
    .bind(facts.closer)
    .bind(facts.decided_at)
    .bind(facts.notice_met)
    .bind(facts.acceptance_met)
    .bind(facts.decision_met)
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

/// What one claim step settled; `None` leaves a column as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimFacts {
    /// The staff member who decided (核定) (replaces any earlier handler).
    pub decider: Option<i64>,
    /// The staff member who ended the claim without a decision (kept only if none is set).
    pub closer: Option<i64>,
    /// When the final payment was made.
    pub paid_at: Option<i64>,
}

/// The facts a claim step settles.
pub fn claim(events: &[claim::Event], staff_id: Option<i64>) -> ClaimFacts {
    use claim::machine::Change;
    let mut facts = ClaimFacts::default();
    for event in events {
        match &event.change {
            Change::Decided { .. } => facts.decider = staff_id,
            Change::Paid { .. } => {
                facts.paid_at = Some(event.at.timestamp());
                facts.closer = staff_id;
            }
            Change::RefusalNotified { .. } | Change::Withdrawn { .. } => facts.closer = staff_id,
            _ => {}
        }
    }
    facts
}

/// Writes what a claim step settled.
pub async fn write_claim(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    facts: &ClaimFacts,
) -> sqlx::Result<()> {
    if *facts == ClaimFacts::default() {
        return Ok(());
    }
    sqlx::query(
        "UPDATE claims SET handler_id = COALESCE(?, handler_id, ?), \
                           paid_at = COALESCE(?, paid_at) WHERE id = ?",
    )
    .bind(facts.decider)
    .bind(facts.closer)
    .bind(facts.paid_at)
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}
