//! What every handler can reach.

use std::sync::Arc;

use object_store::ObjectStore;

use crate::claims::ClaimSettings;
use crate::complaints::ComplaintSettings;
use crate::config::Config;
use crate::db::Db;
use crate::notify::Notifier;
use crate::surveys::SurveySettings;
use crate::web::WebApp;

/// The shared state of the server; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The settings.
    pub config: Arc<Config>,
    /// The outbox's channels and dispatcher, the live hub, and the way login codes go.
    pub notify: Arc<Notifier>,
    /// The built web app, loaded at start.
    pub web: Arc<WebApp>,
    /// Where uploaded documents are kept (`PORTAL_DATA_DIR/files` by default).
    pub files: Arc<dyn ObjectStore>,
    /// The published complaint channels and the complaint clock's settings.
    pub complaints: Arc<ComplaintSettings>,
    /// The claim checklists, the claim clock's settings and the document link key.
    pub claims: Arc<ClaimSettings>,
    /// The survey definitions and timing, and the survey link key.
    pub surveys: Arc<SurveySettings>,
}
