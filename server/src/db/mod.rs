//! The repository layer: every SQL statement of the server lives under `db/`.

pub mod accounts;
pub mod cases;
pub mod claims;
pub mod complaints;
pub mod deliveries;
pub mod idempotency;
pub mod notices;
pub mod otp;
pub mod policies;
pub mod receipts;
pub mod sessions;
pub mod surveys;
pub mod tus;
pub mod uploads;

use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Config;

/// The database pool the handlers share.
pub type Db = SqlitePool;

/// Seconds since the Unix epoch: every time in the database is stored this way.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Opens (creating if missing) the database and applies the embedded migrations.
pub async fn connect(config: &Config) -> Result<Db, sqlx::Error> {
    std::fs::create_dir_all(&config.data_dir)?;
    let options = SqliteConnectOptions::from_str(&config.database_url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .statement_cache_capacity(256);
    if let Some(parent) = options.get_filename().parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)?;
    }
    // SQLite runs one worker thread per connection; a few per core keeps reads parallel in WAL
    // mode without thrashing. All connections are opened up front: none is made on a hot path.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let size = u32::try_from((cores * 2).clamp(4, 16)).unwrap_or(4);
    let pool = SqlitePoolOptions::new()
        .max_connections(size)
        .min_connections(size)
        .acquire_timeout(Duration::from_secs(10))
        // A ping before every acquire would double the round trips to the SQLite worker threads;
        // a local file does not drop connections the way a network database can.
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Whether the database answers.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(db).await.map(|_| ())
}
