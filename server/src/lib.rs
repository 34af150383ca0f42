//! portal-server: the policyholder portal's REST API under `/api/v1` and its web app.
//!
//! `main.rs` only calls [`serve`]. Tests build an [`AppState`] with [`prepare`] and run the
//! [`app`] on a port of their own with [`run`].

pub mod auth;
pub mod claims;
pub mod complaints;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod files;
pub mod kpi;
pub mod lang;
pub mod middleware;
pub mod notify;
pub mod routes;
pub mod staff;
pub mod state;
pub mod surveys;
pub mod tus;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Request};
use axum::response::Response;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub use config::Config;
pub use state::AppState;

/// Largest accepted JSON body.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Bad configuration.
    #[error("configuration: {0}")]
    Config(#[from] config::ConfigError),
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A complaint settings file could not be read.
    #[error("complaint settings: {0}")]
    Complaints(#[from] complaints::settings::SettingsError),
    /// A claim settings file could not be used.
    #[error("claim settings: {0}")]
    Claims(#[from] claims::settings::ClaimSettingsError),
    /// The survey settings file could not be used.
    #[error("survey settings: {0}")]
    Surveys(#[from] surveys::settings::SurveySettingsError),
    /// The document store could not be opened.
    #[error("document store: {0}")]
    Files(#[from] object_store::Error),
    /// Demo data could not be seeded.
    #[error("demo data: {0}")]
    Seed(#[from] demo::SeedError),
    /// The notice channels could not be set up.
    #[error("notice channels: {0}")]
    Notify(#[from] notify::NotifyConfigError),
    /// The address could not be bound, or serving failed.
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the database (applying migrations), seeds demo data if asked, and loads the web app.
pub async fn prepare(config: Config) -> Result<AppState, StartError> {
    // A survey definition the server cannot use stops the start before the database is touched.
    let mut surveys = surveys::SurveySettings::load(config.surveys_file.as_deref())?;
    let db = db::connect(&config).await?;
    if config.demo && demo::seed(&db, config.demo_history).await? {
        tracing::info!("demo data seeded");
    }
    // Demo accounts exist only while demo mode is on.
    let changed = db::accounts::set_demo_staff_enabled(&db, config.demo, db::now()).await?;
    if changed > 0 {
        tracing::info!(
            accounts = changed,
            enabled = config.demo,
            "demo staff accounts {}",
            if config.demo { "enabled" } else { "disabled" }
        );
    }
    let web = web::WebApp::load(&config.dist_dir);
    let complaints = complaints::ComplaintSettings::load(
        config.channels_file.as_deref(),
        config.complaint_rules_file.as_deref(),
    )?;
    let mut claims = claims::ClaimSettings::load(
        config.claim_checklists_file.as_deref(),
        config.claim_rules_file.as_deref(),
    )?;
    claims.link_key = claims::link::load_key(&db, claims::link::KEY_NAME).await?;
    surveys.link_key = claims::link::load_key(&db, surveys::link::KEY_NAME).await?;
    let files_dir = config.data_dir.join("files");
    std::fs::create_dir_all(&files_dir)?;
    let files = object_store::local::LocalFileSystem::new_with_prefix(&files_dir)?;
    let mut notify = notify::Notifier::load(&config)?;
    notify.email_key = claims::link::load_key(&db, notify::prefs::EMAIL_KEY_NAME).await?;
    let notify = Arc::new(notify);
    if !config.demo && notify.sender(portal_core::notify::Channel::Sms).is_none() {
        tracing::warn!(
            "no SMS gateway is configured ([sms] in PORTAL_NOTIFY_FILE): login codes reach nobody"
        );
    }
    Ok(AppState {
        db,
        config: Arc::new(config),
        notify,
        web: Arc::new(web),
        files: Arc::new(files),
        complaints: Arc::new(complaints),
        claims: Arc::new(claims),
        surveys: Arc::new(surveys),
    })
}

/// The whole HTTP application: API, web app, and the layers every response passes through.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = routes::api().split_for_parts();
    let openapi_json = Arc::new(openapi.to_json().unwrap_or_else(|_| "{}".into()));
    let openapi_path = format!("{}/openapi.json", portal_core::api::API_PREFIX);
    let csp = state.web.content_security_policy();

    let headers = middleware::security_headers(&csp);

    let mut router = api
        .route(
            &openapi_path,
            axum::routing::get(move || {
                let json = Arc::clone(&openapi_json);
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        json.as_str().to_owned(),
                    )
                }
            }),
        )
        .fallback(web::serve)
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn(middleware::api_responses))
        .layer(axum::middleware::from_fn(tus::protocol_headers));
    router = router.layer(axum::middleware::from_fn_with_state(
        headers,
        middleware::security,
    ));
    let request_id = HeaderName::from_static("x-request-id");
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|request: &Request<_>| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("");
                        tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
                    })
                    .on_request(())
                    .on_response(|response: &Response, latency: Duration, _: &Span| {
                        // One line per request costs a third of the hot path's throughput, so the
                        // access log is opt-in: PORTAL_LOG=info,portal_server::access=debug.
                        tracing::debug!(
                            target: "portal_server::access",
                            status = response.status().as_u16(),
                            micros = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX),
                            "served"
                        );
                    }),
            )
            .layer(PropagateRequestIdLayer::new(request_id)),
    )
}

/// Serves the application on a bound listener until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let sweeper = tokio::spawn(tus::sweep_forever(state.clone()));
    let survey_sweeper = tokio::spawn(surveys::sweep_forever(state.clone()));
    // Open event streams end with the server, or the graceful shutdown would wait for them.
    let notify = Arc::clone(&state.notify);
    let shutdown = async move {
        shutdown.await;
        notify.live.close();
    };
    let served = axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    sweeper.abort();
    survey_sweeper.abort();
    served
}

/// Starts the server as configured and runs it until SIGINT or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let addr = config.addr;
    let demo = config.demo;
    let state = prepare(config).await?;
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(url = %format!("http://{local}"), demo, "portal listening");
    // The outbox's dispatcher runs beside the server (tests drive `dispatcher::tick` themselves).
    let dispatcher = tokio::spawn(notify::dispatcher::run(state.clone()));
    run(listener, state, shutdown_signal()).await?;
    dispatcher.abort();
    tracing::info!("portal stopped");
    Ok(())
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
