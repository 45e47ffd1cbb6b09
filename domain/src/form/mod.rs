//! 只填一表: the form of a matter, its fields and their validation.
//!
//! A field's `key` is canonical across the whole catalog ("applicant_name"
//! means the same thing in every matter), which is what lets the forms of
//! several matters merge into one.
//!
//! The schema is here; `validate` holds how answers become [`FormValues`]
//! (every problem at once), `merge` how several matters' forms become one.

mod merge;
#[cfg(test)]
mod tests;
mod validate;

pub use merge::{merge_forms, FieldConflict};
pub use validate::{split_cell_key, validate_field, FieldError, FieldProblem};

use crate::calendar::CalendarDay;
use crate::{
    CreditCode, CreditCodeError, Localized, MobileNumber, MobileNumberError, ResidentId,
    ResidentIdError,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// More rows than any group could have: a bigger row index is tampering.
const MAX_ROW_INDEX: u32 = 255;
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

impl std::fmt::Display for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

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
    /// A decimal number with at most `decimals` digits after the point,
    /// within `[min, max]` when given (whole units).
    Number {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
        #[serde(default)]
        decimals: u8,
        /// Shown after the box, e.g. 万元 or 人.
        #[serde(default)]
        unit: Option<Localized>,
    },
    /// One of the options (radio buttons) or, if `multiple`, any of them
    /// (check boxes). Multiple answers are stored comma-separated.
    Choice {
        options: Vec<ChoiceOption>,
        #[serde(default)]
        multiple: bool,
    },
    /// A repeatable group of fields (e.g. the members of a household). Row
    /// `i`'s sub-field `f` of group `g` travels as `g.i.f`.
    Group {
        fields: Vec<FieldSpec>,
        #[serde(default)]
        min_rows: u8,
        #[serde(default = "default_max_rows")]
        max_rows: u8,
    },
}

fn default_max_rows() -> u8 {
    10
}

/// One answer of a choice field. `value` is what is stored; it is a field
/// key (no commas), so several can be joined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub value: FieldKey,
    pub label: Localized,
}

/// Show a field only when another (a choice field of the same form) has a
/// given answer; a hidden field is neither required nor stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: FieldKey,
    pub equals: String,
}

impl Condition {
    /// The named choice field's answer (one of several, for a multiple
    /// choice) is `equals`.
    pub fn holds(&self, raw: &impl Fn(&str) -> Option<String>) -> bool {
        raw(self.field.as_str())
            .is_some_and(|v| v.split(',').any(|part| part.trim() == self.equals))
    }
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
            FieldKind::Number { .. } => 24,
            FieldKind::Choice { options, .. } => options
                .iter()
                .map(|o| o.value.as_str().len() as u32 + 1)
                .sum::<u32>()
                .min(ABSOLUTE_MAX_LEN),
            FieldKind::Group { .. } => ABSOLUTE_MAX_LEN,
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
    #[serde(default)]
    pub visible_when: Option<Condition>,
}

impl FieldSpec {
    pub fn is_multiple_choice(&self) -> bool {
        matches!(self.kind, FieldKind::Choice { multiple: true, .. })
    }

    /// Is this field asked, given the raw answers so far? A field is asked
    /// when it has no condition or its condition's field has that answer.
    pub fn is_visible(&self, raw: &impl Fn(&str) -> Option<String>) -> bool {
        self.visible_when.as_ref().is_none_or(|c| c.holds(raw))
    }
}

/// Values that passed validation, normalised (IDs upper-case, numbers
/// without spaces), keyed by canonical field key. Empty optional fields are
/// absent. Only [`FormSchema::validate`] makes them; storage reads back
/// what it stored (serde), which is the one other way in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormValues(BTreeMap<String, String>);

impl FormValues {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Only the answers of the fields `keep` accepts (a group's rows go
    /// with the group's key): what one reviewer's part may see.
    pub fn only(&self, keep: impl Fn(&str) -> bool) -> FormValues {
        FormValues(
            self.0
                .iter()
                .filter(|(k, _)| keep(k.split('.').next().unwrap_or(k)))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
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
}

impl FormSchema {
    /// Answers with every valid resident ID, credit code and mobile number
    /// in its canonical form (half-width, no spaces, upper case); the rest,
    /// wrong ones included, as typed.
    pub fn canonical_codes(
        &self,
        answers: Vec<(String, String)>,
        today: CalendarDay,
    ) -> Vec<(String, String)> {
        answers
            .into_iter()
            .map(|(key, value)| {
                let spec = match split_cell_key(&key) {
                    Some((group, _, sub)) => match self.field(group).map(|g| &g.kind) {
                        Some(FieldKind::Group { fields, .. }) => {
                            fields.iter().find(|f| f.key.as_str() == sub)
                        }
                        _ => None,
                    },
                    None => self.field(&key),
                };
                let is_code = spec.is_some_and(|s| {
                    matches!(
                        s.kind,
                        FieldKind::ResidentId | FieldKind::CreditCode | FieldKind::Mobile
                    )
                });
                match spec
                    .filter(|_| is_code)
                    .map(|s| validate_field(s, &value, today))
                {
                    Some(Ok(Some(canonical))) => (key, canonical),
                    _ => (key, value),
                }
            })
            .collect()
    }

    /// What is wrong with the definition itself (for `catalog check`):
    /// conditions must name an unconditional choice field of this form and
    /// one of its answers; choices need distinct options; groups hold plain
    /// fields; number ranges must not be empty.
    pub fn definition_problems(&self) -> Vec<(String, &'static str)> {
        let mut problems = Vec::new();
        for spec in &self.fields {
            let key = spec.key.as_str().to_string();
            if let Some(c) = &spec.visible_when {
                match self.field(c.field.as_str()) {
                    Some(FieldSpec {
                        kind: FieldKind::Choice { options, .. },
                        visible_when: None,
                        ..
                    }) => {
                        if !options.iter().any(|o| o.value.as_str() == c.equals) {
                            problems.push((
                                key.clone(),
                                "visible_when.equals is not an option of that field",
                            ));
                        }
                    }
                    Some(_) => problems.push((
                        key.clone(),
                        "visible_when must name an unconditional choice field",
                    )),
                    None => problems.push((
                        key.clone(),
                        "visible_when names a field this form does not have",
                    )),
                }
            }
            problems.extend(
                kind_problems(&spec.kind)
                    .into_iter()
                    .map(|r| (key.clone(), r)),
            );
            if let FieldKind::Group {
                fields,
                min_rows,
                max_rows,
            } = &spec.kind
            {
                if min_rows > max_rows || *max_rows == 0 || u32::from(*max_rows) > MAX_ROW_INDEX {
                    problems.push((
                        key.clone(),
                        "group needs 0 ≤ min_rows ≤ max_rows ≤ 255 and max_rows ≥ 1",
                    ));
                }
                let mut seen = std::collections::BTreeSet::new();
                for sub in fields {
                    let sub_key = format!("{key}.{}", sub.key.as_str());
                    if !seen.insert(sub.key.as_str()) {
                        problems.push((sub_key.clone(), "appears twice in its group"));
                    }
                    if matches!(sub.kind, FieldKind::Group { .. }) || sub.visible_when.is_some() {
                        problems.push((
                            sub_key.clone(),
                            "a group holds plain fields only (no groups, no conditions)",
                        ));
                    }
                    problems.extend(
                        kind_problems(&sub.kind)
                            .into_iter()
                            .map(|r| (sub_key.clone(), r)),
                    );
                }
                if fields.is_empty() {
                    problems.push((key.clone(), "group has no fields"));
                }
            }
        }
        problems
    }
}

fn kind_problems(kind: &FieldKind) -> Vec<&'static str> {
    let mut problems = Vec::new();
    match kind {
        FieldKind::Choice { options, .. } => {
            let distinct: std::collections::BTreeSet<_> =
                options.iter().map(|o| &o.value).collect();
            if options.is_empty() {
                problems.push("choice has no options");
            } else if distinct.len() != options.len() {
                problems.push("choice has the same option value twice");
            }
        }
        FieldKind::Number {
            min: Some(lo),
            max: Some(hi),
            ..
        } if lo > hi => problems.push("number has min greater than max"),
        FieldKind::Number { decimals, .. } if *decimals > 6 => {
            problems.push("number allows at most 6 decimals")
        }
        _ => {}
    }
    problems
}
