//! Short-lived signed links to a claim document, for webviews that do not send cookies:
//! `/api/v1/files/{token}` where the token names the claim, the document and the expiry, and
//! carries an HMAC-SHA256 of them under the server's key.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::auth::secret::same_hash;

/// How long a link works, in seconds.
pub const LINK_SECS: i64 = 10 * 60;
/// The name of the signing key in `server_keys`.
pub const KEY_NAME: &str = "document_links";

const BLOCK: usize = 64;

/// A signing key every replica shares, by its name in `server_keys` (this module's [`KEY_NAME`],
/// the survey links', the email confirmations'): made at random on the first start, kept in the
/// database.
pub async fn load_key(db: &crate::db::Db, name: &str) -> sqlx::Result<Vec<u8>> {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut fresh = [0u8; 32];
    OsRng.fill_bytes(&mut fresh);
    crate::db::claims::server_key(db, name, &fresh, crate::db::now()).await
}

/// HMAC-SHA256 (RFC 2104) of a message.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn payload(claim_id: i64, document_id: &str, expires_at: i64) -> String {
    format!("{claim_id}.{document_id}.{expires_at}")
}

/// The token of a link to one document of one claim, valid until `expires_at` (unix seconds).
pub fn sign(key: &[u8], claim_id: i64, document_id: &str, expires_at: i64) -> String {
    let payload = payload(claim_id, document_id, expires_at);
    let mac = URL_SAFE_NO_PAD.encode(hmac_sha256(key, payload.as_bytes()));
    format!("{payload}.{mac}")
}

/// The claim and document a token names, if its signature is right and it has not expired.
pub fn verify(key: &[u8], token: &str, now: i64) -> Option<(i64, String)> {
    let mut parts = token.split('.');
    let (claim, document, expires, mac) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || key.is_empty() {
        return None;
    }
    let claim_id: i64 = claim.parse().ok()?;
    let expires_at: i64 = expires.parse().ok()?;
    let mac = URL_SAFE_NO_PAD.decode(mac).ok()?;
    let expected = hmac_sha256(key, payload(claim_id, document, expires_at).as_bytes());
    (same_hash(&mac, &expected) && now < expires_at).then(|| (claim_id, document.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::senders::hex;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn a_link_works_until_it_expires_and_not_when_tampered() {
        let key = b"0123456789abcdef0123456789abcdef";
        let token = sign(key, 7, "abc_DEF-1", 1_000);
        assert_eq!(verify(key, &token, 999), Some((7, "abc_DEF-1".into())));
        assert_eq!(verify(key, &token, 1_000), None);
        assert_eq!(verify(key, &token.replacen("7.", "8.", 1), 999), None);
        assert_eq!(verify(b"another key", &token, 999), None);
        assert_eq!(verify(key, "7.abc.1000", 999), None);
        assert_eq!(verify(key, "", 999), None);
    }
}
