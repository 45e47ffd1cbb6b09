//! 好差评: the applicant rates each service they met, on the national
//! scheme's five levels, once per touchpoint of an application (一事多评).
//! A bad rating (差评) names what went wrong and opens a follow-up for the
//! responsible department (回访、整改), due in 15 working days; once it
//! replied, the applicant may rate that touchpoint once more.

use crate::{ApplicationStatus, Lang, WorkingDayCalendar};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// 差评 follow-ups are due this many working days after the rating.
pub const FOLLOW_UP_WORKING_DAYS: u32 = 15;
/// The longest comment or follow-up text, in characters.
pub const TEXT_MAX_CHARS: usize = 500;

macro_rules! named_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal, $zh:literal, $en:literal;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s,)* }
            }

            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|x| x.as_str() == s.trim())
            }

            pub fn name(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(($name::$v, Lang::ZhCn) => $zh, ($name::$v, Lang::En) => $en,)*
                }
            }
        }
    };
}

named_enum! {
    /// The five levels, best first.
    Satisfaction {
        VerySatisfied = "very_satisfied", "非常满意", "Very satisfied";
        Satisfied = "satisfied", "满意", "Satisfied";
        Basic = "basic", "基本满意", "Fairly satisfied";
        Dissatisfied = "dissatisfied", "不满意", "Dissatisfied";
        VeryDissatisfied = "very_dissatisfied", "非常不满意", "Very dissatisfied";
    }
}

impl Satisfaction {
    /// 差评: asks what went wrong and opens a follow-up.
    pub fn is_bad(self) -> bool {
        matches!(
            self,
            Satisfaction::Dissatisfied | Satisfaction::VeryDissatisfied
        )
    }

    /// Counted in 满意率 (基本满意 or better).
    pub fn is_satisfied(self) -> bool {
        !self.is_bad()
    }

    /// 5 (非常满意) to 1 (非常不满意), as stored.
    pub fn score(self) -> u8 {
        match self {
            Satisfaction::VerySatisfied => 5,
            Satisfaction::Satisfied => 4,
            Satisfaction::Basic => 3,
            Satisfaction::Dissatisfied => 2,
            Satisfaction::VeryDissatisfied => 1,
        }
    }

    pub fn from_score(score: i64) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| i64::from(s.score()) == score)
    }
}

named_enum! {
    /// Where in an application the applicant met the hall.
    Touchpoint {
        /// 申报: filing the form on a kiosk or phone.
        Submission = "submission", "网上申报", "Filing the application";
        /// 受理: the front desk's decision at the window.
        Acceptance = "acceptance", "窗口受理", "Acceptance at the window";
        /// 出件: the result handed over or posted.
        Handover = "handover", "结果领取", "Receiving the result";
    }
}

named_enum! {
    /// What the rating is of. Online touchpoints and window ones have the
    /// scheme's two sets; 整体满意度 is in both and is the rating's level.
    Indicator {
        Overall = "overall", "整体满意度", "Overall satisfaction";
        Efficiency = "efficiency", "办事效率", "Speed of the service";
        GuideAccuracy = "guide_accuracy", "办事指南精确度", "Accuracy of the guide";
        Convenience = "convenience", "办事便捷度", "Convenience";
        Usability = "usability", "平台操作性", "Ease of use of the platform";
        ServiceEfficiency = "service_efficiency", "服务效率", "Speed at the window";
        ServiceLevel = "service_level", "服务水平", "Quality of the service";
        Attitude = "attitude", "服务态度", "Attitude of the staff";
    }
}

named_enum! {
    /// What went wrong, as a 差评 names it (a fixed list, so follow-ups and
    /// reports can count them).
    Problem {
        GuideInaccurate = "guide_inaccurate", "办事指南不准确或不一致", "The guide was wrong or inconsistent";
        ExtraMaterials = "extra_materials", "要求提供清单以外的材料", "Materials not on the list were asked for";
        RepeatedVisits = "repeated_visits", "多次跑动", "I had to come more than once";
        Slow = "slow", "办理超时或等候过久", "It took too long, or the wait was long";
        NotToldAtOnce = "not_told_at_once", "未一次性告知", "I was not told everything at once";
        Attitude = "attitude", "服务态度差", "Staff were unhelpful or rude";
        HardToUse = "hard_to_use", "系统难用或出错", "The system was hard to use or failed";
        Other = "other", "其他", "Something else";
    }
}

named_enum! {
    /// Where the rating was given.
    RatingChannel {
        Kiosk = "kiosk", "自助终端", "Kiosk";
        Phone = "phone", "手机", "Phone";
        /// The window's rating screen (评价器).
        Window = "window", "窗口评价器", "Window rating screen";
    }
}

impl Touchpoint {
    /// The scheme's indicators for this touchpoint, 整体满意度 first.
    pub fn indicators(self) -> &'static [Indicator] {
        use Indicator as I;
        match self {
            Touchpoint::Submission => &[
                I::Overall,
                I::Efficiency,
                I::GuideAccuracy,
                I::Convenience,
                I::Usability,
            ],
            Touchpoint::Acceptance | Touchpoint::Handover => &[
                I::Overall,
                I::ServiceEfficiency,
                I::ServiceLevel,
                I::Attitude,
            ],
        }
    }

    /// Whether the application has reached this touchpoint.
    pub fn reached(self, status: ApplicationStatus) -> bool {
        use ApplicationStatus as S;
        match self {
            Touchpoint::Submission => true,
            Touchpoint::Acceptance => status != S::Submitted,
            Touchpoint::Handover => status == S::Delivered,
        }
    }
}

/// Which rating of a touchpoint: the first, or the one after a follow-up
/// replied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingRound {
    First,
    AfterFollowUp,
}

impl RatingRound {
    pub fn number(self) -> u8 {
        match self {
            RatingRound::First => 1,
            RatingRound::AfterFollowUp => 2,
        }
    }

    pub fn from_number(n: i64) -> Option<Self> {
        match n {
            1 => Some(RatingRound::First),
            2 => Some(RatingRound::AfterFollowUp),
            _ => None,
        }
    }
}

/// What the applicant may rate now: each touchpoint reached and not yet
/// rated, and once more each whose follow-up was replied to.
pub fn due_ratings(
    status: ApplicationStatus,
    rated: &[(Touchpoint, RatingRound)],
    replied: &[Touchpoint],
) -> Vec<(Touchpoint, RatingRound)> {
    Touchpoint::ALL
        .iter()
        .filter(|t| t.reached(status))
        .filter_map(|t| {
            let given = |r: RatingRound| rated.contains(&(*t, r));
            if !given(RatingRound::First) {
                Some((*t, RatingRound::First))
            } else if replied.contains(t) && !given(RatingRound::AfterFollowUp) {
                Some((*t, RatingRound::AfterFollowUp))
            } else {
                None
            }
        })
        .collect()
}

/// A rating as given: it cannot hold a level for an indicator its
/// touchpoint does not have, a bad overall level without what went wrong,
/// or what went wrong with a good one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    touchpoint: Touchpoint,
    levels: BTreeMap<Indicator, Satisfaction>,
    problems: BTreeSet<Problem>,
    comment: String,
}

/// Why a rating was not taken (all at once).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    thiserror::Error,
)]
#[serde(rename_all = "snake_case")]
pub enum RatingProblem {
    #[error("the overall level is missing")]
    NoOverallLevel,
    #[error("an indicator, level or problem is not one of this touchpoint's")]
    UnknownChoice,
    #[error("a bad rating names what went wrong")]
    NoProblemNamed,
    #[error("what went wrong is asked only with 不满意 or 非常不满意")]
    ProblemWithoutBadRating,
    #[error("the comment is longer than {TEXT_MAX_CHARS} characters")]
    CommentTooLong,
    /// The comment holds a character nobody types (the one text rule).
    #[error("the comment contains an invisible or broken character")]
    InvisibleText,
}

/// The rating form's answers before they are checked (as posted).
#[derive(Clone, Debug, Default)]
pub struct RatingAnswers<'a> {
    /// Indicator name → level name.
    pub levels: Vec<(&'a str, &'a str)>,
    pub problems: Vec<&'a str>,
    pub comment: &'a str,
}

impl Rating {
    pub fn new(
        touchpoint: Touchpoint,
        answers: &RatingAnswers,
    ) -> Result<Self, Vec<RatingProblem>> {
        let mut wrong = BTreeSet::new();
        let mut levels = BTreeMap::new();
        for (indicator, level) in &answers.levels {
            if level.trim().is_empty() {
                continue; // an indicator left unrated
            }
            match (Indicator::parse(indicator), Satisfaction::parse(level)) {
                (Some(i), Some(s)) if touchpoint.indicators().contains(&i) => {
                    if levels.insert(i, s).is_some_and(|before| before != s) {
                        wrong.insert(RatingProblem::UnknownChoice);
                    }
                }
                _ => {
                    wrong.insert(RatingProblem::UnknownChoice);
                }
            }
        }
        let mut problems = BTreeSet::new();
        for p in &answers.problems {
            match Problem::parse(p) {
                Some(p) => {
                    problems.insert(p);
                }
                None => {
                    wrong.insert(RatingProblem::UnknownChoice);
                }
            }
        }
        let comment = answers.comment.trim().to_string();
        match levels.get(&Indicator::Overall) {
            None => {
                wrong.insert(RatingProblem::NoOverallLevel);
            }
            Some(s) if s.is_bad() && problems.is_empty() => {
                wrong.insert(RatingProblem::NoProblemNamed);
            }
            Some(s) if !s.is_bad() && !problems.is_empty() => {
                wrong.insert(RatingProblem::ProblemWithoutBadRating);
            }
            Some(_) => {}
        }
        if comment.chars().count() > TEXT_MAX_CHARS {
            wrong.insert(RatingProblem::CommentTooLong);
        }
        if crate::text::check(&comment, true).is_err() {
            wrong.insert(RatingProblem::InvisibleText);
        }
        if !wrong.is_empty() {
            return Err(wrong.into_iter().collect());
        }
        Ok(Self {
            touchpoint,
            levels,
            problems,
            comment,
        })
    }

    pub fn touchpoint(&self) -> Touchpoint {
        self.touchpoint
    }

    /// 整体满意度: the rating's level.
    pub fn overall(&self) -> Satisfaction {
        self.levels[&Indicator::Overall]
    }

    pub fn is_bad(&self) -> bool {
        self.overall().is_bad()
    }

    /// Each rated indicator, 整体满意度 included.
    pub fn levels(&self) -> &BTreeMap<Indicator, Satisfaction> {
        &self.levels
    }

    pub fn problems(&self) -> &BTreeSet<Problem> {
        &self.problems
    }

    pub fn comment(&self) -> &str {
        &self.comment
    }
}

/// The day a 差评 given on `rated_on` must have its follow-up by.
pub fn follow_up_due(calendar: &WorkingDayCalendar, rated_on: NaiveDate) -> NaiveDate {
    calendar.add_working_days(rated_on, FOLLOW_UP_WORKING_DAYS)
}

/// Where a follow-up stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpState {
    /// Waiting for the department's call-back and rectification.
    Open,
    /// The department replied; the applicant may rate once more.
    Replied,
    /// The supervisor closed it.
    Closed,
}

impl FollowUpState {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpState::Open => "open",
            FollowUpState::Replied => "replied",
            FollowUpState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Open, Self::Replied, Self::Closed]
            .into_iter()
            .find(|x| x.as_str() == s)
    }
}

/// The department's answer to a 差评: what it learned calling the
/// applicant back (回访) and what it changed (整改). Both are required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpReply {
    callback: String,
    rectification: String,
}

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    thiserror::Error,
)]
#[serde(rename_all = "snake_case")]
pub enum ReplyProblem {
    #[error("the call-back is missing")]
    NoCallback,
    #[error("the rectification is missing")]
    NoRectification,
    #[error("a text is longer than {TEXT_MAX_CHARS} characters")]
    TooLong,
    /// A character nobody types (the one text rule).
    #[error("a text contains an invisible or broken character")]
    InvisibleText,
}

impl FollowUpReply {
    pub fn new(callback: &str, rectification: &str) -> Result<Self, Vec<ReplyProblem>> {
        let (callback, rectification) = (callback.trim(), rectification.trim());
        let mut wrong = Vec::new();
        if callback.is_empty() {
            wrong.push(ReplyProblem::NoCallback);
        }
        if rectification.is_empty() {
            wrong.push(ReplyProblem::NoRectification);
        }
        if callback.chars().count() > TEXT_MAX_CHARS
            || rectification.chars().count() > TEXT_MAX_CHARS
        {
            wrong.push(ReplyProblem::TooLong);
        }
        if crate::text::check(callback, true).is_err()
            || crate::text::check(rectification, true).is_err()
        {
            wrong.push(ReplyProblem::InvisibleText);
        }
        if !wrong.is_empty() {
            return Err(wrong);
        }
        Ok(Self {
            callback: callback.to_string(),
            rectification: rectification.to_string(),
        })
    }

    pub fn callback(&self) -> &str {
        &self.callback
    }

    pub fn rectification(&self) -> &str {
        &self.rectification
    }
}

/// The published figures of a matter or a department.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SatisfactionTally {
    /// Ratings at each level, best first (as [`Satisfaction::ALL`]); a
    /// rating given again after a follow-up counts instead of the first.
    pub counts: [u64; 5],
    /// 差评 follow-ups opened.
    pub follow_ups: u64,
    /// Of those, replied to (回访、整改 recorded).
    pub replied: u64,
    /// Of those, replied to by their due day.
    pub replied_on_time: u64,
}

impl SatisfactionTally {
    /// Another scope's figures added (a department head's departments).
    pub fn add(&mut self, other: &SatisfactionTally) {
        for (mine, theirs) in self.counts.iter_mut().zip(other.counts) {
            *mine += theirs;
        }
        self.follow_ups += other.follow_ups;
        self.replied += other.replied;
        self.replied_on_time += other.replied_on_time;
    }

    pub fn ratings(&self) -> u64 {
        self.counts.iter().sum()
    }

    pub fn count(&self, level: Satisfaction) -> u64 {
        self.counts[usize::from(5 - level.score())]
    }

    /// 满意率 in per mille (基本满意 or better), if anyone rated.
    pub fn satisfied_permille(&self) -> Option<u64> {
        let satisfied: u64 = Satisfaction::ALL
            .iter()
            .filter(|s| s.is_satisfied())
            .map(|s| self.count(*s))
            .sum();
        permille(satisfied, self.ratings())
    }

    /// 回访率: follow-ups replied to, per mille of those opened.
    pub fn follow_up_permille(&self) -> Option<u64> {
        permille(self.replied, self.follow_ups)
    }

    /// 按时整改率: follow-ups replied to by their due day, per mille of
    /// those opened.
    pub fn on_time_permille(&self) -> Option<u64> {
        permille(self.replied_on_time, self.follow_ups)
    }
}

fn permille(part: u64, whole: u64) -> Option<u64> {
    (whole > 0).then(|| (part * 1000 + whole / 2) / whole)
}

/// A per-mille figure as a percentage with one decimal ("87.5%").
pub fn percent(permille: u64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CalendarYear;

    fn answers<'a>(levels: &[(&'a str, &'a str)], problems: &[&'a str]) -> RatingAnswers<'a> {
        RatingAnswers {
            levels: levels.to_vec(),
            problems: problems.to_vec(),
            comment: "",
        }
    }

    #[test]
    fn five_levels_and_the_bad_two() {
        assert_eq!(Satisfaction::ALL.len(), 5);
        let bad: Vec<_> = Satisfaction::ALL.iter().filter(|s| s.is_bad()).collect();
        assert_eq!(
            bad,
            [&Satisfaction::Dissatisfied, &Satisfaction::VeryDissatisfied]
        );
        for s in Satisfaction::ALL {
            assert_eq!(Satisfaction::from_score(i64::from(s.score())), Some(*s));
            assert_eq!(Satisfaction::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Satisfaction::Basic.name(Lang::ZhCn), "基本满意");
    }

    #[test]
    fn online_and_window_touchpoints_have_the_schemes_indicators() {
        let names = |t: Touchpoint| -> Vec<&str> {
            t.indicators().iter().map(|i| i.name(Lang::ZhCn)).collect()
        };
        assert_eq!(
            names(Touchpoint::Submission),
            [
                "整体满意度",
                "办事效率",
                "办事指南精确度",
                "办事便捷度",
                "平台操作性"
            ]
        );
        assert_eq!(
            names(Touchpoint::Acceptance),
            ["整体满意度", "服务效率", "服务水平", "服务态度"]
        );
        assert_eq!(names(Touchpoint::Handover), names(Touchpoint::Acceptance));
    }

    #[test]
    fn a_rating_needs_its_overall_level() {
        let e = Rating::new(
            Touchpoint::Submission,
            &answers(&[("efficiency", "satisfied")], &[]),
        )
        .unwrap_err();
        assert_eq!(e, [RatingProblem::NoOverallLevel]);
        let r = Rating::new(
            Touchpoint::Submission,
            &answers(&[("overall", "satisfied"), ("efficiency", "")], &[]),
        )
        .unwrap();
        assert_eq!(r.overall(), Satisfaction::Satisfied);
        assert_eq!(r.levels().len(), 1, "an unrated indicator is not stored");
    }

    #[test]
    fn an_indicator_of_the_other_set_or_an_unknown_level_is_refused() {
        let e = Rating::new(
            Touchpoint::Acceptance,
            &answers(&[("overall", "satisfied"), ("usability", "satisfied")], &[]),
        )
        .unwrap_err();
        assert_eq!(e, [RatingProblem::UnknownChoice]);
        let e = Rating::new(
            Touchpoint::Acceptance,
            &answers(&[("overall", "great")], &[]),
        )
        .unwrap_err();
        assert!(e.contains(&RatingProblem::UnknownChoice));
        assert!(e.contains(&RatingProblem::NoOverallLevel));
        // The same indicator twice with two levels is not one answer.
        let e = Rating::new(
            Touchpoint::Acceptance,
            &answers(&[("overall", "satisfied"), ("overall", "basic")], &[]),
        )
        .unwrap_err();
        assert_eq!(e, [RatingProblem::UnknownChoice]);
    }

    #[test]
    fn a_bad_rating_names_what_went_wrong_and_only_a_bad_one() {
        let e = Rating::new(
            Touchpoint::Handover,
            &answers(&[("overall", "dissatisfied")], &[]),
        )
        .unwrap_err();
        assert_eq!(e, [RatingProblem::NoProblemNamed]);
        let e = Rating::new(
            Touchpoint::Handover,
            &answers(&[("overall", "basic")], &["slow"]),
        )
        .unwrap_err();
        assert_eq!(e, [RatingProblem::ProblemWithoutBadRating]);
        let r = Rating::new(
            Touchpoint::Handover,
            &answers(
                &[("overall", "very_dissatisfied")],
                &["slow", "attitude", "slow"],
            ),
        )
        .unwrap();
        assert!(r.is_bad());
        assert_eq!(r.problems().len(), 2);
    }

    #[test]
    fn the_comment_is_trimmed_and_bounded() {
        let long = "好".repeat(TEXT_MAX_CHARS + 1);
        let mut a = answers(&[("overall", "satisfied")], &[]);
        a.comment = &long;
        assert_eq!(
            Rating::new(Touchpoint::Submission, &a).unwrap_err(),
            [RatingProblem::CommentTooLong]
        );
        a.comment = "  很快  ";
        assert_eq!(
            Rating::new(Touchpoint::Submission, &a).unwrap().comment(),
            "很快"
        );
        // Full-width text and line breaks are text; overrides and
        // zero-width characters are refused, never dropped.
        a.comment = "ＡＢＣ　１２３，窗口很好！\n谢谢";
        assert!(Rating::new(Touchpoint::Submission, &a).is_ok());
        for odd in ["gpj\u{202E}exe", "好\u{200B}评", "坏\u{FFFD}", "\u{0}"] {
            a.comment = odd;
            assert_eq!(
                Rating::new(Touchpoint::Submission, &a).unwrap_err(),
                [RatingProblem::InvisibleText],
                "{odd:?}"
            );
        }
        assert_eq!(
            FollowUpReply::new("已回访\u{202E}", "已整改").unwrap_err(),
            [ReplyProblem::InvisibleText]
        );
    }

    #[test]
    fn touchpoints_are_reached_in_order() {
        use ApplicationStatus as S;
        assert!(Touchpoint::Submission.reached(S::Submitted));
        assert!(!Touchpoint::Acceptance.reached(S::Submitted));
        assert!(Touchpoint::Acceptance.reached(S::Refused));
        assert!(!Touchpoint::Handover.reached(S::Issued));
        assert!(Touchpoint::Handover.reached(S::Delivered));
    }

    #[test]
    fn each_touchpoint_once_and_once_more_after_a_reply() {
        use ApplicationStatus as S;
        use RatingRound as R;
        use Touchpoint as T;
        assert_eq!(
            due_ratings(S::Submitted, &[], &[]),
            [(T::Submission, R::First)]
        );
        assert_eq!(
            due_ratings(S::Accepted, &[(T::Submission, R::First)], &[]),
            [(T::Acceptance, R::First)]
        );
        assert_eq!(
            due_ratings(
                S::Delivered,
                &[(T::Submission, R::First), (T::Acceptance, R::First)],
                &[T::Acceptance]
            ),
            [(T::Acceptance, R::AfterFollowUp), (T::Handover, R::First)]
        );
        assert!(due_ratings(
            S::Accepted,
            &[
                (T::Submission, R::First),
                (T::Acceptance, R::First),
                (T::Acceptance, R::AfterFollowUp)
            ],
            &[T::Acceptance]
        )
        .is_empty());
    }

    #[test]
    fn a_follow_up_is_due_in_fifteen_working_days() {
        // 2026-09-25 (Friday) + 15 working days, across 国庆 (10-01..10-08
        // off, 09-27 and 10-10 made up) in the 2026 notice's shape.
        let cal = WorkingDayCalendar::from_years([CalendarYear {
            year: 2026,
            holidays: (1..=8)
                .map(|d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap())
                .collect(),
            makeup_workdays: [
                NaiveDate::from_ymd_opt(2026, 9, 27).unwrap(),
                NaiveDate::from_ymd_opt(2026, 10, 10).unwrap(),
            ]
            .to_vec(),
        }]);
        let rated = NaiveDate::from_ymd_opt(2026, 9, 25).unwrap();
        // 09-27(Sun, made up), 09-28, 09-29, 09-30, 10-09, 10-10(Sat, made
        // up), 10-12..16 (5), 10-19..22 (4) = 15.
        assert_eq!(
            follow_up_due(&cal, rated),
            NaiveDate::from_ymd_opt(2026, 10, 22).unwrap()
        );
        // Without holidays: three weeks of weekdays.
        let plain = WorkingDayCalendar::weekends_only();
        let monday = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        assert_eq!(
            follow_up_due(&plain, monday),
            NaiveDate::from_ymd_opt(2027, 3, 22).unwrap()
        );
    }

    #[test]
    fn a_reply_has_both_parts() {
        assert_eq!(
            FollowUpReply::new(" ", "改了").unwrap_err(),
            [ReplyProblem::NoCallback]
        );
        assert_eq!(
            FollowUpReply::new("已电话回访", "").unwrap_err(),
            [ReplyProblem::NoRectification]
        );
        let r = FollowUpReply::new(" 已电话回访 ", "指南已更正").unwrap();
        assert_eq!(r.callback(), "已电话回访");
    }

    #[test]
    fn rates_are_per_mille_of_their_whole() {
        let t = SatisfactionTally {
            counts: [3, 2, 1, 1, 1],
            follow_ups: 2,
            replied: 1,
            replied_on_time: 0,
        };
        assert_eq!(t.ratings(), 8);
        assert_eq!(t.count(Satisfaction::Basic), 1);
        assert_eq!(t.satisfied_permille(), Some(750));
        assert_eq!(t.follow_up_permille(), Some(500));
        assert_eq!(t.on_time_permille(), Some(0));
        assert_eq!(percent(750), "75.0%");
        assert_eq!(SatisfactionTally::default().satisfied_permille(), None);
    }
}
