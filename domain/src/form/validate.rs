//! Answers checked against a form: each field on its own (inline checks
//! while typing) and the whole payload at once (一次性告知), refusing
//! anything a rendered form could not have sent.

use super::*;

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

impl FormSchema {
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

/// The answers of a payload sorted by field: scalar answers (several for a
/// multiple choice) and group cells by row. Anything a rendered form could
/// not have sent is refused here, all of it at once.
struct RawAnswers<'a> {
    scalars: BTreeMap<&'a str, Vec<&'a str>>,
    /// group → row → sub-field → value
    groups: BTreeMap<&'a str, BTreeMap<u32, BTreeMap<&'a str, String>>>,
}

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
