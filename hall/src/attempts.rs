//! Attempt limits: every try at a secret is counted before the secret is
//! checked, so tries sent together cannot all slip under the limit.
//!
//! A try is charged to its keys in order, most specific first: the target
//! as seen from this client address, then the address, then the target
//! from everywhere. At the first key over its limit the try is refused and
//! its charges are given back, so a count is the tries that went on to the
//! secret (plus those still in flight): refused tries from one address
//! never reach the target-wide count, so one address cannot lock the owner
//! out, while many addresses together still meet a limit (ARCHITECTURE
//! §20).

use crate::ports::{AttemptCount, AttemptKind, StorageError};
use crate::Hall;
use std::time::Duration;

/// One counter a try is charged to.
#[derive(Clone, Debug)]
pub struct AttemptKey {
    pub key: String,
    pub limit: u32,
}

impl AttemptKey {
    pub fn new(key: String, limit: u32) -> Self {
        Self { key, limit }
    }
}

/// A try that may go ahead: its charges, to refund or clear once the
/// secret turns out right.
#[derive(Clone, Debug)]
pub struct Attempt {
    kind: AttemptKind,
    charged: Vec<(String, AttemptCount)>,
}

impl Attempt {
    /// How many tries are left under the first (most specific) key.
    pub fn left(&self, first_limit: u32) -> u32 {
        self.charged
            .first()
            .map_or(first_limit, |(_, c)| first_limit.saturating_sub(c.count))
    }
}

/// Over a limit: the seconds until that key's window ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverLimit {
    pub retry_after_secs: u64,
}

impl Hall {
    /// Charges one try to `keys` in order; `Err` with when to retry as
    /// soon as one of them is over its limit (the later keys untouched).
    pub(crate) async fn charge_attempt(
        &self,
        kind: AttemptKind,
        keys: &[AttemptKey],
        window: Duration,
    ) -> Result<Result<Attempt, OverLimit>, StorageError> {
        let now = self.clock.now();
        let window_secs = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
        let mut charged = Vec::with_capacity(keys.len());
        for key in keys {
            let count = self
                .storage
                .charge_attempt(kind, &key.key, now, window_secs)
                .await?;
            let over = count.count > key.limit;
            charged.push((key.key.clone(), count));
            if over {
                let ends = count.window_started + chrono::Duration::seconds(window_secs);
                let retry_after_secs = u64::try_from((ends - now).num_seconds())
                    .unwrap_or(0)
                    .max(1);
                // Not checked: it does not count.
                self.refund_attempt(&Attempt { kind, charged }).await?;
                return Ok(Err(OverLimit { retry_after_secs }));
            }
        }
        Ok(Ok(Attempt { kind, charged }))
    }

    /// The try was right and should not count against anyone.
    pub(crate) async fn refund_attempt(&self, attempt: &Attempt) -> Result<(), StorageError> {
        for (key, count) in &attempt.charged {
            self.storage
                .refund_attempt(attempt.kind, key, count.window_started)
                .await?;
        }
        Ok(())
    }

    /// The try was right: these keys' counts start again.
    pub(crate) async fn clear_attempts(
        &self,
        kind: AttemptKind,
        keys: &[&str],
    ) -> Result<(), StorageError> {
        for key in keys {
            self.storage.clear_attempts(kind, key).await?;
        }
        Ok(())
    }

    /// Forgets counts whose windows ended long ago (housekeeping).
    pub async fn sweep_attempts(&self) -> Result<u64, StorageError> {
        // Longer than any window in use (an hour).
        let before = self.clock.now() - chrono::Duration::days(1);
        self.storage.forget_attempts(before).await
    }
}
