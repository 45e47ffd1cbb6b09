//! Mainland China mobile numbers: 11 digits, 1 then 3–9.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum MobileNumberError {
    #[error("must be 11 digits")]
    WrongLength,
    #[error("only digits")]
    BadCharacter,
    #[error("not a mainland mobile number prefix")]
    BadPrefix,
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobileNumber(String);

impl MobileNumber {
    /// Accepts spaces and hyphens as people type them, and a +86 prefix.
    pub fn parse(input: &str) -> Result<Self, MobileNumberError> {
        // Digits only: full-width digits read as digits; spaces, dashes and
        // brackets between groups dropped.
        let mut s: String = crate::normalise::half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')'))
            .collect();
        if let Some(rest) = s.strip_prefix("+86") {
            s = rest.to_string();
        } else if s.len() == 13 && s.starts_with("86") {
            s = s[2..].to_string();
        }
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(MobileNumberError::BadCharacter);
        }
        if s.len() != 11 {
            return Err(MobileNumberError::WrongLength);
        }
        let b = s.as_bytes();
        if b[0] != b'1' || !(b'3'..=b'9').contains(&b[1]) {
            return Err(MobileNumberError::BadPrefix);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        crate::masking::mask_middle(&self.0, 3, 4)
    }
}

impl TryFrom<String> for MobileNumber {
    type Error = MobileNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<MobileNumber> for String {
    fn from(m: MobileNumber) -> String {
        m.0
    }
}

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_typed_variants() {
        for s in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "8613812345678",
            "１３８ １２３４ ５６７８",
            "＋８６－１３８－１２３４－５６７８",
            "(+86) 138 1234 5678",
        ] {
            assert_eq!(
                MobileNumber::parse(s).unwrap().as_str(),
                "13812345678",
                "{s}"
            );
        }
    }

    #[test]
    fn rejects_near_misses() {
        use MobileNumberError::*;
        assert_eq!(MobileNumber::parse("1381234567").unwrap_err(), WrongLength);
        assert_eq!(
            MobileNumber::parse("138123456789").unwrap_err(),
            WrongLength
        );
        assert_eq!(MobileNumber::parse("12812345678").unwrap_err(), BadPrefix);
        assert_eq!(MobileNumber::parse("23812345678").unwrap_err(), BadPrefix);
        assert_eq!(
            MobileNumber::parse("1381234567a").unwrap_err(),
            BadCharacter
        );
        assert_eq!(
            format!("{:?}", MobileNumber::parse("13812345678").unwrap()),
            "MobileNumber(138****5678)"
        );
    }
}
