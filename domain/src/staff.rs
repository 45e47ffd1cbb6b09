//! The hall's staff: who they are and what each role may do. 受理、审核、
//! 制证三分离 — the front desk accepts, departments review, one window
//! issues; a supervisor watches; an administrator manages accounts.

use crate::catalog::DepartmentCode;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// 综合受理: checks materials and accepts, returns or refuses.
    FrontDesk,
    /// 后台审批: reviews the matters of the departments bound to the account.
    Reviewer,
    /// 统一出件: issues results and hands them over.
    Issuing,
    /// 电子监察: sees everything, changes nothing.
    Supervisor,
    /// 部门负责人: watches the departments bound to the account — their open
    /// work, their month's figures — and answers their bad ratings.
    DepartmentHead,
    /// 管理员: staff accounts.
    Administrator,
}

/// The desks a role works at, for its navigation (the use cases check the
/// role again on every request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Desks {
    /// 综合受理: the acceptance queue and the application files.
    pub front_desk: bool,
    /// 部门审批: review tasks.
    pub reviews: bool,
    /// 统一出件: the issuing list and files.
    pub issuing: bool,
    /// The pickup scanner.
    pub pickup: bool,
    /// 电子监察: messages that could not be delivered.
    pub messages: bool,
    /// 差评回访: a reviewer's departments' follow-ups, or all of them.
    pub follow_ups: bool,
    /// 评价器: the desks that act in front of the applicant pair a rating
    /// screen.
    pub window_screen: bool,
    /// 叫号: calling queue numbers to the desk's window.
    pub calling: bool,
    /// 帮你办: filling forms for walk-ins.
    pub assist: bool,
    /// 电子监察: open work against its time limits.
    pub supervision: bool,
}

impl StaffRole {
    /// Where this role may go: the supervisor reads every desk, the
    /// scanner is the issuing window's alone.
    pub fn desks(self) -> Desks {
        use StaffRole as R;
        Desks {
            front_desk: matches!(self, R::FrontDesk | R::Supervisor | R::Administrator),
            reviews: matches!(self, R::Reviewer | R::Supervisor | R::DepartmentHead),
            issuing: matches!(self, R::Issuing | R::Supervisor),
            pickup: self == R::Issuing,
            messages: self == R::Supervisor,
            follow_ups: matches!(self, R::Reviewer | R::Supervisor | R::DepartmentHead),
            window_screen: matches!(self, R::FrontDesk | R::Issuing),
            calling: matches!(self, R::FrontDesk | R::Issuing),
            assist: self == R::FrontDesk,
            supervision: matches!(self, R::Supervisor | R::DepartmentHead),
        }
    }

    pub const ALL: [StaffRole; 6] = [
        StaffRole::FrontDesk,
        StaffRole::Reviewer,
        StaffRole::Issuing,
        StaffRole::Supervisor,
        StaffRole::DepartmentHead,
        StaffRole::Administrator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::FrontDesk => "front_desk",
            StaffRole::Reviewer => "reviewer",
            StaffRole::Issuing => "issuing",
            StaffRole::Supervisor => "supervisor",
            StaffRole::DepartmentHead => "department_head",
            StaffRole::Administrator => "administrator",
        }
    }

    /// Also accepts `front-desk` (as typed on a command line).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().replace('-', "_");
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Reviewers and department heads are bound to departments.
    pub fn needs_departments(self) -> bool {
        matches!(self, StaffRole::Reviewer | StaffRole::DepartmentHead)
    }
}

impl fmt::Display for StaffRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A sign-in name: 3–32 of a–z, 0–9, `.`, `_`, `-`, starting with a letter
/// (stored lower-case, so `Wang.Li` and `wang.li` are one account).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StaffName(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a staff name is 3–32 characters of a–z, 0–9, '.', '_' or '-', starting with a letter")]
pub struct BadStaffName;

impl StaffName {
    pub fn parse(s: &str) -> Result<Self, BadStaffName> {
        let s = s.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
            });
        ok.then_some(Self(s)).ok_or(BadStaffName)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StaffName {
    type Error = BadStaffName;
    fn try_from(s: String) -> Result<Self, BadStaffName> {
        Self::parse(&s)
    }
}

impl From<StaffName> for String {
    fn from(n: StaffName) -> String {
        n.0
    }
}

impl fmt::Display for StaffName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who is acting: the account, its role and (reviewers) departments.
/// Every staff use case takes one and checks it itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub staff_id: i64,
    pub name: StaffName,
    pub display_name: String,
    pub role: StaffRole,
    pub departments: Vec<DepartmentCode>,
}

impl Actor {
    pub fn is(&self, role: StaffRole) -> bool {
        self.role == role
    }

    pub fn reviews_for(&self, department: &DepartmentCode) -> bool {
        self.role == StaffRole::Reviewer && self.departments.contains(department)
    }

    /// Whether this account answers for a department's bad ratings (回访、
    /// 整改): its reviewers and its head.
    pub fn answers_for(&self, department: &DepartmentCode) -> bool {
        matches!(self.role, StaffRole::Reviewer | StaffRole::DepartmentHead)
            && self.departments.contains(department)
    }

    /// What this account watches on the supervision desk, if anything.
    pub fn oversight(&self) -> Option<Oversight> {
        match self.role {
            StaffRole::Supervisor => Some(Oversight::Hall),
            StaffRole::DepartmentHead => Some(Oversight::Departments(self.departments.clone())),
            _ => None,
        }
    }
}

/// The part of the hall a supervision view covers: the whole hall (电子监察)
/// or a department head's own departments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Oversight {
    Hall,
    Departments(Vec<DepartmentCode>),
}

impl Oversight {
    pub fn covers(&self, department: &DepartmentCode) -> bool {
        match self {
            Oversight::Hall => true,
            Oversight::Departments(ds) => ds.contains(department),
        }
    }

    pub fn is_hall(&self) -> bool {
        *self == Oversight::Hall
    }
}

/// A new password: 12–128 characters (a phrase is fine; no composition
/// rules, which push people to predictable patterns).
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a password is 12 to 128 characters")]
pub struct WeakPassword;

impl NewPassword {
    pub fn parse(s: &str) -> Result<Self, WeakPassword> {
        let n = s.chars().count();
        ((12..=128).contains(&n))
            .then(|| Self(s.to_string()))
            .ok_or(WeakPassword)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Never printed.
impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_its_own_desks_and_the_supervisor_reads_them_all() {
        let d = |r: StaffRole| {
            let d = r.desks();
            (d.front_desk, d.reviews, d.issuing, d.pickup)
        };
        assert_eq!(d(StaffRole::FrontDesk), (true, false, false, false));
        assert_eq!(d(StaffRole::Reviewer), (false, true, false, false));
        assert_eq!(d(StaffRole::Issuing), (false, false, true, true));
        assert_eq!(d(StaffRole::Supervisor), (true, true, true, false));
        assert_eq!(d(StaffRole::DepartmentHead), (false, true, false, false));
        assert_eq!(d(StaffRole::Administrator), (true, false, false, false));
    }

    fn actor(role: StaffRole, departments: &[&str]) -> Actor {
        Actor {
            staff_id: 1,
            name: StaffName::parse("wang.li").unwrap(),
            display_name: "王力".into(),
            role,
            departments: departments
                .iter()
                .map(|d| DepartmentCode::parse(d).unwrap())
                .collect(),
        }
    }

    #[test]
    fn a_department_head_watches_and_answers_for_their_departments_only() {
        let samr = DepartmentCode::parse("SAMR").unwrap();
        let tax = DepartmentCode::parse("TAX").unwrap();
        let head = actor(StaffRole::DepartmentHead, &["SAMR"]);
        let oversight = head.oversight().unwrap();
        assert!(oversight.covers(&samr) && !oversight.covers(&tax));
        assert!(!oversight.is_hall());
        assert!(head.answers_for(&samr) && !head.answers_for(&tax));
        // Watching is not reviewing: a head decides no task.
        assert!(!head.reviews_for(&samr));
        let supervisor = actor(StaffRole::Supervisor, &[]);
        assert!(supervisor.oversight().unwrap().covers(&tax));
        assert!(!supervisor.answers_for(&tax));
        assert_eq!(actor(StaffRole::Reviewer, &["SAMR"]).oversight(), None);
        assert!(StaffRole::DepartmentHead.needs_departments());
        assert!(StaffRole::DepartmentHead.desks().supervision);
        assert!(!StaffRole::DepartmentHead.desks().messages);
    }

    #[test]
    fn roles_parse_as_typed() {
        for r in StaffRole::ALL {
            assert_eq!(StaffRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(StaffRole::parse("front-desk"), Some(StaffRole::FrontDesk));
        assert_eq!(StaffRole::parse("root"), None);
    }

    #[test]
    fn names_are_lower_case_and_plain() {
        assert_eq!(StaffName::parse(" Wang.Li ").unwrap().as_str(), "wang.li");
        for bad in ["ab", "1abc", "wang li", "王力", &"a".repeat(33)] {
            assert_eq!(StaffName::parse(bad), Err(BadStaffName), "{bad}");
        }
    }

    #[test]
    fn passwords_are_long_and_never_printed() {
        assert!(NewPassword::parse("short").is_err());
        let p = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
