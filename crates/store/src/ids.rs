//! New ids and secrets.

use sha2::{Digest, Sha256};

/// A new random id (a UUID v4 string).
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A new secret with 244 random bits, prefixed so a leaked one can be
/// recognised (`hgt_` for API tokens, `hgs_` for sessions).
pub fn new_secret(prefix: &str) -> String {
    let a = uuid::Uuid::new_v4().simple();
    let b = uuid::Uuid::new_v4().simple();
    format!("{prefix}{a}{b}")
}

/// The SHA-256 of a secret, as stored: secrets themselves never are.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_differ_and_hash_stably() {
        let a = new_secret("hgt_");
        assert!(a.starts_with("hgt_") && a.len() == 68);
        assert_ne!(a, new_secret("hgt_"));
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_eq!(hash_secret("x").len(), 64);
    }
}
