//! Typed configuration: embedded defaults, then an optional file, then
//! environment variables. A value that does not parse stops start-up with
//! the name of the setting.

use serde::Deserialize;
use std::path::PathBuf;

#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub catalog: CatalogSettings,
    pub calendar: CalendarSettings,
    pub site: SiteSettings,
    pub log: LogSettings,
    pub drafts: DraftSettings,
    pub kiosk: KioskSettings,
    pub limits: LimitSettings,
    pub staff: StaffSettings,
    pub security: SecuritySettings,
    pub issuing: IssuingSettings,
    pub files: FileSettings,
    pub notifications: NotificationSettings,
    pub my_applications: MyApplicationsSettings,
    pub supervision: SupervisionSettings,
    pub queue: QueueSettings,
}

/// 统一出件: the seal's key file, the pickup tokens' key and lifetime.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuingSettings {
    pub seal_key_file: PathBuf,
    pub pickup_key: String,
    pub pickup_days: u16,
    pub issuer_zh: String,
    pub issuer_en: String,
    /// Where results are handed over (送达地点 on the 送达回证).
    pub window_zh: String,
    pub window_en: String,
}

/// Never prints the pickup key.
impl std::fmt::Debug for IssuingSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuingSettings")
            .field("seal_key_file", &self.seal_key_file)
            .field(
                "pickup_key",
                &if self.pickup_key.is_empty() {
                    "(unset)"
                } else {
                    "(set)"
                },
            )
            .field("pickup_days", &self.pickup_days)
            .finish_non_exhaustive()
    }
}

/// Uploaded materials: where their bytes go and what an upload may be.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub backend: FileBackend,
    pub dir: PathBuf,
    pub s3_endpoint: String,
    pub s3_bucket: String,
    pub s3_region: String,
    pub s3_access_key_id: String,
    pub s3_secret_access_key: String,
    pub max_file_mb: u32,
    pub max_application_mb: u32,
    pub max_files_per_material: u32,
    pub max_image_megapixels: u32,
    pub handoff_minutes: u32,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FileBackend {
    Local,
    S3,
}

/// Never prints the secret key.
impl std::fmt::Debug for FileSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileSettings")
            .field("backend", &self.backend)
            .field("dir", &self.dir)
            .field("s3_endpoint", &self.s3_endpoint)
            .field("s3_bucket", &self.s3_bucket)
            .finish_non_exhaustive()
    }
}

impl FileSettings {
    pub fn limits(&self) -> Result<domain::material_file::FileLimits, String> {
        const MB: u64 = 1024 * 1024;
        if self.max_file_mb == 0 || self.max_application_mb < self.max_file_mb {
            return Err(
                "files.max_file_mb must be at least 1 and at most files.max_application_mb".into(),
            );
        }
        if self.max_files_per_material == 0
            || self.max_image_megapixels == 0
            || self.handoff_minutes == 0
        {
            return Err("files.max_files_per_material, max_image_megapixels and handoff_minutes must be at least 1".into());
        }
        Ok(domain::material_file::FileLimits {
            bytes_per_file: u64::from(self.max_file_mb) * MB,
            bytes_per_application: u64::from(self.max_application_mb) * MB,
            files_per_material: self.max_files_per_material,
            pixels_per_image: u64::from(self.max_image_megapixels) * 1_000_000,
        })
    }

    /// The file store this configuration names, or why it cannot be used.
    pub async fn open(&self) -> Result<std::sync::Arc<dyn hall::ports::FileStore>, String> {
        match self.backend {
            FileBackend::Local => store::files::LocalFiles::open(&self.dir)
                .await
                .map(|f| std::sync::Arc::new(f) as _)
                .map_err(|e| format!("files.dir {}: {e}", self.dir.display())),
            FileBackend::S3 => {
                if self.s3_bucket.trim().is_empty() {
                    return Err("files.s3_bucket is not set (backend = \"s3\")".into());
                }
                store::files::S3Files::new(&store::files::S3Settings {
                    endpoint: self.s3_endpoint.trim().to_string(),
                    bucket: self.s3_bucket.trim().to_string(),
                    region: self.s3_region.trim().to_string(),
                    access_key_id: self.s3_access_key_id.trim().to_string(),
                    secret_access_key: self.s3_secret_access_key.trim().to_string(),
                })
                .map(|f| std::sync::Arc::new(f) as _)
                .map_err(|e| format!("files (s3): {e}"))
            }
        }
    }
}

/// Staff sessions and sign-in limits; `demo` creates the demo accounts
/// named in the README at start-up (never set it in production).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffSettings {
    pub session_idle_minutes: u32,
    pub session_absolute_hours: u32,
    pub login_window_minutes: u32,
    pub max_failures_per_name: u32,
    pub max_failures_per_client: u32,
    pub max_failures_per_name_everywhere: u32,
    pub demo: bool,
}

impl StaffSettings {
    pub fn policy(&self) -> hall::StaffPolicy {
        let minutes = |m: u32| std::time::Duration::from_secs(u64::from(m.max(1)) * 60);
        hall::StaffPolicy {
            session_idle: minutes(self.session_idle_minutes),
            session_absolute: minutes(self.session_absolute_hours.max(1) * 60),
            login_window: minutes(self.login_window_minutes),
            max_failures_per_name: self.max_failures_per_name.max(1),
            max_failures_per_client: self.max_failures_per_client.max(1),
            max_failures_per_name_everywhere: self.max_failures_per_name_everywhere.max(1),
        }
    }
}

/// Secrets. Set them through the environment (HALL__SECURITY__ID_KEY), not
/// a file in the repository.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    /// Key of the keyed hashes the breach list is kept by (at least 32
    /// characters). Empty is allowed only in demo mode.
    pub id_key: String,
}

/// Never prints the key.
impl std::fmt::Debug for SecuritySettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecuritySettings")
            .field(
                "id_key",
                &if self.id_key.is_empty() {
                    "(unset)"
                } else {
                    "(set)"
                },
            )
            .finish()
    }
}

/// The breach list's key when none is configured in demo mode: fixed and
/// public, so nothing it protects is real.
pub const DEMO_ID_KEY: &str = "demo-only-id-key-never-use-in-production";

/// The pickup tokens' key in demo mode (public too).
pub const DEMO_PICKUP_KEY: &str = "demo-only-pickup-key-never-use-in-production";

impl Settings {
    /// The breach list's key, or why the server must not start.
    pub fn id_key(&self) -> Result<Vec<u8>, String> {
        match self.security.id_key.trim() {
            "" if self.staff.demo => Ok(DEMO_ID_KEY.as_bytes().to_vec()),
            "" => Err("security.id_key is not set (HALL__SECURITY__ID_KEY, at least 32 characters; or start in demo mode)".into()),
            k if k.len() < 32 => Err("security.id_key must be at least 32 characters".into()),
            k => Ok(k.as_bytes().to_vec()),
        }
    }

    /// The seal (read from its file; in demo mode made once if missing),
    /// the pickup key and the issuer, or why the server must not start.
    pub fn issuing_keys(&self) -> Result<hall::IssuingKeys, String> {
        use hall::issuing::{ElectronicSeal, PickupKey};
        let i = &self.issuing;
        let pickup = match i.pickup_key.trim() {
            "" if self.staff.demo => DEMO_PICKUP_KEY.to_string(),
            "" => return Err("issuing.pickup_key is not set (HALL__ISSUING__PICKUP_KEY, at least 32 characters; or start in demo mode)".into()),
            k if k.len() < 32 => return Err("issuing.pickup_key must be at least 32 characters".into()),
            k => k.to_string(),
        };
        if i.pickup_days == 0 {
            return Err("issuing.pickup_days must be at least 1".into());
        }
        let path = &i.seal_key_file;
        if self.staff.demo && !path.exists() {
            write_new_seal_key(path)?;
            tracing::warn!(file = %path.display(), "demo mode: made a new seal key");
        }
        let pem = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "issuing.seal_key_file {}: {e} (make one with `server seal new {}`)",
                path.display(),
                path.display()
            )
        })?;
        let seal = ElectronicSeal::from_pkcs8_pem(&pem)
            .map_err(|e| format!("issuing.seal_key_file {}: {e}", path.display()))?;
        Ok(hall::IssuingKeys {
            seal: std::sync::Arc::new(seal),
            pickup: PickupKey::new(pickup.as_bytes()),
            pickup_days: i.pickup_days,
            issuer: domain::Localized::new(i.issuer_zh.trim(), i.issuer_en.trim()),
            window: domain::Localized::new(i.window_zh.trim(), i.window_en.trim()),
        })
    }
}

/// Writes a new SM2 seal key (PKCS#8 PEM) readable by its owner only;
/// never over an existing file.
pub fn write_new_seal_key(path: &std::path::Path) -> Result<(), String> {
    use std::io::Write;
    let pem = hall::issuing::ElectronicSeal::generate_pkcs8_pem().map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    file.write_all(pem.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// 电子监察: how often the open work is counted for the desks (0: on every
/// request).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionSettings {
    pub open_work_refresh_seconds: u32,
}

/// 取号叫号: the hall's queue categories.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueSettings {
    pub categories: Vec<QueueCategorySettings>,
    pub booking: BookingSettings,
}

/// 预约: the hall's opening hours cut into slots, the places of a slot per
/// category, and which days may be booked.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingSettings {
    /// `HH:MM`, hall time; `closes` may be `24:00`.
    pub opens: String,
    pub closes: String,
    pub slot_minutes: u16,
    pub places_per_slot: u16,
    pub days_ahead: u16,
    /// Today's slots not yet over may be booked too.
    pub same_day: bool,
    /// The hall opens on days off too (周末不打烊).
    pub every_day: bool,
}

impl BookingSettings {
    pub fn plan(&self) -> Result<domain::queue::SlotPlan, String> {
        domain::queue::SlotPlan::new(
            &self.opens,
            &self.closes,
            self.slot_minutes,
            self.places_per_slot,
            self.days_ahead,
        )
        .map(|p| {
            p.with_same_day(self.same_day)
                .with_every_day(self.every_day)
        })
        .map_err(|e| format!("queue.booking: {e}"))
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueCategorySettings {
    pub letter: String,
    pub zh: String,
    pub en: String,
    /// `front_desk` or `issuing`.
    pub desk: String,
    pub tickets_per_day: u16,
}

impl QueueSettings {
    /// The categories, checked (a letter A–Z once each, both names, a desk
    /// that calls, 1–999 tickets a day).
    pub fn categories(&self) -> Result<domain::queue::QueueCategories, String> {
        let categories = self
            .categories
            .iter()
            .map(|c| {
                Ok(domain::queue::QueueCategory {
                    letter: domain::queue::QueueLetter::parse(&c.letter).ok_or_else(|| {
                        format!(
                            "queue category {:?}: the letter must be one of A–Z",
                            c.letter
                        )
                    })?,
                    name: domain::Localized {
                        zh: c.zh.clone(),
                        en: c.en.clone(),
                    },
                    desk: domain::StaffRole::parse(&c.desk).ok_or_else(|| {
                        format!("queue category {}: unknown desk {:?}", c.letter, c.desk)
                    })?,
                    tickets_per_day: c.tickets_per_day,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        domain::queue::QueueCategories::new(categories).map_err(|e| format!("queue: {e}"))
    }
}

/// 我的办件: how long a code and the session it opens last.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MyApplicationsSettings {
    pub code_minutes: u32,
    pub resend_seconds: u32,
    pub session_minutes: u32,
    pub kiosk_session_minutes: u32,
}

impl MyApplicationsSettings {
    pub fn policy(&self) -> hall::CitizenPolicy {
        use std::time::Duration;
        let minutes = |m: u32| Duration::from_secs(u64::from(m.max(1)) * 60);
        hall::CitizenPolicy {
            code_valid: minutes(self.code_minutes),
            resend_after: Duration::from_secs(u64::from(self.resend_seconds.max(1))),
            session: minutes(self.session_minutes),
            kiosk_session: minutes(self.kiosk_session_minutes),
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum NotificationChannelKind {
    Log,
    Aliyun,
    Webhook,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    pub channel: NotificationChannelKind,
    pub max_attempts: u32,
    pub first_backoff_ms: u64,
    pub max_backoff_ms: u64,
    pub poll_ms: u64,
    pub timeout_ms: u64,
    pub aliyun: AliyunSmsSettings,
    pub webhook: WebhookSettings,
}

impl NotificationSettings {
    pub fn policy(&self) -> Result<hall::notifications::DeliveryPolicy, String> {
        use std::time::Duration;
        if self.max_attempts == 0 {
            return Err("notifications.max_attempts must be at least 1".into());
        }
        if self.poll_ms == 0 || self.timeout_ms == 0 {
            return Err("notifications.poll_ms and timeout_ms must be more than 0".into());
        }
        Ok(hall::notifications::DeliveryPolicy {
            max_attempts: self.max_attempts,
            first_backoff: Duration::from_millis(self.first_backoff_ms),
            max_backoff: Duration::from_millis(self.max_backoff_ms.max(self.first_backoff_ms)),
            // Longer than a delivery may take, so a slow one is not sent twice.
            lease: Duration::from_millis(self.timeout_ms.saturating_mul(2)),
            batch: 64,
            parallel: 16,
        })
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliyunSmsSettings {
    pub endpoint: String,
    pub region_id: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub sign_name: String,
    pub throttled_wait_ms: u64,
    #[serde(default)]
    pub templates: std::collections::BTreeMap<String, String>,
}

impl std::fmt::Debug for AliyunSmsSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AliyunSmsSettings")
            .field("endpoint", &self.endpoint)
            .field("region_id", &self.region_id)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &"[redacted]")
            .field("sign_name", &self.sign_name)
            .field("throttled_wait_ms", &self.throttled_wait_ms)
            .field("templates", &self.templates)
            .finish()
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookSettings {
    pub url: String,
    pub secret: String,
}

impl std::fmt::Debug for WebhookSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSettings")
            .field("url", &self.url)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// Per client address: guessable lookups (resume codes, application
/// numbers), `lookups` at once, refilled evenly over the window; megabytes
/// uploaded, likewise; live file lists open at once.
#[derive(Clone, Debug, Deserialize)]
pub struct LimitSettings {
    pub lookups: u32,
    pub lookup_window_seconds: u32,
    pub upload_megabytes: u32,
    pub upload_window_seconds: u32,
    pub streams: u32,
}

#[derive(Clone, Debug, Deserialize)]
pub struct KioskSettings {
    /// Seconds without a touch before the warning.
    pub idle_seconds: u16,
    /// Seconds the warning counts down before the wipe.
    pub warning_seconds: u16,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DraftSettings {
    /// Days a draft is kept after its last save.
    pub ttl_days: u32,
    /// How often expired drafts are erased.
    pub sweep_minutes: u32,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    /// 0 picks a free port (tests).
    pub port: u16,
    pub public_base_url: String,
    /// Behind a reverse proxy: the header holding the client's address as
    /// the proxy sets it (`x-real-ip`, or `x-forwarded-for`, whose last
    /// entry is used). Empty: the TCP peer is the client.
    pub client_ip_header: String,
}

/// Unknown keys are refused: `database.path` (before PostgreSQL) is now
/// `database.url`, and a forgotten old variable must not silently fall
/// back to the default file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// A file path or `sqlite://path` (SQLite), or `postgres://…`.
    pub url: String,
    /// Connections per server process (PostgreSQL; SQLite keeps its own).
    pub max_connections: u32,
}

impl DatabaseSettings {
    pub fn parsed_url(&self) -> Result<store::DatabaseUrl, String> {
        store::DatabaseUrl::parse(&self.url)
    }
}

/// The working-day calendar: one file per year of the State Council's notice.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSettings {
    pub dir: PathBuf,
}

#[derive(Clone, Debug, Deserialize)]
pub struct CatalogSettings {
    pub dir: PathBuf,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SiteSettings {
    pub root: PathBuf,
    pub pkg_dir: String,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Clone, Debug, Deserialize)]
pub struct LogSettings {
    pub format: LogFormat,
    pub filter: String,
}

const BASE: &str = include_str!("../configuration/base.toml");

impl Settings {
    /// Reads `HALL_CONFIG` (a TOML file, optional) and `HALL__*` variables.
    pub fn load() -> Result<Self, config::ConfigError> {
        let mut builder = config::Config::builder()
            .add_source(config::File::from_str(BASE, config::FileFormat::Toml));
        if let Ok(path) = std::env::var("HALL_CONFIG") {
            builder = builder.add_source(config::File::with_name(&path).required(true));
        }
        builder
            .add_source(
                config::Environment::with_prefix("HALL")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true),
            )
            .build()?
            .try_deserialize()
    }

    /// The defaults alone (tests adjust them).
    pub fn defaults() -> Result<Self, config::ConfigError> {
        config::Config::builder()
            .add_source(config::File::from_str(BASE, config::FileFormat::Toml))
            .build()?
            .try_deserialize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse() {
        let s = Settings::defaults().unwrap();
        assert_eq!(s.server.port, 3000);
        assert_eq!(s.log.format, LogFormat::Pretty);
        assert_eq!(
            s.database.parsed_url(),
            Ok(store::DatabaseUrl::Sqlite("data/hall.db".into()))
        );
    }
}
