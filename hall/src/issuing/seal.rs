//! 电子印章: a signature over a licence's canonical content with the hall's
//! SM2 key (SM2DSA over SM3, as GB/T 38540 electronic seals sign), so anyone
//! with the hall's public key can tell a genuine licence from an edited one.
//!
//! What of the standard this follows: the signature algorithm (SM2DSA with
//! the SM3 hash and Z_A computed over the default signer id of GM/T 0009).
//! What not (yet): GB/T 38540's ASN.1 seal container (SES_Signature with
//! the seal picture and the signer's certificate chain) — a verifier here
//! trusts the hall's public key directly.

use sm2::dsa::signature::{Signer, Verifier};
use sm2::dsa::{Signature, SigningKey, VerifyingKey};
use sm2::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};

/// GM/T 0009's default signer identity, used in Z_A.
pub const SEAL_SIGNER_ID: &str = "1234567812345678";

#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the seal key is not an SM2 private key in PKCS#8 PEM")]
    BadKey,
    #[error("the seal does not match the content")]
    NotValid,
}

/// The hall's seal: signs canonical content.
pub struct ElectronicSeal {
    signing: SigningKey,
}

impl std::fmt::Debug for ElectronicSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key: only its public half, which anyone may know.
        f.debug_struct("ElectronicSeal")
            .field("public", &hex(&self.verifier().public_key_sec1()))
            .finish()
    }
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

impl ElectronicSeal {
    /// From configuration: a PKCS#8 PEM file's text.
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, SealError> {
        let secret = sm2::SecretKey::from_pkcs8_pem(pem).map_err(|_| SealError::BadKey)?;
        let signing = SigningKey::new(SEAL_SIGNER_ID, &secret).map_err(|_| SealError::BadKey)?;
        Ok(Self { signing })
    }

    /// A new key (the run command makes a demo one once), as PKCS#8 PEM.
    pub fn generate_pkcs8_pem() -> Result<String, SealError> {
        let secret = sm2::SecretKey::random(&mut rand::rngs::OsRng);
        secret
            .to_pkcs8_pem(LineEnding::LF)
            .map(|pem| pem.to_string())
            .map_err(|_| SealError::BadKey)
    }

    /// The 64-byte signature (r ‖ s) over `content`.
    pub fn seal(&self, content: &[u8]) -> Vec<u8> {
        let signature: Signature = self.signing.sign(content);
        signature.to_bytes().to_vec()
    }

    pub fn verifier(&self) -> SealVerifier {
        SealVerifier {
            key: self.signing.verifying_key().clone(),
        }
    }
}

/// The public half: checks a seal (what `/verify` will use).
#[derive(Clone, Debug)]
pub struct SealVerifier {
    key: VerifyingKey,
}

impl SealVerifier {
    pub fn from_sec1(public: &[u8]) -> Result<Self, SealError> {
        VerifyingKey::from_sec1_bytes(SEAL_SIGNER_ID, public)
            .map(|key| Self { key })
            .map_err(|_| SealError::BadKey)
    }

    /// The public key, uncompressed SEC1 (65 bytes), to publish.
    pub fn public_key_sec1(&self) -> Vec<u8> {
        self.key.to_sec1_bytes().to_vec()
    }

    /// Whether `seal` is the hall's signature over exactly `content`.
    pub fn verify(&self, content: &[u8], seal: &[u8]) -> Result<(), SealError> {
        let signature = Signature::try_from(seal).map_err(|_| SealError::NotValid)?;
        self.key
            .verify(content, &signature)
            .map_err(|_| SealError::NotValid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LICENCE: &[u8] =
        "营业执照|91350100M000100Y43|达州市通川区老王餐饮有限公司|2026-11-25".as_bytes();

    fn seal() -> ElectronicSeal {
        ElectronicSeal::from_pkcs8_pem(&ElectronicSeal::generate_pkcs8_pem().unwrap()).unwrap()
    }

    #[test]
    fn a_sealed_licence_verifies_and_any_changed_byte_does_not() {
        let hall = seal();
        let sealed = hall.seal(LICENCE);
        assert_eq!(sealed.len(), 64);
        let verifier = hall.verifier();
        assert!(verifier.verify(LICENCE, &sealed).is_ok());
        for i in 0..LICENCE.len() {
            let mut edited = LICENCE.to_vec();
            edited[i] ^= 0x01;
            assert!(verifier.verify(&edited, &sealed).is_err(), "byte {i}");
        }
        let mut forged = sealed.clone();
        forged[10] ^= 0x80;
        assert!(verifier.verify(LICENCE, &forged).is_err());
        assert!(verifier.verify(LICENCE, &sealed[..63]).is_err());
    }

    #[test]
    fn another_key_does_not_verify_and_the_public_key_round_trips() {
        let hall = seal();
        let other = seal();
        let sealed = hall.seal(LICENCE);
        assert!(other.verifier().verify(LICENCE, &sealed).is_err());
        let published = SealVerifier::from_sec1(&hall.verifier().public_key_sec1()).unwrap();
        assert!(published.verify(LICENCE, &sealed).is_ok());
        assert!(ElectronicSeal::from_pkcs8_pem("not a key").is_err());
        assert!(!format!("{hall:?}").contains("PRIVATE"));
    }

    /// The public test vector of the `sm2` crate's tests (made with
    /// OpenSSL, `-digest sm3`): our verifier reads seals made elsewhere.
    #[test]
    fn verifies_a_signature_made_by_openssl() {
        fn unhex(s: &str) -> Vec<u8> {
            (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect()
        }
        let public = unhex("0408D77AE04C01CC4C1104360DD8AF6B6F7DF334283D7C1A6AFD5652407B87BEE5014E2A57C36C150D16324DC664E31E6432359609C4E79847A5B161C8C7364C8A");
        let signature = unhex("d1dcccedd9fb785e0f67c16b7c52901625c0b69de9bca2144acc7be713cad2fcf7d1eae6e3a157b36c65f672f738ca8b46298bf149a6510072c431b49cd88b1c");
        let key = VerifyingKey::from_sec1_bytes("example@rustcrypto.org", &public).unwrap();
        let verifier = SealVerifier { key };
        assert!(verifier.verify(b"testing", &signature).is_ok());
        assert!(verifier.verify(b"testinG", &signature).is_err());
    }
}
