//! 事项目录: service matters, the departments that handle them, and the
//! checks that keep a published catalog consistent.
//!
//! The model is here; `check` holds what [`Catalog::new`] refuses, and
//! `merge` how several matters become one application (one list of
//! materials, one promise, 联办 links).

mod check;
mod merge;
#[cfg(test)]
mod tests;

pub use check::CatalogError;
pub use merge::{
    as_linked, chain_promise, merge_guides, parallel_promise, BundleGuide, MergedMaterial,
};

use crate::{form::FormSchema, Localized};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

macro_rules! code_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("A ", $what, " code: 2–32 characters of A–Z, 0–9 and -.")]
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(s: &str) -> Result<Self, CatalogError> {
                let ok = (2..=32).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
                    && !s.starts_with('-')
                    && !s.ends_with('-');
                if ok {
                    Ok(Self(s.to_string()))
                } else {
                    Err(CatalogError::BadCode {
                        what: $what,
                        code: s.to_string(),
                    })
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = CatalogError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$name> for String {
            fn from(c: $name) -> String {
                c.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

code_type!(MatterCode, "matter");
code_type!(DepartmentCode, "department");
code_type!(BundleCode, "bundle");

/// 事项类型, as published in the lists of seed 000 §三(二).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatterKind {
    /// 行政许可
    AdministrativeLicence,
    /// 行政确认
    AdministrativeConfirmation,
    /// 其他行政权力
    OtherAdministrativePower,
    /// 公共服务
    PublicService,
}

/// 跑动次数: how many times the applicant must come to the hall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Visits {
    /// 全程网办 / 不见面: done fully online.
    Zero,
    /// 最多跑一次.
    One,
}

impl TryFrom<u8> for Visits {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        match n {
            0 => Ok(Visits::Zero),
            1 => Ok(Visits::One),
            n => Err(format!("visits must be 0 or 1 (最多跑一次), not {n}")),
        }
    }
}

impl From<Visits> for u8 {
    fn from(v: Visits) -> u8 {
        match v {
            Visits::Zero => 0,
            Visits::One => 1,
        }
    }
}

/// Who applies: a natural person or an enterprise (legal person).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Personal,
    Enterprise,
}

/// 特殊环节: steps whose time is not counted in the promised limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecialStepKind {
    /// 专家评审
    ExpertReview,
    /// 现场勘验
    SiteInspection,
    /// 听证
    Hearing,
    /// 公示
    PublicNotice,
    /// 检验检测
    Testing,
}

impl SpecialStepKind {
    pub const ALL: [SpecialStepKind; 5] = [
        SpecialStepKind::ExpertReview,
        SpecialStepKind::SiteInspection,
        SpecialStepKind::Hearing,
        SpecialStepKind::PublicNotice,
        SpecialStepKind::Testing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SpecialStepKind::ExpertReview => "expert_review",
            SpecialStepKind::SiteInspection => "site_inspection",
            SpecialStepKind::Hearing => "hearing",
            SpecialStepKind::PublicNotice => "public_notice",
            SpecialStepKind::Testing => "testing",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// As the applicant is told of it.
    pub fn name_zh(self) -> &'static str {
        match self {
            SpecialStepKind::ExpertReview => "专家评审",
            SpecialStepKind::SiteInspection => "现场勘验",
            SpecialStepKind::Hearing => "听证",
            SpecialStepKind::PublicNotice => "公示",
            SpecialStepKind::Testing => "检验检测",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialStep {
    pub kind: SpecialStepKind,
    /// Longest the step may take, working days (excluded from the limit).
    pub max_days: u16,
    #[serde(default)]
    pub note: Option<Localized>,
}

/// How a result is delivered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssuedForm {
    /// 电子证照, with the hall's electronic seal.
    Electronic,
    /// 纸质, collected at the issuing window or posted.
    Paper,
}

/// 办理结果: a licence, certificate or notice the matter issues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssuedDocument {
    pub name: Localized,
    /// 有效期, as the applicant should read it ("5 年", "长期").
    pub validity: Localized,
    /// Electronic, paper, or both (never none).
    pub forms: Vec<IssuedForm>,
}

/// Files a material may be uploaded as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileType {
    Pdf,
    Jpg,
    Png,
}

fn one() -> u8 {
    1
}

fn default_file_types() -> Vec<FileType> {
    vec![FileType::Pdf, FileType::Jpg, FileType::Png]
}

/// 申请材料. The key is canonical across the catalog (like form field
/// keys): the same key in two matters is the same document, asked once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Material {
    pub key: crate::FieldKey,
    pub name: Localized,
    pub required: bool,
    /// 原件核验: the original must be shown at the window.
    #[serde(default)]
    pub original_check: bool,
    /// Paper copies to hand in (0 when only the electronic file is needed).
    #[serde(default = "one")]
    pub copies: u8,
    /// Link to a blank form or a filled-in example.
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default = "default_file_types")]
    pub file_types: Vec<FileType>,
    /// 容缺: may be missing at acceptance under a credit commitment.
    #[serde(default)]
    pub may_defer: bool,
    #[serde(default)]
    pub note: Option<Localized>,
    /// Asked only when an answer of the form holds (e.g. the list of
    /// vending machines only for those selling through them; the
    /// authorisation letter only when an agent applies).
    #[serde(default)]
    pub needed_when: Option<crate::Condition>,
    /// 本大厅核发: a licence of this matter, issued by this hall to the same
    /// enterprise, stands for the material: the system attaches it and
    /// the applicant is not asked (e.g. the business licence for the food
    /// permit). Without one on record, the material is asked as usual.
    #[serde(default)]
    pub supplied_by: Option<MatterCode>,
}

impl Material {
    /// Is this material asked, given the form's answers?
    pub fn is_needed(&self, raw: &impl Fn(&str) -> Option<String>) -> bool {
        self.needed_when.as_ref().is_none_or(|c| c.holds(raw))
    }
}

/// 办事指南: every element seed 000 §四(二) asks a guide to publish.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceGuide {
    /// 设定依据
    pub legal_basis: Vec<Localized>,
    /// 申请条件
    pub conditions: Vec<Localized>,
    /// 申请材料
    pub materials: Vec<Material>,
    /// 特殊环节
    #[serde(default)]
    pub special_steps: Vec<SpecialStep>,
    /// 办理结果: what the applicant receives (at least one).
    pub issues: Vec<IssuedDocument>,
    /// 办理流程
    pub process: Vec<Localized>,
    /// 办理窗口 / 办理人员
    pub window: Localized,
    /// 收费标准
    pub fees: Localized,
    /// 注意事项
    #[serde(default)]
    pub notes: Vec<Localized>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub code: DepartmentCode,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    pub code: MatterCode,
    pub name: Localized,
    pub kind: MatterKind,
    pub department: DepartmentCode,
    pub audience: Audience,
    /// 法定办结时限, working days.
    pub legal_days: u16,
    /// 承诺办结时限, working days (never above the legal limit).
    pub promised_days: u16,
    pub visits: Visits,
    pub summary: Localized,
    pub guide: ServiceGuide,
    pub form: FormSchema,
    /// 并联审批: departments that review a part in parallel, each within its
    /// own working days. Empty: the handling department reviews it all.
    #[serde(default)]
    pub reviews: Vec<ReviewPart>,
    /// What the handling department records on approving (e.g. the 统一
    /// 社会信用代码 of a new business licence): linked matters of a bundle
    /// take their answers from it.
    #[serde(default)]
    pub results: Vec<crate::FieldSpec>,
}

/// One department's part of a parallel review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewPart {
    pub department: DepartmentCode,
    pub part: Localized,
    /// Its own deadline, working days (within the matter's promise).
    pub days: u16,
    /// The form fields and materials this department may see: nothing
    /// else of the application is shown to its reviewers.
    pub sees: Vec<crate::FieldKey>,
}

impl Matter {
    /// A key of this matter's form or one of its materials.
    pub fn has_key(&self, key: &str) -> bool {
        self.form.field(key).is_some() || self.guide.materials.iter().any(|m| m.key.as_str() == key)
    }

    /// The parts reviewed, each by one department: the declared parallel
    /// parts, or the handling department reviewing all of it (`sees` then
    /// lists every field and material of the matter).
    pub fn review_parts(&self) -> Vec<ReviewPart> {
        if !self.reviews.is_empty() {
            return self.reviews.clone();
        }
        vec![ReviewPart {
            department: self.department.clone(),
            part: self.name.clone(),
            days: self.promised_days,
            sees: self
                .form
                .fields
                .iter()
                .map(|f| f.key.clone())
                .chain(self.guide.materials.iter().map(|m| m.key.clone()))
                .collect(),
        }]
    }
}

/// 一件事: a life event served by several matters with one form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub code: BundleCode,
    pub name: Localized,
    pub audience: Audience,
    pub summary: Localized,
    pub matters: Vec<MatterCode>,
    /// 联办: matters whose review starts after another's result.
    #[serde(default)]
    pub links: Vec<Link>,
}

/// 联办: `matter` is reviewed once `after` is approved, and its form keys
/// (left) are filled from `after`'s results (right) instead of asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub matter: MatterCode,
    pub after: MatterCode,
    #[serde(default)]
    pub fills: BTreeMap<String, crate::FieldKey>,
    /// Materials of `matter` that `after` produces (the licence itself):
    /// not asked of the citizen in the bundle.
    #[serde(default)]
    pub provides: Vec<crate::FieldKey>,
}

/// A catalog whose cross-references hold: unique codes, known departments,
/// promises within legal limits, no field twice in one form.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub departments: Vec<Department>,
    pub matters: Vec<Matter>,
    pub bundles: Vec<Bundle>,
}

impl Catalog {
    pub fn bundle(&self, code: &BundleCode) -> Option<&Bundle> {
        self.bundles.iter().find(|b| &b.code == code)
    }

    /// The merged guide of a bundle (its matters exist: checked by
    /// [`Catalog::new`]).
    pub fn bundle_guide(&self, bundle: &Bundle) -> BundleGuide {
        let matters: Vec<&Matter> = bundle
            .matters
            .iter()
            .filter_map(|c| self.matter(c))
            .collect();
        let linked = as_linked(&matters, &bundle.links);
        let refs: Vec<&Matter> = linked.iter().collect();
        BundleGuide {
            promised_days: chain_promise(&matters, &bundle.links),
            ..merge_guides(&refs)
        }
    }

    /// 联办 links that hold between these matters (declared by any bundle
    /// with both ends among them).
    pub fn links_among(&self, codes: &[MatterCode]) -> Vec<Link> {
        let mut out: Vec<Link> = Vec::new();
        for l in self.bundles.iter().flat_map(|b| &b.links) {
            if codes.contains(&l.matter) && codes.contains(&l.after) && !out.contains(l) {
                out.push(l.clone());
            }
        }
        out
    }

    pub fn matter(&self, code: &MatterCode) -> Option<&Matter> {
        self.matters.iter().find(|m| &m.code == code)
    }
}
