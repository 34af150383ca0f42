//! The background sweeper: expires unfinished uploads past their time, removes the parts of
//! uploads that are finished or ended, and finishes uploads left full but unjoined (a replica
//! that stopped while joining). It also deletes login codes and code requests older than any
//! limit looks back. Every step reads its work from the database, so any replica may run it, and
//! running it twice does no harm.

use std::time::Duration;

use super::error::TusResult;
use super::flow;
use crate::db;
use crate::routes::auth::otp_retention_secs;
use crate::state::AppState;

/// How often the sweeper runs.
pub const SWEEP_EVERY: Duration = Duration::from_secs(300);
/// An upload full this long without being finished is finished by the sweeper.
const STALLED_AFTER_SECS: i64 = 300;
/// Uploads whose parts are removed per run.
const BATCH: i64 = 200;
/// Old login codes, and old code requests, deleted per run (each).
const OTP_BATCH: i64 = 5000;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sweep {
    /// Uploads that expired.
    pub expired: usize,
    /// Uploads whose parts were removed.
    pub cleaned: usize,
    /// Stalled uploads finished (or rejected).
    pub finished: usize,
    /// Login codes and code requests deleted, past [`otp_retention_secs`].
    pub otp_deleted: u64,
}

/// One run of the sweeper.
pub async fn sweep(app: &AppState) -> TusResult<Sweep> {
    let now = db::now();
    let mut done = Sweep {
        expired: db::tus::expire_due(&app.db, now).await?.len(),
        ..Sweep::default()
    };
    for id in db::tus::with_parts_left(&app.db, BATCH).await? {
        flow::remove_parts(app, &id).await;
        done.cleaned += 1;
    }
    for id in db::tus::stalled(&app.db, now - STALLED_AFTER_SECS).await? {
        if let Some(upload) = db::tus::find(&app.db, &id).await? {
            if let Err(error) = flow::settle(app, upload).await {
                tracing::warn!(%error, id, "could not finish a stalled upload");
            }
            done.finished += 1;
        }
    }
    let keep = otp_retention_secs(&app.config.otp);
    done.otp_deleted = db::otp::delete_before(&app.db, now - keep, OTP_BATCH).await?;
    Ok(done)
}

/// Runs the sweeper every [`SWEEP_EVERY`], for ever.
pub async fn sweep_forever(app: AppState) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match sweep(&app).await {
            Ok(done) if done != Sweep::default() => tracing::info!(?done, "sweep"),
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "sweep failed"),
        }
    }
}
