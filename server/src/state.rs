//! What every handler can reach.

use std::sync::Arc;

use crate::auth::sender::OtpSender;
use crate::config::Config;
use crate::db::Db;
use crate::web::WebApp;

/// The shared state of the server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The settings.
    pub config: Arc<Config>,
    /// Where login codes go.
    pub otp_sender: Arc<dyn OtpSender>,
    /// The built web app, loaded at start.
    pub web: Arc<WebApp>,
}
