//! The short code that brings a draft to another device: typed at a kiosk
//! from a phone's screen, or the other way round.
//!
//! Eight characters of the application-number alphabet (no look-alikes):
//! seven random ones and a Luhn mod 30 check character, shown `XXXX-XXXX`.
//! 30⁷ ≈ 2.2·10¹⁰ codes for drafts that live a week at most.

#[cfg(test)]
use crate::application_number::ALPHABET;
use crate::application_number::{parse_checked, with_check_character, CheckedCodeError};
use serde::{Deserialize, Serialize};
use std::fmt;

pub const RESUME_PAYLOAD_LEN: usize = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ResumeCodeError {
    #[error("must be 8 characters")]
    WrongLength,
    #[error("contains a character never used in resume codes")]
    BadCharacter,
    #[error("check character does not match")]
    BadCheckCharacter,
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResumeCode(String);

impl ResumeCode {
    /// Builds a code from seven alphabet indices (the caller's randomness).
    pub fn from_indices(indices: [u8; RESUME_PAYLOAD_LEN]) -> Self {
        Self(with_check_character(&indices))
    }

    /// Accepts any case, with or without the hyphen or spaces.
    pub fn parse(input: &str) -> Result<Self, ResumeCodeError> {
        parse_checked(input, RESUME_PAYLOAD_LEN)
            .map(Self)
            .map_err(|e| match e {
                CheckedCodeError::WrongLength => ResumeCodeError::WrongLength,
                CheckedCodeError::BadCharacter => ResumeCodeError::BadCharacter,
                CheckedCodeError::BadCheckCharacter => ResumeCodeError::BadCheckCharacter,
            })
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ResumeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Debug for ResumeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResumeCode({self})")
    }
}

impl TryFrom<String> for ResumeCode {
    type Error = ResumeCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ResumeCode> for String {
    fn from(c: ResumeCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_display_form() {
        let code = ResumeCode::from_indices([0, 5, 9, 13, 17, 22, 29]);
        let shown = code.to_string();
        assert_eq!(shown.len(), 9);
        assert_eq!(ResumeCode::parse(&shown.to_lowercase()), Ok(code.clone()));
        assert_eq!(ResumeCode::parse(&format!(" {} ", code.as_str())), Ok(code));
    }

    #[test]
    fn typing_mistakes_are_caught() {
        let code = ResumeCode::from_indices([3, 1, 4, 1, 5, 9, 2]);
        let s = code.as_str();
        assert_eq!(
            ResumeCode::parse(&s[..7]),
            Err(ResumeCodeError::WrongLength)
        );
        assert_eq!(
            ResumeCode::parse(&format!("O{}", &s[1..])),
            Err(ResumeCodeError::BadCharacter)
        );
        // Every single-character substitution and every adjacent swap of
        // different characters is detected by the check character.
        let b = s.as_bytes();
        for i in 0..8 {
            for &c in ALPHABET.iter().filter(|&&c| c != b[i]) {
                let mut typo = b.to_vec();
                typo[i] = c;
                let typo = String::from_utf8(typo).unwrap();
                assert!(ResumeCode::parse(&typo).is_err(), "{typo}");
            }
            if i < 7 && b[i] != b[i + 1] {
                let mut swapped = b.to_vec();
                swapped.swap(i, i + 1);
                let swapped = String::from_utf8(swapped).unwrap();
                assert!(ResumeCode::parse(&swapped).is_err(), "{swapped}");
            }
        }
    }
}
