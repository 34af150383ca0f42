//! Pieces shared by several screens.

mod actions;
mod channels;
mod deadlines;
mod fact;
mod field_error;
mod filing;
mod header;
mod localized;
mod record;
mod require_login;
mod states;
mod status_badge;
mod survey_card;
mod timeline;
mod upload;
pub mod uploader;

pub use actions::{Confirm, FormError, WithReason, confirm_step, failure_of, reason_step};
pub use channels::Channels;
pub use deadlines::{DeadlineList, ListedDeadline, NextDeadline, RunningDeadline};
pub use fact::Fact;
pub use field_error::{error_slot, error_testid};
pub use filing::{Filing, KeptDraft, Kind, TextInput, select_input, text_input, urgent_toggle};
pub use header::Header;
pub use localized::Localized;
pub use record::{NotFound, use_record};
pub use require_login::RequireLogin;
pub use states::{EmptyState, ErrorState, Loaded, Loading};
pub use status_badge::StatusBadge;
pub use survey_card::SurveyCard;
pub use timeline::{Step, Timeline};
pub use upload::{Slot, Uploads, upload_slot};
