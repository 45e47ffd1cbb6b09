//! Persistence behind one type, [`Store`]. SQLite is the embedded default;
//! the same methods are what a PostgreSQL backend will implement.

mod applications;
mod catalog;
mod drafts;

pub use applications::{ApplicationRecord, NewApplication, SubmitOutcome};
pub use drafts::{DraftRecord, NewDraft};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the same submission key was used with different content")]
    KeyReusedWithDifferentPayload,
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
    /// Submissions go through one writer task that commits them in groups.
    writer: tokio::sync::mpsc::Sender<applications::SubmitJob>,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema
    /// up to date. WAL lets readers run beside the writer; synchronous=FULL
    /// makes a commit survive power loss, which a submission must.
    pub async fn open_sqlite(path: &Path) -> Result<Self, StoreError> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Database(sqlx::Error::Io(e)))?;
            }
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        let (writer, jobs) = tokio::sync::mpsc::channel(4096);
        tokio::spawn(applications::run_writer(pool.clone(), jobs));
        Ok(Self { pool, writer })
    }

    /// For `/healthz`: the database answers a query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
