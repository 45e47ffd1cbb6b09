//! 我的办件: a citizen types their mobile number, gets a 6-digit code by
//! SMS, and with it sees every application that gave that number — on a
//! phone, or at a kiosk until its visit ends.
//!
//! Nothing here tells whether a number has applications: any valid number
//! gets a code (its holder may then find an empty list). Every limit is
//! counted before the code is sent or compared: codes asked per mobile and
//! per address, a resend cooldown per mobile, codes typed per address, and
//! five tries per code (counted in the statement that reads the code).

use crate::attempts::AttemptKey;
use crate::issuing::visit_hash;
use crate::ports::{AttemptKind, CitizenSession, DeliveryResult, OutgoingMessage, StorageError};
use crate::progress::ApplicationPage;
use crate::Hall;
use domain::sms_code::{SmsCode, SmsCodeError};
use domain::{MobileNumber, MobileNumberError, VisitToken};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// Tries at one code.
pub const CODE_TRIES: u32 = 5;
/// Codes per mobile, and per client address, per hour.
const CODES_PER_MOBILE: u32 = 5;
const CODES_PER_CLIENT: u32 = 20;
/// Codes typed per client address per hour (all mobiles together).
const TRIES_PER_CLIENT: u32 = 30;
const HOUR: Duration = Duration::from_secs(3600);
/// The most applications one list shows (newest first).
const LIST_LIMIT: u32 = 50;

/// How long codes and the sessions they open last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CitizenPolicy {
    pub code_valid: Duration,
    /// Between two codes to one mobile.
    pub resend_after: Duration,
    pub session: Duration,
    /// At a kiosk: shorter, and ended anyway with the visit.
    pub kiosk_session: Duration,
}

impl Default for CitizenPolicy {
    fn default() -> Self {
        Self {
            code_valid: Duration::from_secs(300),
            resend_after: Duration::from_secs(60),
            session: Duration::from_secs(30 * 60),
            kiosk_session: Duration::from_secs(10 * 60),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MyApplicationsError {
    #[error("not a mobile number: {0}")]
    Mobile(MobileNumberError),
    #[error("not a code: {0}")]
    Code(SmsCodeError),
    /// Wrong code; tries left at it.
    #[error("wrong code")]
    WrongCode { left: u32 },
    /// No live code: never sent, expired, used, or out of tries.
    #[error("no live code")]
    NoLiveCode,
    /// A limit was reached: again in this many seconds.
    #[error("too many tries; retry in {retry_after_secs} s")]
    TooMany { retry_after_secs: u64 },
    /// The SMS provider did not take the message.
    #[error("the code could not be sent")]
    NotSent,
    /// This visit has not entered a code (or its session ended).
    #[error("not signed in")]
    NotSignedIn,
    #[error("storage failed")]
    Storage(#[from] StorageError),
}

/// What the list page shows.
#[derive(Clone, Debug)]
pub struct MyApplications {
    pub mobile_masked: String,
    /// Each as its progress page reads it, messages included.
    pub applications: Vec<ApplicationPage>,
}

/// The 我的办件 page for one visit.
#[derive(Clone, Debug)]
pub enum MyApplicationsPage {
    AskMobile,
    /// A code went to this (masked) mobile; type it.
    CodeSent {
        to: String,
    },
    List(MyApplications),
}

/// The mobile as the hall keeps it: HMAC with the id key, never the number.
pub fn mobile_key(id_key: &[u8], mobile: &MobileNumber) -> String {
    keyed(id_key, &["mobile", mobile.as_str()])
}

fn keyed(key: &[u8], parts: &[&str]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    for p in parts {
        mac.update(p.as_bytes());
        mac.update(&[0]);
    }
    data_encoding::HEXLOWER.encode(&mac.finalize().into_bytes())
}

fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn over(retry_after_secs: u64) -> MyApplicationsError {
    MyApplicationsError::TooMany { retry_after_secs }
}

impl Hall {
    pub(crate) fn applicant_mobile_key(&self, mobile: &MobileNumber) -> String {
        mobile_key(&self.id_key, mobile)
    }

    /// The applicant's ID number as the applications keep it to find
    /// their latest one (帮你办 starts from what the hall already holds).
    pub(crate) fn applicant_id_key(&self, id: &domain::ResidentId) -> String {
        keyed(&self.id_key, &["resident_id", id.as_str()])
    }

    /// Sends a new code to `typed` (any valid mobile), unless a limit says
    /// to wait. The code is kept as a keyed hash; the message goes out at
    /// once through the configured channel.
    pub async fn send_sign_in_code(
        &self,
        typed: &str,
        visit: &VisitToken,
        client: &str,
    ) -> Result<(), MyApplicationsError> {
        let mobile = MobileNumber::parse(typed).map_err(MyApplicationsError::Mobile)?;
        let key = self.applicant_mobile_key(&mobile);
        let cooldown = self
            .charge_attempt(
                AttemptKind::SmsCodeCooldown,
                &[AttemptKey::new(format!("m:{key}"), 1)],
                self.citizen_policy.resend_after,
            )
            .await?
            .map_err(|o| over(o.retry_after_secs))?;
        let sends = [
            AttemptKey::new(format!("m:{key}"), CODES_PER_MOBILE),
            AttemptKey::new(format!("c:{client}"), CODES_PER_CLIENT),
        ];
        let charged = match self
            .charge_attempt(AttemptKind::SmsCodeSend, &sends, HOUR)
            .await?
        {
            Ok(charged) => charged,
            Err(o) => {
                // Not sent: the cooldown does not start.
                self.refund_attempt(&cooldown).await?;
                return Err(over(o.retry_after_secs));
            }
        };
        let now = self.clock.now();
        let code = SmsCode::from_number((self.ids.bits() % 1_000_000) as u32);
        let code_hash = keyed(&self.id_key, &["code", &key, code.as_str()]);
        let pending = CitizenSession {
            mobile_key: key.clone(),
            mobile_masked: mobile.masked(),
            expires: now
                + chrono::Duration::from_std(self.citizen_policy.code_valid)
                    .unwrap_or(chrono::Duration::minutes(5)),
        };
        self.storage
            .new_sign_in_code(&visit_hash(visit), &pending, &code_hash, now)
            .await?;
        let minutes = (self.citizen_policy.code_valid.as_secs() / 60).max(1);
        let message = OutgoingMessage {
            dedup_key: format!("sign_in:{key}:{}", now.timestamp_micros()),
            kind: domain::notification::SIGN_IN_CODE,
            recipient: Some(mobile.clone()),
            number: None,
            params: vec![
                ("code", code.as_str().to_string()),
                ("minutes", minutes.to_string()),
            ],
            text_zh: format!(
                "您的验证码为 {}，{minutes} 分钟内有效，用于查询您的办件。请勿告诉他人。",
                code.as_str()
            ),
        };
        let sent = match &self.channel {
            Some(channel) => channel.deliver(&message).await,
            None => DeliveryResult::Rejected("no notification channel".into()),
        };
        match sent {
            DeliveryResult::Delivered => {
                tracing::info!(to = %mobile.masked(), "sign-in code sent");
                Ok(())
            }
            DeliveryResult::Retry { error, .. } | DeliveryResult::Rejected(error) => {
                tracing::warn!(to = %mobile.masked(), error = %error, "sign-in code not sent");
                // Nothing reached the phone: neither wait nor count.
                self.refund_attempt(&cooldown).await?;
                self.refund_attempt(&charged).await?;
                Err(MyApplicationsError::NotSent)
            }
        }
    }

    /// The code this visit asked for, typed: right, and this visit sees that
    /// mobile's applications until the session ends (sooner at a kiosk).
    pub async fn enter_sign_in_code(
        &self,
        typed_code: &str,
        visit: &VisitToken,
        client: &str,
        at_kiosk: bool,
    ) -> Result<(), MyApplicationsError> {
        let code = SmsCode::parse(typed_code).map_err(MyApplicationsError::Code)?;
        self.charge_attempt(
            AttemptKind::SmsCodeTry,
            &[AttemptKey::new(format!("c:{client}"), TRIES_PER_CLIENT)],
            HOUR,
        )
        .await?
        .map_err(|o| over(o.retry_after_secs))?;
        let now = self.clock.now();
        let Some(tried) = self
            .storage
            .try_sign_in_code(&visit_hash(visit), now, CODE_TRIES)
            .await?
        else {
            tracing::info!("sign-in code: none live for this visit");
            return Err(MyApplicationsError::NoLiveCode);
        };
        let typed = keyed(&self.id_key, &["code", &tried.mobile_key, code.as_str()]);
        if !equal(typed.as_bytes(), tried.code_sha256.as_bytes()) {
            tracing::info!(to = %tried.mobile_masked, tries = tried.tries, "sign-in code: wrong");
            return Err(MyApplicationsError::WrongCode {
                left: CODE_TRIES.saturating_sub(tried.tries),
            });
        }
        if !self.storage.use_sign_in_code(tried.id, now).await? {
            return Err(MyApplicationsError::NoLiveCode);
        }
        let lasts = if at_kiosk {
            self.citizen_policy.kiosk_session
        } else {
            self.citizen_policy.session
        };
        let session = CitizenSession {
            mobile_key: tried.mobile_key,
            mobile_masked: tried.mobile_masked,
            expires: now
                + chrono::Duration::from_std(lasts).unwrap_or(chrono::Duration::minutes(10)),
        };
        self.storage
            .open_citizen_session(&visit_hash(visit), &session, now)
            .await?;
        tracing::info!(to = %session.mobile_masked, at_kiosk, "my applications opened");
        Ok(())
    }

    /// This visit's applications, each with its steps, notice and messages
    /// (the pickup pass still after the proof on its own page).
    pub async fn my_applications(
        &self,
        visit: &VisitToken,
    ) -> Result<MyApplications, MyApplicationsError> {
        let session = self
            .storage
            .citizen_session(&visit_hash(visit), self.clock.now())
            .await?
            .ok_or(MyApplicationsError::NotSignedIn)?;
        let numbers = self
            .storage
            .applications_of_mobile(&session.mobile_key, LIST_LIMIT)
            .await?;
        let mut applications = Vec::with_capacity(numbers.len());
        for number in numbers {
            match self
                .application_page_with_messages(number.as_str(), visit)
                .await
            {
                Ok(page) => applications.push(page),
                Err(crate::LookupError::Storage(e)) => return Err(e.into()),
                // Gone meanwhile: not listed.
                Err(_) => {}
            }
        }
        Ok(MyApplications {
            mobile_masked: session.mobile_masked,
            applications,
        })
    }

    /// Where this visit stands: the list, a code on its way to a mobile,
    /// or nothing yet.
    pub async fn my_applications_page(
        &self,
        visit: &VisitToken,
    ) -> Result<MyApplicationsPage, MyApplicationsError> {
        match self.my_applications(visit).await {
            Ok(list) => Ok(MyApplicationsPage::List(list)),
            Err(MyApplicationsError::NotSignedIn) => Ok(
                match self
                    .storage
                    .pending_sign_in(&visit_hash(visit), self.clock.now())
                    .await?
                {
                    Some(masked) => MyApplicationsPage::CodeSent { to: masked },
                    None => MyApplicationsPage::AskMobile,
                },
            ),
            Err(e) => Err(e),
        }
    }

    pub async fn leave_my_applications(&self, visit: &VisitToken) -> Result<(), StorageError> {
        self.storage.end_citizen_session(&visit_hash(visit)).await
    }

    /// Forgets expired codes and sessions (housekeeping).
    pub async fn sweep_sign_ins(&self) -> Result<u64, StorageError> {
        self.storage.forget_sign_ins(self.clock.now()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mobile_key_depends_on_the_key_and_the_number() {
        let a = MobileNumber::parse("13812345678").unwrap();
        let b = MobileNumber::parse("13812345679").unwrap();
        assert_eq!(mobile_key(b"k", &a), mobile_key(b"k", &a));
        assert_ne!(mobile_key(b"k", &a), mobile_key(b"k", &b));
        assert_ne!(mobile_key(b"k", &a), mobile_key(b"j", &a));
        assert!(!mobile_key(b"k", &a).contains("13812345678"));
    }
}
