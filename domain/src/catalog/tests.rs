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
fn a_zero_visit_matter_cannot_ask_to_see_an_original() {
    let mut online = matter("A-1", "SCJG", 3, 15);
    online.visits = Visits::Zero;
    online.guide.materials.push(Material {
        original_check: true,
        ..material("licence", true)
    });
    let errs = Catalog::new(vec![dept("SCJG")], vec![online.clone()], vec![]).unwrap_err();
    assert_eq!(
        errs,
        vec![CatalogError::ZeroVisitNeedsOriginal {
            matter: "A-1".into(),
            material: "licence".into()
        }]
    );
    assert_eq!(errs[0].field(), "visits");
    // Once it needs one visit, the original may be seen then.
    online.visits = Visits::One;
    assert!(Catalog::new(vec![dept("SCJG")], vec![online], vec![]).is_ok());
}

#[test]
fn a_bundle_is_online_only_when_every_matter_is() {
    let mut a = matter("A-1", "SCJG", 3, 15);
    a.visits = Visits::Zero;
    let mut b = matter("A-2", "SCJG", 3, 15);
    b.visits = Visits::Zero;
    let both = Catalog::new(
        vec![dept("SCJG")],
        vec![a.clone(), b.clone()],
        vec![bundle("B-1", &["A-1", "A-2"])],
    )
    .unwrap();
    assert_eq!(both.bundle_guide(&both.bundles[0]).visits, Visits::Zero);
    b.visits = Visits::One;
    let one = Catalog::new(
        vec![dept("SCJG")],
        vec![a, b],
        vec![bundle("B-1", &["A-1", "A-2"])],
    )
    .unwrap();
    assert_eq!(one.bundle_guide(&one.bundles[0]).visits, Visits::One);
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
