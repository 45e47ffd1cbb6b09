//! 事项目录: service matters, the departments that handle them, and the
//! checks that keep a published catalog consistent.

use crate::{form::FormSchema, Localized};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
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

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("{what} code {code:?} must be 2–32 characters of A–Z, 0–9 and -")]
    BadCode { what: &'static str, code: String },
    #[error("duplicate {what} code {code}")]
    Duplicate { what: &'static str, code: String },
    #[error("matter {matter}: unknown department {department}")]
    UnknownDepartment { matter: String, department: String },
    #[error("matter {matter}: promised time ({promised} working days) exceeds the legal limit ({legal})")]
    PromiseExceedsLegalLimit {
        matter: String,
        promised: u16,
        legal: u16,
    },
    #[error("matter {matter}: form field {field} appears twice")]
    DuplicateField { matter: String, field: String },
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub code: DepartmentCode,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    pub form: FormSchema,
}

/// A catalog whose cross-references hold: unique codes, known departments,
/// promises within legal limits, no field twice in one form.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub departments: Vec<Department>,
    pub matters: Vec<Matter>,
}

impl Catalog {
    /// Reports every problem, not only the first, so one run of
    /// `catalog check` lists all that must be fixed.
    pub fn new(
        departments: Vec<Department>,
        matters: Vec<Matter>,
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
        }
        if errors.is_empty() {
            Ok(Self {
                departments,
                matters,
            })
        } else {
            Err(errors)
        }
    }

    pub fn matter(&self, code: &MatterCode) -> Option<&Matter> {
        self.matters.iter().find(|m| &m.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(code: &str) -> Department {
        Department {
            code: DepartmentCode::parse(code).unwrap(),
            name: Localized::new("部门", "Dept"),
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
            form: FormSchema::default(),
        }
    }

    #[test]
    fn a_consistent_catalog_is_accepted() {
        let c = Catalog::new(vec![dept("SCJG")], vec![matter("SCJG-001", "SCJG", 3, 15)]).unwrap();
        assert!(c.matter(&MatterCode::parse("SCJG-001").unwrap()).is_some());
    }

    #[test]
    fn all_problems_are_reported_together() {
        let errs = Catalog::new(
            vec![dept("SCJG"), dept("SCJG")],
            vec![
                matter("A-1", "SCJG", 3, 15),
                matter("A-1", "GA", 3, 15),
                matter("A-2", "SCJG", 20, 15),
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
            ]
        );
    }

    #[test]
    fn codes_and_visits_are_parsed_not_trusted() {
        assert!(MatterCode::parse("scjg-001").is_err());
        assert!(MatterCode::parse("-A").is_err());
        assert!(Visits::try_from(2).is_err());
    }
}
