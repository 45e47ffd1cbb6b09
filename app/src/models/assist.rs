//! 帮你办's view models: the desk's list of forms it fills for walk-ins,
//! the confirmation panel, the printed declaration and the applicant's
//! phone page.

use super::{CheckSection, StaffHeader};
use domain::Localized;
use serde::{Deserialize, Serialize};

/// A matter or life event the desk can start a form for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistTarget {
    /// `matter:CODE` or `bundle:CODE`, as the start form posts it.
    pub value: String,
    pub name: Localized,
    pub bundle: bool,
}

/// A form the desk is filling, to carry on with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistedDraftLine {
    pub name: Localized,
    /// The step to carry on at.
    pub href: String,
    /// The confirmation panel.
    pub confirm: String,
    /// Hall time, `MM-DD HH:MM`.
    pub saved_at: String,
}

/// `/staff/assist`
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistDeskView {
    pub me: StaffHeader,
    pub targets: Vec<AssistTarget>,
    pub drafts: Vec<AssistedDraftLine>,
}

/// The applicant's confirmation link as the desk shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShownConfirmation {
    pub url: String,
    pub qr_svg: String,
    /// Hall time, `HH:MM`.
    pub until: String,
}

/// What the desk and the applicant look at before confirming.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistedContent {
    pub name: Localized,
    pub matters: Vec<Localized>,
    pub sections: Vec<CheckSection>,
    /// `1A2B-3C4D`: names this content.
    pub check_code: String,
    /// Every step answered without problems.
    pub ready: bool,
}

/// `/staff/assist/{draft}`: the applicant confirms (phone or signature).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AssistConfirmView {
    Open {
        me: StaffHeader,
        draft_id: String,
        content: AssistedContent,
        /// Back into the form (its first open step, or the check page).
        continue_href: String,
        phone: Option<ShownConfirmation>,
    },
    /// Confirmed and submitted: the application's file at the desk.
    Submitted {
        me: StaffHeader,
        number: String,
        file_href: String,
    },
}

/// The A4 declaration the applicant signs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeclarationSheetView {
    pub content: AssistedContent,
    /// The staff member's name as shown to citizens.
    pub staff: String,
    /// Hall date, `YYYY-MM-DD`.
    pub printed_on: String,
    pub back: String,
}

/// `/confirm/{token}` on the applicant's phone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ApplicantConfirmView {
    Open {
        token: String,
        content: AssistedContent,
    },
    Submitted {
        number: String,
    },
}
