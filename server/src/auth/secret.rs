//! Random tokens and codes, and the hashes that are stored instead of them.

use argon2::Argon2;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// A new session token (32 random bytes, base64url) and the SHA-256 to store.
pub fn new_session_token() -> (String, Vec<u8>) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = Sha256::digest(bytes).to_vec();
    (token, hash)
}

/// The stored hash of a cookie's token; `None` when the cookie cannot be one of ours.
pub fn token_hash(token: &str) -> Option<Vec<u8>> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    (bytes.len() == 32).then(|| Sha256::digest(bytes).to_vec())
}

/// A uniformly random 6-digit code.
pub fn new_otp_code() -> String {
    // Rejection sampling: no digit is more likely than another.
    let limit = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let n = OsRng.next_u32();
        if n < limit {
            return format!("{:06}", n % 1_000_000);
        }
    }
}

/// The letters of a staff setup code: no 0/O, 1/I/L or U, so that it can be read out.
const SETUP_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";

/// A new one-time staff setup code: 16 random letters and digits (about 78 bits) in groups of
/// four, `ABCD-EFGH-JKMN-PQRS`.
pub fn new_setup_code() -> String {
    let len = u32::try_from(SETUP_ALPHABET.len()).unwrap_or(30);
    let limit = u32::MAX - u32::MAX % len;
    let mut code = String::with_capacity(19);
    let mut chars = 0;
    while chars < 16 {
        let n = OsRng.next_u32();
        if n >= limit {
            continue;
        }
        if chars > 0 && chars % 4 == 0 {
            code.push('-');
        }
        let index = usize::try_from(n % len).unwrap_or(0);
        code.push(char::from(
            SETUP_ALPHABET.get(index).copied().unwrap_or(b'A'),
        ));
        chars += 1;
    }
    code
}

/// A setup code as typed, in the form it is hashed in: upper case, without dashes and spaces.
pub fn normalize_setup_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A random reference for a message that has no delivery row (a login code): 16 hex digits.
pub fn new_reference() -> String {
    format!("{:016x}", OsRng.next_u64())
}

/// A random salt for a code's hash.
pub fn new_salt() -> [u8; 16] {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    salt
}

/// SHA-256 of salt and code.
pub fn otp_hash(salt: &[u8], code: &str) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(code.as_bytes());
    hasher.finalize().to_vec()
}

/// Compares two hashes in constant time.
pub fn same_hash(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An argon2id PHC string of a password.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether a password matches a PHC string (false for a malformed one).
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_token_hashes_back_to_what_is_stored() {
        let (token, hash) = new_session_token();
        assert_eq!(token_hash(&token), Some(hash));
        assert_eq!(token_hash("forged"), None);
    }

    #[test]
    fn codes_have_six_digits() {
        for _ in 0..100 {
            let code = new_otp_code();
            assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn setup_codes_have_sixteen_readable_characters_in_groups() {
        let code = new_setup_code();
        assert_eq!(code.len(), 19);
        let plain = normalize_setup_code(&code.to_lowercase());
        assert_eq!(plain.len(), 16);
        assert!(plain.bytes().all(|b| SETUP_ALPHABET.contains(&b)));
        assert_ne!(new_setup_code(), code);
    }

    #[test]
    fn a_code_matches_only_its_own_hash() {
        let salt = new_salt();
        let hash = otp_hash(&salt, "123456");
        assert!(same_hash(&hash, &otp_hash(&salt, "123456")));
        assert!(!same_hash(&hash, &otp_hash(&salt, "123457")));
    }
}
