//! The service KPIs supervisors see (考核指标), computed in SQL, and the per-case facts they are
//! computed from, written by the step that settles them.

pub mod facts;
pub mod history;
pub mod report;

use portal_core::calendar::WorkingCalendar;

use crate::db::claims::ClaimRow;
use crate::db::complaints::ComplaintRow;
use crate::state::AppState;

/// Called in the transaction of every complaint step, after its events are stored, with the
/// state after them and the staff member who took the step: records the handler, the first
/// decision's time and whether each deadline the step settled was met.
pub async fn after_complaint_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ComplaintRow,
    next: &portal_core::complaint::ComplaintState,
    events: &[portal_core::complaint::Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let facts = facts::complaint(
        &app.complaints.rules,
        WorkingCalendar::official(),
        next,
        events,
        staff_id,
    );
    facts::write_complaint(tx, row.id, &facts).await
}

/// Called in the transaction of every claim step, after its events are stored, with the state
/// after them and the staff member who took the step: records the handler and the final
/// payment's time.
pub async fn after_claim_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ClaimRow,
    next: &portal_core::claim::ClaimState,
    events: &[portal_core::claim::Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let _ = (app, next);
    facts::write_claim(tx, row.id, &facts::claim(events, staff_id)).await
}
