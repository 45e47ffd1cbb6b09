//! SQLite: one file, WAL so readers run beside the writer,
//! `synchronous=FULL` so a commit survives power loss (a submission must),
//! and submissions group-committed by one writer task.

mod applications;
mod attempts;
mod catalog;
mod citizen;
mod drafts;
mod in_transaction;
mod issuing;
mod materials;
mod notifications;
mod period;
mod queue;
mod ratings;
mod review;
mod staff;
mod supervision;
mod trips;
mod window;

use crate::errors::{migration, storage};
use async_trait::async_trait;
use hall::ports::StorageHealth;
use hall::StorageError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    /// Submissions go through one writer task that commits them in groups.
    writer: tokio::sync::mpsc::Sender<applications::SubmitJob>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and brings its schema
    /// up to date.
    pub async fn open(path: &Path) -> Result<Self, StorageError> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| storage(sqlx::Error::Io(e)))?;
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
            .await
            .map_err(storage)?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&pool)
            .await
            .map_err(migration)?;
        let (writer, jobs) = tokio::sync::mpsc::channel(4096);
        tokio::spawn(applications::run_writer(pool.clone(), jobs));
        Ok(Self { pool, writer })
    }
}

/// An application's public columns from `applications a`, its matters
/// comma-joined in the order applied for (read by crate::rows).
const APPLICATION_COLUMNS: &str = "number, status, applicant_masked, submitted_at_us, promised_by,
    (SELECT group_concat(matter_code, ',' ORDER BY position, matter_code)
     FROM application_matters m WHERE m.number = a.number) AS matters";

/// One process owns the file: nothing to order at start-up.
async fn lock_catalog(_: &mut sqlx::SqliteConnection) -> Result<(), sqlx::Error> {
    Ok(())
}

#[async_trait]
impl StorageHealth for SqliteStore {
    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
