//! The hall's use cases: what a citizen (and later staff) can do, free of
//! Leptos and SQL. Pages, server functions, form posts, workers and CLI
//! commands parse their input, call one method of [`Hall`], and map the
//! result. Storage, the clock and randomness come in through [`ports`].

pub mod acceptance;
pub mod applications;
pub mod assisted;
pub mod attempts;
pub mod audit;
pub mod authz;
pub mod booking;
pub mod catalog;
pub mod drafts;
pub mod handoff;
pub mod issuing;
pub mod materials;
pub mod my_applications;
pub mod notifications;
pub mod period;
pub mod ports;
pub mod progress;
pub mod queue;
pub mod ratings;
pub mod review;
pub mod staff;
pub mod supervision;
pub mod window;

pub use acceptance::{ApplicationFile, FileActions, QueueItem, QueuePage};
pub use applications::{LookupError, SubmitError};
pub use assisted::{
    AssistError, AssistedDraft, AssistedLine, ConfirmationLink, ConfirmationPage, PhoneConfirmation,
};
pub use authz::StaffError;
pub use booking::{BookingChoices, BookingPage};
pub use catalog::{CatalogCounts, CatalogIndex, MatterFilter};
pub use drafts::{AfterStep, DraftError, DraftSubmission, OpenDraft, ResumeOutcome};
pub use handoff::{Handoff, HandoffDraft};
pub use issuing::{IssuingError, IssuingKeys};
pub use materials::{
    ChunkSource, DraftMaterials, MaterialSlot, MaterialsError, OpenedFile, SlotState,
};
pub use my_applications::{CitizenPolicy, MyApplications, MyApplicationsError, MyApplicationsPage};
pub use period::{FinishedList, MatterPeriod, StaffWork, SupervisionPeriod};
pub use ports::{Clock, IdSource, RandomIds, Storage, StorageError, SystemClock};
pub use progress::ApplicationPage;
pub use queue::{CallingDesk, HallDisplay, QueueDay, QueueError, TicketPage};
pub use ratings::{ApplicationRatings, FollowUpFile, RatingError};
pub use staff::{AddStaffError, SessionError, SignInError, SignedIn, StaffPolicy, StaffSession};
pub use supervision::{DepartmentWatch, MatterWatch, SupervisionNow};
pub use window::{DeskWindow, WindowError, WindowScreen};

use domain::WorkingDayCalendar;
use std::sync::Arc;
use std::time::Duration;

/// Everything the use cases work with. Cheap to clone (shared parts).
#[derive(Clone)]
pub struct Hall {
    storage: Arc<dyn Storage>,
    catalog: Arc<CatalogIndex>,
    calendar: Arc<WorkingDayCalendar>,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdSource>,
    /// How long a draft is kept after its last save.
    draft_ttl: Duration,
    staff_policy: StaffPolicy,
    /// Key of the breach list's keyed hashes (from configuration).
    id_key: Arc<[u8]>,
    /// The seal and pickup keys (none: nothing can be issued).
    issuing: Option<Arc<issuing::IssuingKeys>>,
    /// Where uploaded materials are kept (none: uploads are refused).
    files: Option<Arc<dyn ports::FileStore>>,
    file_limits: domain::material_file::FileLimits,
    /// How long a kiosk's upload-by-phone code lasts.
    handoff_ttl: Duration,
    /// Where messages go (none: sign-in codes cannot be sent).
    channel: Option<Arc<dyn ports::NotificationChannel>>,
    citizen_policy: CitizenPolicy,
    /// 电子监察's open work, as last read (see [`supervision::OpenWork`]).
    open_work: Arc<supervision::OpenWorkCache>,
    /// 取号叫号's categories and the display's wake-up.
    queue: Arc<queue::HallQueue>,
}

impl std::fmt::Debug for Hall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hall")
            .field("storage", &self.storage.backend())
            .field("draft_ttl", &self.draft_ttl)
            .finish_non_exhaustive()
    }
}

impl Hall {
    pub fn new(
        storage: Arc<dyn Storage>,
        catalog: Arc<CatalogIndex>,
        calendar: Arc<WorkingDayCalendar>,
        draft_ttl: Duration,
    ) -> Self {
        Self {
            storage,
            catalog,
            calendar,
            clock: Arc::new(SystemClock),
            ids: Arc::new(RandomIds),
            draft_ttl,
            staff_policy: StaffPolicy::default(),
            id_key: Arc::from(&b"unset"[..]),
            issuing: None,
            files: None,
            file_limits: Default::default(),
            handoff_ttl: Duration::from_secs(600),
            channel: None,
            citizen_policy: CitizenPolicy::default(),
            open_work: Arc::default(),
            queue: Arc::default(),
        }
    }

    /// Serve the supervision desk's open work from a reading refreshed
    /// every `every` (by [`Hall::refresh_open_work`]) instead of reading it
    /// on every request; a reading older than three periods is not used.
    pub fn with_open_work_refresh(mut self, every: Duration) -> Self {
        self.open_work = Arc::new(supervision::OpenWorkCache::every(every));
        self
    }

    /// Where messages go, and how long 我的办件's codes and sessions last.
    pub fn with_notifications(
        mut self,
        channel: Arc<dyn ports::NotificationChannel>,
        policy: CitizenPolicy,
    ) -> Self {
        self.channel = Some(channel);
        self.citizen_policy = policy;
        self
    }

    /// The channel messages go through (the delivery worker's).
    pub fn notification_channel(&self) -> Option<Arc<dyn ports::NotificationChannel>> {
        self.channel.clone()
    }

    /// Session lifetimes, sign-in limits and the breach list's key.
    pub fn with_staff(mut self, policy: StaffPolicy, id_key: &[u8]) -> Self {
        self.staff_policy = policy;
        self.id_key = Arc::from(id_key);
        self
    }

    /// The electronic seal and the pickup token key.
    pub fn with_issuing(mut self, keys: issuing::IssuingKeys) -> Self {
        self.issuing = Some(Arc::new(keys));
        self
    }

    /// Where uploaded materials are kept, what an upload may be, and how
    /// long a kiosk's upload-by-phone code lasts.
    pub fn with_files(
        mut self,
        files: Arc<dyn ports::FileStore>,
        limits: domain::material_file::FileLimits,
        handoff_ttl: Duration,
    ) -> Self {
        self.files = Some(files);
        self.file_limits = limits;
        self.handoff_ttl = handoff_ttl;
        self
    }

    /// The same hall on another clock (tests of expiry and deadlines).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn with_ids(mut self, ids: Arc<dyn IdSource>) -> Self {
        self.ids = ids;
        self
    }

    pub fn catalog(&self) -> &CatalogIndex {
        &self.catalog
    }

    pub fn storage(&self) -> &dyn Storage {
        self.storage.as_ref()
    }

    /// For `/healthz`: the database answers.
    pub async fn ping(&self) -> Result<(), StorageError> {
        self.storage.ping().await
    }

    /// Deletes expired drafts (they are never shown once expired; this
    /// erases them). Returns how many.
    pub async fn sweep_expired_drafts(&self) -> Result<u64, StorageError> {
        self.storage.delete_expired_drafts(self.clock.now()).await
    }

    fn code_indices<const N: usize>(&self) -> [u8; N] {
        std::array::from_fn(|_| self.ids.code_index())
    }
}
