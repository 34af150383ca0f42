//! Live updates: new notices pushed to the person's open pages (`GET /api/v1/inbox/stream`).

/// The hub the open event streams listen to.
#[derive(Debug, Default)]
pub struct Live {}
