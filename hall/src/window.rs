//! 评价器: the window's rating screen. A tablet or second screen at the
//! window, with no account, is paired to one staff member's desk by an
//! 8-digit code the desk shows (10 minutes, once). When that desk finishes
//! an action on an application — a front-desk decision, a handover — the
//! application becomes the screen's to rate, for a quarter of an hour: the
//! screen only ever sees its desk's current application (masked name,
//! matters), and the person at the window rates it there.

use crate::attempts::AttemptKey;
use crate::authz::{require, StaffError};
use crate::issuing::visit_hash;
use crate::ports::{ApplicationRecord, AttemptKind, StorageError};
use crate::ratings::RatingError;
use crate::Hall;
use chrono::{DateTime, Duration, Utc};
use domain::audit::AuditRecord;
use domain::rating::{RatingAnswers, RatingChannel, Touchpoint};
use domain::{Actor, ApplicationNumber, StaffRole, VisitToken};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// A pairing code works this long after the desk asked for it.
const CODE_MINUTES: i64 = 10;
/// After the desk's action the screen offers the rating this long.
const CURRENT_MINUTES: i64 = 15;
/// Pairing tries per client address per hour (counted before checking).
const TRIES_PER_CLIENT: u32 = 10;
const HOUR: std::time::Duration = std::time::Duration::from_secs(3600);

/// The desks that finish actions in front of the applicant.
const DESKS: [StaffRole; 2] = [StaffRole::FrontDesk, StaffRole::Issuing];

#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    /// Not 8 digits.
    #[error("a pairing code is 8 digits")]
    Malformed,
    /// No desk has this code live (wrong, used, or expired).
    #[error("no desk shows this code")]
    UnknownCode,
    #[error("too many tries; retry in {retry_after_secs} s")]
    TooMany { retry_after_secs: u64 },
    /// The screen is not paired to a desk.
    #[error("not paired")]
    NotPaired,
    /// The desk has no application for the screen now.
    #[error("nothing to rate")]
    NothingToRate,
    #[error(transparent)]
    Rating(#[from] RatingError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The desk's side: its code while live, and whether a screen is paired.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeskWindow {
    pub code: Option<(String, DateTime<Utc>)>,
    pub paired_at: Option<DateTime<Utc>>,
}

/// What the screen shows.
#[derive(Clone, Debug)]
pub enum WindowScreen {
    /// Asks for a desk's pairing code.
    Unpaired,
    /// Paired to this staff member's window; nothing to rate now.
    Waiting { desk: String },
    /// This application's touchpoint, to rate at the window.
    Rate {
        desk: String,
        record: ApplicationRecord,
        touchpoint: Touchpoint,
    },
}

/// The 8 digits a desk's code issued at `issued_at` shows (derived again
/// for the desk's page, so no code is kept in the clear).
fn pairing_code(key: &[u8], staff_id: i64, issued_at: DateTime<Utc>) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("window-pairing:{staff_id}:{}", issued_at.timestamp_micros()).as_bytes());
    let bytes = mac.finalize().into_bytes();
    let n = u64::from_be_bytes([
        bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
    ]);
    format!("{:08}", n % 100_000_000)
}

/// The code's keyed hash, as the store finds it by.
fn code_hash(key: &[u8], code: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("window-code:{code}").as_bytes());
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

impl Hall {
    /// The desk's 评价器 panel (front desk and issuing window).
    pub async fn desk_window(&self, actor: &Actor) -> Result<DeskWindow, StaffError> {
        require(actor, &DESKS, "see the window's rating screen")?;
        let now = self.clock.now();
        let state = self.storage.desk_screen(actor.staff_id).await?;
        Ok(DeskWindow {
            code: state
                .code
                .filter(|(_, expires)| *expires > now)
                .map(|(issued, expires)| {
                    (pairing_code(&self.id_key, actor.staff_id, issued), expires)
                }),
            paired_at: state.paired_at,
        })
    }

    /// A new pairing code for this desk's screen (audited).
    pub async fn new_pairing_code(&self, actor: &Actor) -> Result<(), StaffError> {
        require(actor, &DESKS, "pair a rating screen")?;
        let now = self.clock.now();
        let code = pairing_code(&self.id_key, actor.staff_id, now);
        self.storage
            .issue_pairing_code(
                actor.staff_id,
                &code_hash(&self.id_key, &code),
                now,
                now + Duration::minutes(CODE_MINUTES),
            )
            .await?;
        let audit = AuditRecord::by_staff(now, actor, "window_pairing_code", "");
        self.storage.append_audit(audit).await?;
        Ok(())
    }

    /// The desk lets its screen go (audited).
    pub async fn unpair_window_screen(&self, actor: &Actor) -> Result<(), StaffError> {
        require(actor, &DESKS, "unpair a rating screen")?;
        self.storage.unpair_desk(actor.staff_id).await?;
        let audit = AuditRecord::by_staff(self.clock.now(), actor, "window_unpair", "");
        self.storage.append_audit(audit).await?;
        Ok(())
    }

    /// The desk finished an action on `number` in front of the applicant:
    /// its paired screen offers the rating. A failure here is logged and
    /// does not undo the action.
    pub(crate) async fn tell_window(
        &self,
        actor: &Actor,
        number: &ApplicationNumber,
        touchpoint: Touchpoint,
    ) {
        if let Err(e) = self
            .storage
            .set_window_current(actor.staff_id, number, touchpoint, self.clock.now())
            .await
        {
            tracing::warn!(number = %number, error = %e, "the window's rating screen was not told");
        }
    }

    /// The screen types the desk's code (tries counted per address first).
    pub async fn pair_window_screen(
        &self,
        typed: &str,
        screen: &VisitToken,
        client: &str,
    ) -> Result<(), WindowError> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WindowError::Malformed);
        }
        self.charge_attempt(
            AttemptKind::WindowPairing,
            &[AttemptKey::new(format!("c:{client}"), TRIES_PER_CLIENT)],
            HOUR,
        )
        .await?
        .map_err(|o| WindowError::TooMany {
            retry_after_secs: o.retry_after_secs,
        })?;
        let now = self.clock.now();
        let desk = self
            .storage
            .pair_screen(&code_hash(&self.id_key, &code), &visit_hash(screen), now)
            .await?
            .ok_or(WindowError::UnknownCode)?;
        let audit = AuditRecord::new(now, "screen", "window_screen", "window_paired", "")
            .with_reason(format!("staff {desk}"));
        self.storage.append_audit(audit).await?;
        tracing::info!(staff_id = desk, "rating screen paired");
        Ok(())
    }

    /// What the screen shows now.
    pub async fn window_screen(&self, screen: &VisitToken) -> Result<WindowScreen, StorageError> {
        let Some(state) = self.storage.screen(&visit_hash(screen)).await? else {
            return Ok(WindowScreen::Unpaired);
        };
        let desk = state.staff_display_name;
        let fresh = Duration::minutes(CURRENT_MINUTES);
        let Some((number, touchpoint, _)) = state
            .current
            .filter(|(_, _, at)| self.clock.now() - *at < fresh)
        else {
            return Ok(WindowScreen::Waiting { desk });
        };
        let (given, _) = self.storage.ratings_of(&number).await?;
        let rated = given.iter().any(|r| r.rating.touchpoint() == touchpoint);
        match self.storage.application(&number).await? {
            Some(record) if !rated => Ok(WindowScreen::Rate {
                desk,
                record,
                touchpoint,
            }),
            _ => Ok(WindowScreen::Waiting { desk }),
        }
    }

    /// The person at the window rates the desk's current application.
    pub async fn rate_at_window(
        &self,
        screen: &VisitToken,
        answers: &RatingAnswers<'_>,
    ) -> Result<Touchpoint, WindowError> {
        let WindowScreen::Rate {
            record, touchpoint, ..
        } = self.window_screen(screen).await?
        else {
            return Err(match self.storage.screen(&visit_hash(screen)).await? {
                None => WindowError::NotPaired,
                Some(_) => WindowError::NothingToRate,
            });
        };
        let state = self
            .storage
            .screen(&visit_hash(screen))
            .await?
            .ok_or(WindowError::NotPaired)?;
        let number = record.number.clone();
        let rated = self
            .rate_record(record, touchpoint, answers, RatingChannel::Window)
            .await?;
        self.storage
            .clear_window_current(state.staff_id, &number)
            .await?;
        Ok(rated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_desks_code_is_eight_digits_and_depends_on_desk_time_and_key() {
        let t: DateTime<Utc> = "2026-12-07T02:00:00Z".parse().unwrap();
        let c = pairing_code(b"k", 1, t);
        assert_eq!(c.len(), 8);
        assert!(c.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(c, pairing_code(b"k", 1, t));
        assert_ne!(c, pairing_code(b"k", 2, t));
        assert_ne!(c, pairing_code(b"j", 1, t));
        assert_ne!(c, pairing_code(b"k", 1, t + Duration::microseconds(1)));
        assert_ne!(code_hash(b"k", &c), code_hash(b"j", &c));
    }
}
