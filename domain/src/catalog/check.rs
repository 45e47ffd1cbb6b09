//! What a published catalog must hold: unique codes, known departments,
//! promises within legal limits, complete guides, one meaning per shared
//! key, links between matters of the same bundle. Every problem is
//! reported, not only the first.

use super::*;

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
    #[error(
        "matter {matter}: marked 全程网办 (visits = 0) but material {material} needs its original seen at the window; make it visits = 1, or drop original_check where the original is checked another way"
    )]
    ZeroVisitNeedsOriginal { matter: String, material: String },
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
            | ZeroVisitNeedsOriginal { matter, .. }
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
            ZeroVisitNeedsOriginal { .. } => "visits",
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
        // The desk cannot accept before it ticks "original seen": the
        // applicant has to come, so the matter is not 全程网办.
        if mat.original_check && m.visits == Visits::Zero {
            errors.push(CatalogError::ZeroVisitNeedsOriginal {
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
