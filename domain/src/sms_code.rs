//! The 6-digit code sent by SMS that opens "my applications" (我的办件)
//! for whoever holds the phone: typed on a phone or at a kiosk.

use serde::{Deserialize, Serialize};
use std::fmt;

pub const SMS_CODE_DIGITS: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SmsCodeError {
    #[error("type the code")]
    Empty,
    #[error("the code is 6 digits")]
    WrongLength,
    #[error("the code has digits only")]
    BadCharacter,
}

#[derive(Clone, PartialEq, Eq)]
pub struct SmsCode(String);

impl SmsCode {
    /// From the caller's randomness: any number, kept to 6 digits.
    pub fn from_number(n: u32) -> Self {
        Self(format!("{:06}", n % 1_000_000))
    }

    /// As typed: full-width digits and spaces between groups accepted.
    pub fn parse(input: &str) -> Result<Self, SmsCodeError> {
        let s: String = crate::normalise::half_width(input)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if s.is_empty() {
            return Err(SmsCodeError::Empty);
        }
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(SmsCodeError::BadCharacter);
        }
        if s.len() != SMS_CODE_DIGITS {
            return Err(SmsCodeError::WrongLength);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Never printed whole by accident (logs, panics).
impl fmt::Debug for SmsCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SmsCode(******)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_code_as_people_type_it() {
        assert_eq!(SmsCode::parse(" 123 456 ").unwrap().as_str(), "123456");
        assert_eq!(SmsCode::parse("１２３４５６").unwrap().as_str(), "123456");
        assert_eq!(SmsCode::parse(""), Err(SmsCodeError::Empty));
        assert_eq!(SmsCode::parse("12345"), Err(SmsCodeError::WrongLength));
        assert_eq!(SmsCode::parse("12345a"), Err(SmsCodeError::BadCharacter));
        assert_eq!(SmsCode::from_number(42).as_str(), "000042");
        assert_eq!(SmsCode::from_number(4_294_967_295).as_str().len(), 6);
        assert_eq!(format!("{:?}", SmsCode::from_number(1)), "SmsCode(******)");
    }
}
