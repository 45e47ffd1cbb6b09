//! The audit log as a hash chain: each event's hash covers its fields and
//! the previous event's hash, so an edited, deleted or reordered event
//! breaks the chain at that event. The head (last sequence number and hash,
//! kept apart from the events) catches events cut off the end.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash before the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened, as appended (the store numbers and chains it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Microsecond precision: what both databases keep.
    pub at: DateTime<Utc>,
    /// The staff name, `citizen` or `system`.
    pub actor: String,
    pub role: String,
    /// e.g. `accept`, `view_personal_data`, `sign_in`.
    pub action: String,
    /// The application number (or account) it is about; may be empty.
    pub subject: String,
    pub reason: String,
    /// SHA-256 of what was decided or seen (hex), or empty.
    pub content_sha256: String,
}

impl AuditRecord {
    /// `at` cut to microseconds, so a stored and re-read event hashes alike.
    pub fn new(
        at: DateTime<Utc>,
        actor: impl Into<String>,
        role: impl Into<String>,
        action: impl Into<String>,
        subject: impl Into<String>,
    ) -> Self {
        Self {
            at: DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at),
            actor: actor.into(),
            role: role.into(),
            action: action.into(),
            subject: subject.into(),
            reason: String::new(),
            content_sha256: String::new(),
        }
    }

    /// What a staff member did: their name and role as the actor.
    pub fn by_staff(
        at: DateTime<Utc>,
        actor: &crate::Actor,
        action: impl Into<String>,
        subject: impl Into<String>,
    ) -> Self {
        Self::new(
            at,
            actor.name.as_str(),
            actor.role.as_str(),
            action,
            subject,
        )
    }

    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = reason.into();
        self
    }

    pub fn with_content(mut self, content: &[u8]) -> Self {
        self.content_sha256 = sha256_hex(content);
        self
    }
}

/// An event as stored: numbered from 1 and chained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub seq: i64,
    pub record: AuditRecord,
    pub prev_hash: String,
    pub hash: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(&Sha256::digest(bytes))
}

/// The hash of event `seq` with `record` after `prev_hash`. Fields are
/// length-prefixed so no two different events share an encoding.
pub fn link_hash(prev_hash: &str, seq: i64, record: &AuditRecord) -> String {
    let mut h = Sha256::new();
    let at = record.at.timestamp_micros().to_string();
    let seq = seq.to_string();
    for field in [
        prev_hash,
        seq.as_str(),
        at.as_str(),
        &record.actor,
        &record.role,
        &record.action,
        &record.subject,
        &record.reason,
        &record.content_sha256,
    ] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    data_encoding::HEXLOWER.encode(&h.finalize())
}

/// The next event of a chain whose last event is `(seq, hash)`.
pub fn chain(head: Option<(i64, &str)>, record: AuditRecord) -> AuditEvent {
    let (last, prev) = head.unwrap_or((0, GENESIS));
    let seq = last + 1;
    AuditEvent {
        seq,
        hash: link_hash(prev, seq, &record),
        prev_hash: prev.to_string(),
        record,
    }
}

/// The first place the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("event {expected} is missing (the next one found is {found})")]
    Missing { expected: i64, found: i64 },
    #[error("event {seq} was changed: its hash does not match its content")]
    Edited { seq: i64 },
    #[error("event {seq} does not follow event {previous}: moved, or one before it replaced")]
    Unlinked { seq: i64, previous: i64 },
    #[error("the log ends at event {last} but {head} events were written")]
    Truncated { last: i64, head: i64 },
}

/// Walks events in sequence order against the head; returns how many
/// were checked.
pub struct ChainVerifier {
    last_seq: i64,
    last_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            last_seq: 0,
            last_hash: GENESIS.to_string(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, event: &AuditEvent) -> Result<(), ChainBreak> {
        let expected = self.last_seq + 1;
        if event.seq != expected {
            return Err(ChainBreak::Missing {
                expected,
                found: event.seq,
            });
        }
        if link_hash(&event.prev_hash, event.seq, &event.record) != event.hash {
            return Err(ChainBreak::Edited { seq: event.seq });
        }
        if event.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked {
                seq: event.seq,
                previous: self.last_seq,
            });
        }
        self.last_seq = event.seq;
        self.last_hash = event.hash.clone();
        Ok(())
    }

    /// After the last event: the head must name it.
    pub fn finish(self, head: Option<(i64, &str)>) -> Result<i64, ChainBreak> {
        let (head_seq, head_hash) = head.unwrap_or((0, GENESIS));
        if head_seq != self.last_seq {
            return Err(ChainBreak::Truncated {
                last: self.last_seq,
                head: head_seq,
            });
        }
        if head_hash != self.last_hash {
            return Err(ChainBreak::Edited { seq: self.last_seq });
        }
        Ok(self.last_seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: usize) -> Vec<AuditEvent> {
        let mut events: Vec<AuditEvent> = Vec::new();
        for i in 0..n {
            let head = events.last().map(|e| (e.seq, e.hash.as_str()));
            let record = AuditRecord::new(
                DateTime::from_timestamp(1_800_000_000 + i as i64, 0).unwrap(),
                "wang.li",
                "front_desk",
                "accept",
                format!("A{i}"),
            );
            events.push(chain(head, record));
        }
        events
    }

    fn verify(events: &[AuditEvent]) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in events {
            v.push(e)?;
        }
        let head = log(5);
        let last = head.last().unwrap();
        v.finish(Some((last.seq, &last.hash)))
    }

    #[test]
    fn an_intact_chain_verifies() {
        assert_eq!(verify(&log(5)), Ok(5));
    }

    #[test]
    fn an_edited_event_is_named() {
        let mut events = log(5);
        events[2].record.reason = "changed".into();
        assert_eq!(verify(&events), Err(ChainBreak::Edited { seq: 3 }));
    }

    #[test]
    fn an_edited_event_with_a_recomputed_hash_breaks_the_next_link() {
        let mut events = log(5);
        events[2].record.actor = "someone".into();
        events[2].hash = link_hash(&events[2].prev_hash, 3, &events[2].record);
        assert_eq!(
            verify(&events),
            Err(ChainBreak::Unlinked {
                seq: 4,
                previous: 3
            })
        );
    }

    #[test]
    fn a_deleted_event_is_named() {
        let mut events = log(5);
        events.remove(1);
        assert_eq!(
            verify(&events),
            Err(ChainBreak::Missing {
                expected: 2,
                found: 3
            })
        );
        let mut cut = log(5);
        cut.pop();
        assert_eq!(
            verify(&cut),
            Err(ChainBreak::Truncated { last: 4, head: 5 })
        );
    }

    #[test]
    fn reordered_events_are_caught() {
        let mut events = log(5);
        events.swap(1, 2);
        let (a, b) = (events[1].seq, events[2].seq);
        events[1].seq = b;
        events[2].seq = a;
        assert_eq!(verify(&events), Err(ChainBreak::Edited { seq: 2 }));
    }
}
