//! The audit chain from the use cases' side: a staff member's event as
//! of now, and `server audit verify`, which walks the whole chain in
//! pages and names the first broken or missing link.

use crate::ports::{AuditLog, StorageError};
use crate::Hall;
use domain::audit::{AuditRecord, ChainBreak, ChainVerifier};
use domain::{Actor, ApplicationNumber};

impl Hall {
    /// `actor` did `action` to the application, now.
    pub(crate) fn staff_audit(
        &self,
        actor: &Actor,
        action: &str,
        number: &ApplicationNumber,
    ) -> AuditRecord {
        AuditRecord::by_staff(self.clock.now(), actor, action, number.as_str())
    }
}

const PAGE: u32 = 1000;

#[derive(Debug, thiserror::Error)]
pub enum AuditVerifyError {
    #[error("the audit log is broken: {0}")]
    Broken(#[from] ChainBreak),
    #[error("reading the audit log failed")]
    Storage(#[from] StorageError),
}

/// How many events were checked, or the first break.
pub async fn verify(log: &dyn AuditLog) -> Result<i64, AuditVerifyError> {
    // The head first: events appended while the walk goes on (a live
    // hall) lie past it and are left for the next run.
    let head = log.audit_head().await?;
    let end = head.as_ref().map_or(0, |(seq, _)| *seq);
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    'walk: loop {
        let events = log.audit_events(after, PAGE).await?;
        let Some(last) = events.last() else { break };
        after = last.seq;
        for e in &events {
            if e.seq > end {
                break 'walk;
            }
            verifier.push(e)?;
        }
    }
    Ok(verifier.finish(head.as_ref().map(|(s, h)| (*s, h.as_str())))?)
}
