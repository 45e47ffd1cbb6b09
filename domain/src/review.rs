//! 并联审批: acceptance hands each department its part of the application
//! at once (one [`ReviewStatus`]-tracked task per department and part);
//! each decides within its own working days, and the application's outcome
//! follows from all of them ([`outcome`]).

use crate::catalog::{SpecialStep, SpecialStepKind};
use crate::{CalendarDay, FieldError, FormSchema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest free text a reviewer may type in one box.
pub const MAX_TEXT: usize = 2000;

/// 《行政许可法》第四十二条: the limit may be extended once, by ten days at
/// most, with the approval of the authority's head.
pub const MAX_EXTENSION_DAYS: u32 = 10;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// 联办: starts once another matter of the application has its result.
    Waiting,
    /// With the department; the clock runs.
    InReview,
    /// 特殊环节 (site inspection, expert review, …): the clock stands still.
    SpecialStep,
    /// The department asked for corrections (sent with every other
    /// department's in one notice); the clock stands still.
    CorrectionAsked,
    Approved,
    Rejected,
    /// Ended without a decision (withdrawn, or the matter it waited for
    /// was rejected).
    Closed,
}

/// What moves a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewMove {
    Start,
    Approve,
    Reject,
    StartSpecialStep,
    EndSpecialStep,
    AskCorrection,
    CorrectionsReceived,
    Close,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} is not possible for a review task that is {}", .mv.as_str(), .from.as_str())]
pub struct WrongReviewState {
    pub from: ReviewStatus,
    pub mv: ReviewMove,
}

impl ReviewStatus {
    pub const ALL: [ReviewStatus; 7] = [
        ReviewStatus::Waiting,
        ReviewStatus::InReview,
        ReviewStatus::SpecialStep,
        ReviewStatus::CorrectionAsked,
        ReviewStatus::Approved,
        ReviewStatus::Rejected,
        ReviewStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Waiting => "waiting",
            ReviewStatus::InReview => "in_review",
            ReviewStatus::SpecialStep => "special_step",
            ReviewStatus::CorrectionAsked => "correction_asked",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
            ReviewStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Still on some reviewer's list.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ReviewStatus::Approved | ReviewStatus::Rejected | ReviewStatus::Closed
        )
    }

    /// The department may take a decision now.
    pub fn awaits_decision(self) -> bool {
        self == ReviewStatus::InReview
    }

    pub fn after(self, mv: ReviewMove) -> Result<ReviewStatus, WrongReviewState> {
        use ReviewMove as M;
        use ReviewStatus as S;
        match (self, mv) {
            (S::Waiting, M::Start) => Ok(S::InReview),
            (S::InReview, M::Approve) => Ok(S::Approved),
            (S::InReview, M::Reject) => Ok(S::Rejected),
            (S::InReview, M::StartSpecialStep) => Ok(S::SpecialStep),
            (S::SpecialStep, M::EndSpecialStep) => Ok(S::InReview),
            (S::InReview, M::AskCorrection) => Ok(S::CorrectionAsked),
            (S::CorrectionAsked, M::CorrectionsReceived) => Ok(S::InReview),
            (from, M::Close) if from.is_open() => Ok(S::Closed),
            (from, mv) => Err(WrongReviewState { from, mv }),
        }
    }
}

impl ReviewMove {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewMove::Start => "start",
            ReviewMove::Approve => "approve",
            ReviewMove::Reject => "reject",
            ReviewMove::StartSpecialStep => "start_special_step",
            ReviewMove::EndSpecialStep => "end_special_step",
            ReviewMove::AskCorrection => "ask_correction",
            ReviewMove::CorrectionsReceived => "corrections_received",
            ReviewMove::Close => "close",
        }
    }
}

/// A department's decision on its part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum ReviewDecision {
    /// With the matter's results when this part records them (the credit
    /// code a business licence issues), keyed by result key.
    Approve {
        #[serde(default)]
        results: BTreeMap<String, String>,
    },
    Reject {
        reason: String,
    },
    /// 特殊环节: the applicant is told in writing what happens and how long
    /// it may take; those days are not counted in the limit.
    StartSpecialStep {
        kind: SpecialStepKind,
        max_days: u16,
        note: String,
    },
    /// What this department needs corrected (one item per line); merged
    /// with the other departments' items into one notice.
    AskCorrection {
        items: Vec<String>,
    },
}

impl ReviewDecision {
    pub fn review_move(&self) -> ReviewMove {
        match self {
            ReviewDecision::Approve { .. } => ReviewMove::Approve,
            ReviewDecision::Reject { .. } => ReviewMove::Reject,
            ReviewDecision::StartSpecialStep { .. } => ReviewMove::StartSpecialStep,
            ReviewDecision::AskCorrection { .. } => ReviewMove::AskCorrection,
        }
    }
}

/// Why a posted decision cannot be taken: each names the box to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum ReviewProblem {
    #[error("choose a decision")]
    NoDecision,
    #[error("a rejection needs its reason")]
    NoReason,
    #[error("choose one of the matter's special steps")]
    UnknownSpecialStep,
    #[error("a special step needs its expected length, 1 to {max} working days")]
    BadStepDays { max: u16 },
    #[error("tell the applicant what the special step is")]
    NoStepNote,
    #[error("name at least one thing to correct")]
    NoCorrectionItems,
    #[error("at most {MAX_TEXT} characters")]
    TooLong { field: String },
    #[error("contains invisible or control characters")]
    Invisible { field: String },
    #[error("an extension needs its reason")]
    NoExtensionReason,
    #[error("an extension needs the name of who approved it")]
    NoApprover,
    #[error("an extension is 1 to {MAX_EXTENSION_DAYS} working days")]
    BadExtensionDays,
    #[error("the limit was extended already")]
    AlreadyExtended,
    /// A result to record on approving is missing or malformed.
    #[error("result {}: {:?}", .0.key, .0.problem)]
    BadResult(FieldError),
}

impl ReviewProblem {
    /// The form field the problem is about.
    pub fn field(&self) -> &str {
        match self {
            ReviewProblem::NoDecision => "decision",
            ReviewProblem::NoReason => "reason",
            ReviewProblem::UnknownSpecialStep => "step_kind",
            ReviewProblem::BadStepDays { .. } => "step_days",
            ReviewProblem::NoStepNote => "step_note",
            ReviewProblem::NoCorrectionItems => "items",
            ReviewProblem::TooLong { field } | ReviewProblem::Invisible { field } => field.as_str(),
            ReviewProblem::NoExtensionReason => "extension_reason",
            ReviewProblem::NoApprover => "approver",
            ReviewProblem::BadExtensionDays | ReviewProblem::AlreadyExtended => "extension_days",
            ReviewProblem::BadResult(e) => e.key.as_str(),
        }
    }
}

fn field<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.trim())
        .unwrap_or("")
}

fn text(
    pairs: &[(String, String)],
    key: &'static str,
    missing: ReviewProblem,
    problems: &mut Vec<ReviewProblem>,
) -> String {
    let v = field(pairs, key);
    if v.is_empty() {
        problems.push(missing);
    } else if v.chars().count() > MAX_TEXT {
        problems.push(ReviewProblem::TooLong {
            field: key.to_string(),
        });
    } else if crate::text::check(v, true).is_err() {
        problems.push(ReviewProblem::Invisible {
            field: key.to_string(),
        });
    }
    v.to_string()
}

/// A reviewer's posted decision form, with the special steps the matter's
/// guide declares (only those may be started, for at most their days) and
/// the results this part records on approving (posted as `result.KEY`).
pub struct ReviewDecisionForm<'a> {
    pub pairs: &'a [(String, String)],
    pub special_steps: &'a [SpecialStep],
    pub results: &'a FormSchema,
    pub today: CalendarDay,
}

impl ReviewDecisionForm<'_> {
    pub fn parse(&self) -> Result<ReviewDecision, Vec<ReviewProblem>> {
        let mut problems = Vec::new();
        let decision = match field(self.pairs, "decision") {
            "approve" => {
                let posted: Vec<(String, String)> = self
                    .pairs
                    .iter()
                    .filter_map(|(k, v)| Some((k.strip_prefix("result.")?.to_string(), v.clone())))
                    .collect();
                match self.results.validate(&posted, self.today) {
                    Ok(values) => ReviewDecision::Approve {
                        results: values
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.to_string()))
                            .collect(),
                    },
                    Err(errors) => {
                        problems.extend(errors.into_iter().map(ReviewProblem::BadResult));
                        ReviewDecision::Approve {
                            results: BTreeMap::new(),
                        }
                    }
                }
            }
            "reject" => ReviewDecision::Reject {
                reason: text(self.pairs, "reason", ReviewProblem::NoReason, &mut problems),
            },
            "special_step" => {
                let kind = SpecialStepKind::parse(field(self.pairs, "step_kind"));
                let step = kind.and_then(|k| self.special_steps.iter().find(|s| s.kind == k));
                let max = step.map(|s| s.max_days).unwrap_or(0);
                if step.is_none() {
                    problems.push(ReviewProblem::UnknownSpecialStep);
                }
                let days = field(self.pairs, "step_days").parse::<u16>().ok();
                let days = match days {
                    Some(d) if (1..=max).contains(&d) => d,
                    _ => {
                        if step.is_some() {
                            problems.push(ReviewProblem::BadStepDays { max });
                        }
                        0
                    }
                };
                let note = text(
                    self.pairs,
                    "step_note",
                    ReviewProblem::NoStepNote,
                    &mut problems,
                );
                ReviewDecision::StartSpecialStep {
                    kind: kind.unwrap_or(SpecialStepKind::SiteInspection),
                    max_days: days,
                    note,
                }
            }
            "correction" => {
                let all = field(self.pairs, "items");
                if all.chars().count() > MAX_TEXT {
                    problems.push(ReviewProblem::TooLong {
                        field: "items".into(),
                    });
                } else if crate::text::check(all, true).is_err() {
                    problems.push(ReviewProblem::Invisible {
                        field: "items".into(),
                    });
                }
                let items: Vec<String> = all
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect();
                if items.is_empty() {
                    problems.push(ReviewProblem::NoCorrectionItems);
                }
                ReviewDecision::AskCorrection { items }
            }
            _ => {
                problems.push(ReviewProblem::NoDecision);
                ReviewDecision::Approve {
                    results: BTreeMap::new(),
                }
            }
        };
        if problems.is_empty() {
            Ok(decision)
        } else {
            Err(problems)
        }
    }
}

/// 延长办理期限: how many working days, why, and who approved it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub working_days: u32,
    pub reason: String,
    pub approver: String,
}

impl Extension {
    /// `extended_before`: the task's limit was extended already (once only).
    pub fn parse(
        pairs: &[(String, String)],
        extended_before: bool,
    ) -> Result<Extension, Vec<ReviewProblem>> {
        let mut problems = Vec::new();
        let working_days = match field(pairs, "extension_days").parse::<u32>() {
            Ok(d) if (1..=MAX_EXTENSION_DAYS).contains(&d) => d,
            _ => {
                problems.push(ReviewProblem::BadExtensionDays);
                0
            }
        };
        if extended_before {
            problems.push(ReviewProblem::AlreadyExtended);
        }
        let reason = text(
            pairs,
            "extension_reason",
            ReviewProblem::NoExtensionReason,
            &mut problems,
        );
        let approver = text(pairs, "approver", ReviewProblem::NoApprover, &mut problems);
        if problems.is_empty() {
            Ok(Extension {
                working_days,
                reason,
                approver,
            })
        } else {
            Err(problems)
        }
    }
}

/// Where the application stands once its tasks are read together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewOutcome {
    /// A department is still reviewing (or in a special step).
    Pending,
    /// Every department has spoken, some asked for corrections and none
    /// rejected: the front desk sends one merged notice.
    NoticeDue,
    Approved,
    /// Every department has spoken and at least one rejected.
    Rejected,
}

/// The application's outcome from its tasks' states. Rejections and
/// corrections wait for every department's word, so the applicant gets
/// every reason, or one notice with every correction, at once.
pub fn outcome(statuses: impl IntoIterator<Item = ReviewStatus>) -> ReviewOutcome {
    let (mut running, mut waiting, mut rejected, mut corrections, mut approved) =
        (false, false, false, false, false);
    for s in statuses {
        match s {
            ReviewStatus::InReview | ReviewStatus::SpecialStep => running = true,
            ReviewStatus::Waiting => waiting = true,
            ReviewStatus::Rejected => rejected = true,
            ReviewStatus::CorrectionAsked => corrections = true,
            ReviewStatus::Approved => approved = true,
            ReviewStatus::Closed => {}
        }
    }
    if running {
        ReviewOutcome::Pending
    } else if rejected {
        ReviewOutcome::Rejected
    } else if corrections {
        ReviewOutcome::NoticeDue
    } else if waiting || !approved {
        ReviewOutcome::Pending
    } else {
        ReviewOutcome::Approved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Localized;
    use ReviewStatus as S;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn steps() -> Vec<SpecialStep> {
        vec![SpecialStep {
            kind: SpecialStepKind::SiteInspection,
            max_days: 5,
            note: Some(Localized::new("现场核查", "Site inspection")),
        }]
    }

    #[test]
    fn moves_follow_the_task_machine() {
        assert_eq!(S::Waiting.after(ReviewMove::Start), Ok(S::InReview));
        assert_eq!(S::InReview.after(ReviewMove::Approve), Ok(S::Approved));
        assert_eq!(
            S::InReview.after(ReviewMove::StartSpecialStep),
            Ok(S::SpecialStep)
        );
        assert_eq!(
            S::SpecialStep.after(ReviewMove::EndSpecialStep),
            Ok(S::InReview)
        );
        assert_eq!(
            S::CorrectionAsked.after(ReviewMove::CorrectionsReceived),
            Ok(S::InReview)
        );
        assert!(S::Approved.after(ReviewMove::Approve).is_err());
        assert!(S::Approved.after(ReviewMove::Close).is_err());
        assert!(S::SpecialStep.after(ReviewMove::Approve).is_err());
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(s.as_str()), Some(s));
            assert_eq!(s.after(ReviewMove::Close).is_ok(), s.is_open());
        }
    }

    #[test]
    fn the_outcome_waits_for_every_department() {
        use ReviewOutcome as O;
        assert_eq!(outcome([S::Approved, S::InReview]), O::Pending);
        assert_eq!(outcome([S::Rejected, S::SpecialStep]), O::Pending);
        assert_eq!(outcome([S::Approved, S::Approved]), O::Approved);
        assert_eq!(outcome([S::Approved, S::CorrectionAsked]), O::NoticeDue);
        assert_eq!(
            outcome([S::Rejected, S::CorrectionAsked, S::Approved]),
            O::Rejected
        );
        assert_eq!(outcome([S::Approved, S::Waiting]), O::Pending);
        assert_eq!(outcome([S::Closed]), O::Pending);
        assert_eq!(outcome([S::Approved, S::Closed]), O::Approved);
    }

    fn approve() -> ReviewDecision {
        ReviewDecision::Approve {
            results: BTreeMap::new(),
        }
    }

    #[test]
    fn decisions_parse_with_every_problem_named() {
        let today = CalendarDay::new(2026, 11, 25).unwrap();
        let f = |p: &[(&str, &str)]| {
            let p = pairs(p);
            let steps = steps();
            ReviewDecisionForm {
                pairs: &p,
                special_steps: &steps,
                results: &FormSchema::default(),
                today,
            }
            .parse()
        };
        assert_eq!(f(&[("decision", "approve")]), Ok(approve()));
        assert_eq!(f(&[]), Err(vec![ReviewProblem::NoDecision]));
        assert_eq!(
            f(&[("decision", "reject"), ("reason", "  ")]),
            Err(vec![ReviewProblem::NoReason])
        );
        assert_eq!(
            f(&[
                ("decision", "correction"),
                ("items", "\n 平面图比例不对 \n\n缺消防说明")
            ]),
            Ok(ReviewDecision::AskCorrection {
                items: vec!["平面图比例不对".into(), "缺消防说明".into()]
            })
        );
        assert_eq!(
            f(&[
                ("decision", "special_step"),
                ("step_kind", "hearing"),
                ("step_days", "3")
            ]),
            Err(vec![
                ReviewProblem::UnknownSpecialStep,
                ReviewProblem::NoStepNote
            ])
        );
        assert_eq!(
            f(&[
                ("decision", "special_step"),
                ("step_kind", "site_inspection"),
                ("step_days", "9"),
                ("step_note", "现场核查经营场所")
            ]),
            Err(vec![ReviewProblem::BadStepDays { max: 5 }])
        );
        assert_eq!(
            f(&[
                ("decision", "special_step"),
                ("step_kind", "site_inspection"),
                ("step_days", "5"),
                ("step_note", "现场核查经营场所")
            ]),
            Ok(ReviewDecision::StartSpecialStep {
                kind: SpecialStepKind::SiteInspection,
                max_days: 5,
                note: "现场核查经营场所".into()
            })
        );
    }

    #[test]
    fn approving_records_the_results_the_part_owes() {
        let results = FormSchema {
            fields: vec![crate::FieldSpec {
                key: crate::FieldKey::parse("credit_code").unwrap(),
                label: Localized::new("统一社会信用代码", "Credit code"),
                kind: crate::FieldKind::CreditCode,
                required: true,
                help: None,
                visible_when: None,
            }],
        };
        let f = |p: &[(&str, &str)]| {
            let p = pairs(p);
            ReviewDecisionForm {
                pairs: &p,
                special_steps: &[],
                results: &results,
                today: CalendarDay::new(2026, 11, 25).unwrap(),
            }
            .parse()
        };
        let Err(problems) = f(&[("decision", "approve")]) else {
            panic!("a missing result must be refused")
        };
        assert!(matches!(&problems[..], [ReviewProblem::BadResult(e)] if e.key == "credit_code"));
        assert!(f(&[
            ("decision", "approve"),
            ("result.credit_code", "91350100M000100Y42")
        ])
        .is_err());
        assert_eq!(
            f(&[
                ("decision", "approve"),
                ("result.credit_code", "91350100m000100y43")
            ]),
            Ok(ReviewDecision::Approve {
                results: [("credit_code".to_string(), "91350100M000100Y43".to_string())].into()
            })
        );
    }

    #[test]
    fn an_extension_needs_days_reason_and_approver_once() {
        let p = pairs(&[
            ("extension_days", "10"),
            ("extension_reason", "需补充征求意见"),
            ("approver", "王局长"),
        ]);
        assert_eq!(
            Extension::parse(&p, false),
            Ok(Extension {
                working_days: 10,
                reason: "需补充征求意见".into(),
                approver: "王局长".into()
            })
        );
        assert_eq!(
            Extension::parse(&p, true),
            Err(vec![ReviewProblem::AlreadyExtended])
        );
        assert_eq!(
            Extension::parse(&pairs(&[("extension_days", "11")]), false),
            Err(vec![
                ReviewProblem::BadExtensionDays,
                ReviewProblem::NoExtensionReason,
                ReviewProblem::NoApprover
            ])
        );
    }
}
