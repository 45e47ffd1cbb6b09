//! Delivering notifications: the configured channel, and the worker that
//! runs delivery rounds beside the server (on every server: the outbox's
//! claims keep each message with one worker at a time).

pub mod aliyun;
pub mod webhook;

use crate::configuration::{NotificationChannelKind, NotificationSettings};
use hall::notifications::DeliveryPolicy;
use hall::ports::{DeliveryResult, NotificationChannel, OutgoingMessage};
use std::sync::Arc;
use std::time::Duration;

/// The embedded default: the message in the server's log, the number
/// masked (the progress page shows the message too).
pub struct LogChannel(Links);

#[async_trait::async_trait]
impl NotificationChannel for LogChannel {
    fn name(&self) -> &'static str {
        "log"
    }

    async fn deliver(&self, message: &OutgoingMessage) -> DeliveryResult {
        let to = message
            .recipient
            .as_ref()
            .map(|m| m.masked())
            .unwrap_or_default();
        let link = self.0.of(message).unwrap_or_default();
        tracing::info!(to = %to, key = %message.dedup_key, text = %message.text_zh, link = %link, "notification");
        DeliveryResult::Delivered
    }
}

/// The configured channel, or why the server must not start. Messages
/// link to the application's progress page under `public_base_url` (an
/// SMS template holds the link in its approved text instead).
pub fn channel(
    s: &NotificationSettings,
    public_base_url: &str,
) -> Result<Arc<dyn NotificationChannel>, String> {
    let timeout = Duration::from_millis(s.timeout_ms);
    let links = Links(public_base_url.trim_end_matches('/').to_string());
    Ok(match s.channel {
        NotificationChannelKind::Log => Arc::new(LogChannel(links)),
        NotificationChannelKind::Aliyun => Arc::new(aliyun::AliyunSms::new(&s.aliyun, timeout)?),
        NotificationChannelKind::Webhook => {
            Arc::new(webhook::Webhook::new(&s.webhook, timeout, links)?)
        }
    })
}

/// The progress page a message is about, as the applicant's phone opens it.
#[derive(Clone, Debug)]
pub struct Links(String);

impl Links {
    pub fn of(&self, message: &OutgoingMessage) -> Option<String> {
        let number = message.number.as_ref()?;
        Some(format!(
            "{}{}",
            self.0,
            app::urls::progress(number.as_str())
        ))
    }
}

/// Delivery rounds, back to back while there is a backlog, else every
/// `poll`. A failed round (database away) is logged and tried again.
pub fn spawn_delivery(
    hall: hall::Hall,
    channel: Arc<dyn NotificationChannel>,
    policy: DeliveryPolicy,
    poll: Duration,
) {
    tracing::info!(channel = channel.name(), "notification delivery started");
    tokio::spawn(async move {
        loop {
            match hall.deliver_notifications(channel.as_ref(), &policy).await {
                Ok(round) if round.claimed >= policy.batch => continue,
                Ok(_) => {}
                Err(e) => {
                    tracing::error!(error = %e, cause = ?std::error::Error::source(&e), "notification round failed")
                }
            }
            tokio::time::sleep(poll).await;
        }
    });
}
