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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
    use portal_core::complaint::machine::{Command, execute};
    use portal_core::complaint::{Channel, Ctx, DecisionResult, Role};

    use super::*;

    /// An instant in China time, "2026-11-02 10:00".
    fn cst(s: &str) -> DateTime<Utc> {
        (NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap() - TimeDelta::hours(8))
            .and_utc()
    }

    /// Runs the commands on a complaint received at `received`, each at its instant, as the
    /// handler (staff 7) or the complainant; returns the facts of each step.
    fn steps(received: &str, commands: Vec<(&str, Role, Command)>) -> Vec<ComplaintFacts> {
        let rules = ComplaintRules::default();
        let calendar = WorkingCalendar::official();
        let mut state = ComplaintState::registered(cst(received), Channel::Online, None);
        commands
            .into_iter()
            .map(|(at, role, command)| {
                let ctx = Ctx {
                    role,
                    now: cst(at),
                    rules: &rules,
                    calendar,
                };
                let (next, events) = execute(&state, command, &ctx).unwrap();
                let staff = (role != Role::Complainant).then_some(7);
                let facts = complaint(&rules, calendar, &next, &events, staff);
                state = next;
                facts
            })
            .collect()
    }

    fn decide() -> Command {
        Command::Decide {
            result: DecisionResult::Upheld,
            reasons: "按合同处理。".into(),
        }
    }

    #[test]
    fn each_deadline_is_settled_by_its_own_step() {
        // Received Mon 2026-11-02; the notice is due in 5 working days (Mon 11-09), acceptance
        // in 10 working days from the complete materials, the decision in 15 days plus the pause.
        let facts = steps(
            "2026-11-02 10:00",
            vec![
                (
                    "2026-11-04 09:00",
                    Role::Handler,
                    Command::RequestMaterials {
                        items: vec!["保单".into()],
                    },
                ),
                (
                    "2026-11-05 09:00",
                    Role::Complainant,
                    Command::SupplyMaterial {
                        item_id: 1,
                        attachments: vec![],
                        note: String::new(),
                    },
                ),
                ("2026-11-06 09:00", Role::Handler, Command::Accept),
                ("2026-11-06 10:00", Role::Handler, Command::StartHandling),
                ("2026-11-12 10:00", Role::Handler, decide()),
                ("2026-11-13 10:00", Role::Supervisor, Command::Close),
            ],
        );
        assert_eq!(facts[0].notice_met, Some(true));
        assert_eq!(facts[1], ComplaintFacts::default());
        assert_eq!(facts[2].acceptance_met, Some(true));
        assert_eq!(facts[4].decision_met, Some(true));
        assert_eq!(
            facts[4].decided_at,
            Some(cst("2026-11-12 10:00").timestamp())
        );
        assert_eq!(facts[4].decider, Some(7));
        // Closing names the closer, kept only where nobody decided.
        assert_eq!((facts[5].decider, facts[5].closer), (None, Some(7)));
    }

    #[test]
    fn late_steps_are_recorded_as_missed() {
        // The notice on the 6th working day (Tue 11-10), the decision on day 20.
        let facts = steps(
            "2026-11-02 10:00",
            vec![
                (
                    "2026-11-10 09:00",
                    Role::Handler,
                    Command::RequestMaterials {
                        items: vec!["保单".into()],
                    },
                ),
                (
                    "2026-11-10 12:00",
                    Role::Complainant,
                    Command::SupplyMaterial {
                        item_id: 1,
                        attachments: vec![],
                        note: String::new(),
                    },
                ),
                ("2026-11-11 09:00", Role::Handler, Command::Accept),
                ("2026-11-11 10:00", Role::Handler, Command::StartHandling),
                ("2026-11-22 10:00", Role::Handler, decide()),
            ],
        );
        assert_eq!(facts[0].notice_met, Some(false));
        assert_eq!(facts[2].acceptance_met, Some(true));
        // 15 days + the half-day pause (0 calendar days) from 11-02: due 11-17.
        assert_eq!(facts[4].decision_met, Some(false));
    }

    #[test]
    fn a_claim_records_its_decider_and_the_final_payment() {
        use portal_core::claim::machine::Change;
        use portal_core::claim::{Event, Role as ClaimRole};
        use portal_core::policy::Money;
        let event = |change| Event {
            at: cst("2026-11-03 10:00"),
            by: ClaimRole::Handler,
            change,
        };
        let decided = claim(
            &[event(Change::Decided {
                result: portal_core::claim::DecisionResult::Approved,
                amount: Some(Money(100)),
                refusal_reasons: vec![],
                text: String::new(),
            })],
            Some(3),
        );
        assert_eq!((decided.decider, decided.paid_at), (Some(3), None));
        let paid = claim(
            &[event(Change::Paid {
                lines: vec![],
                total: Money(100),
                advance_deducted: Money(0),
                transferred: Money(100),
            })],
            Some(4),
        );
        assert_eq!(paid.paid_at, Some(cst("2026-11-03 10:00").timestamp()));
        assert_eq!((paid.decider, paid.closer), (None, Some(4)));
    }
}
