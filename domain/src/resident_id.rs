//! Resident identity card number, GB 11643-1999: 6-digit region, 8-digit
//! birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ResidentIdError {
    #[error("must be 18 characters")]
    WrongLength,
    #[error("only digits, and X as the last character")]
    BadCharacter,
    #[error("unknown region code")]
    UnknownRegion,
    #[error("birth date is not a real date")]
    BadBirthDate,
    #[error("check character does not match")]
    BadCheckCharacter,
}

/// An 18-character resident ID whose structure and check character are valid.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ResidentId(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";
/// Province-level codes of GB/T 2260 (first two digits of the region).
const PROVINCES: [u32; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// The check character for the first 17 digits.
pub fn check_character(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] as char
}

impl ResidentId {
    /// Accepts surrounding spaces and a lowercase x.
    pub fn parse(input: &str) -> Result<Self, ResidentIdError> {
        let s: String = input.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 18 {
            return Err(ResidentIdError::WrongLength);
        }
        if !b[..17].iter().all(u8::is_ascii_digit) || !(b[17].is_ascii_digit() || b[17] == b'X') {
            return Err(ResidentIdError::BadCharacter);
        }
        let province = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
        if !PROVINCES.contains(&province) {
            return Err(ResidentIdError::UnknownRegion);
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let (y, m, d) = (num(6..10), num(10..12), num(12..14));
        if !(1900..=2100).contains(&y) || !crate::calendar::is_valid_ymd(y as i32, m, d) {
            return Err(ResidentIdError::BadBirthDate);
        }
        if check_character(&b[..17]) != b[17] as char {
            return Err(ResidentIdError::BadCheckCharacter);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Birth date as (year, month, day).
    pub fn birth_date(&self) -> (i32, u32, u32) {
        let n = |r: std::ops::Range<usize>| self.0[r].parse::<u32>().unwrap_or(0);
        (n(6..10) as i32, n(10..12), n(12..14))
    }

    /// Shown in lists and logs: first 3 and last 4 characters.
    pub fn masked(&self) -> String {
        crate::masking::mask_middle(&self.0, 3, 4)
    }
}

impl TryFrom<String> for ResidentId {
    type Error = ResidentIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ResidentId> for String {
    fn from(id: ResidentId) -> String {
        id.0
    }
}

// Never print a full ID by accident (logs, panics).
impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid ID from 17 digits by computing the check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17.as_bytes()))
    }

    #[test]
    fn accepts_the_standard_example_and_lowercase_x() {
        // The example printed in GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), (1949, 12, 31));
        assert!(ResidentId::parse(" 11010519491231002x ").is_ok());
    }

    #[test]
    fn accepts_computed_ids_across_regions() {
        for first17 in [
            "51170219900307123",
            "44030420000229001",
            "65010119851010567",
        ] {
            let id = with_check(first17);
            assert!(ResidentId::parse(&id).is_ok(), "{id}");
        }
    }

    #[test]
    fn near_misses_are_rejected_with_the_right_reason() {
        use ResidentIdError::*;
        assert_eq!(
            ResidentId::parse("11010519491231002").unwrap_err(),
            WrongLength
        );
        assert_eq!(
            ResidentId::parse("11010519491231002XX").unwrap_err(),
            WrongLength
        );
        assert_eq!(
            ResidentId::parse("1101051949123100X2").unwrap_err(),
            BadCharacter
        );
        assert_eq!(
            ResidentId::parse("110105194912310029").unwrap_err(),
            BadCheckCharacter
        );
        // One digit changed: the check character catches it.
        assert_eq!(
            ResidentId::parse("11010519491231003X").unwrap_err(),
            BadCheckCharacter
        );
        // Two adjacent digits swapped.
        assert_eq!(
            ResidentId::parse("11010519492131002X").unwrap_err(),
            BadBirthDate
        );
        assert_eq!(
            ResidentId::parse(&with_check("99010519491231002")).unwrap_err(),
            UnknownRegion
        );
        assert_eq!(
            ResidentId::parse(&with_check("44030419990229001")).unwrap_err(),
            BadBirthDate
        );
        assert_eq!(
            ResidentId::parse(&with_check("44030418990101001")).unwrap_err(),
            BadBirthDate
        );
    }

    #[test]
    fn every_single_digit_substitution_is_detected() {
        let good = "11010519491231002X";
        for pos in 14..17 {
            for d in b'0'..=b'9' {
                let mut b = good.as_bytes().to_vec();
                if b[pos] == d {
                    continue;
                }
                b[pos] = d;
                let s = String::from_utf8(b).unwrap();
                assert!(ResidentId::parse(&s).is_err(), "{s}");
            }
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let id = ResidentId::parse("11010519491231002X").unwrap();
        assert_eq!(format!("{id:?}"), "ResidentId(110***********002X)");
    }
}
