//! Telling the applicant: whom a change's notification goes to, and the
//! delivery round a worker runs — claim what is due, send each through
//! the channel, then record it sent, due again later, or failed.

use crate::authz::{require, StaffError};
use crate::ports::{
    DeliveryResult, NotificationChannel, OutgoingMessage, StorageError, StoredNotification,
};
use crate::Hall;
use chrono::{DateTime, NaiveDate, Utc};
use domain::acceptance::{Decision, NoticeProblem};
use domain::audit::AuditRecord;
use domain::catalog::MergedMaterial;
use domain::notification::{Notification, NotificationEvent};
use domain::{Actor, StaffRole};
use domain::{FieldKey, FormValues, MobileNumber};
use futures::StreamExt;
use std::time::Duration;

/// The supervisor's list of undelivered messages is this long at most.
const UNDELIVERED_LIST: u32 = 200;

/// How hard delivery tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Attempts before a message is marked failed.
    pub max_attempts: u32,
    /// The wait after the first failure; doubled after each one.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// How long a claimed message is hidden from other workers: longer
    /// than one delivery can take (the channel's timeout).
    pub lease: Duration,
    /// Messages claimed per round.
    pub batch: u32,
    /// Deliveries in flight at once within a round.
    pub parallel: usize,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            first_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(3600),
            lease: Duration::from_secs(60),
            batch: 64,
            parallel: 16,
        }
    }
}

impl DeliveryPolicy {
    /// The wait after `attempts` failed tries: first, 2×first, 4×first …
    /// up to the cap, or the provider's own wait if it is longer.
    pub fn backoff(&self, attempts: u32, asked: Option<Duration>) -> Duration {
        let doubled = self
            .first_backoff
            .saturating_mul(1u32 << attempts.saturating_sub(1).min(20));
        doubled.min(self.max_backoff).max(asked.unwrap_or_default())
    }
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryRound {
    pub claimed: u32,
    pub sent: u32,
    pub retried: u32,
    pub failed: u32,
}

/// The applicant's mobile, as the form holds it (none: page only).
pub fn recipient(values: &FormValues) -> Option<MobileNumber> {
    values
        .get("applicant_mobile")
        .and_then(|m| MobileNumber::parse(m).ok())
}

/// A notification to the applicant of an application with these answers.
pub fn to_applicant(
    event: NotificationEvent,
    values: &FormValues,
    applicant_masked: &str,
) -> Notification {
    Notification::new(event, recipient(values), applicant_masked)
}

/// What the desk's decision tells the applicant, material names as the
/// guide gives them; none for moves without a form.
pub fn of_decision(
    decision: Option<&Decision>,
    materials: &[MergedMaterial],
    promised_by: NaiveDate,
) -> Option<NotificationEvent> {
    let name = |key: &FieldKey| {
        materials
            .iter()
            .find(|m| &m.material.key == key)
            .map(|m| m.material.name.zh.clone())
            .unwrap_or_else(|| key.as_str().to_string())
    };
    Some(match decision? {
        Decision::Accept { .. } => NotificationEvent::Accepted { promised_by },
        Decision::AcceptWithDeficiency { commitment, .. } => {
            NotificationEvent::AcceptedWithDeficiency {
                owed: commitment
                    .items()
                    .iter()
                    .map(|d| name(&d.material))
                    .collect(),
                by: commitment
                    .items()
                    .iter()
                    .map(|d| d.due_by)
                    .min()
                    .unwrap_or(promised_by),
            }
        }
        Decision::ReturnForCorrection { notice, .. } => NotificationEvent::Returned {
            items: notice
                .items()
                .iter()
                .map(|item| match &item.problem {
                    NoticeProblem::Missing => format!("{}（缺）", name(&item.material)),
                    NoticeProblem::Wrong { reason } => {
                        format!("{}（{reason}）", name(&item.material))
                    }
                })
                .collect(),
            correct_by: notice.correct_by,
        },
        Decision::Refuse { reason } => NotificationEvent::Refused {
            reasons: vec![reason.clone()],
        },
    })
}

/// The materials a 容缺 acceptance left owed, by name.
pub fn owed_names(
    decisions: &[crate::ports::DecisionRecord],
    materials: &[MergedMaterial],
) -> Vec<String> {
    decisions
        .iter()
        .rev()
        .find_map(|d| match &d.decision {
            Some(decision @ Decision::AcceptWithDeficiency { .. }) => {
                match of_decision(Some(decision), materials, NaiveDate::MIN) {
                    Some(NotificationEvent::AcceptedWithDeficiency { owed, .. }) => Some(owed),
                    _ => None,
                }
            }
            _ => None,
        })
        .unwrap_or_default()
}

fn after(now: DateTime<Utc>, wait: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

impl Hall {
    /// One delivery round: what is due, through `channel`. A message the
    /// channel could not send is due again after a growing wait, and
    /// marked failed (for the supervisor) after the policy's attempts.
    pub async fn deliver_notifications(
        &self,
        channel: &dyn NotificationChannel,
        policy: &DeliveryPolicy,
    ) -> Result<DeliveryRound, StorageError> {
        let now = self.clock.now();
        let claimed = self
            .storage
            .claim_notifications(now, after(now, policy.lease), policy.batch)
            .await?;
        let mut round = DeliveryRound {
            claimed: claimed.len() as u32,
            ..Default::default()
        };
        // Owned messages: a closure over borrowed ones would not be Send
        // for every lifetime, which a spawned worker needs.
        let results: Vec<(StoredNotification, DeliveryResult)> = futures::stream::iter(claimed)
            .map(|message| async move {
                let result = self.deliver_one(channel, &message).await;
                (message, result)
            })
            .buffer_unordered(policy.parallel.max(1))
            .collect()
            .await;
        let mut sent = Vec::new();
        for (message, result) in results {
            match result {
                DeliveryResult::Delivered => sent.push(message.id),
                DeliveryResult::Retry {
                    after: asked,
                    error,
                } => {
                    if message.attempts >= policy.max_attempts {
                        tracing::warn!(id = message.id, number = %message.number, attempts = message.attempts, error = %error, "notification given up");
                        self.storage.notification_failed(message.id, &error).await?;
                        round.failed += 1;
                    } else {
                        let wait = policy.backoff(message.attempts, asked);
                        tracing::info!(id = message.id, attempts = message.attempts, wait_ms = wait.as_millis() as u64, error = %error, "notification to retry");
                        self.storage
                            .notification_retry(message.id, after(self.clock.now(), wait), &error)
                            .await?;
                        round.retried += 1;
                    }
                }
                DeliveryResult::Rejected(error) => {
                    tracing::warn!(id = message.id, number = %message.number, error = %error, "notification refused by the channel");
                    self.storage.notification_failed(message.id, &error).await?;
                    round.failed += 1;
                }
            }
        }
        self.storage
            .notifications_sent(&sent, self.clock.now())
            .await?;
        round.sent = sent.len() as u32;
        Ok(round)
    }

    async fn deliver_one(
        &self,
        channel: &dyn NotificationChannel,
        message: &StoredNotification,
    ) -> DeliveryResult {
        let outgoing = OutgoingMessage::of_notification(&message.number, &message.notification);
        channel.deliver(&outgoing).await
    }

    /// Messages that could not be delivered, newest first.
    pub async fn failed_notifications(
        &self,
        limit: u32,
    ) -> Result<Vec<StoredNotification>, StorageError> {
        self.storage.failed_notifications(limit).await
    }

    /// 电子监察: the supervisor's list of messages given up on (the view
    /// is audited).
    pub async fn undelivered_messages(
        &self,
        actor: &Actor,
    ) -> Result<Vec<StoredNotification>, StaffError> {
        require(actor, &[StaffRole::Supervisor], "see undelivered messages")?;
        let audit = AuditRecord::by_staff(self.clock.now(), actor, "view_undelivered_messages", "");
        self.storage.append_audit(audit).await?;
        Ok(self.storage.failed_notifications(UNDELIVERED_LIST).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_the_cap_and_honours_the_provider() {
        let p = DeliveryPolicy {
            first_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(60),
            ..Default::default()
        };
        assert_eq!(p.backoff(1, None), Duration::from_secs(5));
        assert_eq!(p.backoff(2, None), Duration::from_secs(10));
        assert_eq!(p.backoff(4, None), Duration::from_secs(40));
        assert_eq!(p.backoff(5, None), Duration::from_secs(60));
        assert_eq!(p.backoff(40, None), Duration::from_secs(60));
        assert_eq!(
            p.backoff(1, Some(Duration::from_secs(30))),
            Duration::from_secs(30)
        );
    }

    #[test]
    fn the_recipient_is_the_applicants_mobile_if_valid() {
        assert_eq!(recipient(&FormValues::default()), None);
        let values: FormValues =
            serde_json::from_str(r#"{"applicant_mobile":"13800138000"}"#).unwrap();
        assert_eq!(
            recipient(&values).map(|m| m.as_str().to_string()),
            Some("13800138000".to_string())
        );
    }
}
