//! 一号申请: the one number that identifies an application everywhere.
//!
//! Ten characters from an alphabet without look-alikes (no 0/O/Q, 1/I, Z/2
//! confusion): nine random ones and a Luhn mod 30 check character, so a
//! mistyped or swapped character is caught before any lookup. Shown as
//! `XXXXX-XXXXX`; typed in any case, with or without the hyphen or spaces.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKLMNPRSTUVWXY";
const N: u32 = ALPHABET.len() as u32;
pub const PAYLOAD_LEN: usize = 9;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApplicationNumberError {
    #[error("must be 10 characters")]
    WrongLength,
    #[error("contains a character never used in application numbers")]
    BadCharacter,
    #[error("check character does not match")]
    BadCheckCharacter,
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ApplicationNumber(String);

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Luhn mod N over the payload (rightmost character doubled first).
fn check_character(payload: &[u8]) -> char {
    let mut sum = 0;
    for (i, c) in payload.iter().rev().enumerate() {
        let factor = if i % 2 == 0 { 2 } else { 1 };
        let addend = factor * value(*c).unwrap_or(0);
        sum += addend / N + addend % N;
    }
    ALPHABET[((N - sum % N) % N) as usize] as char
}

/// Why a checked code (application number, resume code) does not parse.
pub(crate) enum CheckedCodeError {
    WrongLength,
    BadCharacter,
    BadCheckCharacter,
}

/// Payload characters for `indices`, then their check character.
pub(crate) fn with_check_character(indices: &[u8]) -> String {
    let payload: Vec<u8> = indices
        .iter()
        .map(|i| ALPHABET[*i as usize % ALPHABET.len()])
        .collect();
    let mut s: String = payload.iter().map(|b| *b as char).collect();
    s.push(check_character(&payload));
    s
}

/// A code of `payload_len` characters and a check character, typed in any
/// case, with or without hyphens and spaces; returns its canonical form.
pub(crate) fn parse_checked(input: &str, payload_len: usize) -> Result<String, CheckedCodeError> {
    let s: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.chars().count() != payload_len + 1 {
        return Err(CheckedCodeError::WrongLength);
    }
    let b = s.as_bytes();
    if !b.iter().all(|c| value(*c).is_some()) {
        return Err(CheckedCodeError::BadCharacter);
    }
    if check_character(&b[..payload_len]) != b[payload_len] as char {
        return Err(CheckedCodeError::BadCheckCharacter);
    }
    Ok(s)
}

impl ApplicationNumber {
    /// Builds a number from nine alphabet indices (the caller's randomness).
    pub fn from_indices(indices: [u8; PAYLOAD_LEN]) -> Self {
        Self(with_check_character(&indices))
    }

    pub fn parse(input: &str) -> Result<Self, ApplicationNumberError> {
        parse_checked(input, PAYLOAD_LEN)
            .map(Self)
            .map_err(|e| match e {
                CheckedCodeError::WrongLength => ApplicationNumberError::WrongLength,
                CheckedCodeError::BadCharacter => ApplicationNumberError::BadCharacter,
                CheckedCodeError::BadCheckCharacter => ApplicationNumberError::BadCheckCharacter,
            })
    }

    /// Canonical form without hyphen, as stored and put in URLs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The display form, `XXXXX-XXXXX`.
impl fmt::Display for ApplicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

impl fmt::Debug for ApplicationNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApplicationNumber({self})")
    }
}

impl TryFrom<String> for ApplicationNumber {
    type Error = ApplicationNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ApplicationNumber> for String {
    fn from(n: ApplicationNumber) -> String {
        n.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn alphabet_has_no_confusable_characters() {
        for c in b"IOQZ01" {
            assert!(!ALPHABET.contains(c), "{}", *c as char);
        }
    }

    #[test]
    fn display_and_parse_round_trip_in_any_typing() {
        let n = ApplicationNumber::from_indices([0, 5, 9, 13, 17, 21, 25, 29, 3]);
        assert_eq!(n.to_string().len(), 11);
        assert_eq!(ApplicationNumber::parse(&n.to_string()).unwrap(), n);
        assert_eq!(
            ApplicationNumber::parse(&n.as_str().to_lowercase()).unwrap(),
            n
        );
        let spaced = format!(" {} {} ", &n.as_str()[..5], &n.as_str()[5..]);
        assert_eq!(ApplicationNumber::parse(&spaced).unwrap(), n);
    }

    #[test]
    fn malformed_numbers_are_rejected_with_reason() {
        use ApplicationNumberError::*;
        assert_eq!(ApplicationNumber::parse("ABC").unwrap_err(), WrongLength);
        assert_eq!(
            ApplicationNumber::parse("ABCDE-FGHI0").unwrap_err(),
            BadCharacter
        );
        assert_eq!(ApplicationNumber::parse("").unwrap_err(), WrongLength);
    }

    proptest! {
        #[test]
        fn any_generated_number_parses(idx in proptest::array::uniform9(0u8..30)) {
            let n = ApplicationNumber::from_indices(idx);
            prop_assert_eq!(ApplicationNumber::parse(n.as_str()).unwrap(), n);
        }

        #[test]
        fn any_single_substitution_is_caught(idx in proptest::array::uniform9(0u8..30), pos in 0usize..10, delta in 1u8..30) {
            let n = ApplicationNumber::from_indices(idx);
            let mut b = n.as_str().as_bytes().to_vec();
            let v = ALPHABET.iter().position(|&a| a == b[pos]).unwrap() as u8;
            b[pos] = ALPHABET[((v + delta) % 30) as usize];
            let typo = String::from_utf8(b).unwrap();
            prop_assert!(ApplicationNumber::parse(&typo).is_err());
        }

        #[test]
        fn any_adjacent_swap_of_different_characters_is_caught(idx in proptest::array::uniform9(0u8..30), pos in 0usize..9) {
            let n = ApplicationNumber::from_indices(idx);
            let mut b = n.as_str().as_bytes().to_vec();
            prop_assume!(b[pos] != b[pos + 1]);
            b.swap(pos, pos + 1);
            let typo = String::from_utf8(b.clone()).unwrap();
            // Luhn mod N's one blind spot: swapping the first and last
            // symbols of the alphabet ("2" and "Y").
            let (a, c) = (ALPHABET.iter().position(|&x| x == b[pos]).unwrap() as u32, ALPHABET.iter().position(|&x| x == b[pos + 1]).unwrap() as u32);
            prop_assume!(!(a.min(c) == 0 && a.max(c) == N - 1));
            prop_assert!(ApplicationNumber::parse(&typo).is_err());
        }
    }
}
