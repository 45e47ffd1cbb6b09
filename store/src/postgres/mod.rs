//! PostgreSQL: for a province's hall, several server processes on one
//! database. No writer task: each submission is one short transaction
//! whose `INSERT … ON CONFLICT DO NOTHING` makes the submission key decide
//! between concurrent twins, and PostgreSQL groups the WAL flushes of
//! concurrent commits itself.

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
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects and brings the schema up to date (migrations take an
    /// advisory lock: several servers starting at once is safe).
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, StorageError> {
        let options = PgConnectOptions::from_str(url).map_err(storage)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            // A request waits at most this long for a connection, then 503.
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(storage)?;
        sqlx::migrate!("./migrations/postgres")
            .run(&pool)
            .await
            .map_err(migration)?;
        Ok(Self { pool })
    }
}

/// An application's public columns from `applications a`, its matters
/// comma-joined in the order applied for (read by crate::rows).
const APPLICATION_COLUMNS: &str = "number, status, applicant_masked, submitted_at_us, promised_by,
    (SELECT string_agg(matter_code, ',' ORDER BY position, matter_code)
     FROM application_matters m WHERE m.number = a.number) AS matters";

/// Several servers starting together: one replaces the catalog at a time.
async fn lock_catalog(tx: &mut sqlx::PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("LOCK TABLE departments, matters IN EXCLUSIVE MODE")
        .execute(tx)
        .await
        .map(|_| ())
}

#[async_trait]
impl StorageHealth for PostgresStore {
    async fn ping(&self) -> Result<(), StorageError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(storage)?;
        Ok(())
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}
