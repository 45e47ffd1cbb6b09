//! 取件码: the token behind the pickup QR, bound to one application and one
//! of its results, expiring, and signed by the server.
//!
//! HMAC-SHA256 (truncated to 128 bits) rather than Ed25519: only the hall
//! itself checks a token (the issuing desk scans it into the same server),
//! so a shared secret from configuration is enough, and a 16-byte tag
//! instead of a 64-byte signature keeps the QR at version 3 (error
//! correction M) — larger modules, read more easily from worn paper and
//! phone screens. Single use and revocation are the store's (the token's
//! serial is recorded when it is issued and used).
//!
//! Text form: `HP1-` then the payload and tag in RFC 4648 base32, which
//! QR codes carry in their compact alphanumeric mode.

use chrono::NaiveDate;
use data_encoding::BASE32_NOPAD;
use domain::ApplicationNumber;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const TOKEN_PREFIX: &str = "HP1-";
const VERSION: u8 = 1;
const TAG: usize = 16;
/// Version, number (10), result, serial (4), expiry (2).
const PAYLOAD: usize = 1 + 10 + 1 + 4 + 2;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// The server's pickup key (from configuration; never shown).
#[derive(Clone)]
pub struct PickupKey(Vec<u8>);

impl PickupKey {
    pub fn new(key: &[u8]) -> Self {
        Self(key.to_vec())
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
    }
}

impl std::fmt::Debug for PickupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PickupKey(…)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickupToken {
    pub number: ApplicationNumber,
    /// Which of the application's results (0 for the first).
    pub result: u8,
    /// Issued tokens are numbered: the store marks one used or revoked.
    pub serial: u32,
    /// The last day it may be used.
    pub expires: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("this is not a pickup code")]
    Malformed,
    #[error("this pickup code was not issued by this hall")]
    Forged,
    #[error("this pickup code expired on {0}")]
    Expired(NaiveDate),
}

impl PickupToken {
    fn payload(&self) -> [u8; PAYLOAD] {
        let mut p = [0u8; PAYLOAD];
        p[0] = VERSION;
        p[1..11].copy_from_slice(self.number.as_str().as_bytes());
        p[11] = self.result;
        p[12..16].copy_from_slice(&self.serial.to_be_bytes());
        let days = self.expires.signed_duration_since(epoch()).num_days();
        p[16..18].copy_from_slice(&u16::try_from(days).unwrap_or(u16::MAX).to_be_bytes());
        p
    }

    /// The text the QR carries.
    pub fn sign(&self, key: &PickupKey) -> String {
        let payload = self.payload();
        let mut mac = key.mac();
        mac.update(&payload);
        let tag = mac.finalize().into_bytes();
        let mut all = payload.to_vec();
        all.extend_from_slice(&tag[..TAG]);
        format!("{TOKEN_PREFIX}{}", BASE32_NOPAD.encode(&all))
    }

    /// Reads a scanned text: the hall's tag (compared in constant time),
    /// then the expiry against `today`. Whether it is still unused and
    /// belongs to the application at hand is the caller's to check.
    pub fn verify(text: &str, key: &PickupKey, today: NaiveDate) -> Result<Self, TokenError> {
        let body = text
            .trim()
            .strip_prefix(TOKEN_PREFIX)
            .ok_or(TokenError::Malformed)?;
        let bytes = BASE32_NOPAD
            .decode(body.as_bytes())
            .map_err(|_| TokenError::Malformed)?;
        if bytes.len() != PAYLOAD + TAG || bytes[0] != VERSION {
            return Err(TokenError::Malformed);
        }
        let (payload, tag) = bytes.split_at(PAYLOAD);
        let mut mac = key.mac();
        mac.update(payload);
        mac.verify_truncated_left(tag)
            .map_err(|_| TokenError::Forged)?;
        let number = std::str::from_utf8(&payload[1..11])
            .ok()
            .and_then(|n| ApplicationNumber::parse(n).ok())
            .ok_or(TokenError::Malformed)?;
        let days = u16::from_be_bytes([payload[16], payload[17]]);
        let expires = epoch() + chrono::Duration::days(i64::from(days));
        let token = PickupToken {
            number,
            result: payload[11],
            serial: u32::from_be_bytes([payload[12], payload[13], payload[14], payload[15]]),
            expires,
        };
        if today > token.expires {
            return Err(TokenError::Expired(token.expires));
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn token() -> PickupToken {
        PickupToken {
            number: ApplicationNumber::parse("GUB9D8C83J").unwrap(),
            result: 0,
            serial: 41,
            expires: d("2026-12-25"),
        }
    }

    #[test]
    fn a_signed_token_reads_back_until_it_expires() {
        let key = PickupKey::new(b"a pickup key of the hall, 32 bytes!");
        let text = token().sign(&key);
        assert!(text.starts_with(TOKEN_PREFIX));
        assert_eq!(
            PickupToken::verify(&text, &key, d("2026-11-25")),
            Ok(token())
        );
        assert_eq!(
            PickupToken::verify(&text, &key, d("2026-12-25")),
            Ok(token())
        );
        assert_eq!(
            PickupToken::verify(&text, &key, d("2026-12-26")),
            Err(TokenError::Expired(d("2026-12-25")))
        );
        // Scanners may add a newline or spaces around it.
        assert!(PickupToken::verify(&format!(" {text}\n"), &key, d("2026-11-25")).is_ok());
    }

    #[test]
    fn forged_edited_and_garbage_tokens_are_refused() {
        let key = PickupKey::new(b"a pickup key of the hall, 32 bytes!");
        let today = d("2026-11-25");
        let text = token().sign(&key);
        let other = PickupKey::new(b"another hall's key");
        assert_eq!(
            PickupToken::verify(&text, &other, today),
            Err(TokenError::Forged)
        );
        // Another application's number with the same tag: forged.
        let mut edited = token();
        edited.number = ApplicationNumber::parse("YPTT8YUHBR").unwrap();
        let forged = format!("{}{}", &edited.sign(&other)[..40], &text[40..]);
        assert!(PickupToken::verify(&forged, &key, today).is_err());
        // Every single changed character is refused.
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        for i in TOKEN_PREFIX.len()..text.len() {
            let c = text.as_bytes()[i] as char;
            let swap = alphabet.chars().find(|x| *x != c).unwrap();
            let mut changed = text.clone();
            changed.replace_range(i..=i, &swap.to_string());
            assert!(
                PickupToken::verify(&changed, &key, today).is_err(),
                "char {i}"
            );
        }
        for garbage in [
            "",
            "HP1-",
            "HP1-!!!!",
            "https://example.com",
            &text[..text.len() - 2],
        ] {
            assert_eq!(
                PickupToken::verify(garbage, &key, today),
                Err(TokenError::Malformed),
                "{garbage:?}"
            );
        }
    }

    #[test]
    fn the_text_fits_a_small_qr_in_alphanumeric_mode() {
        let text = token().sign(&PickupKey::new(b"k"));
        assert!(text
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
        // 4 + base32 of 34 bytes = 59 characters: QR version 3-M holds 63.
        assert_eq!(text.len(), 59);
        let qr = qrcode::QrCode::with_error_correction_level(&text, qrcode::EcLevel::M).unwrap();
        assert_eq!(qr.version(), qrcode::Version::Normal(3));
    }
}
