use domain::acceptance::DecisionProblem;
use domain::{ApplicationNumberError, ApplicationStatus, FieldError};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What can go wrong behind a page or server function, as the browser may
/// see it: each use case's error is mapped to one of these (under `ssr`,
/// below), where an internal cause is logged once with its whole chain and
/// then dropped. `status` is the one place a problem becomes an HTTP status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Field problems, all of them at once.
    #[error("the form has {} problem(s)", .0.len())]
    Invalid(Vec<FieldError>),
    #[error("malformed application number: {0}")]
    MalformedNumber(ApplicationNumberError),
    #[error("submission key reused with different content")]
    KeyReused,
    /// The draft was submitted: this is its application number.
    #[error("already submitted as {0}")]
    AlreadySubmitted(String),
    /// The draft is open in another visit (continued elsewhere, or this
    /// kiosk visit ended): only its resume code opens it here.
    #[error("draft open in another visit")]
    NotHeldHere,
    /// Staff pages: nobody is signed in.
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but the role or department does not allow it.
    #[error("not allowed")]
    Forbidden,
    /// A staff form without this session's CSRF token (forged, or from
    /// before signing in again).
    #[error("form token missing or wrong")]
    FormExpired,
    /// Another desk moved the application first.
    #[error("already {}", .status.as_str())]
    AlreadyDecided {
        status: ApplicationStatus,
        by: Option<String>,
        at: Option<String>,
    },
    /// The desk's decision breaks a rule: every problem at once.
    #[error("decision refused: {} problem(s)", .0.len())]
    DecisionRefused(Vec<DecisionProblem>),
    /// 容缺 refused: the applicant is on the breach list.
    #[error("applicant on the breach list")]
    OnBreachList,
    /// A reviewer's decision or extension breaks a rule: every problem.
    #[error("review decision refused: {} problem(s)", .0.len())]
    ReviewRefused(Vec<domain::review::ReviewProblem>),
    /// The review task is not where the move needs it.
    #[error("review task is {}", .0.as_str())]
    TaskNotOpen(domain::review::ReviewStatus),
    /// The merged notice cannot go out yet (or there is nothing in it).
    #[error("no review notice is due")]
    NoticeNotDue,
    /// Others kept changing the same review: worth trying again.
    #[error("review busy")]
    Busy,
    /// Not in the state issuing needs (approved to issue, issued to hand
    /// over or post, not yet issued to choose the delivery).
    #[error("application is {}", .0.as_str())]
    NotIssuable(ApplicationStatus),
    /// 容缺: the deferred materials (due by the date) are not in yet.
    #[error("deferred materials owed")]
    DeferredOwed(Option<String>),
    #[error("delivery refused: {} problem(s)", .0.len())]
    DeliveryRefused(Vec<domain::issuing::DeliveryProblem>),
    #[error("pickup code refused: {0}")]
    PickupRefused(domain::issuing::PickupProblem),
    /// Collected or posted already: when, where, by whom.
    #[error("handed over already")]
    AlreadyHandedOver(Box<crate::models::HandoverView>),
    #[error("identity document not checked")]
    IdentityNotChecked,
    #[error("no proxy named")]
    NoProxy,
    /// The applicant's proof did not match (tries left).
    #[error("wrong proof")]
    WrongProof { left: u32 },
    /// Too many tries at a secret from here: try again in `wait` seconds.
    #[error("too many tries; retry in {wait} s")]
    TooManyGuesses { wait: u64 },
    /// Too many lookups by number or code from this address.
    #[error("too many lookups; retry in {wait} s")]
    TooManyLookups { wait: u64 },
    /// A server function's arguments could not be read (in the visitor's
    /// language; the parser's own words stay in the log).
    #[error("{0}")]
    BadRequest(String),
    /// The page needs the applicant's proof first.
    #[error("applicant not proven")]
    NotProven,
    /// An uploaded file was not taken (`name` as the citizen's file was
    /// called, cleaned; empty when none was chosen).
    #[error("file refused: {problem}")]
    FileRefused {
        name: String,
        problem: domain::material_file::FileProblem,
    },
    /// Not a material slot of this draft.
    #[error("no such material")]
    NoSuchSlot,
    /// 扫码上传: expired, ended with the kiosk visit, or never issued.
    #[error("upload code gone")]
    HandoffGone,
    /// 扫码上传: already open on another phone.
    #[error("upload code in use elsewhere")]
    HandoffTaken,
    /// This client address sent its allowance of megabytes for now
    /// (`limits.upload_megabytes`): try again in `wait` seconds.
    #[error("upload limit reached; retry in {wait} s")]
    UploadsPaused { wait: u64 },
    /// 我的办件: the mobile or code typed was refused, or no SMS went out.
    #[error("sign-in refused: {0:?}")]
    SignInRefused(crate::models::SignInProblem),
    /// 好差评: the rating as posted breaks a rule (every problem).
    #[error("rating refused: {} problem(s)", .0.len())]
    RatingRefused(Vec<domain::rating::RatingProblem>),
    /// 好差评: this visit may not rate this, or not now.
    #[error("rating not taken: {0:?}")]
    RatingBlocked(RatingBlock),
    /// 评价器: the pairing code was not 8 digits, or no desk shows it.
    #[error("pairing refused (malformed: {malformed})")]
    PairingRefused { malformed: bool },
    /// A follow-up's reply is missing a part or too long.
    #[error("reply refused: {} problem(s)", .0.len())]
    ReplyRefused(Vec<domain::rating::ReplyProblem>),
    /// The follow-up is not where the move needs it.
    #[error("follow-up is {}", .0.as_str())]
    FollowUpIs(domain::rating::FollowUpState),
    /// 取号叫号: the ticket or call cannot be made as asked.
    #[error("queue: {0:?}")]
    QueueRefused(QueueProblem),
    /// 帮你办: the confirmation cannot go on as asked.
    #[error("assisted filing: {0:?}")]
    AssistRefused(AssistProblem),
    /// The database or another part is down; worth retrying later.
    #[error("internal error")]
    Internal,
    #[error("server function error: {0}")]
    ServerFn(ServerFnErrorErr),
}

/// Why a rating was not taken, besides its content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RatingBlock {
    /// Only the applicant rates (a visit that proved it, submitted it, or
    /// signed in with its mobile).
    NotApplicant,
    /// That touchpoint is not reached yet.
    NotDue,
    AlreadyRated,
}

/// Why 取号叫号 refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueProblem {
    /// Not one of the hall's categories.
    UnknownCategory,
    /// The category gave out its day's tickets (its letter).
    Full(char),
    /// The ticket would carry an application this visit did not submit.
    NotApplicant,
    /// The desk has not said which window it sits at.
    NoWindow,
    /// The window number typed is not 1–99.
    BadWindow,
    /// Re-call or no-show with nobody called to the window.
    NothingCalled,
    /// Not a slot one may book now.
    NoSuchSlot,
    /// Every place of the slot is booked.
    SlotFull,
    /// Its slot has begun, or it was cancelled or checked in.
    NotChangeable,
    /// No booking has this code (or it was cancelled).
    BookingNotFound,
    AlreadyCheckedIn,
    /// Check-in opens at this minute of the day (hall time).
    TooEarly(u16),
    /// The slot is over.
    TooLate,
}

/// Why 帮你办's confirmation refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssistProblem {
    /// Not a form this staff member fills for an applicant.
    NotAssisted,
    /// Answers missing or wrong: finish the form first.
    NotReady,
    /// The signed declaration was not ticked.
    NotSigned,
    MalformedCheckCode,
    /// The signed sheet names other content: print and sign again.
    CheckCodeMismatch,
    /// The confirmation link is unknown or expired.
    LinkGone,
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::BadRequest(_) => 400,
            AppError::Invalid(_) | AppError::MalformedNumber(_) | AppError::KeyReused => 422,
            AppError::AlreadySubmitted(_) | AppError::AlreadyDecided { .. } => 409,
            AppError::DecisionRefused(_) | AppError::OnBreachList => 422,
            AppError::ReviewRefused(_) => 422,
            AppError::TaskNotOpen(_) | AppError::NoticeNotDue | AppError::Busy => 409,
            AppError::FormExpired => 403,
            AppError::NotIssuable(_)
            | AppError::DeferredOwed(_)
            | AppError::AlreadyHandedOver(_) => 409,
            AppError::DeliveryRefused(_)
            | AppError::PickupRefused(_)
            | AppError::IdentityNotChecked
            | AppError::NoProxy
            | AppError::WrongProof { .. } => 422,
            AppError::TooManyGuesses { .. }
            | AppError::TooManyLookups { .. }
            | AppError::UploadsPaused { .. } => 429,
            AppError::FileRefused { problem, .. } => {
                use domain::material_file::FileProblem as P;
                match problem {
                    P::TooLarge { .. } | P::ApplicationFull { .. } => 413,
                    P::Interrupted => 400,
                    _ => 422,
                }
            }
            AppError::NoSuchSlot | AppError::HandoffGone => 404,
            AppError::HandoffTaken => 409,
            AppError::NotProven => 403,
            AppError::SignInRefused(crate::models::SignInProblem::NotSent) => 503,
            AppError::SignInRefused(_) => 422,
            AppError::Unauthorized => 401,
            AppError::NotHeldHere | AppError::Forbidden => 403,
            AppError::RatingRefused(_) | AppError::ReplyRefused(_) => 422,
            AppError::PairingRefused { .. } => 422,
            AppError::RatingBlocked(RatingBlock::NotApplicant) => 403,
            AppError::RatingBlocked(_) | AppError::FollowUpIs(_) => 409,
            AppError::QueueRefused(p) => match p {
                QueueProblem::UnknownCategory
                | QueueProblem::BadWindow
                | QueueProblem::NoSuchSlot
                | QueueProblem::BookingNotFound => 422,
                QueueProblem::NotApplicant => 403,
                QueueProblem::Full(_)
                | QueueProblem::NoWindow
                | QueueProblem::NothingCalled
                | QueueProblem::SlotFull
                | QueueProblem::NotChangeable
                | QueueProblem::AlreadyCheckedIn
                | QueueProblem::TooEarly(_)
                | QueueProblem::TooLate => 409,
            },
            AppError::AssistRefused(p) => match p {
                AssistProblem::NotAssisted => 403,
                AssistProblem::LinkGone => 404,
                AssistProblem::NotReady | AssistProblem::CheckCodeMismatch => 409,
                AssistProblem::NotSigned | AssistProblem::MalformedCheckCode => 422,
            },
            AppError::Internal | AppError::ServerFn(_) => 503,
        }
    }

    /// Seconds until a refused try may be made again (for `Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyGuesses { wait }
            | AppError::TooManyLookups { wait }
            | AppError::UploadsPaused { wait } => Some(*wait),
            _ => None,
        }
    }

    #[cfg(feature = "ssr")]
    pub fn status_code(&self) -> http::StatusCode {
        http::StatusCode::from_u16(self.status()).unwrap_or(http::StatusCode::SERVICE_UNAVAILABLE)
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Arguments that cannot be read are the caller's mistake: 400 with a
    /// sentence in the visitor's language (the parser's words go to the
    /// log, not the browser). Runs inside the call's own context, where the
    /// status can still be set.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        if let ServerFnErrorErr::Args(detail)
        | ServerFnErrorErr::MissingArg(detail)
        | ServerFnErrorErr::Deserialization(detail) = &value
        {
            use leptos::prelude::use_context;
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(http::StatusCode::BAD_REQUEST);
                tracing::info!(%detail, "server function arguments refused");
                // The visit layer notes the visitor's language on the request.
                let lang = use_context::<http::request::Parts>()
                    .and_then(|p| p.extensions.get::<domain::Lang>().copied())
                    .unwrap_or_default();
                return AppError::BadRequest(crate::i18n::Msg::BadArguments.get(lang).to_string());
            }
        }
        AppError::ServerFn(value)
    }
}

/// Logs an internal failure once, with every cause in its chain.
#[cfg(feature = "ssr")]
fn internal(e: &(dyn std::error::Error + 'static)) -> AppError {
    let mut causes = Vec::new();
    let mut source = e.source();
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    tracing::error!(error = %e, causes = ?causes, "request failed");
    AppError::Internal
}

#[cfg(feature = "ssr")]
impl From<hall::DraftError> for AppError {
    fn from(e: hall::DraftError) -> Self {
        use hall::DraftError as E;
        match e {
            E::NotFound => AppError::NotFound,
            E::NotHeldHere => AppError::NotHeldHere,
            E::AlreadySubmitted(number) => AppError::AlreadySubmitted(number.as_str().to_string()),
            E::Refused(problems) => AppError::Invalid(problems),
            E::KeyReused => AppError::KeyReused,
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::LookupError> for AppError {
    fn from(e: hall::LookupError) -> Self {
        match e {
            hall::LookupError::Malformed(reason) => AppError::MalformedNumber(reason),
            hall::LookupError::NotFound => AppError::NotFound,
            hall::LookupError::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::IssuingError> for AppError {
    fn from(e: hall::IssuingError) -> Self {
        use hall::IssuingError as E;
        match e {
            E::Forbidden { .. } => AppError::Forbidden,
            E::Malformed(reason) => AppError::MalformedNumber(reason),
            E::NotFound => AppError::NotFound,
            E::WrongStatus(status) => AppError::NotIssuable(status),
            E::DeferredOwed(by) => AppError::DeferredOwed(by.map(|d| d.to_string())),
            E::Delivery(problems) => AppError::DeliveryRefused(problems),
            E::Pickup(problem) => AppError::PickupRefused(problem),
            E::AlreadyHandedOver(h) => {
                AppError::AlreadyHandedOver(Box::new(crate::models::HandoverView::from(&*h)))
            }
            E::IdentityNotChecked => AppError::IdentityNotChecked,
            E::NoProxy => AppError::NoProxy,
            E::WrongProof { left } => AppError::WrongProof { left },
            E::TooManyGuesses { retry_after_secs } => AppError::TooManyGuesses {
                wait: retry_after_secs,
            },
            E::NotProven => AppError::NotProven,
            E::NotConfigured | E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::MaterialsError> for AppError {
    fn from(e: hall::MaterialsError) -> Self {
        use hall::MaterialsError as E;
        match e {
            E::Draft(e) => e.into(),
            E::Staff(e) => e.into(),
            E::NoSuchSlot => AppError::NoSuchSlot,
            E::NoSuchFile => AppError::NotFound,
            E::NotAnsweringANotice => AppError::NotProven,
            E::Refused(problem) => AppError::FileRefused {
                name: String::new(),
                problem,
            },
            E::HandoffGone => AppError::HandoffGone,
            E::HandoffTaken => AppError::HandoffTaken,
            E::NoFileStore | E::Corrupt(_) | E::Files(_) | E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::MyApplicationsError> for AppError {
    fn from(e: hall::MyApplicationsError) -> Self {
        use crate::models::SignInProblem as P;
        use hall::MyApplicationsError as E;
        match e {
            E::Mobile(_) => AppError::SignInRefused(P::BadMobile),
            E::Code(_) => AppError::SignInRefused(P::BadCode),
            E::WrongCode { left } => AppError::SignInRefused(P::WrongCode { left }),
            E::NoLiveCode => AppError::SignInRefused(P::NoLiveCode),
            E::NotSent => AppError::SignInRefused(P::NotSent),
            E::TooMany { retry_after_secs } => AppError::TooManyGuesses {
                wait: retry_after_secs,
            },
            E::NotSignedIn => AppError::Unauthorized,
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::StorageError> for AppError {
    fn from(e: hall::StorageError) -> Self {
        internal(&e)
    }
}

#[cfg(feature = "ssr")]
impl From<hall::StaffError> for AppError {
    fn from(e: hall::StaffError) -> Self {
        use hall::StaffError as E;
        match e {
            E::Forbidden { .. } => AppError::Forbidden,
            E::Malformed(reason) => AppError::MalformedNumber(reason),
            E::NotFound => AppError::NotFound,
            E::Refused(problems) => AppError::DecisionRefused(problems),
            E::OnBreachList => AppError::OnBreachList,
            E::AlreadyDecided { status, latest } => AppError::AlreadyDecided {
                status,
                by: latest.as_ref().map(|d| d.staff_display_name.clone()),
                at: latest.as_ref().map(|d| {
                    domain::time::in_hall_time(d.decided_at)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                }),
            },
            E::ReviewRefused(problems) => AppError::ReviewRefused(problems),
            E::TaskNotOpen { status } => AppError::TaskNotOpen(status),
            E::NoticeNotDue => AppError::NoticeNotDue,
            E::Busy => AppError::Busy,
            E::ReplyRefused(problems) => AppError::ReplyRefused(problems),
            E::FollowUpIs(state) => AppError::FollowUpIs(state),
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::AssistError> for AppError {
    fn from(e: hall::AssistError) -> Self {
        use hall::AssistError as E;
        let refused = AppError::AssistRefused;
        match e {
            E::Forbidden(_) => AppError::Forbidden,
            E::Draft(e) => e.into(),
            E::NotAssisted => refused(AssistProblem::NotAssisted),
            E::ResidentId(reason) => AppError::Invalid(vec![domain::FieldError::new(
                "applicant_id",
                domain::FieldProblem::ResidentId { reason },
            )]),
            E::NotReady => refused(AssistProblem::NotReady),
            E::NotSigned => refused(AssistProblem::NotSigned),
            E::MalformedCheckCode => refused(AssistProblem::MalformedCheckCode),
            E::CheckCodeMismatch => refused(AssistProblem::CheckCodeMismatch),
            E::LinkGone => refused(AssistProblem::LinkGone),
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::QueueError> for AppError {
    fn from(e: hall::QueueError) -> Self {
        use hall::QueueError as E;
        let refused = AppError::QueueRefused;
        match e {
            E::UnknownCategory => refused(QueueProblem::UnknownCategory),
            E::Full { letter } => refused(QueueProblem::Full(letter.as_char())),
            E::Malformed(reason) => AppError::MalformedNumber(reason),
            E::NotApplicant => refused(QueueProblem::NotApplicant),
            E::NotFound => AppError::NotFound,
            E::TooMany { retry_after_secs } => AppError::TooManyGuesses {
                wait: retry_after_secs,
            },
            E::NoWindow => refused(QueueProblem::NoWindow),
            E::BadWindow => refused(QueueProblem::BadWindow),
            E::NothingCalled => refused(QueueProblem::NothingCalled),
            E::NoSuchSlot => refused(QueueProblem::NoSuchSlot),
            E::SlotFull => refused(QueueProblem::SlotFull),
            E::NotChangeable => refused(QueueProblem::NotChangeable),
            E::BookingNotFound => refused(QueueProblem::BookingNotFound),
            E::AlreadyCheckedIn => refused(QueueProblem::AlreadyCheckedIn),
            E::TooEarly { from } => {
                use chrono::Timelike;
                let t = domain::time::in_hall_time(from);
                refused(QueueProblem::TooEarly((t.hour() * 60 + t.minute()) as u16))
            }
            E::TooLate => refused(QueueProblem::TooLate),
            E::Staff(e) => e.into(),
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::WindowError> for AppError {
    fn from(e: hall::WindowError) -> Self {
        use hall::WindowError as E;
        match e {
            E::Malformed => AppError::PairingRefused { malformed: true },
            E::UnknownCode => AppError::PairingRefused { malformed: false },
            E::TooMany { retry_after_secs } => AppError::TooManyGuesses {
                wait: retry_after_secs,
            },
            E::NotPaired | E::NothingToRate => AppError::RatingBlocked(RatingBlock::NotDue),
            E::Rating(e) => e.into(),
            E::Storage(_) => internal(&e),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<hall::RatingError> for AppError {
    fn from(e: hall::RatingError) -> Self {
        use hall::RatingError as E;
        match e {
            E::Malformed(reason) => AppError::MalformedNumber(reason),
            E::NotFound => AppError::NotFound,
            E::NotApplicant => AppError::RatingBlocked(RatingBlock::NotApplicant),
            E::NotDue => AppError::RatingBlocked(RatingBlock::NotDue),
            E::AlreadyRated => AppError::RatingBlocked(RatingBlock::AlreadyRated),
            E::Invalid(problems) => AppError::RatingRefused(problems),
            E::Storage(_) => internal(&e),
        }
    }
}
