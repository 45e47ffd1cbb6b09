//! 帮你办: staff fill the form for an applicant who is present, and nothing
//! is submitted until the applicant confirms what was filled — on their
//! phone, or by signing the printed declaration.

use serde::{Deserialize, Serialize};

/// How the applicant confirmed an application staff filled for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ApplicantConfirmation {
    /// Scanned the desk's code and confirmed on their own phone.
    Phone,
    /// Signed the printed declaration; the desk typed its check code.
    SignedDeclaration,
}

impl ApplicantConfirmation {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicantConfirmation::Phone => "phone",
            ApplicantConfirmation::SignedDeclaration => "signed_declaration",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "phone" => Some(ApplicantConfirmation::Phone),
            "signed_declaration" => Some(ApplicantConfirmation::SignedDeclaration),
            _ => None,
        }
    }
}

/// Who filled an application and how its applicant confirmed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistedFiling {
    /// The staff account that filled it.
    pub staff: String,
    pub confirmation: ApplicantConfirmation,
}

/// Eight characters naming the content an applicant saw: printed on the
/// declaration they sign, and sent back by the phone that confirms. An
/// answer changed after it was shown gives another code, so a signature or
/// a tap never confirms what the applicant did not see.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContentCheck(String);

/// Upper-case hex, without look-alikes to worry about: 0–9 and A–F.
const LEN: usize = 8;

impl ContentCheck {
    /// From a digest of the content (its first four bytes).
    pub fn of_digest(digest: &[u8; 32]) -> Self {
        Self(
            digest[..LEN / 2]
                .iter()
                .map(|b| format!("{b:02X}"))
                .collect(),
        )
    }

    /// As typed from paper: case, spaces and the dash do not matter.
    pub fn parse(typed: &str) -> Option<Self> {
        let code: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        (code.len() == LEN && code.bytes().all(|b| b.is_ascii_hexdigit())).then_some(Self(code))
    }

    /// `1A2B-3C4D`, as printed.
    pub fn shown(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_check_code_is_read_as_typed_from_paper() {
        let mut digest = [0u8; 32];
        digest[..4].copy_from_slice(&[0x1a, 0x2b, 0x3c, 0x4d]);
        let code = ContentCheck::of_digest(&digest);
        assert_eq!(code.shown(), "1A2B-3C4D");
        assert_eq!(ContentCheck::parse(" 1a2b-3c4d "), Some(code.clone()));
        assert_eq!(ContentCheck::parse("1A2B 3C4D"), Some(code));
        assert_eq!(ContentCheck::parse("1A2B-3C4"), None);
        assert_eq!(ContentCheck::parse("1A2B-3C4G"), None);
        assert_eq!(ContentCheck::parse("１A2B3C4D"), None);
    }

    #[test]
    fn confirmations_round_trip() {
        for c in [
            ApplicantConfirmation::Phone,
            ApplicantConfirmation::SignedDeclaration,
        ] {
            assert_eq!(ApplicantConfirmation::parse(c.as_str()), Some(c));
        }
        assert_eq!(ApplicantConfirmation::parse("window"), None);
    }
}
