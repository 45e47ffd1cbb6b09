//! Identifiers that are random bits, not meaningful text: a draft's
//! address, a browser visit, a submission's idempotency key. Parsed once at
//! the edge; inside, a value of one of these types is always well formed.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! hex128 {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            const LEN: usize = 32;

            /// Exactly 32 lowercase hex digits (128 bits), nothing else.
            pub fn parse(s: &str) -> Option<Self> {
                (s.len() == Self::LEN
                    && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
                .then(|| Self(s.to_string()))
            }

            /// From 128 random bits (the caller owns the randomness).
            pub fn from_bits(bits: u128) -> Self {
                Self(format!("{bits:032x}"))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = &'static str;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s).ok_or(concat!("not a ", stringify!($name)))
            }
        }

        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }

        /// Only the first 8 digits: enough to follow one in the logs,
        /// not enough to open it.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({}…)", stringify!($name), &self.0[..8])
            }
        }
    };
}

hex128!(
    /// A draft's address in URLs. Whoever holds it (and the visit it is
    /// open in) continues the draft.
    DraftId
);
hex128!(
    /// One browser session. A draft started or resumed there is held by
    /// it; a kiosk wipe draws a new one.
    VisitToken
);

/// The idempotency key of one submission: every submit of one draft (or
/// one rendered form) carries the same key and gets the same application.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SubmissionKey(String);

impl SubmissionKey {
    /// 16 to 64 ASCII letters, digits or dashes.
    pub fn parse(s: &str) -> Option<Self> {
        ((16..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            .then(|| Self(s.to_string()))
    }

    pub fn from_bits(bits: u128) -> Self {
        Self(format!("{bits:032x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SubmissionKey {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or("not a submission key")
    }
}

impl From<SubmissionKey> for String {
    fn from(v: SubmissionKey) -> String {
        v.0
    }
}

impl fmt::Debug for SubmissionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SubmissionKey({}…)", &self.0[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_ids_are_exactly_32_lowercase_hex_digits() {
        assert!(DraftId::parse(DraftId::from_bits(u128::MAX).as_str()).is_some());
        assert_eq!(
            VisitToken::from_bits(1).as_str(),
            format!("{}1", "0".repeat(31))
        );
        assert!(VisitToken::parse(&"a".repeat(32)).is_some());
        assert!(VisitToken::parse(&"a".repeat(31)).is_none());
        assert!(VisitToken::parse(&"A".repeat(32)).is_none());
        assert!(DraftId::parse(&format!("{};", "a".repeat(31))).is_none());
        assert!(serde_json::from_str::<DraftId>("\"xyz\"").is_err());
        assert!(!format!("{:?}", DraftId::from_bits(u128::MAX)).contains(&"f".repeat(9)));
    }

    #[test]
    fn submission_keys_are_16_to_64_safe_characters() {
        assert!(SubmissionKey::parse("abcdef0123456789").is_some());
        assert!(SubmissionKey::parse("bench-00000001-0000000000").is_some());
        assert!(SubmissionKey::parse("short").is_none());
        assert!(SubmissionKey::parse(&"a".repeat(65)).is_none());
        assert!(SubmissionKey::parse("abcdef0123456789 ").is_none());
    }
}
