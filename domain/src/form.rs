//! 只填一表: the form of a matter, its fields and their validation.
//!
//! A field's `key` is canonical across the whole catalog ("applicant_name"
//! means the same thing in every matter), which is what lets the forms of
//! several matters merge into one.

use crate::{
    CreditCode, CreditCodeError, Localized, MobileNumber, MobileNumberError, ResidentId,
    ResidentIdError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest text a single-line field accepts unless it says otherwise.
pub const DEFAULT_MAX_LEN: u32 = 100;
/// Hard ceiling for any field; anything longer is a tampered payload.
pub const ABSOLUTE_MAX_LEN: u32 = 2000;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FieldKey(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field key must be 1–64 characters of a–z, 0–9 and _ starting with a letter: {0:?}")]
pub struct BadFieldKey(pub String);

impl FieldKey {
    pub fn parse(s: &str) -> Result<Self, BadFieldKey> {
        let ok = !s.is_empty()
            && s.len() <= 64
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if ok {
            Ok(Self(s.to_string()))
        } else {
            Err(BadFieldKey(s.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FieldKey {
    type Error = BadFieldKey;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<FieldKey> for String {
    fn from(k: FieldKey) -> String {
        k.0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    Text {
        #[serde(default = "default_max_len")]
        max_len: u32,
    },
    LongText {
        #[serde(default = "long_max_len")]
        max_len: u32,
    },
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    ResidentId,
    CreditCode,
    Mobile,
    Address,
}

fn default_max_len() -> u32 {
    DEFAULT_MAX_LEN
}
fn long_max_len() -> u32 {
    1000
}

impl FieldKind {
    pub fn max_len(&self) -> u32 {
        match self {
            FieldKind::Text { max_len } | FieldKind::LongText { max_len } => {
                (*max_len).min(ABSOLUTE_MAX_LEN)
            }
            FieldKind::Address => 200,
            FieldKind::Date => 10,
            FieldKind::ResidentId | FieldKind::CreditCode => 24,
            FieldKind::Mobile => 20,
        }
    }

    /// The HTML input hints that give the right on-screen keyboard.
    pub fn input_mode(&self) -> &'static str {
        match self {
            FieldKind::Mobile => "tel",
            FieldKind::ResidentId | FieldKind::CreditCode => "text",
            _ => "text",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSpec {
    pub key: FieldKey,
    pub label: Localized,
    #[serde(flatten)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: Option<Localized>,
}

/// Why one field's value is not acceptable. Language-free: the UI turns it
/// into a sentence in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooLong {
        max: u32,
    },
    InvalidDate,
    ResidentId {
        reason: ResidentIdError,
    },
    CreditCode {
        reason: CreditCodeError,
    },
    Mobile {
        reason: MobileNumberError,
    },
    /// The payload named a field this form does not have (tampering).
    Unknown,
    /// The same field was sent twice (tampering).
    Duplicate,
    /// Longer than any field allows; browsers enforce `maxlength`, so this
    /// is tampering too.
    Oversized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub key: String,
    #[serde(flatten)]
    pub problem: FieldProblem,
}

impl FieldError {
    /// Problems no honest browser produces: they are refused and logged.
    pub fn is_tampering(&self) -> bool {
        matches!(
            self.problem,
            FieldProblem::Unknown | FieldProblem::Duplicate | FieldProblem::Oversized
        )
    }
}

/// Values that passed validation, normalised (IDs upper-case, numbers
/// without spaces), keyed by canonical field key. Empty optional fields are
/// absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormValues(pub BTreeMap<String, String>);

impl FormValues {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSchema {
    pub fields: Vec<FieldSpec>,
}

impl FormSchema {
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key.as_str() == key)
    }

    /// Checks every field and reports every problem at once (一次性告知),
    /// never only the first.
    pub fn validate(&self, input: &[(String, String)]) -> Result<FormValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (key, value) in input {
            if self.field(key).is_none() {
                errors.push(FieldError {
                    key: key.clone(),
                    problem: FieldProblem::Unknown,
                });
            } else if seen.insert(key.as_str(), value.as_str()).is_some() {
                errors.push(FieldError {
                    key: key.clone(),
                    problem: FieldProblem::Duplicate,
                });
            }
        }
        let mut values = BTreeMap::new();
        for spec in &self.fields {
            let raw = seen.get(spec.key.as_str()).copied().unwrap_or("");
            match validate_field(spec, raw) {
                Ok(Some(v)) => {
                    values.insert(spec.key.as_str().to_string(), v);
                }
                Ok(None) => {}
                Err(problem) => errors.push(FieldError {
                    key: spec.key.as_str().to_string(),
                    problem,
                }),
            }
        }
        if errors.is_empty() {
            Ok(FormValues(values))
        } else {
            Err(errors)
        }
    }
}

/// One field on its own: used for inline checks while typing and by
/// [`FormSchema::validate`]. `Ok(None)` is an empty optional field.
pub fn validate_field(spec: &FieldSpec, raw: &str) -> Result<Option<String>, FieldProblem> {
    let value = raw.trim();
    let len = value.chars().count() as u32;
    if len > ABSOLUTE_MAX_LEN {
        return Err(FieldProblem::Oversized);
    }
    if len > spec.kind.max_len() {
        return Err(FieldProblem::TooLong {
            max: spec.kind.max_len(),
        });
    }
    if value.is_empty() {
        return if spec.required {
            Err(FieldProblem::Required)
        } else {
            Ok(None)
        };
    }
    let normalised = match &spec.kind {
        FieldKind::Text { .. } | FieldKind::LongText { .. } | FieldKind::Address => {
            value.to_string()
        }
        FieldKind::Date => {
            let ok = value.len() == 10
                && value.as_bytes()[4] == b'-'
                && value.as_bytes()[7] == b'-'
                && matches!(
                    (value[..4].parse::<i32>(), value[5..7].parse::<u32>(), value[8..].parse::<u32>()),
                    (Ok(y), Ok(m), Ok(d)) if crate::calendar::is_valid_ymd(y, m, d)
                );
            if !ok {
                return Err(FieldProblem::InvalidDate);
            }
            value.to_string()
        }
        FieldKind::ResidentId => ResidentId::parse(value)
            .map_err(|reason| FieldProblem::ResidentId { reason })?
            .as_str()
            .to_string(),
        FieldKind::CreditCode => CreditCode::parse(value)
            .map_err(|reason| FieldProblem::CreditCode { reason })?
            .as_str()
            .to_string(),
        FieldKind::Mobile => MobileNumber::parse(value)
            .map_err(|reason| FieldProblem::Mobile { reason })?
            .as_str()
            .to_string(),
    };
    Ok(Some(normalised))
}

/// Two matters define one field key differently: their forms cannot be
/// merged (`catalog check` reports this before it can happen here).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("field {key} is defined differently by {first} and {second}")]
pub struct FieldConflict {
    pub key: String,
    pub first: String,
    pub second: String,
}

/// 只填一表: the forms of several matters as one. A key shared by several
/// matters is asked once, required if any of them requires it. The result
/// does not depend on the order the matters are given in: they are taken
/// in code order, and each field where it first appears.
pub fn merge_forms(forms: &[(&str, &FormSchema)]) -> Result<FormSchema, Vec<FieldConflict>> {
    let mut sorted: Vec<&(&str, &FormSchema)> = forms.iter().collect();
    sorted.sort_by_key(|(code, _)| *code);
    sorted.dedup_by_key(|(code, _)| *code);
    let mut fields: Vec<(FieldSpec, &str)> = Vec::new();
    let mut conflicts = Vec::new();
    for (code, form) in sorted {
        for f in &form.fields {
            match fields.iter_mut().find(|(seen, _)| seen.key == f.key) {
                None => fields.push((f.clone(), code)),
                Some((seen, first)) if seen.kind == f.kind && seen.label == f.label => {
                    seen.required |= f.required;
                    if seen.help.is_none() {
                        seen.help = f.help.clone();
                    }
                }
                Some((_, first)) => conflicts.push(FieldConflict {
                    key: f.key.as_str().to_string(),
                    first: first.to_string(),
                    second: code.to_string(),
                }),
            }
        }
    }
    if conflicts.is_empty() {
        Ok(FormSchema {
            fields: fields.into_iter().map(|(f, _)| f).collect(),
        })
    } else {
        Err(conflicts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(key: &str, kind: FieldKind, required: bool) -> FieldSpec {
        FieldSpec {
            key: FieldKey::parse(key).unwrap(),
            label: Localized::new(key, key),
            kind,
            required,
            help: None,
        }
    }

    fn schema() -> FormSchema {
        FormSchema {
            fields: vec![
                spec("applicant_name", FieldKind::Text { max_len: 10 }, true),
                spec("applicant_id", FieldKind::ResidentId, true),
                spec("applicant_mobile", FieldKind::Mobile, true),
                spec("remarks", FieldKind::LongText { max_len: 50 }, false),
                spec("start_date", FieldKind::Date, false),
            ],
        }
    }

    fn input(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn valid_input_is_normalised_and_empty_optionals_dropped() {
        let v = schema()
            .validate(&input(&[
                ("applicant_name", " 张三 "),
                ("applicant_id", "11010519491231002x"),
                ("applicant_mobile", "138 1234 5678"),
                ("remarks", ""),
            ]))
            .unwrap();
        assert_eq!(v.get("applicant_name"), Some("张三"));
        assert_eq!(v.get("applicant_id"), Some("11010519491231002X"));
        assert_eq!(v.get("applicant_mobile"), Some("13812345678"));
        assert_eq!(v.get("remarks"), None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errs = schema()
            .validate(&input(&[
                ("applicant_name", ""),
                ("applicant_id", "110105194912310029"),
                ("applicant_mobile", "12812345678"),
                ("remarks", &"长".repeat(51)),
                ("start_date", "2023-02-29"),
            ]))
            .unwrap_err();
        let problems: Vec<_> = errs
            .iter()
            .map(|e| (e.key.as_str(), e.problem.clone()))
            .collect();
        assert_eq!(
            problems,
            vec![
                ("applicant_name", FieldProblem::Required),
                (
                    "applicant_id",
                    FieldProblem::ResidentId {
                        reason: ResidentIdError::BadCheckCharacter
                    }
                ),
                (
                    "applicant_mobile",
                    FieldProblem::Mobile {
                        reason: MobileNumberError::BadPrefix
                    }
                ),
                ("remarks", FieldProblem::TooLong { max: 50 }),
                ("start_date", FieldProblem::InvalidDate),
            ]
        );
        assert!(errs.iter().all(|e| !e.is_tampering()));
    }

    #[test]
    fn unknown_and_duplicate_fields_are_tampering() {
        let errs = schema()
            .validate(&input(&[
                ("applicant_name", "张三"),
                ("applicant_name", "李四"),
                ("applicant_id", "11010519491231002X"),
                ("applicant_mobile", "13812345678"),
                ("is_admin", "1"),
                ("remarks", &"x".repeat(5000)),
            ]))
            .unwrap_err();
        assert_eq!(errs.len(), 3);
        assert!(errs.iter().all(FieldError::is_tampering));
    }

    #[test]
    fn field_keys_are_restricted() {
        assert!(FieldKey::parse("applicant_name").is_ok());
        for bad in ["", "Applicant", "1abc", "a-b", "a b", &"a".repeat(65)] {
            assert!(FieldKey::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn schema_deserialises_from_catalog_toml_shape() {
        let json = r#"{"fields":[{"key":"applicant_id","label":{"zh":"身份证号","en":"ID number"},"type":"resident_id","required":true}]}"#;
        let schema: FormSchema = serde_json::from_str(json).unwrap();
        assert_eq!(schema.fields[0].kind, FieldKind::ResidentId);
        assert!(serde_json::from_str::<FormSchema>(
            r#"{"fields":[{"key":"Bad Key","label":{"zh":"x","en":"x"},"type":"date"}]}"#
        )
        .is_err());
    }

    fn form(fields: &[(&str, bool)]) -> FormSchema {
        FormSchema {
            fields: fields
                .iter()
                .map(|(k, req)| {
                    spec(
                        k,
                        if k.ends_with("_id") {
                            FieldKind::ResidentId
                        } else {
                            FieldKind::Text { max_len: 30 }
                        },
                        *req,
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn shared_fields_are_asked_once_and_required_if_any_requires() {
        let licence = form(&[
            ("applicant_name", true),
            ("applicant_id", true),
            ("business_scope", false),
        ]);
        let food = form(&[
            ("applicant_name", true),
            ("business_scope", true),
            ("floor_area", false),
        ]);
        let merged = merge_forms(&[("SCJG-1", &licence), ("SCJG-2", &food)]).unwrap();
        let keys: Vec<(&str, bool)> = merged
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.required))
            .collect();
        assert_eq!(
            keys,
            [
                ("applicant_name", true),
                ("applicant_id", true),
                ("business_scope", true),
                ("floor_area", false)
            ]
        );
    }

    #[test]
    fn conflicting_definitions_are_refused() {
        let a = form(&[("applicant_name", true)]);
        let b = FormSchema {
            fields: vec![spec("applicant_name", FieldKind::Mobile, true)],
        };
        let err = merge_forms(&[("A", &a), ("B", &b)]).unwrap_err();
        assert_eq!(
            err,
            vec![FieldConflict {
                key: "applicant_name".into(),
                first: "A".into(),
                second: "B".into()
            }]
        );
    }

    proptest::proptest! {
        /// Whatever order the matters come in, the merged form is the same.
        #[test]
        fn merge_is_order_independent(
            forms in proptest::collection::vec(
                proptest::collection::vec((0usize..8, proptest::bool::ANY), 0..6), 1..5),
            seed in 0u64..1000,
        ) {
            const KEYS: [&str; 8] = ["applicant_name", "applicant_id", "mobile", "address", "scope", "area", "date", "name2"];
            let schemas: Vec<FormSchema> = forms
                .iter()
                .map(|fs| {
                    let mut seen = std::collections::BTreeSet::new();
                    let picked: Vec<(&str, bool)> = fs.iter().filter(|(k, _)| seen.insert(*k)).map(|(k, r)| (KEYS[*k], *r)).collect();
                    form(&picked)
                })
                .collect();
            let codes: Vec<String> = (0..schemas.len()).map(|i| format!("M-{i}")).collect();
            let input: Vec<(&str, &FormSchema)> = codes.iter().map(String::as_str).zip(schemas.iter()).collect();
            let mut shuffled = input.clone();
            // A deterministic shuffle from the seed.
            let n = shuffled.len();
            for i in 0..n {
                let j = (seed as usize).wrapping_mul(31).wrapping_add(i * 7) % n;
                shuffled.swap(i, j);
            }
            proptest::prop_assert_eq!(merge_forms(&input), merge_forms(&shuffled));
        }
    }
}
