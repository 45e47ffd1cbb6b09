//! View models: the plain data each page shows, as the server functions
//! return it (serialisable, no logic). `views` builds them from use-case
//! results; `api` returns them; pages read them.

mod applications;
mod assist;
mod catalog;
mod drafts;
mod issuing;
mod queue;
mod ratings;
mod report;
mod review;
mod staff;
mod supervision;

pub use applications::*;
pub use assist::*;
pub use catalog::*;
pub use drafts::*;
pub use issuing::*;
pub use queue::*;
pub use ratings::*;
pub use report::*;
pub use review::*;
pub use staff::*;
pub use supervision::*;
