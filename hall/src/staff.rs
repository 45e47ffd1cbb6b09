//! Staff accounts, sign-in and sessions. Passwords are argon2id hashes
//! (RustCrypto's `argon2`), computed off the async threads; sessions live
//! in the database under the SHA-256 of their id; failed sign-ins are
//! counted in the database per name and per client address, so every
//! server behind one database enforces the same limit.

use crate::attempts::AttemptKey;
use crate::ports::{AttemptKind, NewStaffAccount, StaffAccount, StaffSessionRecord, StorageError};
use crate::Hall;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use chrono::{DateTime, Utc};
use domain::audit::{sha256_hex, AuditRecord};
use domain::staff::NewPassword;
use domain::{Actor, DepartmentCode, StaffName, StaffRole};
use std::sync::OnceLock;
use std::time::Duration;

/// How long sessions live and how many wrong passwords are tolerated.
#[derive(Clone, Debug)]
pub struct StaffPolicy {
    /// Signed out after this long without a request.
    pub session_idle: Duration,
    /// Signed out this long after signing in, however busy.
    pub session_absolute: Duration,
    /// The window tries are counted in.
    pub login_window: Duration,
    /// Tries at one name from one client address.
    pub max_failures_per_name: u32,
    /// Tries from one client address, at any names.
    pub max_failures_per_client: u32,
    /// Tries at one name from all addresses together.
    pub max_failures_per_name_everywhere: u32,
}

impl Default for StaffPolicy {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(12 * 3600),
            login_window: Duration::from_secs(15 * 60),
            max_failures_per_name: 5,
            max_failures_per_client: 20,
            max_failures_per_name_everywhere: 50,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// Unknown name or wrong password: one answer for both.
    #[error("wrong name or password")]
    Refused,
    #[error("too many failed sign-ins; retry after {retry_after_secs} s")]
    Throttled { retry_after_secs: u64 },
    #[error("signing in failed")]
    Storage(#[from] StorageError),
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No such session, expired (idle or absolute), or signed out.
    #[error("not signed in")]
    NotSignedIn,
    #[error("reading the session failed")]
    Storage(#[from] StorageError),
}

#[derive(Debug, thiserror::Error)]
pub enum AddStaffError {
    #[error("{0}")]
    Name(#[from] domain::staff::BadStaffName),
    #[error("{0}")]
    Password(#[from] domain::staff::WeakPassword),
    #[error("a reviewer or department head needs at least one department")]
    NoDepartment,
    #[error("only reviewers and department heads are bound to departments")]
    DepartmentNotAllowed,
    #[error("no department {0} in the catalog")]
    UnknownDepartment(String),
    #[error("the name {0} is taken")]
    NameTaken(StaffName),
    #[error("hashing the password failed")]
    Hashing,
    #[error("storing the account failed")]
    Storage(#[from] StorageError),
}

/// A new session: the id goes into the cookie (only its hash is stored).
#[derive(Clone)]
pub struct SignedIn {
    pub session_id: String,
    pub actor: Actor,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("actor", &self.actor.name)
            .finish_non_exhaustive()
    }
}

/// A request's signed-in staff member and their session's CSRF token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSession {
    pub actor: Actor,
    pub csrf_token: String,
    id_sha256: String,
}

impl StaffSession {
    /// Whether a posted CSRF token is this session's (compared through
    /// hashes, so the comparison's time says nothing about the token).
    pub fn csrf_matches(&self, posted: &str) -> bool {
        sha256_hex(posted.as_bytes()) == sha256_hex(self.csrf_token.as_bytes())
    }
}

fn hasher() -> Argon2<'static> {
    // argon2id, 19 MiB, 2 passes, 1 lane: OWASP's recommended minimum.
    Argon2::default()
}

/// Verifying against this when the name is unknown makes an unknown name
/// cost what a wrong password costs.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(b"decoy password, never valid", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Each argon2 computation holds 19 MiB: at most one per core runs at a
/// time, so a burst of sign-ins queues instead of growing memory.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    })
}

async fn hash_password(password: NewPassword) -> Result<String, AddStaffError> {
    let _permit = hashing_permits()
        .acquire()
        .await
        .map_err(|_| AddStaffError::Hashing)?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.expose().as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|_| AddStaffError::Hashing)
    })
    .await
    .map_err(|_| AddStaffError::Hashing)?
}

async fn verify_password(hash: String, password: String) -> bool {
    let Ok(_permit) = hashing_permits().acquire().await else {
        return false;
    };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

fn actor_of(account: &StaffAccount) -> Actor {
    Actor {
        staff_id: account.id,
        name: account.name.clone(),
        display_name: account.display_name.clone(),
        role: account.role,
        departments: account.departments.clone(),
    }
}

impl Hall {
    /// `server staff add`, and demo accounts: a new account (the command
    /// line is the system acting, audited as such).
    pub async fn add_staff(
        &self,
        name: &str,
        display_name: &str,
        role: StaffRole,
        departments: &[String],
        password: &str,
    ) -> Result<StaffName, AddStaffError> {
        let name = StaffName::parse(name)?;
        let password = NewPassword::parse(password)?;
        let departments: Vec<DepartmentCode> = departments
            .iter()
            .map(|d| {
                self.catalog
                    .catalog()
                    .departments
                    .iter()
                    .find(|known| known.code.as_str() == d.trim())
                    .map(|known| known.code.clone())
                    .ok_or_else(|| AddStaffError::UnknownDepartment(d.clone()))
            })
            .collect::<Result<_, _>>()?;
        match (role.needs_departments(), departments.is_empty()) {
            (true, true) => return Err(AddStaffError::NoDepartment),
            (false, false) => return Err(AddStaffError::DepartmentNotAllowed),
            _ => {}
        }
        let now = self.clock.now();
        let new = NewStaffAccount {
            display_name: match display_name.trim() {
                "" => name.to_string(),
                d => d.chars().take(40).collect(),
            },
            name: name.clone(),
            role,
            departments,
            password_hash: hash_password(password).await?,
            created_at: now,
        };
        let audit = AuditRecord::new(now, "system", "system", "add_staff", name.as_str())
            .with_reason(role.as_str());
        match self.storage.add_staff(new, audit).await? {
            Some(_) => {
                tracing::info!(staff = %name, role = %role, "staff account added");
                Ok(name)
            }
            None => Err(AddStaffError::NameTaken(name)),
        }
    }

    /// Checks a name and password; on success a new session (a fresh id
    /// every time: a session id known before signing in is worthless).
    pub async fn sign_in(
        &self,
        name: &str,
        password: &str,
        client: &str,
    ) -> Result<SignedIn, SignInError> {
        let now = self.clock.now();
        let policy = &self.staff_policy;
        // Counted by the name as typed, known or not: the limit says
        // nothing about which names exist.
        let typed = name.trim().to_ascii_lowercase();
        let typed: String = typed.chars().take(64).collect();
        let keys = [
            AttemptKey::new(format!("nc:{typed}|{client}"), policy.max_failures_per_name),
            AttemptKey::new(format!("c:{client}"), policy.max_failures_per_client),
            AttemptKey::new(
                format!("n:{typed}"),
                policy.max_failures_per_name_everywhere,
            ),
        ];
        if let Err(over) = self
            .charge_attempt(AttemptKind::SignIn, &keys, policy.login_window)
            .await?
        {
            tracing::warn!(client, "sign-in throttled");
            return Err(SignInError::Throttled {
                retry_after_secs: over.retry_after_secs,
            });
        }
        let account = match StaffName::parse(&typed) {
            Ok(n) => self.storage.staff_by_name(&n).await?,
            Err(_) => None,
        };
        let hash = account
            .as_ref()
            .map(|a| a.password_hash.clone())
            .unwrap_or_else(|| decoy_hash().to_string());
        let good = verify_password(hash, password.to_string()).await;
        let Some(account) = account.filter(|_| good) else {
            tracing::warn!(client, "sign-in refused");
            return Err(SignInError::Refused);
        };
        // The name's counts start again; the address's stays (it may be
        // trying other names).
        self.clear_attempts(AttemptKind::SignIn, &[&keys[0].key, &keys[2].key])
            .await?;
        let session_id = format!("{:032x}{:032x}", self.ids.bits(), self.ids.bits());
        let record = StaffSessionRecord {
            id_sha256: sha256_hex(session_id.as_bytes()),
            staff_id: account.id,
            csrf_token: format!("{:032x}", self.ids.bits()),
            created_at: now,
            last_seen_at: now,
        };
        let audit = AuditRecord::new(
            now,
            account.name.as_str(),
            account.role.as_str(),
            "sign_in",
            "",
        );
        self.storage.create_session(record, audit).await?;
        tracing::info!(staff = %account.name, role = %account.role, "signed in");
        Ok(SignedIn {
            session_id,
            actor: actor_of(&account),
        })
    }

    /// The session behind a cookie, if it is alive (idle and absolute
    /// limits); each use pushes the idle limit out.
    pub async fn staff_session(&self, session_id: &str) -> Result<StaffSession, SessionError> {
        let now = self.clock.now();
        let id_sha256 = sha256_hex(session_id.as_bytes());
        let Some((session, account)) = self.storage.session(&id_sha256).await? else {
            return Err(SessionError::NotSignedIn);
        };
        let policy = &self.staff_policy;
        let older_than = |at: DateTime<Utc>, limit: Duration| {
            now.signed_duration_since(at)
                .to_std()
                .is_ok_and(|age| age > limit)
        };
        if older_than(session.last_seen_at, policy.session_idle)
            || older_than(session.created_at, policy.session_absolute)
        {
            self.storage.delete_session(&id_sha256).await?;
            return Err(SessionError::NotSignedIn);
        }
        // Writes at most once a minute per session, not on every request.
        if older_than(session.last_seen_at, Duration::from_secs(60)) {
            self.storage.touch_session(&id_sha256, now).await?;
        }
        Ok(StaffSession {
            actor: actor_of(&account),
            csrf_token: session.csrf_token,
            id_sha256,
        })
    }

    pub async fn sign_out(&self, session: &StaffSession) -> Result<(), StorageError> {
        self.storage.delete_session(&session.id_sha256).await?;
        tracing::info!(staff = %session.actor.name, "signed out");
        Ok(())
    }

    /// Ends every session of the signed-in account (a lost phone, a
    /// shared desk): returns how many.
    pub async fn sign_out_everywhere(&self, session: &StaffSession) -> Result<u64, StorageError> {
        let actor = &session.actor;
        let audit = AuditRecord::by_staff(self.clock.now(), actor, "sign_out_everywhere", "");
        let n = self
            .storage
            .delete_sessions_of(actor.staff_id, audit)
            .await?;
        tracing::info!(staff = %actor.name, sessions = n, "signed out everywhere");
        Ok(n)
    }
}
