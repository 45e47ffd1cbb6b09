//! 前台受理: the front desk's material checklist and its four decisions.
//! A decision is parsed from the desk's form against the application's
//! materials (from the guide) and its promised date; a [`Decision`] that
//! exists is one the rules allow — 容缺 only on deferrable materials with
//! every other one in order, a one-time notice (一次性告知) that lists at
//! least one item, a refusal with a reason.

use crate::catalog::{Material, MergedMaterial};
use crate::workflow::Transition;
use crate::FieldKey;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Longest reason the desk may type (printed on A4 notices).
pub const MAX_REASON_CHARS: usize = 500;

/// The front desk's decision form, field by field: the page names its
/// inputs with these and [`DecisionForm`] reads them back, so the two
/// cannot drift apart.
pub mod fields {
    use crate::FieldKey;

    pub const DECISION: &str = "decision";
    pub const COMMITMENT_SIGNED: &str = "commitment_signed";
    pub const CORRECT_BY: &str = "correct_by";
    pub const REFUSAL_REASON: &str = "refusal_reason";
    pub const WITHDRAWAL_REASON: &str = "withdrawal_reason";
    /// A ticked box's value.
    pub const YES: &str = "yes";

    /// The verdict on a material: one of [`VERDICTS`].
    pub fn check(material: &FieldKey) -> String {
        format!("check.{material}")
    }
    /// The original was seen (a box).
    pub fn original(material: &FieldKey) -> String {
        format!("original.{material}")
    }
    /// Why a material is wrong.
    pub fn reason(material: &FieldKey) -> String {
        format!("reason.{material}")
    }
    /// 容缺: the date a deferred material is due.
    pub fn due(material: &FieldKey) -> String {
        format!("due.{material}")
    }

    pub const OK: &str = "ok";
    pub const MISSING: &str = "missing";
    pub const WRONG: &str = "wrong";
    pub const VERDICTS: [&str; 3] = [OK, MISSING, WRONG];
}

impl MaterialCheck {
    /// Its value in the decision form's verdict field.
    pub fn verdict(&self) -> &'static str {
        match self {
            MaterialCheck::Ok { .. } => fields::OK,
            MaterialCheck::Missing => fields::MISSING,
            MaterialCheck::Wrong { .. } => fields::WRONG,
        }
    }
}

/// The desk's verdict on one material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum MaterialCheck {
    /// In order; `original_seen`: the original was shown (原件核验).
    Ok {
        original_seen: bool,
    },
    Missing,
    /// Handed in but not acceptable: why, in the desk's words.
    Wrong {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedMaterial {
    pub material: FieldKey,
    pub check: MaterialCheck,
}

/// One verdict per material of the application, in the guide's order.
/// Optional materials left unmarked count as not handed in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist(Vec<CheckedMaterial>);

impl Checklist {
    pub fn entries(&self) -> &[CheckedMaterial] {
        &self.0
    }

    pub fn check(&self, key: &FieldKey) -> Option<&MaterialCheck> {
        self.0.iter().find(|c| &c.material == key).map(|c| &c.check)
    }
}

/// What is wrong with one material, on the one-time notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum NoticeProblem {
    Missing,
    Wrong { reason: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeItem {
    pub material: FieldKey,
    pub problem: NoticeProblem,
}

/// 一次性告知书 (补正材料通知书): everything to correct, in one list, and
/// the date to do it by. Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimeNotice {
    items: Vec<NoticeItem>,
    pub correct_by: NaiveDate,
}

impl OneTimeNotice {
    pub fn items(&self) -> &[NoticeItem] {
        &self.items
    }
}

/// One missing material under the credit commitment, and its date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeferredMaterial {
    pub material: FieldKey,
    pub due_by: NaiveDate,
}

/// 信用承诺书: the applicant promises to hand in each deferred material by
/// its date (never after the promised completion date), signed at the window.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCommitment {
    items: Vec<DeferredMaterial>,
}

impl CreditCommitment {
    pub fn items(&self) -> &[DeferredMaterial] {
        &self.items
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum Decision {
    Accept {
        checklist: Checklist,
    },
    AcceptWithDeficiency {
        checklist: Checklist,
        commitment: CreditCommitment,
    },
    ReturnForCorrection {
        checklist: Checklist,
        notice: OneTimeNotice,
    },
    Refuse {
        reason: String,
    },
}

impl Decision {
    pub fn transition(&self) -> Transition {
        match self {
            Decision::Accept { .. } => Transition::Accept,
            Decision::AcceptWithDeficiency { .. } => Transition::AcceptWithDeficiency,
            Decision::ReturnForCorrection { .. } => Transition::ReturnForCorrection,
            Decision::Refuse { .. } => Transition::Refuse,
        }
    }

    /// The reason kept in the audit log (refusals; the notice's items are
    /// in the decision's content hash).
    pub fn reason(&self) -> &str {
        match self {
            Decision::Refuse { reason } => reason,
            _ => "",
        }
    }
}

/// Why a decision cannot be taken as posted: all of them at once, each
/// naming the material it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum DecisionProblem {
    #[error("choose a decision")]
    NoDecision,
    #[error("{material}: mark it in order, missing or wrong")]
    NoVerdict { material: FieldKey },
    #[error("{material}: say what is wrong with it")]
    WrongWithoutReason { material: FieldKey },
    #[error("the reason is longer than {MAX_REASON_CHARS} characters")]
    ReasonTooLong,
    #[error("a reason contains invisible or control characters")]
    InvisibleText,
    #[error("{material}: the original must be seen")]
    OriginalNotSeen { material: FieldKey },
    #[error("{material}: not in order, so the application cannot be accepted")]
    NotInOrder { material: FieldKey },
    #[error("{material}: may not be handed in later (not 容缺)")]
    NotDeferrable { material: FieldKey },
    #[error("nothing is missing: accept instead")]
    NothingMissing,
    #[error("{material}: the date to hand it in is missing or not a date")]
    NoDueDate { material: FieldKey },
    #[error("{material}: the date must be after today and no later than the promised date")]
    DueDateOutOfRange { material: FieldKey },
    #[error("the applicant has not signed the credit commitment")]
    CommitmentNotSigned,
    #[error("nothing is missing or wrong: there is nothing to correct")]
    NothingToCorrect,
    #[error("the date to correct by is missing, not a date or not after today")]
    BadCorrectionDate,
    #[error("give the reason for refusing")]
    NoRefusalReason,
    #[error("give the applicant's reason for withdrawing")]
    NoWithdrawalReason,
}

/// The applicant's reason for withdrawing, as the desk typed it.
pub fn withdrawal_reason(typed: &str) -> Result<String, DecisionProblem> {
    match typed.trim() {
        "" => Err(DecisionProblem::NoWithdrawalReason),
        r if r.chars().count() > MAX_REASON_CHARS => Err(DecisionProblem::ReasonTooLong),
        r if crate::text::check(r, true).is_err() => Err(DecisionProblem::InvisibleText),
        r => Ok(r.to_string()),
    }
}

/// The desk's form as posted: `decision`, `check.<material>` = ok | missing
/// | wrong, `reason.<material>`, `original.<material>` = yes,
/// `due.<material>` (容缺), `commitment_signed` = yes, `correct_by`,
/// `refusal_reason`. Dates are `YYYY-MM-DD`.
pub struct DecisionForm<'a> {
    pub pairs: &'a [(String, String)],
    pub materials: &'a [MergedMaterial],
    pub today: NaiveDate,
    /// The application's promised completion date (容缺 dates end there).
    pub promised_by: NaiveDate,
}

impl DecisionForm<'_> {
    fn field(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn date(&self, name: &str) -> Option<NaiveDate> {
        self.field(name)
            .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
    }

    fn reason(&self, name: &str, problems: &mut Vec<DecisionProblem>) -> Option<String> {
        let reason = self.field(name)?;
        if reason.chars().count() > MAX_REASON_CHARS {
            problems.push(DecisionProblem::ReasonTooLong);
        }
        if crate::text::check(reason, true).is_err()
            && !problems.contains(&DecisionProblem::InvisibleText)
        {
            problems.push(DecisionProblem::InvisibleText);
        }
        Some(reason.to_string())
    }

    /// The checklist as marked; problems for unmarked required materials
    /// and wrong ones without a reason.
    fn checklist(&self, problems: &mut Vec<DecisionProblem>) -> Checklist {
        let mut entries = Vec::new();
        for m in self.materials {
            let key = &m.material.key;
            let check = match self.field(&fields::check(key)) {
                Some(fields::OK) => MaterialCheck::Ok {
                    original_seen: self.field(&fields::original(key)) == Some(fields::YES),
                },
                Some(fields::WRONG) => match self.reason(&fields::reason(key), problems) {
                    Some(reason) => MaterialCheck::Wrong { reason },
                    None => {
                        problems.push(DecisionProblem::WrongWithoutReason {
                            material: key.clone(),
                        });
                        continue;
                    }
                },
                Some(fields::MISSING) => MaterialCheck::Missing,
                _ if !m.material.required => MaterialCheck::Missing,
                _ => {
                    problems.push(DecisionProblem::NoVerdict {
                        material: key.clone(),
                    });
                    continue;
                }
            };
            entries.push(CheckedMaterial {
                material: key.clone(),
                check,
            });
        }
        Checklist(entries)
    }

    /// Every required material must be in order, except those `deferred`
    /// (容缺), and originals that must be seen were seen.
    fn in_order(
        &self,
        checklist: &Checklist,
        deferred: &[&FieldKey],
        problems: &mut Vec<DecisionProblem>,
    ) {
        for m in self.materials {
            let key = &m.material.key;
            match checklist.check(key) {
                Some(MaterialCheck::Ok { original_seen })
                    if m.material.original_check && !original_seen =>
                {
                    problems.push(DecisionProblem::OriginalNotSeen {
                        material: key.clone(),
                    });
                }
                Some(MaterialCheck::Ok { .. }) => {}
                Some(MaterialCheck::Missing) if deferred.contains(&key) => {}
                Some(MaterialCheck::Missing) if !m.material.required => {}
                // Unmarked: already reported by `checklist`.
                None => {}
                Some(_) => problems.push(DecisionProblem::NotInOrder {
                    material: key.clone(),
                }),
            }
        }
    }

    pub fn parse(&self) -> Result<Decision, Vec<DecisionProblem>> {
        let mut problems = Vec::new();
        let decision = match self.field(fields::DECISION).and_then(Transition::parse) {
            Some(Transition::Accept) => {
                let checklist = self.checklist(&mut problems);
                self.in_order(&checklist, &[], &mut problems);
                Decision::Accept { checklist }
            }
            Some(Transition::AcceptWithDeficiency) => {
                let checklist = self.checklist(&mut problems);
                let missing: Vec<&Material> = self
                    .materials
                    .iter()
                    .map(|m| &m.material)
                    .filter(|m| {
                        m.required && checklist.check(&m.key) == Some(&MaterialCheck::Missing)
                    })
                    .collect();
                let mut items = Vec::new();
                for m in &missing {
                    if !m.may_defer {
                        problems.push(DecisionProblem::NotDeferrable {
                            material: m.key.clone(),
                        });
                        continue;
                    }
                    match self.date(&fields::due(&m.key)) {
                        None => problems.push(DecisionProblem::NoDueDate {
                            material: m.key.clone(),
                        }),
                        Some(d) if d <= self.today || d > self.promised_by => {
                            problems.push(DecisionProblem::DueDateOutOfRange {
                                material: m.key.clone(),
                            })
                        }
                        Some(due_by) => items.push(DeferredMaterial {
                            material: m.key.clone(),
                            due_by,
                        }),
                    }
                }
                let deferred: Vec<&FieldKey> = missing.iter().map(|m| &m.key).collect();
                self.in_order(&checklist, &deferred, &mut problems);
                if missing.is_empty() && problems.is_empty() {
                    problems.push(DecisionProblem::NothingMissing);
                }
                if self.field(fields::COMMITMENT_SIGNED) != Some(fields::YES) {
                    problems.push(DecisionProblem::CommitmentNotSigned);
                }
                Decision::AcceptWithDeficiency {
                    checklist,
                    commitment: CreditCommitment { items },
                }
            }
            Some(Transition::ReturnForCorrection) => {
                let checklist = self.checklist(&mut problems);
                let items: Vec<NoticeItem> = self
                    .materials
                    .iter()
                    .filter_map(|m| {
                        let problem = match checklist.check(&m.material.key)? {
                            MaterialCheck::Missing if m.material.required => NoticeProblem::Missing,
                            MaterialCheck::Wrong { reason } => NoticeProblem::Wrong {
                                reason: reason.clone(),
                            },
                            _ => return None,
                        };
                        Some(NoticeItem {
                            material: m.material.key.clone(),
                            problem,
                        })
                    })
                    .collect();
                if items.is_empty() && problems.is_empty() {
                    problems.push(DecisionProblem::NothingToCorrect);
                }
                let correct_by = match self.date(fields::CORRECT_BY) {
                    Some(d) if d > self.today => d,
                    _ => {
                        problems.push(DecisionProblem::BadCorrectionDate);
                        self.today
                    }
                };
                Decision::ReturnForCorrection {
                    checklist,
                    notice: OneTimeNotice { items, correct_by },
                }
            }
            Some(Transition::Refuse) => match self.reason(fields::REFUSAL_REASON, &mut problems) {
                Some(reason) => Decision::Refuse { reason },
                None => {
                    problems.push(DecisionProblem::NoRefusalReason);
                    Decision::Refuse {
                        reason: String::new(),
                    }
                }
            },
            _ => return Err(vec![DecisionProblem::NoDecision]),
        };
        if problems.is_empty() {
            Ok(decision)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Localized;

    fn material(key: &str, required: bool, may_defer: bool, original: bool) -> MergedMaterial {
        MergedMaterial {
            material: Material {
                key: FieldKey::parse(key).unwrap(),
                name: Localized::new(key, key),
                required,
                original_check: original,
                copies: 1,
                template: None,
                file_types: vec![],
                may_defer,
                note: None,
                needed_when: None,
                supplied_by: None,
            },
            needed_by: vec![],
        }
    }

    fn materials() -> Vec<MergedMaterial> {
        vec![
            material("id_card", true, false, true),
            material("lease", true, true, false),
            material("floor_plan", true, false, false),
            material("photo", false, false, false),
        ]
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn decide(pairs: &[(&str, &str)]) -> Result<Decision, Vec<DecisionProblem>> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let materials = materials();
        DecisionForm {
            pairs: &pairs,
            materials: &materials,
            today: day("2026-11-24"),
            promised_by: day("2026-12-08"),
        }
        .parse()
    }

    fn key(s: &str) -> FieldKey {
        FieldKey::parse(s).unwrap()
    }

    const ALL_OK: [(&str, &str); 4] = [
        ("check.id_card", "ok"),
        ("original.id_card", "yes"),
        ("check.lease", "ok"),
        ("check.floor_plan", "ok"),
    ];

    #[test]
    fn accept_needs_every_required_material_in_order_and_originals_seen() {
        let mut pairs = vec![("decision", "accept")];
        pairs.extend(ALL_OK);
        assert!(matches!(decide(&pairs), Ok(Decision::Accept { .. })));

        let problems = decide(&[
            ("decision", "accept"),
            ("check.id_card", "ok"),
            ("check.lease", "missing"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                DecisionProblem::NoVerdict {
                    material: key("floor_plan")
                },
                DecisionProblem::OriginalNotSeen {
                    material: key("id_card")
                },
                DecisionProblem::NotInOrder {
                    material: key("lease")
                },
            ]
        );
    }

    #[test]
    fn deficiency_only_for_deferrable_materials_with_dates_within_the_promise() {
        let ok = decide(&[
            ("decision", "accept_with_deficiency"),
            ("check.id_card", "ok"),
            ("original.id_card", "yes"),
            ("check.lease", "missing"),
            ("due.lease", "2026-12-01"),
            ("check.floor_plan", "ok"),
            ("commitment_signed", "yes"),
        ])
        .unwrap();
        let Decision::AcceptWithDeficiency { commitment, .. } = ok else {
            panic!("{ok:?}")
        };
        assert_eq!(
            commitment.items(),
            &[DeferredMaterial {
                material: key("lease"),
                due_by: day("2026-12-01")
            }]
        );

        let problems = decide(&[
            ("decision", "accept_with_deficiency"),
            ("check.id_card", "ok"),
            ("original.id_card", "yes"),
            ("check.lease", "missing"),
            ("due.lease", "2026-12-09"),
            ("check.floor_plan", "missing"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                DecisionProblem::DueDateOutOfRange {
                    material: key("lease")
                },
                DecisionProblem::NotDeferrable {
                    material: key("floor_plan")
                },
                DecisionProblem::CommitmentNotSigned,
            ]
        );

        let mut pairs = vec![
            ("decision", "accept_with_deficiency"),
            ("commitment_signed", "yes"),
        ];
        pairs.extend(ALL_OK);
        assert_eq!(decide(&pairs), Err(vec![DecisionProblem::NothingMissing]));
    }

    #[test]
    fn a_wrong_material_cannot_be_deferred() {
        let problems = decide(&[
            ("decision", "accept_with_deficiency"),
            ("check.id_card", "ok"),
            ("original.id_card", "yes"),
            ("check.lease", "wrong"),
            ("reason.lease", "expired"),
            ("check.floor_plan", "ok"),
            ("commitment_signed", "yes"),
        ])
        .unwrap_err();
        assert!(problems.contains(&DecisionProblem::NotInOrder {
            material: key("lease")
        }));
    }

    #[test]
    fn the_one_time_notice_lists_every_missing_and_wrong_item_at_once() {
        let d = decide(&[
            ("decision", "return_for_correction"),
            ("check.id_card", "ok"),
            ("check.lease", "missing"),
            ("check.floor_plan", "wrong"),
            ("reason.floor_plan", "不是最新版本"),
            ("correct_by", "2026-12-04"),
        ])
        .unwrap();
        let Decision::ReturnForCorrection { notice, .. } = d else {
            panic!()
        };
        assert_eq!(
            notice.items(),
            &[
                NoticeItem {
                    material: key("lease"),
                    problem: NoticeProblem::Missing
                },
                NoticeItem {
                    material: key("floor_plan"),
                    problem: NoticeProblem::Wrong {
                        reason: "不是最新版本".into()
                    }
                },
            ]
        );
        assert_eq!(notice.correct_by, day("2026-12-04"));
    }

    #[test]
    fn a_notice_with_nothing_to_correct_is_refused() {
        let mut pairs = vec![
            ("decision", "return_for_correction"),
            ("correct_by", "2026-12-04"),
        ];
        pairs.extend(ALL_OK);
        assert_eq!(decide(&pairs), Err(vec![DecisionProblem::NothingToCorrect]));
        let problems = decide(&[
            ("decision", "return_for_correction"),
            ("check.id_card", "ok"),
            ("check.lease", "wrong"),
            ("check.floor_plan", "ok"),
            ("correct_by", "2026-11-24"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            vec![
                DecisionProblem::WrongWithoutReason {
                    material: key("lease")
                },
                DecisionProblem::BadCorrectionDate
            ]
        );
    }

    #[test]
    fn refusal_needs_a_reason_and_no_decision_is_no_decision() {
        assert_eq!(
            decide(&[("decision", "refuse"), ("refusal_reason", "  ")]),
            Err(vec![DecisionProblem::NoRefusalReason])
        );
        assert!(matches!(
            decide(&[
                ("decision", "refuse"),
                ("refusal_reason", "不属于本机关职权范围")
            ]),
            Ok(Decision::Refuse { .. })
        ));
        assert_eq!(decide(&[]), Err(vec![DecisionProblem::NoDecision]));
        assert_eq!(
            decide(&[("decision", "resubmit")]),
            Err(vec![DecisionProblem::NoDecision])
        );
        let long = "长".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(
            decide(&[("decision", "refuse"), ("refusal_reason", &long)]),
            Err(vec![DecisionProblem::ReasonTooLong])
        );
    }
}
