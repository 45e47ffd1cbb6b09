//! The hall's storage ports ([`hall::ports`]) on two databases: SQLite
//! (embedded default: WAL, `synchronous=FULL`, group commit) and
//! PostgreSQL (several servers on one database). Each has its own
//! migrations; the same conformance suite runs against both.

mod applications;
mod attempts;
mod catalog;
mod citizen;
mod drafts;
mod errors;
pub mod files;
mod in_transaction;
mod issuing;
mod materials;
mod notifications;
mod period;
pub mod postgres;
mod queue;
mod ratings;
mod review;
mod rows;
pub mod sqlite;
mod staff;
mod supervision;
mod trips;
mod window;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

use hall::{Storage, StorageError};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the data lives, from `database.url`: a file path or
/// `sqlite://path` → SQLite; `postgres://…` or `postgresql://…` → PostgreSQL.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("database.url is empty".into());
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            return match path {
                "" => Err("sqlite:// needs a file path".into()),
                p => Ok(Self::Sqlite(PathBuf::from(p))),
            };
        }
        if url.contains("://") {
            return Err(format!(
                "database.url: unknown scheme in {:?} (use a file path, sqlite://… or postgres://…)",
                url.split("://").next().unwrap_or_default()
            ));
        }
        Ok(Self::Sqlite(PathBuf::from(url)))
    }
}

/// Never prints a PostgreSQL password.
impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(p) => write!(f, "sqlite:{}", p.display()),
            Self::Postgres(url) => {
                let host = url.rsplit('@').next().unwrap_or(url);
                let host = host
                    .trim_start_matches("postgres://")
                    .trim_start_matches("postgresql://");
                write!(f, "postgres://…@{host}")
            }
        }
    }
}

/// Opens the database (creating and migrating as needed).
pub async fn connect(
    url: &DatabaseUrl,
    max_connections: u32,
) -> Result<Arc<dyn Storage>, StorageError> {
    Ok(match url {
        DatabaseUrl::Sqlite(path) => Arc::new(SqliteStore::open(path).await?),
        DatabaseUrl::Postgres(url) => Arc::new(PostgresStore::open(url, max_connections).await?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("data/hall.db"),
            Ok(DatabaseUrl::Sqlite("data/hall.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/hall.db"),
            Ok(DatabaseUrl::Sqlite("/var/lib/hall.db".into()))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://hall:pw@db:5432/hall"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse(" ").is_err());
        let shown = format!(
            "{:?}",
            DatabaseUrl::parse("postgres://hall:secret@db:5432/hall").unwrap()
        );
        assert!(!shown.contains("secret"), "{shown}");
    }
}

/// Runs each named `async fn(Arc<dyn Storage>)` of the calling module as
/// a test on SQLite and on PostgreSQL (`mod on_sqlite`, `mod on_postgres`).
#[cfg(feature = "testing")]
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(store::testing::sqlite_storage().await).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(store::testing::postgres_storage().await).await;
                }
            )*
        }
    };
}

/// For tests of this crate and its users: a fresh, empty database on the
/// throwaway PostgreSQL cluster named by `HALL_TEST_POSTGRES_URL` (started
/// by `scripts/with-postgres.sh`, which the test command runs).
#[cfg(feature = "testing")]
pub mod testing {
    use sqlx::Connection;

    pub const POSTGRES_URL_VAR: &str = "HALL_TEST_POSTGRES_URL";

    /// The URL of a new database; panics with what to do when there is no
    /// cluster (a test that silently skipped PostgreSQL would prove nothing).
    pub async fn fresh_postgres_database() -> String {
        let admin = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
            panic!(
                "{POSTGRES_URL_VAR} is not set: run the tests through scripts/test.sh or \
                 scripts/with-postgres.sh (it starts a throwaway PostgreSQL)"
            )
        });
        let name = format!("hall_test_{:032x}", rand_bits());
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("connect to the test cluster");
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create a test database");
        conn.close().await.ok();
        match admin.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("{POSTGRES_URL_VAR} has no database part"),
        }
    }

    /// A new SQLite store in a new directory under the system's temporary
    /// one (left for the OS to clear, as a failed test's evidence).
    pub async fn sqlite_storage() -> std::sync::Arc<dyn hall::Storage> {
        let dir = std::env::temp_dir().join(format!("hall_test_{:032x}", rand_bits()));
        std::sync::Arc::new(
            crate::SqliteStore::open(&dir.join("hall.db"))
                .await
                .expect("open a test SQLite store"),
        )
    }

    /// A new PostgreSQL store on a fresh database of the test cluster.
    pub async fn postgres_storage() -> std::sync::Arc<dyn hall::Storage> {
        let url = fresh_postgres_database().await;
        std::sync::Arc::new(
            crate::PostgresStore::open(&url, 8)
                .await
                .expect("open a test PostgreSQL store"),
        )
    }

    /// The shipped demo catalog's departments and matters, parsed (the
    /// server's loader checks the files; tests only need them to parse).
    pub fn demo_catalog() -> domain::catalog::Catalog {
        use domain::catalog::{Catalog, Department, Matter};
        #[derive(serde::Deserialize)]
        struct Departments {
            department: Vec<Department>,
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog");
        let read = |p: std::path::PathBuf| std::fs::read_to_string(p).unwrap();
        let departments: Departments = toml::from_str(&read(dir.join("departments.toml"))).unwrap();
        let mut paths: Vec<_> = std::fs::read_dir(dir.join("matters"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let matters: Vec<Matter> = paths
            .into_iter()
            .map(|p| toml::from_str(&read(p)).unwrap())
            .collect();
        Catalog::new(departments.department, matters, vec![]).unwrap()
    }

    fn rand_bits() -> u128 {
        use std::hash::{BuildHasher, Hasher};
        // Distinct per call and process: two hashes with fresh random keys.
        let a = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let b = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        (u128::from(a) << 64) | u128::from(b)
    }
}
