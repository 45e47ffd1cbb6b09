//! The hall's own SMS platform, by signed webhook: a JSON post whose
//! `X-Hall-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`
//! lets the receiver check origin and freshness (as FormSG's webhooks
//! do), and whose `Idempotency-Key` lets it drop a repeat.

use hall::ports::{DeliveryResult, NotificationChannel, OutgoingMessage};
use hmac::{Hmac, Mac};
use std::time::Duration;

pub const SIGNATURE_HEADER: &str = "x-hall-signature";

pub fn sign(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
    )
}

pub struct Webhook {
    client: reqwest::Client,
    url: String,
    secret: Vec<u8>,
    links: super::Links,
}

impl Webhook {
    pub fn new(
        s: &crate::configuration::WebhookSettings,
        timeout: Duration,
        links: super::Links,
    ) -> Result<Self, String> {
        if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
            return Err("notifications.channel = \"webhook\" needs notifications.webhook.url (http:// or https://)".into());
        }
        if s.secret.trim().len() < 32 {
            return Err("notifications.webhook.secret must be at least 32 characters (HALL__NOTIFICATIONS__WEBHOOK__SECRET)".into());
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("notifications: HTTP client: {e}"))?;
        Ok(Self {
            client,
            url: s.url.clone(),
            secret: s.secret.trim().as_bytes().to_vec(),
            links,
        })
    }
}

#[async_trait::async_trait]
impl NotificationChannel for Webhook {
    fn name(&self) -> &'static str {
        "webhook"
    }

    async fn deliver(&self, message: &OutgoingMessage) -> DeliveryResult {
        let params: serde_json::Map<String, serde_json::Value> = message
            .params
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
            .collect();
        let body = serde_json::json!({
            "key": message.dedup_key,
            "number": message.number.as_ref().map(|n| n.as_str()),
            "event": message.kind,
            "mobile": message.recipient.as_ref().map(|m| m.as_str()),
            "text": message.text_zh,
            "link": self.links.of(message),
            "params": params,
        })
        .to_string();
        let now = chrono::Utc::now().timestamp();
        let sent = self
            .client
            .post(&self.url)
            .header("content-type", "application/json")
            .header(SIGNATURE_HEADER, sign(&self.secret, now, body.as_bytes()))
            .header("idempotency-key", &message.dedup_key)
            .body(body)
            .send()
            .await;
        match sent {
            Err(e) => DeliveryResult::Retry {
                after: None,
                error: format!("webhook unreachable: {e}"),
            },
            Ok(res) if res.status().is_success() => DeliveryResult::Delivered,
            Ok(res) => {
                let status = res.status().as_u16();
                let asked = res
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let error = format!("webhook answered HTTP {status}");
                match status {
                    408 | 429 | 500..=599 => DeliveryResult::Retry {
                        after: asked,
                        error,
                    },
                    401 | 403 => {
                        tracing::error!(status, "the webhook refused the hall's signature: check notifications.webhook.secret");
                        DeliveryResult::Retry {
                            after: Some(Duration::from_secs(300)),
                            error,
                        }
                    }
                    _ => DeliveryResult::Rejected(error),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_covers_time_and_body() {
        let a = sign(b"k", 1_700_000_000, b"{}");
        assert!(a.starts_with("t=1700000000,v1="));
        assert_eq!(a.len(), "t=1700000000,v1=".len() + 64);
        assert_ne!(a, sign(b"k", 1_700_000_001, b"{}"));
        assert_ne!(a, sign(b"k", 1_700_000_000, b"{ }"));
        assert_ne!(a, sign(b"j", 1_700_000_000, b"{}"));
    }
}
