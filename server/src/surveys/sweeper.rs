//! The survey sweeper: sends the one reminder of each invitation still unanswered after
//! `reminder_after_days`, and marks open invitations past their expiry expired. Every step reads
//! its work from the database and writes it with a guarded update, so any replica may run it and
//! two overlapping runs send each reminder once.

use crate::db::{self, surveys};
use crate::state::AppState;

use super::invite::{CaseRef, notify};

/// Reminders sent per run at most (the rest go in the next run).
const BATCH: i64 = 500;
const DAY: i64 = 24 * 3600;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// Reminder notices sent.
    pub reminded: usize,
    /// Invitations that expired.
    pub expired: u64,
}

/// One run of the sweeper at `now` (unix seconds).
pub async fn sweep(app: &AppState, now: i64) -> sqlx::Result<SweepReport> {
    let timing = app.surveys.config.timing;
    let sent_before = now - i64::from(timing.reminder_after_days) * DAY;
    let mut report = SweepReport::default();
    for invitation in surveys::reminders_due(&app.db, sent_before, now, BATCH).await? {
        let mut tx = app.db.begin().await?;
        // The guard is the first statement: it takes the write lock, and only one run sets it.
        if !surveys::mark_reminded(&mut tx, invitation.id, invitation.token_version, now).await? {
            continue;
        }
        let case = CaseRef {
            kind: invitation.case_kind,
            id: invitation.case_id,
            number: &invitation.case_number,
            policyholder_id: invitation.policyholder_id,
        };
        notify(
            &mut tx,
            &app.notify.routing,
            case,
            invitation.id,
            invitation.expires_at,
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        app.notify.wake.notify_one();
        report.reminded += 1;
    }
    report.expired = surveys::expire_due(&app.db, now).await?;
    Ok(report)
}

/// Runs the sweeper every `PORTAL_SURVEY_SWEEP_SECS`, for ever.
pub async fn sweep_forever(app: AppState) {
    let mut tick = tokio::time::interval(app.config.survey_sweep);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match sweep(&app, db::now()).await {
            Ok(done) if done != SweepReport::default() => tracing::info!(?done, "survey sweep"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "survey sweep failed"),
        }
    }
}
