//! Unified social credit code, GB 32100-2015: 18 characters over a 31-symbol
//! alphabet (no I, O, S, V, Z), the last one a MOD 31 check character.

use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CreditCodeError {
    #[error("must be 18 characters")]
    WrongLength,
    #[error("contains a character not used in credit codes")]
    BadCharacter,
    #[error("check character does not match")]
    BadCheckCharacter,
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character for the first 17 characters (all from the alphabet).
pub fn check_character(first17: &[u8]) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

impl CreditCode {
    /// Accepts spaces, full-width characters and lower case (as input
    /// methods type them); keeps the canonical form.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let s = crate::normalise::code(input);
        let b = s.as_bytes();
        if b.len() != 18 {
            return Err(CreditCodeError::WrongLength);
        }
        if !b.iter().all(|c| value(*c).is_some()) {
            return Err(CreditCodeError::BadCharacter);
        }
        if check_character(&b[..17]) != Some(b[17] as char) {
            return Err(CreditCodeError::BadCheckCharacter);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> String {
        c.0
    }
}

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditCode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_standard_example() {
        // The example in GB 32100-2015 Appendix.
        assert!(CreditCode::parse("91350100M000100Y43").is_ok());
        for typed in [
            " 91350100m000100y43 ",
            "９１３５０１００Ｍ０００１００Ｙ４３",
            "9135 0100 M000 100Y 43",
        ] {
            assert_eq!(
                CreditCode::parse(typed).unwrap().as_str(),
                "91350100M000100Y43",
                "{typed}"
            );
        }
    }

    #[test]
    fn near_misses_are_rejected() {
        use CreditCodeError::*;
        assert_eq!(
            CreditCode::parse("91350100M000100Y4").unwrap_err(),
            WrongLength
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44").unwrap_err(),
            BadCheckCharacter
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y34").unwrap_err(),
            BadCheckCharacter
        );
        // I, O, S, V, Z are not in the alphabet.
        assert_eq!(
            CreditCode::parse("91350100M0001O0Y43").unwrap_err(),
            BadCharacter
        );
    }

    #[test]
    fn every_single_substitution_is_detected() {
        let good = b"91350100M000100Y43";
        for pos in 0..18 {
            for &c in ALPHABET {
                if good[pos] == c {
                    continue;
                }
                let mut b = good.to_vec();
                b[pos] = c;
                let s = String::from_utf8(b).unwrap();
                assert!(CreditCode::parse(&s).is_err(), "{s}");
            }
        }
    }
}
