//! Demo mode (`staff.demo`, `scripts/run.sh --demo`): one account per role,
//! all with the password below, as the README lists them. Never created
//! otherwise.

use crate::StartupError;
use domain::StaffRole;

pub const DEMO_PASSWORD: &str = "hall-demo-2026";

pub const DEMO_ACCOUNTS: [(&str, &str, StaffRole, &[&str]); 10] = [
    ("desk.demo", "前台 王敏", StaffRole::FrontDesk, &[]),
    (
        "review.scjg",
        "市场监管 李强",
        StaffRole::Reviewer,
        &["SCJG"],
    ),
    ("review.ga", "公安 刘洋", StaffRole::Reviewer, &["GA"]),
    ("review.zrzy", "不动产 孙悦", StaffRole::Reviewer, &["ZRZY"]),
    ("review.sw", "税务 吴涛", StaffRole::Reviewer, &["SW"]),
    ("review.cg", "城管 郑凯", StaffRole::Reviewer, &["CG"]),
    ("issue.demo", "出件 赵丽", StaffRole::Issuing, &[]),
    ("super.demo", "监察 陈静", StaffRole::Supervisor, &[]),
    (
        "head.ga",
        "公安 负责人 何峰",
        StaffRole::DepartmentHead,
        &["GA"],
    ),
    ("admin.demo", "管理员 周平", StaffRole::Administrator, &[]),
];

/// Creates the demo accounts that do not exist yet.
pub async fn ensure_accounts(hall: &hall::Hall) -> Result<(), StartupError> {
    for (name, display, role, departments) in DEMO_ACCOUNTS {
        let departments: Vec<String> = departments.iter().map(|d| d.to_string()).collect();
        match hall
            .add_staff(name, display, role, &departments, DEMO_PASSWORD)
            .await
        {
            Ok(_) | Err(hall::AddStaffError::NameTaken(_)) => {}
            Err(source) => return Err(StartupError::Demo { name, source }),
        }
    }
    tracing::warn!("demo mode: demo staff accounts exist (see README); never run so in production");
    Ok(())
}
