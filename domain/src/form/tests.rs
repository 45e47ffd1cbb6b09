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
