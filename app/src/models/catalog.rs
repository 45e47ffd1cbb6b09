//! The catalog pages' view models: plain data that the server functions return and
//! `views` builds; no logic, no calls.

use domain::catalog::{Audience, BundleGuide, MatterKind, ServiceGuide};
use domain::{FieldSpec, Localized};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatterSummary {
    pub code: String,
    pub name: Localized,
    pub department: Localized,
    pub audience: Audience,
    pub promised_days: u16,
    pub visits: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatterGuide {
    pub code: String,
    pub name: Localized,
    pub kind: MatterKind,
    pub department: Localized,
    pub audience: Audience,
    pub legal_days: u16,
    pub promised_days: u16,
    pub visits: u8,
    pub summary: Localized,
    pub guide: ServiceGuide,
    pub fields: Vec<FieldSpec>,
    /// Life events this matter is part of: (code, name).
    pub bundles: Vec<(String, Localized)>,
    /// 并联审批: (department, part, working days); empty when one department does it all.
    pub reviews: Vec<(Localized, Localized, u16)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleSummary {
    pub code: String,
    pub name: Localized,
    pub audience: Audience,
    pub matter_count: u16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BundleView {
    pub code: String,
    pub name: Localized,
    pub summary: Localized,
    pub matters: Vec<MatterSummary>,
    pub guide: BundleGuide,
    /// Names of the matters by code, for "needed by".
    pub matter_names: Vec<(String, Localized)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentEntry {
    pub code: String,
    pub name: Localized,
    pub matter_count: u16,
}

/// Everything the start page offers for finding a matter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogOverview {
    pub personal: u16,
    pub enterprise: u16,
    pub one_visit: u16,
    pub online: u16,
    pub departments: Vec<DepartmentEntry>,
    pub bundles: Vec<BundleSummary>,
}

/// Which matters a list page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MatterFilter {
    /// Search text: Chinese, code, English or pinyin initials.
    pub q: String,
    /// "personal" or "enterprise"; empty for both.
    pub audience: String,
    /// A department code; empty for all.
    pub department: String,
    /// "one-visit" (最多跑一次) or "online" (全程网办); empty for both.
    pub list: String,
}
