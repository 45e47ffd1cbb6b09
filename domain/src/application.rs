//! An application (申请): what is applied for, and where it is once submitted.

use crate::catalog::{Bundle, BundleCode, Catalog, Matter, MatterCode};
use crate::form::{merge_forms, FormSchema};
use crate::wizard::Wizard;
use crate::Localized;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use crate::workflow::ApplicationStatus;

/// What a form applies for: one matter, or a life-event bundle (一件事)
/// whose matters share one merged form and one application number.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyTarget {
    Matter(MatterCode),
    Bundle(BundleCode),
}

impl ApplyTarget {
    pub fn code(&self) -> &str {
        match self {
            ApplyTarget::Matter(c) => c.as_str(),
            ApplyTarget::Bundle(c) => c.as_str(),
        }
    }

    /// `matter` or `bundle`: how storage tells the two apart.
    pub fn kind(&self) -> &'static str {
        match self {
            ApplyTarget::Matter(_) => "matter",
            ApplyTarget::Bundle(_) => "bundle",
        }
    }

    /// The inverse of [`ApplyTarget::kind`] and [`ApplyTarget::code`].
    pub fn from_parts(kind: &str, code: &str) -> Option<Self> {
        match kind {
            "matter" => MatterCode::parse(code).ok().map(ApplyTarget::Matter),
            "bundle" => BundleCode::parse(code).ok().map(ApplyTarget::Bundle),
            _ => None,
        }
    }
}

impl fmt::Display for ApplyTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a target means against the catalog: its matters, their one form
/// (merged for a bundle), the wizard's steps and the promise.
#[derive(Clone, Debug, PartialEq)]
pub struct ApplySubject {
    pub target: ApplyTarget,
    pub name: Localized,
    /// In the bundle's order.
    pub matters: Vec<Matter>,
    pub form: FormSchema,
    pub wizard: Wizard,
    /// Working days: the longest chain of the matters' promises (reviewed
    /// in parallel, a linked matter after its prerequisite).
    pub promised_days: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SubjectError {
    #[error("{0} is not in the catalog")]
    Unknown(ApplyTarget),
    /// `catalog check` rules this out; kept so a bad catalog is refused,
    /// never half-served.
    #[error("the forms of bundle {bundle} do not merge: {conflicts:?}")]
    FormsConflict {
        bundle: BundleCode,
        conflicts: Vec<String>,
    },
}

impl ApplySubject {
    pub fn resolve(catalog: &Catalog, target: &ApplyTarget) -> Result<Self, SubjectError> {
        let unknown = || SubjectError::Unknown(target.clone());
        let (name, matters, form) = match target {
            ApplyTarget::Matter(code) => {
                let m = catalog.matter(code).ok_or_else(unknown)?;
                (m.name.clone(), vec![m.clone()], m.form.clone())
            }
            ApplyTarget::Bundle(code) => {
                let b: &Bundle = catalog.bundle(code).ok_or_else(unknown)?;
                let listed: Vec<&Matter> = b
                    .matters
                    .iter()
                    .map(|c| catalog.matter(c).ok_or_else(unknown))
                    .collect::<Result<_, _>>()?;
                // 联办: what a linked matter takes from another's result
                // (a licence's credit code, the licence itself) is not
                // asked of the citizen.
                let matters = crate::catalog::as_linked(&listed, &b.links);
                let forms: Vec<(&str, &FormSchema)> =
                    matters.iter().map(|m| (m.code.as_str(), &m.form)).collect();
                let form =
                    merge_forms(&forms).map_err(|conflicts| SubjectError::FormsConflict {
                        bundle: code.clone(),
                        conflicts: conflicts.iter().map(|c| format!("{c:?}")).collect(),
                    })?;
                (b.name.clone(), matters, form)
            }
        };
        let refs: Vec<&Matter> = matters.iter().collect();
        let codes: Vec<MatterCode> = matters.iter().map(|m| m.code.clone()).collect();
        let promised_days = crate::catalog::chain_promise(&refs, &catalog.links_among(&codes));
        let forms: Vec<(&MatterCode, &FormSchema)> =
            matters.iter().map(|m| (&m.code, &m.form)).collect();
        let wizard = Wizard::plan(&forms, &form);
        Ok(Self {
            target: target.clone(),
            name,
            matters,
            form,
            wizard,
            promised_days,
        })
    }

    pub fn matter_codes(&self) -> Vec<MatterCode> {
        self.matters.iter().map(|m| m.code.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_their_parts() {
        let t = ApplyTarget::Bundle(BundleCode::parse("YJS-KCG").unwrap());
        assert_eq!(ApplyTarget::from_parts(t.kind(), t.code()), Some(t.clone()));
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            r#"{"bundle":"YJS-KCG"}"#
        );
        assert_eq!(ApplyTarget::from_parts("matter", "bad code"), None);
        assert_eq!(ApplyTarget::from_parts("other", "GA-1"), None);
    }
}
