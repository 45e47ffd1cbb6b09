//! The rules of the one-window reform, as plain Rust.
//!
//! Everything here is shared by the server (authoritative checks) and the
//! browser (inline validation in WASM), so it must not depend on Leptos, a
//! database, or the clock: callers pass "today" in.

pub mod acceptance;
pub mod application;
pub mod application_number;
pub mod assisted;
pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod credit_code;
pub mod deadline;
pub mod draft;
pub mod form;
pub mod ids;
pub mod issuing;
pub mod localized;
pub mod masking;
pub mod material_file;
pub mod mobile;
pub mod normalise;
pub mod notification;
pub mod period;
pub mod queue;
pub mod rating;
pub mod resident_id;
pub mod resume_code;
pub mod review;
pub mod search;
pub mod sms_code;
pub mod staff;
pub mod supervision;
pub mod text;
pub mod time;
pub mod trip;
pub mod wizard;
pub mod workflow;

pub use application::{ApplicationStatus, ApplySubject, ApplyTarget, SubjectError};
pub use application_number::{ApplicationNumber, ApplicationNumberError};
pub use calendar::{CalendarDay, CalendarYear, WorkingDayCalendar};
pub use catalog::{
    Bundle, BundleCode, Department, DepartmentCode, Material, Matter, MatterCode, MatterKind,
    ServiceGuide, Visits,
};
pub use credit_code::{CreditCode, CreditCodeError};
pub use draft::{Answers, StepAction};
pub use form::{
    merge_forms, ChoiceOption, Condition, FieldError, FieldKey, FieldKind, FieldProblem, FieldSpec,
    FormSchema, FormValues,
};
pub use ids::{DraftId, SubmissionKey, VisitToken};
pub use localized::{Lang, Localized};
pub use mobile::{MobileNumber, MobileNumberError};
pub use resident_id::{ResidentId, ResidentIdError};
pub use resume_code::{ResumeCode, ResumeCodeError};
pub use staff::{Actor, Oversight, StaffName, StaffRole};
pub use wizard::{Step, StepKind, Wizard};
pub use workflow::{Transition, WrongState};
