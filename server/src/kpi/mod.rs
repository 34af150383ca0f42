//! The service KPIs supervisors see (考核指标), computed in SQL, and the per-case facts they are
//! computed from, written by the step that settles them.

use crate::db::claims::ClaimRow;
use crate::db::complaints::ComplaintRow;
use crate::state::AppState;

/// Called in the transaction of every complaint step, after its events are stored, with the
/// state after them and the staff member who took the step.
pub async fn after_complaint_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ComplaintRow,
    next: &portal_core::complaint::ComplaintState,
    events: &[portal_core::complaint::Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let _ = (tx, app, row, next, events, staff_id);
    Ok(())
}

/// Called in the transaction of every claim step, after its events are stored, with the state
/// after them and the staff member who took the step.
pub async fn after_claim_step(
    tx: &mut sqlx::SqliteConnection,
    app: &AppState,
    row: &ClaimRow,
    next: &portal_core::claim::ClaimState,
    events: &[portal_core::claim::Event],
    staff_id: Option<i64>,
) -> sqlx::Result<()> {
    let _ = (tx, app, row, next, events, staff_id);
    Ok(())
}
