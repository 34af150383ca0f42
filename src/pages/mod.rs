//! One module per screen.

mod channels;
pub mod claims;
mod complaint;
mod complaint_form;
mod complaints;
mod home;
mod inbox;
mod login;
mod not_found;
mod policies;
mod policy;
mod settings;
pub mod survey;

pub use channels::ChannelsPage;
pub use complaint::{ComplaintPage, ReceiptPage};
pub use complaint_form::NewComplaintPage;
pub use complaints::ComplaintsPage;
pub use home::HomePage;
pub use inbox::InboxPage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use policies::PoliciesPage;
pub use policy::PolicyPage;
pub use settings::SettingsScreens;
pub use survey::{SurveyLinkPage, SurveyPage};
