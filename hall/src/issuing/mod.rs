//! 统一出件 (issuing), its building blocks so far: the electronic seal a
//! licence carries ([`ElectronicSeal`]) and the signed pickup token behind
//! the pickup QR ([`PickupToken`]). The issuing window, delivery and the
//! scanner build on them (issue 20).

mod pickup;
mod seal;

pub use pickup::{PickupKey, PickupToken, TokenError, TOKEN_PREFIX};
pub use seal::{ElectronicSeal, SealError, SealVerifier, SEAL_SIGNER_ID};
