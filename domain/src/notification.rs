//! What the applicant is told, at each step that changes what they must
//! do or may expect (网端推送). A notification is written in the same
//! commit as the change it tells of, so none is lost and none is sent for
//! a change that did not happen.
//!
//! A notification never carries an ID number or a full name: the masked
//! name, the application number and what happened. SMS providers in
//! mainland China send only pre-approved templates whose variables are
//! short, so [`Notification::sms_params`] gives each event's named
//! parameters within [`SMS_PARAM_MAX_CHARS`]; a long list (a one-time
//! notice) is summarised there and given whole on the progress page.

use crate::{ApplicationNumber, MobileNumber};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest value of one template variable the SMS providers accept
/// (阿里云: 35 characters per variable for notification templates).
pub const SMS_PARAM_MAX_CHARS: usize = 35;

/// What happened, with what the applicant needs to know of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum NotificationEvent {
    Submitted,
    Accepted {
        promised_by: NaiveDate,
    },
    /// 容缺: accepted; these materials are owed by `by` (the earliest date).
    AcceptedWithDeficiency {
        owed: Vec<String>,
        by: NaiveDate,
    },
    /// 一次性告知: everything to correct, and by when.
    Returned {
        items: Vec<String>,
        correct_by: NaiveDate,
    },
    /// Refused at the desk or in review, with every reason.
    Refused {
        reasons: Vec<String>,
    },
    /// 特殊环节: what it is, and at most how many working days (not
    /// counted in the limit).
    SpecialStep {
        what: String,
        days: u16,
    },
    /// The departments' corrections in review, merged into one notice.
    ReviewNotice {
        items: Vec<String>,
    },
    /// 容缺: the owed materials fall due (3 working days before, and on
    /// the last working day).
    CommitmentDue {
        owed: Vec<String>,
        by: NaiveDate,
        last_day: bool,
    },
    Approved,
    /// Issued; collect at `window` with the pickup pass (`pickup_code`
    /// when the result is collected, none when it is posted).
    Ready {
        window: String,
        pickup_code: Option<String>,
    },
    Posted {
        carrier: String,
        tracking: String,
    },
    HandedOver,
    Terminated {
        reason: String,
    },
}

impl NotificationEvent {
    /// The event's name: part of the deduplication key and the key of its
    /// SMS template in the configuration.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Accepted { .. } => "accepted",
            Self::AcceptedWithDeficiency { .. } => "accepted_with_deficiency",
            Self::Returned { .. } => "returned",
            Self::Refused { .. } => "refused",
            Self::SpecialStep { .. } => "special_step",
            Self::ReviewNotice { .. } => "review_notice",
            Self::CommitmentDue { .. } => "commitment_due",
            Self::Approved => "approved",
            Self::Ready { .. } => "ready",
            Self::Posted { .. } => "posted",
            Self::HandedOver => "handed_over",
            Self::Terminated { .. } => "terminated",
        }
    }

    /// Every kind, for configuration checks (each needs a template).
    pub const KINDS: [&'static str; 13] = [
        "submitted",
        "accepted",
        "accepted_with_deficiency",
        "returned",
        "refused",
        "special_step",
        "review_notice",
        "commitment_due",
        "approved",
        "ready",
        "posted",
        "handed_over",
        "terminated",
    ];
}

/// The sign-in code's message (我的办件): not about one application.
pub const SIGN_IN_CODE: &str = "sign_in_code";

/// Every message a channel must have a template for.
pub const TEMPLATE_KINDS: [&str; 14] = [
    NotificationEvent::KINDS[0],
    NotificationEvent::KINDS[1],
    NotificationEvent::KINDS[2],
    NotificationEvent::KINDS[3],
    NotificationEvent::KINDS[4],
    NotificationEvent::KINDS[5],
    NotificationEvent::KINDS[6],
    NotificationEvent::KINDS[7],
    NotificationEvent::KINDS[8],
    NotificationEvent::KINDS[9],
    NotificationEvent::KINDS[10],
    NotificationEvent::KINDS[11],
    NotificationEvent::KINDS[12],
    SIGN_IN_CODE,
];

/// One message to one recipient about one application. `occurrence`
/// tells apart two events of one kind (a second one-time notice after
/// corrections): the deduplication key is number, kind, occurrence and
/// recipient, so a retried state change cannot tell the same thing twice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub event: NotificationEvent,
    pub occurrence: String,
    /// The applicant's mobile; none: shown on the progress page only.
    pub recipient: Option<MobileNumber>,
    /// As on receipts: the first character, the rest starred.
    pub applicant_masked: String,
}

impl Notification {
    pub fn new(
        event: NotificationEvent,
        recipient: Option<MobileNumber>,
        applicant_masked: &str,
    ) -> Self {
        Self {
            event,
            occurrence: String::new(),
            recipient,
            applicant_masked: applicant_masked.to_string(),
        }
    }

    pub fn occurring(mut self, occurrence: impl Into<String>) -> Self {
        self.occurrence = occurrence.into();
        self
    }

    /// The same for every retry of the same change: a provider that
    /// supports idempotency keys suppresses a second delivery by it.
    pub fn dedup_key(&self, number: &ApplicationNumber) -> String {
        dedup_key(
            number.as_str(),
            self.event.kind(),
            &self.occurrence,
            self.recipient
                .as_ref()
                .map(MobileNumber::as_str)
                .unwrap_or(""),
        )
    }

    /// The message in Chinese, whole: the progress page, the log channel
    /// and the webhook show it.
    pub fn text_zh(&self, number: &ApplicationNumber) -> String {
        let who = &self.applicant_masked;
        let n = number.as_str();
        match &self.event {
            NotificationEvent::Submitted => {
                format!("{who}您好，您的申请已提交，办件号 {n}。请凭办件号查询进度。")
            }
            NotificationEvent::Accepted { promised_by } => format!(
                "{who}您好，办件 {n} 已受理，承诺 {} 前办结。",
                zh_date(*promised_by)
            ),
            NotificationEvent::AcceptedWithDeficiency { owed, by } => format!(
                "{who}您好，办件 {n} 已容缺受理。请于 {} 前补交：{}。逾期未补交的，办件终止并记入信用记录。",
                zh_date(*by),
                owed.join("、")
            ),
            NotificationEvent::Returned { items, correct_by } => format!(
                "{who}您好，办件 {n} 需要补正（一次性告知）：{}。请于 {} 前一次补齐。",
                items.join("；"),
                zh_date(*correct_by)
            ),
            NotificationEvent::Refused { reasons } => format!(
                "{who}您好，办件 {n} 不予办理。理由：{}。",
                reasons.join("；")
            ),
            NotificationEvent::SpecialStep { what, days } => format!(
                "{who}您好，办件 {n} 进入特殊环节（{what}），最长 {days} 个工作日，不计入办理时限。"
            ),
            NotificationEvent::ReviewNotice { items } => format!(
                "{who}您好，办件 {n} 审查中需要补正（各部门一次性告知）：{}。",
                items.join("；")
            ),
            NotificationEvent::CommitmentDue { owed, by, last_day } => format!(
                "{who}您好，办件 {n} 容缺受理承诺补交的材料（{}）{}到期（{}）。逾期未补交的，办件终止并记入信用记录。",
                owed.join("、"),
                if *last_day { "今天" } else { "即将" },
                zh_date(*by)
            ),
            NotificationEvent::Approved => {
                format!("{who}您好，办件 {n} 已审批通过，正在制证。")
            }
            NotificationEvent::Ready {
                window,
                pickup_code: Some(code),
            } => format!(
                "{who}您好，办件 {n} 的结果已出证，请到{window}领取，取件码 {code}（请勿告诉他人）。"
            ),
            NotificationEvent::Ready {
                pickup_code: None, ..
            } => format!("{who}您好，办件 {n} 的结果已出证，将按您的选择邮寄送达。"),
            NotificationEvent::Posted { carrier, tracking } => format!(
                "{who}您好，办件 {n} 的结果已交{carrier}寄出，运单号 {tracking}。"
            ),
            NotificationEvent::HandedOver => {
                format!("{who}您好，办件 {n} 的结果已送达。欢迎对本次服务作出评价。")
            }
            NotificationEvent::Terminated { reason } => {
                format!("{who}您好，办件 {n} 已终止。原因：{reason}。")
            }
        }
    }

    /// The same message in English, for the progress page in English.
    pub fn text_en(&self, number: &ApplicationNumber) -> String {
        let n = number.as_str();
        match &self.event {
            NotificationEvent::Submitted => {
                format!("Application {n} was submitted. Use its number to follow its progress.")
            }
            NotificationEvent::Accepted { promised_by } => {
                format!("Application {n} was accepted; it will be decided by {promised_by}.")
            }
            NotificationEvent::AcceptedWithDeficiency { owed, by } => format!(
                "Application {n} was accepted with materials owed. Hand in by {by}: {}. If they are not handed in by then, the application ends and the breach is recorded.",
                owed.join(", ")
            ),
            NotificationEvent::Returned { items, correct_by } => format!(
                "Application {n} needs corrections (one-time notice): {}. Correct everything by {correct_by}.",
                items.join("; ")
            ),
            NotificationEvent::Refused { reasons } => {
                format!("Application {n} was refused: {}.", reasons.join("; "))
            }
            NotificationEvent::SpecialStep { what, days } => format!(
                "Application {n} is in a special step ({what}) of at most {days} working days, not counted in the time limit."
            ),
            NotificationEvent::ReviewNotice { items } => format!(
                "Application {n} needs corrections asked in review (one notice from all departments): {}.",
                items.join("; ")
            ),
            NotificationEvent::CommitmentDue { owed, by, last_day } => format!(
                "The materials promised for application {n} ({}) are due {} ({by}). If they are not handed in, the application ends and the breach is recorded.",
                owed.join(", "),
                if *last_day { "today" } else { "soon" }
            ),
            NotificationEvent::Approved => {
                format!("Application {n} was approved; the result is being prepared.")
            }
            NotificationEvent::Ready {
                window,
                pickup_code: Some(code),
            } => format!(
                "The result of application {n} is ready at {window}. Pickup code {code} (tell no one)."
            ),
            NotificationEvent::Ready {
                pickup_code: None, ..
            } => format!("The result of application {n} is ready and will be posted as you chose."),
            NotificationEvent::Posted { carrier, tracking } => {
                format!("The result of application {n} was posted with {carrier}, tracking number {tracking}.")
            }
            NotificationEvent::HandedOver => format!(
                "The result of application {n} was handed over. Please rate the service."
            ),
            NotificationEvent::Terminated { reason } => {
                format!("Application {n} was ended: {reason}.")
            }
        }
    }

    /// The template's named variables, each within the providers' limit.
    /// The template's fixed text holds the hall's name and link.
    pub fn sms_params(&self, number: &ApplicationNumber) -> Vec<(&'static str, String)> {
        let mut params = vec![
            ("name", fit(&self.applicant_masked)),
            ("number", number.as_str().to_string()),
        ];
        match &self.event {
            NotificationEvent::Submitted
            | NotificationEvent::Approved
            | NotificationEvent::HandedOver => {}
            NotificationEvent::Accepted { promised_by } => {
                params.push(("date", zh_date(*promised_by)));
            }
            NotificationEvent::AcceptedWithDeficiency { owed, by } => {
                params.push(("date", zh_date(*by)));
                params.push(("items", summary(owed, "、")));
            }
            NotificationEvent::Returned { items, correct_by } => {
                params.push(("date", zh_date(*correct_by)));
                params.push(("items", summary(items, "；")));
            }
            NotificationEvent::Refused { reasons } => {
                params.push(("reason", summary(reasons, "；")));
            }
            NotificationEvent::SpecialStep { what, days } => {
                params.push(("step", fit(what)));
                params.push(("days", days.to_string()));
            }
            NotificationEvent::ReviewNotice { items } => {
                params.push(("items", summary(items, "；")));
            }
            NotificationEvent::CommitmentDue { owed, by, .. } => {
                params.push(("date", zh_date(*by)));
                params.push(("items", summary(owed, "、")));
            }
            NotificationEvent::Ready {
                window,
                pickup_code,
            } => {
                params.push(("place", fit(window)));
                params.push((
                    "code",
                    pickup_code.clone().unwrap_or_else(|| "邮寄".to_string()),
                ));
            }
            NotificationEvent::Posted { carrier, tracking } => {
                params.push(("carrier", fit(carrier)));
                params.push(("tracking", fit(tracking)));
            }
            NotificationEvent::Terminated { reason } => {
                params.push(("reason", fit(reason)));
            }
        }
        params
    }
}

pub fn dedup_key(number: &str, kind: &str, occurrence: &str, recipient: &str) -> String {
    format!("{number}:{kind}:{occurrence}:{recipient}")
}

fn zh_date(d: NaiveDate) -> String {
    d.format("%Y年%m月%d日").to_string()
}

/// At most [`SMS_PARAM_MAX_CHARS`], cut on a character with an ellipsis.
fn fit(s: &str) -> String {
    if s.chars().count() <= SMS_PARAM_MAX_CHARS {
        return s.to_string();
    }
    let mut cut: String = s.chars().take(SMS_PARAM_MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// A list as "a、b" if it fits, else "a等N项" (the page has the whole list).
fn summary(items: &[String], separator: &str) -> String {
    let whole = items.join(separator);
    if whole.chars().count() <= SMS_PARAM_MAX_CHARS {
        return whole;
    }
    let tail = format!("等{}项", items.len());
    let room = SMS_PARAM_MAX_CHARS - tail.chars().count();
    let first: String = items
        .first()
        .map(|f| f.chars().take(room).collect())
        .unwrap_or_default();
    format!("{first}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number() -> ApplicationNumber {
        ApplicationNumber::from_indices([1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn every_parameter_fits_the_providers_limit() {
        let long: Vec<String> = (0..12)
            .map(|i| format!("第{i}项材料：身份证复印件与原件不一致需重新提交"))
            .collect();
        let events = [
            NotificationEvent::Returned {
                items: long.clone(),
                correct_by: date("2026-12-20"),
            },
            NotificationEvent::AcceptedWithDeficiency {
                owed: long.clone(),
                by: date("2026-12-20"),
            },
            NotificationEvent::Refused {
                reasons: long.clone(),
            },
            NotificationEvent::ReviewNotice {
                items: long.clone(),
            },
            NotificationEvent::CommitmentDue {
                owed: long,
                by: date("2026-12-20"),
                last_day: true,
            },
            NotificationEvent::SpecialStep {
                what: "专家评审：".repeat(20),
                days: 30,
            },
            NotificationEvent::Terminated {
                reason: "x".repeat(200),
            },
            NotificationEvent::Posted {
                carrier: "中国邮政速递物流股份有限公司某某分公司营业部".repeat(2),
                tracking: "1".repeat(60),
            },
        ];
        for event in events {
            let n = Notification::new(event, None, "张*");
            for (name, value) in n.sms_params(&number()) {
                assert!(
                    value.chars().count() <= SMS_PARAM_MAX_CHARS,
                    "{name} = {value}"
                );
                assert!(!value.is_empty(), "{name} is empty");
            }
        }
    }

    #[test]
    fn a_short_list_is_sent_whole_and_a_long_one_summarised() {
        let short = vec!["身份证".to_string(), "租赁合同".to_string()];
        assert_eq!(summary(&short, "、"), "身份证、租赁合同");
        let long: Vec<String> = (0..5)
            .map(|i| format!("材料{i}号很长很长很长的名称"))
            .collect();
        let s = summary(&long, "、");
        assert!(s.ends_with("等5项"), "{s}");
        assert!(s.starts_with("材料0号"), "{s}");
    }

    #[test]
    fn the_text_names_no_more_than_the_masked_name_and_number() {
        let n = Notification::new(
            NotificationEvent::Accepted {
                promised_by: date("2026-12-20"),
            },
            MobileNumber::parse("13800138000").ok(),
            "张*",
        );
        let text = n.text_zh(&number());
        assert!(text.starts_with("张*您好"), "{text}");
        assert!(text.contains(number().as_str()));
        assert!(text.contains("2026年12月20日"));
        assert!(!text.contains("13800138000"));
    }

    #[test]
    fn the_dedup_key_tells_occurrences_and_recipients_apart() {
        let mobile = MobileNumber::parse("13800138000").ok();
        let first = Notification::new(NotificationEvent::Approved, mobile.clone(), "张*");
        let again = first.clone();
        assert_eq!(first.dedup_key(&number()), again.dedup_key(&number()));
        let second = first.clone().occurring("2");
        assert_ne!(first.dedup_key(&number()), second.dedup_key(&number()));
        let other = Notification::new(NotificationEvent::Approved, None, "张*");
        assert_ne!(first.dedup_key(&number()), other.dedup_key(&number()));
    }

    #[test]
    fn every_kind_is_listed_once() {
        let mut kinds = NotificationEvent::KINDS.to_vec();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), NotificationEvent::KINDS.len());
    }
}
