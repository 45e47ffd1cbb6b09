//! 事项目录: service matters, the departments that handle them, and the
//! checks that keep a published catalog consistent.

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

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{what} code {code:?} must be 2–32 characters of A–Z, 0–9 and -")]
    BadCode { what: &'static str, code: String },
    #[error("duplicate {what} code {code}")]
    Duplicate { what: &'static str, code: String },
    #[error("matter {matter}: unknown department {department}")]
    UnknownDepartment { matter: String, department: String },
    #[error("matter {matter}: reviews name unknown department {department}")]
    UnknownReviewDepartment { matter: String, department: String },
    #[error("matter {matter}: review by {department} takes {days} working days, more than the promised {promised}")]
    ReviewExceedsPromise {
        matter: String,
        department: String,
        days: u16,
        promised: u16,
    },
    #[error("matter {matter}: review by {department} sees {key}, which is neither a field of the form nor a material")]
    UnknownVisibleKey {
        matter: String,
        department: String,
        key: String,
    },
    #[error("matter {matter}: promised time ({promised} working days) exceeds the legal limit ({legal})")]
    PromiseExceedsLegalLimit {
        matter: String,
        promised: u16,
        legal: u16,
    },
    #[error("matter {matter}: form field {field} appears twice")]
    DuplicateField { matter: String, field: String },
    #[error("matter {matter}: material {material} appears twice")]
    DuplicateMaterial { matter: String, material: String },
    #[error("matter {matter}: material {material}: {reason}")]
    MaterialCondition {
        matter: String,
        material: String,
        reason: &'static str,
    },
    #[error(
        "matter {matter}: material {material} may be missing under 容缺 only if it is required"
    )]
    DeferrableMaterialNotRequired { matter: String, material: String },
    #[error("matter {matter}: guide.{element} must not be empty")]
    EmptyGuideElement {
        matter: String,
        element: &'static str,
    },
    #[error("field {field} is defined differently in {first} and {second} ({what} differs); one key must mean one thing")]
    ConflictingField {
        field: String,
        first: String,
        second: String,
        what: &'static str,
    },
    #[error("material {material} is defined differently in {first} and {second} ({what} differs)")]
    ConflictingMaterial {
        material: String,
        first: String,
        second: String,
        what: &'static str,
    },
    #[error("matter {matter}: form field {field}: {reason}")]
    BadFieldDefinition {
        matter: String,
        field: String,
        reason: &'static str,
    },
    #[error("bundle {bundle}: unknown matter {matter}")]
    UnknownMatterInBundle { bundle: String, matter: String },
    #[error("bundle {bundle}: needs at least two different matters")]
    BundleTooSmall { bundle: String },
    #[error("bundle {bundle}: link {matter} after {after}: {reason}")]
    BadLink {
        bundle: String,
        matter: String,
        after: String,
        reason: String,
    },
}

impl CatalogError {
    /// The matter or bundle the problem is in, to name its file.
    pub fn subject(&self) -> Option<(&'static str, &str)> {
        use CatalogError::*;
        match self {
            BadCode { .. } => None,
            Duplicate { what, code } => Some((what, code)),
            UnknownDepartment { matter, .. }
            | UnknownReviewDepartment { matter, .. }
            | ReviewExceedsPromise { matter, .. }
            | UnknownVisibleKey { matter, .. }
            | PromiseExceedsLegalLimit { matter, .. }
            | DuplicateField { matter, .. }
            | BadFieldDefinition { matter, .. }
            | DuplicateMaterial { matter, .. }
            | MaterialCondition { matter, .. }
            | DeferrableMaterialNotRequired { matter, .. }
            | EmptyGuideElement { matter, .. } => Some(("matter", matter)),
            ConflictingField { second, .. } | ConflictingMaterial { second, .. } => {
                Some(("matter", second))
            }
            UnknownMatterInBundle { bundle, .. }
            | BundleTooSmall { bundle }
            | BadLink { bundle, .. } => Some(("bundle", bundle)),
        }
    }

    /// The element of the file that is wrong.
    pub fn field(&self) -> &'static str {
        use CatalogError::*;
        match self {
            BadCode { .. } | Duplicate { .. } => "code",
            UnknownDepartment { .. } => "department",
            UnknownReviewDepartment { .. } | ReviewExceedsPromise { .. } => "reviews",
            UnknownVisibleKey { .. } => "reviews.sees",
            PromiseExceedsLegalLimit { .. } => "promised_days",
            DuplicateField { .. } | ConflictingField { .. } | BadFieldDefinition { .. } => {
                "form.fields"
            }
            DuplicateMaterial { .. }
            | MaterialCondition { .. }
            | DeferrableMaterialNotRequired { .. }
            | ConflictingMaterial { .. } => "guide.materials",
            EmptyGuideElement { .. } => "guide",
            UnknownMatterInBundle { .. } | BundleTooSmall { .. } => "matters",
            BadLink { .. } => "links",
        }
    }
}

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

/// The matters as a bundle with these links asks for them: without the
/// form keys filled from another's result nor the materials another
/// produces.
pub fn as_linked(matters: &[&Matter], links: &[Link]) -> Vec<Matter> {
    matters
        .iter()
        .map(|m| {
            let mut m = (*m).clone();
            let mine: Vec<&Link> = links.iter().filter(|l| l.matter == m.code).collect();
            m.form
                .fields
                .retain(|f| !mine.iter().any(|l| l.fills.contains_key(f.key.as_str())));
            m.guide
                .materials
                .retain(|x| !mine.iter().any(|l| l.provides.contains(&x.key)));
            m
        })
        .collect()
}

/// The promise of matters reviewed in parallel except where linked: the
/// longest chain of promises (a linked matter starts when its
/// prerequisite ends), not the longest single matter.
pub fn chain_promise(matters: &[&Matter], links: &[Link]) -> u16 {
    fn chain(code: &MatterCode, matters: &[&Matter], links: &[Link], depth: usize) -> u16 {
        let own = matters
            .iter()
            .find(|m| &m.code == code)
            .map_or(0, |m| m.promised_days);
        // `Catalog::new` refuses cycles; the depth only guards the recursion.
        let before = if depth > links.len() {
            0
        } else {
            links
                .iter()
                .filter(|l| &l.matter == code)
                .map(|l| chain(&l.after, matters, links, depth + 1))
                .max()
                .unwrap_or(0)
        };
        own.saturating_add(before)
    }
    matters
        .iter()
        .map(|m| chain(&m.code, matters, links, 0))
        .max()
        .unwrap_or(0)
}

/// A material of a bundle's merged list, with the matters that ask for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedMaterial {
    pub material: Material,
    pub needed_by: Vec<MatterCode>,
}

/// What a bundle's guide shows: one list of materials, duplicates merged,
/// and the longest promised time (the matters run in parallel).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleGuide {
    pub materials: Vec<MergedMaterial>,
    pub promised_days: u16,
    pub legal_days: u16,
    pub visits: Visits,
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
    /// Reports every problem, not only the first, so one run of
    /// `catalog check` lists all that must be fixed.
    pub fn new(
        departments: Vec<Department>,
        matters: Vec<Matter>,
        bundles: Vec<Bundle>,
    ) -> Result<Self, Vec<CatalogError>> {
        let mut errors = Vec::new();
        let mut dept_codes = BTreeSet::new();
        for d in &departments {
            if !dept_codes.insert(d.code.clone()) {
                errors.push(CatalogError::Duplicate {
                    what: "department",
                    code: d.code.to_string(),
                });
            }
        }
        let mut matter_codes = BTreeSet::new();
        for m in &matters {
            let code = m.code.to_string();
            if !matter_codes.insert(m.code.clone()) {
                errors.push(CatalogError::Duplicate {
                    what: "matter",
                    code: code.clone(),
                });
            }
            if !dept_codes.contains(&m.department) {
                errors.push(CatalogError::UnknownDepartment {
                    matter: code.clone(),
                    department: m.department.to_string(),
                });
            }
            for mat in &m.guide.materials {
                if let Some(supplier) = &mat.supplied_by {
                    if !matters.iter().any(|x| &x.code == supplier) || supplier == &m.code {
                        errors.push(CatalogError::MaterialCondition {
                            matter: code.clone(),
                            material: mat.key.as_str().to_string(),
                            reason: "supplied_by must name another matter of the catalog",
                        });
                    }
                }
            }
            for r in &m.reviews {
                if !dept_codes.contains(&r.department) {
                    errors.push(CatalogError::UnknownReviewDepartment {
                        matter: code.clone(),
                        department: r.department.to_string(),
                    });
                }
                for key in &r.sees {
                    if !m.has_key(key.as_str()) {
                        errors.push(CatalogError::UnknownVisibleKey {
                            matter: code.clone(),
                            department: r.department.to_string(),
                            key: key.as_str().to_string(),
                        });
                    }
                }
                if r.days > m.promised_days {
                    errors.push(CatalogError::ReviewExceedsPromise {
                        matter: code.clone(),
                        department: r.department.to_string(),
                        days: r.days,
                        promised: m.promised_days,
                    });
                }
            }
            if m.promised_days > m.legal_days {
                errors.push(CatalogError::PromiseExceedsLegalLimit {
                    matter: code.clone(),
                    promised: m.promised_days,
                    legal: m.legal_days,
                });
            }
            let mut keys = BTreeSet::new();
            for f in &m.form.fields {
                if !keys.insert(f.key.as_str()) {
                    errors.push(CatalogError::DuplicateField {
                        matter: code.clone(),
                        field: f.key.as_str().to_string(),
                    });
                }
            }
            for (field, reason) in m.form.definition_problems() {
                errors.push(CatalogError::BadFieldDefinition {
                    matter: code.clone(),
                    field,
                    reason,
                });
            }
            check_guide(m, &mut errors);
        }
        check_shared_definitions(&matters, &mut errors);
        let mut bundle_codes = BTreeSet::new();
        for b in &bundles {
            let code = b.code.to_string();
            if !bundle_codes.insert(b.code.clone()) {
                errors.push(CatalogError::Duplicate {
                    what: "bundle",
                    code: code.clone(),
                });
            }
            for m in &b.matters {
                if !matter_codes.contains(m) {
                    errors.push(CatalogError::UnknownMatterInBundle {
                        bundle: code.clone(),
                        matter: m.to_string(),
                    });
                }
            }
            if b.matters.iter().collect::<BTreeSet<_>>().len() < 2 {
                errors.push(CatalogError::BundleTooSmall {
                    bundle: code.clone(),
                });
            }
            check_links(b, &matters, &mut errors);
        }
        if errors.is_empty() {
            Ok(Self {
                departments,
                matters,
                bundles,
            })
        } else {
            Err(errors)
        }
    }

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

fn check_guide(m: &Matter, errors: &mut Vec<CatalogError>) {
    let matter = m.code.to_string();
    let g = &m.guide;
    for (element, empty) in [
        ("legal_basis", g.legal_basis.is_empty()),
        ("conditions", g.conditions.is_empty()),
        ("materials", g.materials.is_empty()),
        ("process", g.process.is_empty()),
        (
            "issues",
            g.issues.is_empty() || g.issues.iter().any(|d| d.forms.is_empty()),
        ),
        (
            "window",
            g.window.zh.trim().is_empty() || g.window.en.trim().is_empty(),
        ),
        (
            "fees",
            g.fees.zh.trim().is_empty() || g.fees.en.trim().is_empty(),
        ),
    ] {
        if empty {
            errors.push(CatalogError::EmptyGuideElement {
                matter: matter.clone(),
                element,
            });
        }
    }
    let mut keys = BTreeSet::new();
    for mat in &g.materials {
        if !keys.insert(mat.key.as_str()) {
            errors.push(CatalogError::DuplicateMaterial {
                matter: matter.clone(),
                material: mat.key.as_str().to_string(),
            });
        }
        if mat.may_defer && !mat.required {
            errors.push(CatalogError::DeferrableMaterialNotRequired {
                matter: matter.clone(),
                material: mat.key.as_str().to_string(),
            });
        }
        if let Some(c) = &mat.needed_when {
            let problem = match m.form.field(c.field.as_str()) {
                Some(crate::FieldSpec {
                    kind: crate::FieldKind::Choice { options, .. },
                    visible_when: None,
                    ..
                }) => (!options.iter().any(|o| o.value.as_str() == c.equals))
                    .then_some("needed_when.equals is not an option of that field"),
                Some(_) => Some("needed_when must name an unconditional choice field"),
                None => Some("needed_when names a field this form does not have"),
            };
            if let Some(reason) = problem {
                errors.push(CatalogError::MaterialCondition {
                    matter: matter.clone(),
                    material: mat.key.as_str().to_string(),
                    reason,
                });
            }
        }
    }
}

/// One key, one meaning: form fields and materials that share a key across
/// matters must be defined alike, or forms could not be merged.
fn check_shared_definitions(matters: &[Matter], errors: &mut Vec<CatalogError>) {
    use std::collections::BTreeMap;
    let mut fields: BTreeMap<&str, (&str, &crate::FieldSpec)> = BTreeMap::new();
    let mut materials: BTreeMap<&str, (&str, &Material)> = BTreeMap::new();
    for m in matters {
        for f in &m.form.fields {
            match fields.get(f.key.as_str()) {
                None => {
                    fields.insert(f.key.as_str(), (m.code.as_str(), f));
                }
                Some((first, seen)) => {
                    let what = if seen.kind != f.kind {
                        Some("type")
                    } else if seen.label != f.label {
                        Some("label")
                    } else if seen.visible_when != f.visible_when {
                        Some("visible_when")
                    } else {
                        None
                    };
                    if let Some(what) = what {
                        errors.push(CatalogError::ConflictingField {
                            field: f.key.as_str().to_string(),
                            first: first.to_string(),
                            second: m.code.to_string(),
                            what,
                        });
                    }
                }
            }
        }
        for mat in &m.guide.materials {
            match materials.get(mat.key.as_str()) {
                None => {
                    materials.insert(mat.key.as_str(), (m.code.as_str(), mat));
                }
                Some((first, seen)) if seen.name != mat.name => {
                    errors.push(CatalogError::ConflictingMaterial {
                        material: mat.key.as_str().to_string(),
                        first: first.to_string(),
                        second: m.code.to_string(),
                        what: "name",
                    })
                }
                Some(_) => {}
            }
        }
    }
}

fn check_links(b: &Bundle, matters: &[Matter], errors: &mut Vec<CatalogError>) {
    let find = |c: &MatterCode| matters.iter().find(|m| &m.code == c);
    for l in &b.links {
        let bad = |reason: String| CatalogError::BadLink {
            bundle: b.code.to_string(),
            matter: l.matter.to_string(),
            after: l.after.to_string(),
            reason,
        };
        if !b.matters.contains(&l.matter) || !b.matters.contains(&l.after) {
            errors.push(bad("both matters must be in the bundle".into()));
            continue;
        }
        if l.matter == l.after {
            errors.push(bad("a matter cannot wait for itself".into()));
            continue;
        }
        let (Some(m), Some(after)) = (find(&l.matter), find(&l.after)) else {
            continue;
        };
        for key in &l.provides {
            if !m.guide.materials.iter().any(|x| &x.key == key) {
                errors.push(bad(format!("{key} is not a material of {}", m.code)));
            }
        }
        for (key, result) in &l.fills {
            if m.form.field(key).is_none() {
                errors.push(bad(format!("{key} is not a field of {}", m.code)));
            }
            if !after.results.iter().any(|r| &r.key == result) {
                errors.push(bad(format!("{result} is not a result of {}", after.code)));
            }
        }
    }
    // No cycles: following "after" from any matter must end.
    for start in &b.links {
        let mut at = &start.after;
        for _ in 0..=b.links.len() {
            match b.links.iter().find(|l| &l.matter == at) {
                Some(next) => at = &next.after,
                None => break,
            }
            if at == &start.matter {
                errors.push(CatalogError::BadLink {
                    bundle: b.code.to_string(),
                    matter: start.matter.to_string(),
                    after: start.after.to_string(),
                    reason: "the links go round in a circle".into(),
                });
                break;
            }
        }
    }
}

/// 并联审批: matters applied for together are reviewed in parallel, so the
/// longest promise is the promise of the whole application.
pub fn parallel_promise(matters: &[&Matter]) -> u16 {
    matters.iter().map(|m| m.promised_days).max().unwrap_or(0)
}

/// Union of the matters' materials, each once (in first-seen order): the
/// strictest requirement wins (required if any requires it, original
/// checked if any checks it, most copies, deferrable only if every matter
/// allows it). Time: the longest promise, as the matters run in parallel.
pub fn merge_guides(matters: &[&Matter]) -> BundleGuide {
    let mut merged: Vec<MergedMaterial> = Vec::new();
    for m in matters {
        for mat in &m.guide.materials {
            match merged.iter_mut().find(|x| x.material.key == mat.key) {
                Some(x) => {
                    x.material.required |= mat.required;
                    x.material.original_check |= mat.original_check;
                    x.material.copies = x.material.copies.max(mat.copies);
                    x.material.may_defer &= mat.may_defer;
                    x.material.file_types.retain(|t| mat.file_types.contains(t));
                    // Asked unconditionally by one matter: asked.
                    if x.material.needed_when != mat.needed_when {
                        x.material.needed_when = None;
                    }
                    if x.material.supplied_by != mat.supplied_by {
                        x.material.supplied_by = None;
                    }
                    if !x.needed_by.contains(&m.code) {
                        x.needed_by.push(m.code.clone());
                    }
                }
                None => merged.push(MergedMaterial {
                    material: mat.clone(),
                    needed_by: vec![m.code.clone()],
                }),
            }
        }
    }
    BundleGuide {
        materials: merged,
        promised_days: parallel_promise(matters),
        legal_days: matters.iter().map(|m| m.legal_days).max().unwrap_or(0),
        visits: if matters.iter().all(|m| m.visits == Visits::Zero) {
            Visits::Zero
        } else {
            Visits::One
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FieldKey, FieldKind, FieldSpec};

    fn dept(code: &str) -> Department {
        Department {
            code: DepartmentCode::parse(code).unwrap(),
            name: Localized::new("部门", "Dept"),
        }
    }

    fn l(s: &str) -> Localized {
        Localized::new(s, s)
    }

    fn material(key: &str, required: bool) -> Material {
        Material {
            key: FieldKey::parse(key).unwrap(),
            name: l(key),
            required,
            original_check: false,
            copies: 1,
            template: None,
            file_types: default_file_types(),
            may_defer: false,
            note: None,
            needed_when: None,
            supplied_by: None,
        }
    }

    fn guide(materials: Vec<Material>) -> ServiceGuide {
        ServiceGuide {
            legal_basis: vec![l("《行政许可法》")],
            conditions: vec![l("条件")],
            materials,
            special_steps: vec![],
            issues: vec![IssuedDocument {
                name: l("许可证"),
                validity: l("长期"),
                forms: vec![IssuedForm::Electronic],
            }],
            process: vec![l("受理"), l("审查"), l("决定")],
            window: l("综合受理窗口"),
            fees: l("不收费"),
            notes: vec![],
        }
    }

    fn matter(code: &str, dept: &str, promised: u16, legal: u16) -> Matter {
        Matter {
            code: MatterCode::parse(code).unwrap(),
            name: Localized::new("事项", "Matter"),
            kind: MatterKind::AdministrativeLicence,
            department: DepartmentCode::parse(dept).unwrap(),
            audience: Audience::Enterprise,
            legal_days: legal,
            promised_days: promised,
            visits: Visits::One,
            summary: Localized::new("", ""),
            guide: guide(vec![material("id_card", true)]),
            form: FormSchema::default(),
            reviews: vec![],
            results: vec![],
        }
    }

    fn bundle(code: &str, matters: &[&str]) -> Bundle {
        Bundle {
            code: BundleCode::parse(code).unwrap(),
            name: l(code),
            audience: Audience::Enterprise,
            summary: l(""),
            matters: matters
                .iter()
                .map(|m| MatterCode::parse(m).unwrap())
                .collect(),
            links: vec![],
        }
    }

    #[test]
    fn a_consistent_catalog_is_accepted() {
        let c = Catalog::new(
            vec![dept("SCJG")],
            vec![matter("SCJG-001", "SCJG", 3, 15)],
            vec![],
        )
        .unwrap();
        assert!(c.matter(&MatterCode::parse("SCJG-001").unwrap()).is_some());
    }

    #[test]
    fn all_problems_are_reported_together() {
        let mut empty_guide = matter("A-3", "SCJG", 1, 1);
        empty_guide.guide.materials.clear();
        empty_guide.guide.fees = l(" ");
        // A result must be named and say how it is delivered.
        empty_guide.guide.issues[0].forms.clear();
        let errs = Catalog::new(
            vec![dept("SCJG"), dept("SCJG")],
            vec![
                matter("A-1", "SCJG", 3, 15),
                matter("A-1", "GA", 3, 15),
                matter("A-2", "SCJG", 20, 15),
                empty_guide,
            ],
            vec![
                bundle("B-1", &["A-1", "NOPE"]),
                bundle("B-2", &["A-2", "A-2"]),
            ],
        )
        .unwrap_err();
        assert_eq!(
            errs,
            vec![
                CatalogError::Duplicate {
                    what: "department",
                    code: "SCJG".into()
                },
                CatalogError::Duplicate {
                    what: "matter",
                    code: "A-1".into()
                },
                CatalogError::UnknownDepartment {
                    matter: "A-1".into(),
                    department: "GA".into()
                },
                CatalogError::PromiseExceedsLegalLimit {
                    matter: "A-2".into(),
                    promised: 20,
                    legal: 15
                },
                CatalogError::EmptyGuideElement {
                    matter: "A-3".into(),
                    element: "materials"
                },
                CatalogError::EmptyGuideElement {
                    matter: "A-3".into(),
                    element: "issues"
                },
                CatalogError::EmptyGuideElement {
                    matter: "A-3".into(),
                    element: "fees"
                },
                CatalogError::UnknownMatterInBundle {
                    bundle: "B-1".into(),
                    matter: "NOPE".into()
                },
                CatalogError::BundleTooSmall {
                    bundle: "B-2".into()
                },
            ]
        );
    }

    #[test]
    fn one_key_must_mean_one_thing_across_matters() {
        let field = |label: &str, kind: FieldKind| FieldSpec {
            key: FieldKey::parse("applicant_name").unwrap(),
            label: l(label),
            kind,
            required: true,
            help: None,
            visible_when: None,
        };
        let mut a = matter("A-1", "SCJG", 3, 15);
        let mut b = matter("A-2", "SCJG", 3, 15);
        let mut c = matter("A-3", "SCJG", 3, 15);
        a.form
            .fields
            .push(field("姓名", FieldKind::Text { max_len: 30 }));
        b.form
            .fields
            .push(field("姓名", FieldKind::Text { max_len: 60 }));
        c.form
            .fields
            .push(field("名称", FieldKind::Text { max_len: 30 }));
        c.guide.materials[0].name = l("身份证");
        let errs = Catalog::new(vec![dept("SCJG")], vec![a, b, c], vec![]).unwrap_err();
        assert_eq!(
            errs,
            vec![
                CatalogError::ConflictingField {
                    field: "applicant_name".into(),
                    first: "A-1".into(),
                    second: "A-2".into(),
                    what: "type"
                },
                CatalogError::ConflictingField {
                    field: "applicant_name".into(),
                    first: "A-1".into(),
                    second: "A-3".into(),
                    what: "label"
                },
                CatalogError::ConflictingMaterial {
                    material: "id_card".into(),
                    first: "A-1".into(),
                    second: "A-3".into(),
                    what: "name"
                },
            ]
        );
    }

    #[test]
    fn parallel_reviews_name_known_departments_within_the_promise() {
        let mut m = matter("ZJ-1", "ZJ", 50, 50);
        let part = |d: &str, days| ReviewPart {
            department: DepartmentCode::parse(d).unwrap(),
            part: l("消防"),
            days,
            sees: vec![],
        };
        m.reviews = vec![part("ZJ", 20), part("XF", 15), part("ZJ", 60)];
        m.reviews[0].sees = vec![crate::FieldKey::parse("no_such_field").unwrap()];
        let errs = Catalog::new(vec![dept("ZJ")], vec![m], vec![]).unwrap_err();
        assert_eq!(
            errs,
            vec![
                CatalogError::UnknownVisibleKey {
                    matter: "ZJ-1".into(),
                    department: "ZJ".into(),
                    key: "no_such_field".into()
                },
                CatalogError::UnknownReviewDepartment {
                    matter: "ZJ-1".into(),
                    department: "XF".into()
                },
                CatalogError::ReviewExceedsPromise {
                    matter: "ZJ-1".into(),
                    department: "ZJ".into(),
                    days: 60,
                    promised: 50
                },
            ]
        );
    }

    #[test]
    fn deferrable_materials_must_be_required() {
        let mut m = matter("A-1", "SCJG", 3, 15);
        m.guide.materials.push(Material {
            may_defer: true,
            ..material("lease", false)
        });
        let errs = Catalog::new(vec![dept("SCJG")], vec![m], vec![]).unwrap_err();
        assert_eq!(
            errs,
            vec![CatalogError::DeferrableMaterialNotRequired {
                matter: "A-1".into(),
                material: "lease".into()
            }]
        );
    }

    #[test]
    fn a_material_condition_names_a_choice_and_one_of_its_answers() {
        let condition = |field: &str, equals: &str| {
            Some(crate::Condition {
                field: FieldKey::parse(field).unwrap(),
                equals: equals.into(),
            })
        };
        let mut m = matter("A-1", "SCJG", 3, 15);
        m.form.fields.push(
            serde_json::from_value(serde_json::json!({
                "key": "applies_as", "label": {"zh": "办理人", "en": "Who"}, "type": "choice",
                "options": [
                    {"value": "self", "label": {"zh": "本人", "en": "Self"}},
                    {"value": "agent", "label": {"zh": "代理人", "en": "Agent"}}
                ]
            }))
            .unwrap(),
        );
        m.guide.materials.push(Material {
            needed_when: condition("applies_as", "agent"),
            ..material("letter", true)
        });
        let good = Catalog::new(vec![dept("SCJG")], vec![m.clone()], vec![]).unwrap();
        let letter = &good.matters[0].guide.materials.last().unwrap();
        assert!(letter.is_needed(&|k: &str| (k == "applies_as").then(|| "agent".to_string())));
        assert!(!letter.is_needed(&|k: &str| (k == "applies_as").then(|| "self".to_string())));
        assert!(!letter.is_needed(&|_: &str| None), "unanswered: not asked");

        for (field, equals, reason) in [
            (
                "applies_as",
                "boss",
                "needed_when.equals is not an option of that field",
            ),
            (
                "nowhere",
                "agent",
                "needed_when names a field this form does not have",
            ),
        ] {
            let mut bad = m.clone();
            bad.guide.materials.last_mut().unwrap().needed_when = condition(field, equals);
            assert_eq!(
                Catalog::new(vec![dept("SCJG")], vec![bad], vec![]).unwrap_err(),
                vec![CatalogError::MaterialCondition {
                    matter: "A-1".into(),
                    material: "letter".into(),
                    reason
                }]
            );
        }
    }

    #[test]
    fn a_bundle_guide_merges_materials_and_takes_the_longest_promise() {
        let mut licence = matter("SCJG-1", "SCJG", 3, 15);
        licence.guide.materials = vec![
            material("id_card", true),
            Material {
                may_defer: true,
                ..material("lease", true)
            },
        ];
        let mut food = matter("SCJG-2", "SCJG", 10, 20);
        food.guide.materials = vec![
            Material {
                original_check: true,
                copies: 2,
                ..material("id_card", true)
            },
            material("lease", true),
            material("floor_plan", false),
        ];
        food.visits = Visits::One;
        let c = Catalog::new(
            vec![dept("SCJG")],
            vec![licence, food],
            vec![bundle("B-1", &["SCJG-1", "SCJG-2"])],
        )
        .unwrap();
        let g = c.bundle_guide(&c.bundles[0]);
        let keys: Vec<&str> = g
            .materials
            .iter()
            .map(|m| m.material.key.as_str())
            .collect();
        assert_eq!(keys, ["id_card", "lease", "floor_plan"]);
        let id = &g.materials[0];
        assert!(id.material.original_check && id.material.copies == 2);
        assert_eq!(id.needed_by.len(), 2);
        assert!(
            !g.materials[1].material.may_defer,
            "deferrable only if every matter allows it"
        );
        assert_eq!((g.promised_days, g.legal_days), (10, 20));
    }

    #[test]
    fn codes_and_visits_are_parsed_not_trusted() {
        assert!(MatterCode::parse("scjg-001").is_err());
        assert!(MatterCode::parse("-A").is_err());
        assert!(Visits::try_from(2).is_err());
    }

    fn text_field(key: &str) -> crate::FieldSpec {
        crate::FieldSpec {
            key: crate::FieldKey::parse(key).unwrap(),
            label: l(key),
            kind: crate::FieldKind::Text { max_len: 30 },
            required: true,
            help: None,
            visible_when: None,
        }
    }

    fn link(matter: &str, after: &str, fills: &[(&str, &str)]) -> Link {
        Link {
            matter: MatterCode::parse(matter).unwrap(),
            after: MatterCode::parse(after).unwrap(),
            fills: fills
                .iter()
                .map(|(k, r)| (k.to_string(), crate::FieldKey::parse(r).unwrap()))
                .collect(),
            provides: vec![],
        }
    }

    #[test]
    fn links_are_checked_and_the_promise_is_the_longest_chain() {
        let mut licence = matter("A-1", "SCJG", 3, 15);
        licence.results = vec![text_field("credit_code")];
        let mut permit = matter("A-2", "SCJG", 10, 20);
        permit.form.fields = vec![text_field("enterprise_credit_code")];
        let sign = matter("A-3", "SCJG", 5, 20);
        let mut b = bundle("B-1", &["A-1", "A-2", "A-3"]);
        b.links = vec![
            link("A-2", "A-1", &[("enterprise_credit_code", "credit_code")]),
            link("A-3", "A-1", &[]),
        ];
        let good = Catalog::new(
            vec![dept("SCJG")],
            vec![licence.clone(), permit.clone(), sign.clone()],
            vec![b.clone()],
        )
        .unwrap();
        let refs: Vec<&Matter> = good.matters.iter().collect();
        // 3 + 10 (the permit waits for the licence), not max(3, 10, 5).
        assert_eq!(chain_promise(&refs, &b.links), 13);
        assert_eq!(parallel_promise(&refs), 10);
        let codes: Vec<MatterCode> = good.matters.iter().map(|m| m.code.clone()).collect();
        assert_eq!(good.links_among(&codes).len(), 2);
        assert_eq!(good.links_among(&codes[1..]).len(), 0);
        let linked = as_linked(&refs, &b.links);
        assert!(
            linked[1].form.fields.is_empty(),
            "the code is filled, not asked"
        );
        assert_eq!(linked[0].form, licence.form);

        let mut bad = b.clone();
        bad.links = vec![
            link("A-2", "A-1", &[("no_field", "no_result")]),
            link("A-1", "A-2", &[]),
            link("A-3", "A-9", &[]),
        ];
        let errs =
            Catalog::new(vec![dept("SCJG")], vec![licence, permit, sign], vec![bad]).unwrap_err();
        let reasons: Vec<String> = errs
            .iter()
            .map(|e| match e {
                CatalogError::BadLink { reason, .. } => reason.clone(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            reasons,
            [
                "no_field is not a field of A-2",
                "no_result is not a result of A-1",
                "both matters must be in the bundle",
                "the links go round in a circle",
                "the links go round in a circle",
            ]
        );
    }
}
