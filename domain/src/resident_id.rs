//! Resident identity card number, GB 11643-1999: 6-digit region, 8-digit
//! birth date, 3-digit sequence, ISO 7064 MOD 11-2 check character.

use crate::calendar::CalendarDay;
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
    #[error("birth date is in the future")]
    BirthDateInFuture,
    #[error("check character does not match")]
    BadCheckCharacter,
}

/// An 18-character resident ID whose structure and check character are valid.
/// Not deserialisable: parsing needs the day (stored form values hold the
/// canonical text, not this type).
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
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
    /// Accepts spaces anywhere, full-width digits and a lowercase x (as
    /// input methods type them); keeps the canonical form. The birth date
    /// must be a real day not after `today` (the caller's clock: the domain
    /// has none).
    pub fn parse(input: &str, today: CalendarDay) -> Result<Self, ResidentIdError> {
        let s = crate::normalise::code(input);
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
        let born = CalendarDay::new(y as i32, m, d).ok_or(ResidentIdError::BadBirthDate)?;
        if born > today {
            return Err(ResidentIdError::BirthDateInFuture);
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

    fn today() -> CalendarDay {
        CalendarDay::new(2026, 11, 24).unwrap()
    }

    /// Builds a valid ID from 17 digits by computing the check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17.as_bytes()))
    }

    #[test]
    fn accepts_the_standard_example_and_lowercase_x() {
        // The example printed in GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date(), (1949, 12, 31));
        assert!(ResidentId::parse(" 11010519491231002x ", today()).is_ok());
    }

    #[test]
    fn the_standards_1880_example_and_ids_as_input_methods_type_them() {
        // GB 11643's own example, born 1880-01-01.
        assert!(ResidentId::parse("440524188001010014", today()).is_ok());
        for typed in [
            "1101 0519 4912 3100 2X",
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002x",
            "　１１０１０５１９４９１２３１００２ｘ ",
        ] {
            let id = ResidentId::parse(typed, today()).unwrap();
            assert_eq!(id.as_str(), "11010519491231002X", "{typed}");
        }
    }

    #[test]
    fn accepts_computed_ids_across_regions() {
        for first17 in [
            "51170219900307123",
            "44030420000229001",
            "65010119851010567",
        ] {
            let id = with_check(first17);
            assert!(ResidentId::parse(&id, today()).is_ok(), "{id}");
        }
    }

    #[test]
    fn near_misses_are_rejected_with_the_right_reason() {
        use ResidentIdError::*;
        assert_eq!(
            ResidentId::parse("11010519491231002", today()).unwrap_err(),
            WrongLength
        );
        assert_eq!(
            ResidentId::parse("11010519491231002XX", today()).unwrap_err(),
            WrongLength
        );
        assert_eq!(
            ResidentId::parse("1101051949123100X2", today()).unwrap_err(),
            BadCharacter
        );
        assert_eq!(
            ResidentId::parse("110105194912310029", today()).unwrap_err(),
            BadCheckCharacter
        );
        // One digit changed: the check character catches it.
        assert_eq!(
            ResidentId::parse("11010519491231003X", today()).unwrap_err(),
            BadCheckCharacter
        );
        // Two adjacent digits swapped.
        assert_eq!(
            ResidentId::parse("11010519492131002X", today()).unwrap_err(),
            BadBirthDate
        );
        assert_eq!(
            ResidentId::parse(&with_check("99010519491231002"), today()).unwrap_err(),
            UnknownRegion
        );
        assert_eq!(
            ResidentId::parse(&with_check("44030419990229001"), today()).unwrap_err(),
            BadBirthDate
        );
        // Born in the future: its own reason.
        assert_eq!(
            ResidentId::parse("110105203012310026", today()).unwrap_err(),
            BirthDateInFuture
        );
        assert_eq!(
            ResidentId::parse(&with_check("11010520261125001"), today()).unwrap_err(),
            BirthDateInFuture
        );
        assert!(ResidentId::parse(&with_check("11010520261124001"), today()).is_ok());
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
                assert!(ResidentId::parse(&s, today()).is_err(), "{s}");
            }
        }
    }

    #[test]
    fn debug_output_is_masked() {
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(format!("{id:?}"), "ResidentId(110***********002X)");
    }
}
