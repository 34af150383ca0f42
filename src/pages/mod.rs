//! One module per screen.

mod home;
mod login;
mod not_found;
mod policies;
mod policy;

pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use policies::PoliciesPage;
pub use policy::PolicyPage;
