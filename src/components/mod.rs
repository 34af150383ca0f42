//! Pieces shared by several screens.

mod header;
mod require_login;
mod states;
mod status_badge;

pub use header::Header;
pub use require_login::RequireLogin;
pub use states::{EmptyState, ErrorState, Loading};
pub use status_badge::StatusBadge;
