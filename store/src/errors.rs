//! sqlx errors as the ports' [`StorageError`], and unique violations by the
//! constraint they broke.

use hall::StorageError;

/// The unique constraints the stores react to (others are plain failures).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unique {
    ApplicationNumber,
    SubmissionKey,
    ResumeCode,
}

impl Unique {
    /// PostgreSQL reports the constraint's name (named in the migrations);
    /// SQLite only says `UNIQUE constraint failed: table.column`, so the
    /// column stands for the name there.
    pub(crate) fn of(e: &sqlx::Error) -> Option<Self> {
        let sqlx::Error::Database(db) = e else {
            return None;
        };
        if !db.is_unique_violation() {
            return None;
        }
        let name = db.constraint().map(str::to_string).or_else(|| {
            db.message()
                .strip_prefix("UNIQUE constraint failed: ")
                .map(str::to_string)
        })?;
        match name.as_str() {
            "applications_pkey" | "applications.number" => Some(Self::ApplicationNumber),
            "applications_submission_key_key" | "applications.submission_key" => {
                Some(Self::SubmissionKey)
            }
            "drafts_resume_code_key" | "drafts.resume_code" => Some(Self::ResumeCode),
            _ => None,
        }
    }
}

/// Connection trouble is "unavailable" (503, retry); the rest is a failure.
pub(crate) fn storage(e: sqlx::Error) -> StorageError {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_) => StorageError::Unavailable(Box::new(e)),
        // PostgreSQL class 08 (connection exception) and 57P (operator
        // intervention: shutdown, restart) — the server went away.
        sqlx::Error::Database(ref db)
            if db
                .code()
                .is_some_and(|c| c.starts_with("08") || c.starts_with("57P")) =>
        {
            StorageError::Unavailable(Box::new(e))
        }
        other => StorageError::Database(Box::new(other)),
    }
}

pub(crate) fn migration(e: sqlx::migrate::MigrateError) -> StorageError {
    StorageError::Database(Box::new(e))
}

pub(crate) fn corrupt(what: impl Into<String>) -> StorageError {
    StorageError::Corrupt(what.into())
}

pub(crate) fn json<T: serde::Serialize>(value: &T) -> Result<String, StorageError> {
    serde_json::to_string(value).map_err(|e| corrupt(format!("cannot encode: {e}")))
}
