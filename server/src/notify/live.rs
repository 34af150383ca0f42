//! Live updates: new notices pushed to the person's open pages (`GET /api/v1/inbox/stream`).
//!
//! No writer tells the hub anything. One watcher task (started by the first stream) reads the
//! `notices` rows with an id above the last it saw, every [`WATCH_INTERVAL`], and broadcasts
//! `(policyholder, notice id)`; each open stream wakes only for its own person and reads that
//! person's new notices from the table ([`events_after`]). So a notice written by any code path,
//! or by another server on the same database, reaches every stream, and a stream that fell behind
//! the broadcast (lagged) or reconnected (`Last-Event-ID`) catches up from the table: the table
//! is the truth, the broadcast only a wake-up. On PostgreSQL with several replicas each replica
//! runs its own watcher on the shared table (LISTEN/NOTIFY could replace the interval; ids there
//! are not committed in order, so the watcher would re-read a short window behind its last id).

use std::sync::OnceLock;
use std::time::Duration;

use portal_core::Lang;
use portal_core::notify::InboxEvent;
use tokio::sync::{broadcast, watch};

use crate::db::{self, Db};

/// How often the watcher looks for new notices: the most a live page waits for one.
pub const WATCH_INTERVAL: Duration = Duration::from_millis(250);

/// At most this many notices are replayed to a stream that resumes or catches up (the newest
/// ones); a client away for longer reloads its inbox anyway.
pub const MAX_REPLAY: usize = 200;

/// Wake-ups kept for a stream that is slow to read them; past that it catches up from the table.
const BROADCAST_CAPACITY: usize = 1024;

/// A notice was written for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewNotice {
    /// Whose inbox.
    pub policyholder_id: i64,
    /// The notice's id.
    pub id: i64,
}

/// The hub the open event streams listen to.
pub struct Live {
    wake: broadcast::Sender<NewNotice>,
    watcher: OnceLock<()>,
    /// `true` once the server shuts down: every stream ends (a graceful shutdown waits for
    /// open connections, and an event stream never closes by itself).
    closing: watch::Sender<bool>,
}

impl Default for Live {
    fn default() -> Live {
        Live {
            wake: broadcast::channel(BROADCAST_CAPACITY).0,
            watcher: OnceLock::new(),
            closing: watch::Sender::new(false),
        }
    }
}

impl Live {
    /// Listens for new notices (of everyone: the stream keeps its person's). Starts the watcher
    /// on first use, so a server nobody listens to does not poll.
    pub fn subscribe(&self, db: &Db) -> broadcast::Receiver<NewNotice> {
        let receiver = self.wake.subscribe();
        self.watcher.get_or_init(|| {
            tokio::spawn(watch(db.clone(), self.wake.clone()));
        });
        receiver
    }

    /// How many streams listen now.
    pub fn listeners(&self) -> usize {
        self.wake.receiver_count()
    }

    /// Ends every open stream, now and later (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Completes when the server shuts down.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + use<> {
        let mut closing = self.closing.subscribe();
        async move {
            // An error means the hub is gone: closed as well.
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }
}

/// Reads new notice ids and broadcasts them, for ever.
async fn watch(db: Db, wake: broadcast::Sender<NewNotice>) {
    let mut last: Option<i64> = None;
    let mut tick = tokio::time::interval(WATCH_INTERVAL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Some(seen) = last else {
            // Streams read what was there when they opened from the table themselves.
            match sqlx::query_scalar::<_, i64>("SELECT COALESCE(MAX(id), 0) FROM notices")
                .fetch_one(&db)
                .await
            {
                Ok(max) => last = Some(max),
                Err(error) => tracing::warn!(%error, "live updates: cannot read notices"),
            }
            continue;
        };
        let rows: Vec<(i64, i64)> = match sqlx::query_as(
            "SELECT id, policyholder_id FROM notices WHERE id > ? ORDER BY id LIMIT 1000",
        )
        .bind(seen)
        .fetch_all(&db)
        .await
        {
            Ok(rows) => rows,
            Err(error) => {
                tracing::warn!(%error, "live updates: cannot read notices");
                continue;
            }
        };
        for (id, policyholder_id) in rows {
            last = Some(id);
            // No listener is not an error: nobody has a page open.
            let _ = wake.send(NewNotice {
                policyholder_id,
                id,
            });
        }
    }
}

/// The person's notices with an id above `after`, oldest first (at most [`MAX_REPLAY`], the
/// newest), each with the unread count as it was once it arrived (counted back from now).
pub async fn events_after(
    db: &Db,
    policyholder_id: i64,
    after: i64,
    lang: Lang,
) -> sqlx::Result<Vec<InboxEvent>> {
    let limit = i64::try_from(MAX_REPLAY).unwrap_or(i64::MAX);
    let newest_first =
        db::notices::list_between(db, policyholder_id, after, i64::MAX, limit, lang).await?;
    if newest_first.is_empty() {
        return Ok(Vec::new());
    }
    let mut unread = db::notices::unread(db, policyholder_id).await?;
    let mut events = Vec::with_capacity(newest_first.len());
    for notice in newest_first {
        let was_unread = notice.read_at.is_none();
        events.push(InboxEvent { notice, unread });
        if was_unread {
            unread = unread.saturating_sub(1);
        }
    }
    events.reverse();
    Ok(events)
}
