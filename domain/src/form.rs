//! 只填一表: the form of a matter, its fields and their validation.
//!
//! A field's `key` is canonical across the whole catalog ("applicant_name"
//! means the same thing in every matter), which is what lets the forms of
//! several matters merge into one.

use crate::calendar::CalendarDay;
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
    NotANumber,
    TooManyDecimals {
        max: u8,
    },
    OutOfRange {
        min: Option<i64>,
        max: Option<i64>,
    },
    TooFewRows {
        min: u8,
    },
    /// Not one of the field's options (tampering: browsers offer only those).
    NotAnOption,
    /// More rows than the group allows (tampering: the page offers no more).
    TooManyRows {
        max: u8,
    },
    /// The payload named a field this form does not have (tampering).
    Unknown,
    /// The same field was sent twice (tampering).
    Duplicate,
    /// Longer than any field allows; browsers enforce `maxlength`, so this
    /// is tampering too.
    Oversized,
    /// Control, direction-override, invisible or broken characters
    /// (crate::text).
    Invisible,
    /// A name with no letter in it.
    NoLetter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub key: String,
    #[serde(flatten)]
    pub problem: FieldProblem,
}

impl FieldError {
    pub fn new(key: &str, problem: FieldProblem) -> Self {
        Self {
            key: key.to_string(),
            problem,
        }
    }

    /// Problems no honest browser produces: they are refused and logged.
    pub fn is_tampering(&self) -> bool {
        matches!(
            self.problem,
            FieldProblem::Unknown
                | FieldProblem::Duplicate
                | FieldProblem::Oversized
                | FieldProblem::NotAnOption
                | FieldProblem::TooManyRows { .. }
        )
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

    /// Checks every field and reports every problem at once (一次性告知),
    /// never only the first. Fields hidden by their condition are skipped
    /// and not stored; empty rows of a group are dropped.
    pub fn validate(
        &self,
        input: &[(String, String)],
        today: CalendarDay,
    ) -> Result<FormValues, Vec<FieldError>> {
        let (raw, mut errors) = RawAnswers::gather(self, input);
        let lookup = |key: &str| raw.scalar(key);
        let mut values = BTreeMap::new();
        for spec in &self.fields {
            if !spec.is_visible(&lookup) {
                continue;
            }
            let key = spec.key.as_str();
            if let FieldKind::Group {
                fields,
                min_rows,
                max_rows,
            } = &spec.kind
            {
                let rows = raw.rows(key);
                if rows.len() > usize::from(*max_rows) {
                    errors.push(FieldError::new(
                        key,
                        FieldProblem::TooManyRows { max: *max_rows },
                    ));
                    continue;
                }
                let mut kept = 0usize;
                for (row, cells) in rows {
                    if cells.values().all(|v| v.trim().is_empty()) {
                        continue;
                    }
                    for sub in fields {
                        let cell = cells
                            .get(sub.key.as_str())
                            .map(String::as_str)
                            .unwrap_or("");
                        match validate_field(sub, cell, today) {
                            Ok(Some(v)) => {
                                values.insert(format!("{key}.{kept}.{}", sub.key.as_str()), v);
                            }
                            Ok(None) => {}
                            Err(problem) => errors.push(FieldError::new(
                                &format!("{key}.{row}.{}", sub.key.as_str()),
                                problem,
                            )),
                        }
                    }
                    kept += 1;
                }
                if kept < usize::from(*min_rows) {
                    errors.push(FieldError::new(
                        key,
                        FieldProblem::TooFewRows { min: *min_rows },
                    ));
                }
                continue;
            }
            match validate_field(spec, &raw.scalar(key).unwrap_or_default(), today) {
                Ok(Some(v)) => {
                    values.insert(key.to_string(), v);
                }
                Ok(None) => {}
                Err(problem) => errors.push(FieldError::new(key, problem)),
            }
        }
        if errors.is_empty() {
            Ok(FormValues(values))
        } else {
            Err(errors)
        }
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

/// The answers of a payload sorted by field: scalar answers (several for a
/// multiple choice) and group cells by row. Anything a rendered form could
/// not have sent is refused here, all of it at once.
struct RawAnswers<'a> {
    scalars: BTreeMap<&'a str, Vec<&'a str>>,
    /// group → row → sub-field → value
    groups: BTreeMap<&'a str, BTreeMap<u32, BTreeMap<&'a str, String>>>,
}

/// More rows than any group could have: a bigger index is tampering.
const MAX_ROW_INDEX: u32 = 255;

impl<'a> RawAnswers<'a> {
    fn gather(schema: &'a FormSchema, input: &'a [(String, String)]) -> (Self, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut scalars: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut groups: BTreeMap<&str, BTreeMap<u32, BTreeMap<&str, String>>> = BTreeMap::new();
        for (key, value) in input {
            if let Some((group, row, sub)) = split_cell_key(key) {
                let sub_ok = schema.field(group).is_some_and(|g| match &g.kind {
                    FieldKind::Group { fields, .. } => fields.iter().any(|f| f.key.as_str() == sub),
                    _ => false,
                });
                if !sub_ok || row > MAX_ROW_INDEX {
                    errors.push(FieldError::new(key, FieldProblem::Unknown));
                    continue;
                }
                let cells = groups.entry(group).or_default().entry(row).or_default();
                if cells.insert(sub, value.clone()).is_some() {
                    errors.push(FieldError::new(key, FieldProblem::Duplicate));
                }
                continue;
            }
            match schema.field(key) {
                None => errors.push(FieldError::new(key, FieldProblem::Unknown)),
                Some(spec) if matches!(spec.kind, FieldKind::Group { .. }) => {
                    errors.push(FieldError::new(key, FieldProblem::Unknown))
                }
                Some(spec) => {
                    let answers = scalars.entry(spec.key.as_str()).or_default();
                    if spec.is_multiple_choice() {
                        // Check boxes send one pair each; an empty one is the
                        // "nothing ticked" marker of a JS-off form.
                        if !value.is_empty() {
                            answers.push(value);
                        }
                    } else if answers.is_empty() {
                        answers.push(value);
                    } else {
                        errors.push(FieldError::new(key, FieldProblem::Duplicate));
                    }
                }
            }
        }
        (Self { scalars, groups }, errors)
    }

    fn scalar(&self, key: &str) -> Option<String> {
        self.scalars.get(key).map(|vs| vs.join(","))
    }

    fn rows(&self, group: &str) -> Vec<(u32, BTreeMap<&'a str, String>)> {
        self.groups
            .get(group)
            .map(|rows| rows.iter().map(|(i, c)| (*i, c.clone())).collect())
            .unwrap_or_default()
    }
}

/// `members.2.name` → `("members", 2, "name")`.
pub fn split_cell_key(key: &str) -> Option<(&str, u32, &str)> {
    let mut parts = key.splitn(3, '.');
    let group = parts.next()?;
    let row = parts.next()?.parse().ok()?;
    let sub = parts.next()?;
    Some((group, row, sub))
}

/// One field on its own: used for inline checks while typing and by
/// [`FormSchema::validate`]. `Ok(None)` is an empty optional field. A
/// multiple choice comes comma-joined. `today` (the hall's day, from the
/// caller: the domain has no clock) bounds birth dates.
pub fn validate_field(
    spec: &FieldSpec,
    raw: &str,
    today: CalendarDay,
) -> Result<Option<String>, FieldProblem> {
    let value = raw.trim();
    let len = value.chars().count() as u32;
    if len > ABSOLUTE_MAX_LEN {
        return Err(FieldProblem::Oversized);
    }
    if len > spec.kind.max_len() {
        return Err(match spec.kind {
            FieldKind::Choice { .. } => FieldProblem::NotAnOption,
            _ => FieldProblem::TooLong {
                max: spec.kind.max_len(),
            },
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
            let multiline = matches!(spec.kind, FieldKind::LongText { .. });
            let checked = if spec.key.as_str().ends_with("name") && !multiline {
                crate::text::check_name(value)
            } else {
                crate::text::check(value, multiline)
            };
            checked.map_err(|p| match p {
                crate::text::TextProblem::Invisible => FieldProblem::Invisible,
                crate::text::TextProblem::NoLetter => FieldProblem::NoLetter,
            })?;
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
        FieldKind::ResidentId => ResidentId::parse(value, today)
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
        FieldKind::Number {
            min, max, decimals, ..
        } => normalise_number(value, *min, *max, *decimals)?,
        FieldKind::Choice { options, multiple } => {
            let picked: Vec<&str> = value.split(',').map(str::trim).collect();
            if picked
                .iter()
                .any(|p| !options.iter().any(|o| o.value.as_str() == *p))
                || (!multiple && picked.len() > 1)
            {
                return Err(FieldProblem::NotAnOption);
            }
            // In the catalog's order, each once.
            options
                .iter()
                .map(|o| o.value.as_str())
                .filter(|o| picked.contains(o))
                .collect::<Vec<_>>()
                .join(",")
        }
        FieldKind::Group { .. } => return Ok(None),
    };
    Ok(Some(normalised))
}

/// `"0012.50"` → `"12.50"`; checked without floating point so that what is
/// stored is exactly what was typed.
fn normalise_number(
    value: &str,
    min: Option<i64>,
    max: Option<i64>,
    decimals: u8,
) -> Result<String, FieldProblem> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || frac.is_some_and(|f| !all_digits(f)) || whole.len() > 15 {
        return Err(FieldProblem::NotANumber);
    }
    let frac = frac.unwrap_or("");
    if frac.len() > usize::from(decimals) {
        return Err(FieldProblem::TooManyDecimals { max: decimals });
    }
    let whole_value: i64 = whole.parse().map_err(|_| FieldProblem::NotANumber)?;
    let has_fraction = frac.bytes().any(|b| b != b'0');
    let signed = if negative { -whole_value } else { whole_value };
    // x is below min when its whole part is, or equals min but x is a
    // negative fraction below it; symmetrically for max.
    let below = min.is_some_and(|m| signed < m || (signed == m && negative && has_fraction));
    let above = max.is_some_and(|m| signed > m || (signed == m && !negative && has_fraction));
    if below || above {
        return Err(FieldProblem::OutOfRange { min, max });
    }
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let sign = if negative && (whole_value != 0 || has_fraction) {
        "-"
    } else {
        ""
    };
    Ok(if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    })
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
                Some((seen, _))
                    if seen.kind == f.kind
                        && seen.label == f.label
                        && seen.visible_when == f.visible_when =>
                {
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
    fn today() -> crate::CalendarDay {
        crate::CalendarDay::new(2026, 11, 24).unwrap()
    }
    use super::*;

    fn spec(key: &str, kind: FieldKind, required: bool) -> FieldSpec {
        FieldSpec {
            key: FieldKey::parse(key).unwrap(),
            label: Localized::new(key, key),
            kind,
            required,
            help: None,
            visible_when: None,
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
            .validate(
                &input(&[
                    ("applicant_name", " 张三 "),
                    ("applicant_id", "11010519491231002x"),
                    ("applicant_mobile", "138 1234 5678"),
                    ("remarks", ""),
                ]),
                today(),
            )
            .unwrap();
        assert_eq!(v.get("applicant_name"), Some("张三"));
        assert_eq!(v.get("applicant_id"), Some("11010519491231002X"));
        assert_eq!(v.get("applicant_mobile"), Some("13812345678"));
        assert_eq!(v.get("remarks"), None);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let errs = schema()
            .validate(
                &input(&[
                    ("applicant_name", ""),
                    ("applicant_id", "110105194912310029"),
                    ("applicant_mobile", "12812345678"),
                    ("remarks", &"长".repeat(51)),
                    ("start_date", "2023-02-29"),
                ]),
                today(),
            )
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
            .validate(
                &input(&[
                    ("applicant_name", "张三"),
                    ("applicant_name", "李四"),
                    ("applicant_id", "11010519491231002X"),
                    ("applicant_mobile", "13812345678"),
                    ("is_admin", "1"),
                    ("remarks", &"x".repeat(5000)),
                ]),
                today(),
            )
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

    fn choice(key: &str, multiple: bool, options: &[&str]) -> FieldSpec {
        spec(
            key,
            FieldKind::Choice {
                options: options
                    .iter()
                    .map(|o| ChoiceOption {
                        value: FieldKey::parse(o).unwrap(),
                        label: Localized::new(*o, *o),
                    })
                    .collect(),
                multiple,
            },
            true,
        )
    }

    fn number(min: Option<i64>, max: Option<i64>, decimals: u8) -> FieldSpec {
        spec(
            "amount",
            FieldKind::Number {
                min,
                max,
                decimals,
                unit: None,
            },
            true,
        )
    }

    #[test]
    fn numbers_are_checked_exactly_and_normalised() {
        let capital = number(Some(0), Some(1000), 2);
        for (raw, want) in [
            ("12", "12"),
            ("0012.50", "12.50"),
            ("+7", "7"),
            ("0", "0"),
            ("1000", "1000"),
            ("1000.00", "1000.00"),
        ] {
            assert_eq!(
                validate_field(&capital, raw, today()),
                Ok(Some(want.into())),
                "{raw}"
            );
        }
        for (raw, problem) in [
            ("12.345", FieldProblem::TooManyDecimals { max: 2 }),
            (
                "1000.01",
                FieldProblem::OutOfRange {
                    min: Some(0),
                    max: Some(1000),
                },
            ),
            (
                "-0.5",
                FieldProblem::OutOfRange {
                    min: Some(0),
                    max: Some(1000),
                },
            ),
            ("1e3", FieldProblem::NotANumber),
            ("12.", FieldProblem::NotANumber),
            (".5", FieldProblem::NotANumber),
            ("１２", FieldProblem::NotANumber),
            ("99999999999999999999", FieldProblem::NotANumber),
        ] {
            assert_eq!(
                validate_field(&capital, raw, today()),
                Err(problem),
                "{raw}"
            );
        }
        let people = number(Some(1), Some(20), 0);
        assert_eq!(
            validate_field(&people, "1.5", today()),
            Err(FieldProblem::TooManyDecimals { max: 0 })
        );
        assert_eq!(
            validate_field(&people, "21", today()),
            Err(FieldProblem::OutOfRange {
                min: Some(1),
                max: Some(20)
            })
        );
        assert_eq!(
            validate_field(&number(Some(-5), None, 1), "-5.1", today()),
            Err(FieldProblem::OutOfRange {
                min: Some(-5),
                max: None
            })
        );
        assert_eq!(
            validate_field(&number(Some(-5), None, 1), "-5.0", today()),
            Ok(Some("-5.0".into()))
        );
    }

    #[test]
    fn choices_accept_only_their_options_in_catalog_order() {
        let form = FormSchema {
            fields: vec![
                choice("marital_status", false, &["single", "married"]),
                choice("services", true, &["water", "power", "gas"]),
            ],
        };
        let ok = form
            .validate(
                &input(&[
                    ("marital_status", "married"),
                    ("services", ""),
                    ("services", "gas"),
                    ("services", "water"),
                ]),
                today(),
            )
            .unwrap();
        assert_eq!(ok.get("services"), Some("water,gas"));
        assert_eq!(ok.get("marital_status"), Some("married"));
        let errs = form
            .validate(
                &input(&[("marital_status", "widowed"), ("services", "")]),
                today(),
            )
            .unwrap_err();
        assert_eq!(
            errs,
            vec![
                FieldError::new("marital_status", FieldProblem::NotAnOption),
                FieldError::new("services", FieldProblem::Required),
            ]
        );
        assert!(errs[0].is_tampering());
        // Two answers to a single choice is a forged payload.
        let errs = form
            .validate(
                &input(&[
                    ("marital_status", "single"),
                    ("marital_status", "married"),
                    ("services", "gas"),
                ]),
                today(),
            )
            .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new("marital_status", FieldProblem::Duplicate)]
        );
    }

    #[test]
    fn hidden_fields_are_neither_required_nor_stored() {
        let mut spouse = spec("spouse_name", FieldKind::Text { max_len: 30 }, true);
        spouse.visible_when = Some(Condition {
            field: FieldKey::parse("marital_status").unwrap(),
            equals: "married".into(),
        });
        let form = FormSchema {
            fields: vec![
                choice("marital_status", false, &["single", "married"]),
                spouse,
            ],
        };
        let single = form
            .validate(
                &input(&[("marital_status", "single"), ("spouse_name", "王五")]),
                today(),
            )
            .unwrap();
        assert_eq!(
            single.get("spouse_name"),
            None,
            "a hidden answer is not kept"
        );
        let errs = form
            .validate(
                &input(&[("marital_status", "married"), ("spouse_name", "")]),
                today(),
            )
            .unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new("spouse_name", FieldProblem::Required)]
        );
        assert!(form.definition_problems().is_empty());
    }

    fn members() -> FormSchema {
        FormSchema {
            fields: vec![spec(
                "members",
                FieldKind::Group {
                    fields: vec![
                        spec("name", FieldKind::Text { max_len: 30 }, true),
                        spec("id", FieldKind::ResidentId, true),
                    ],
                    min_rows: 1,
                    max_rows: 3,
                },
                false,
            )],
        }
    }

    #[test]
    fn group_rows_are_validated_each_and_empty_rows_dropped() {
        let ok = members()
            .validate(
                &input(&[
                    ("members.0.name", "张三"),
                    ("members.0.id", "11010519491231002X"),
                    ("members.1.name", ""),
                    ("members.1.id", ""),
                    ("members.2.name", "李四"),
                    ("members.2.id", "110105194912310021"),
                ]),
                today(),
            )
            .unwrap_err();
        // Row 2 has a bad check digit; the message points at the row typed.
        assert_eq!(
            ok,
            vec![FieldError::new(
                "members.2.id",
                FieldProblem::ResidentId {
                    reason: ResidentIdError::BadCheckCharacter
                }
            )]
        );
        let ok = members()
            .validate(
                &input(&[
                    ("members.0.name", ""),
                    ("members.0.id", ""),
                    ("members.1.name", "张三"),
                    ("members.1.id", "11010519491231002x"),
                ]),
                today(),
            )
            .unwrap();
        assert_eq!(
            ok.get("members.0.name"),
            Some("张三"),
            "rows are renumbered"
        );
        assert_eq!(ok.get("members.0.id"), Some("11010519491231002X"));
        assert_eq!(ok.0.len(), 2);
        assert_eq!(
            members().validate(&[], today()).unwrap_err(),
            vec![FieldError::new(
                "members",
                FieldProblem::TooFewRows { min: 1 }
            )]
        );
    }

    #[test]
    fn forged_group_cells_are_tampering() {
        let too_many: Vec<(String, String)> = (0..4)
            .map(|i| (format!("members.{i}.name"), "张三".to_string()))
            .collect();
        let errs = members().validate(&too_many, today()).unwrap_err();
        assert_eq!(
            errs,
            vec![FieldError::new(
                "members",
                FieldProblem::TooManyRows { max: 3 }
            )]
        );
        for key in [
            "members.0.salary",
            "members.x.name",
            "members",
            "members.999.name",
            "applicant.0.name",
        ] {
            let errs = members()
                .validate(&input(&[(key, "1")]), today())
                .unwrap_err();
            assert!(
                errs.contains(&FieldError::new(key, FieldProblem::Unknown)),
                "{key}: {errs:?}"
            );
        }
    }

    #[test]
    fn bad_definitions_are_named() {
        let mut spouse = spec("spouse_name", FieldKind::Text { max_len: 30 }, true);
        spouse.visible_when = Some(Condition {
            field: FieldKey::parse("applicant_name").unwrap(),
            equals: "x".into(),
        });
        let mut form = FormSchema {
            fields: vec![
                spec("applicant_name", FieldKind::Text { max_len: 30 }, true),
                spouse,
                choice("empty", false, &[]),
                number(Some(5), Some(1), 0),
            ],
        };
        let fields: Vec<String> = form
            .definition_problems()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["spouse_name", "empty", "amount"]);
        form.fields = members().fields;
        assert!(form.definition_problems().is_empty());
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
