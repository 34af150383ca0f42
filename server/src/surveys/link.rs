//! The signed link a survey invitation is answered through without logging in (what an SMS or a
//! WeChat message carries): `/s/{token}`, where the token is the invitation's id and token
//! version and an HMAC-SHA256 of both under the server's survey key, in URL-safe base64 with no
//! dot (a last path segment with a dot would name a file, not a page). Bumping the invitation's
//! version kills every link made before.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::auth::secret::same_hash;
use crate::claims::link::hmac_sha256;

/// The name of the signing key in `server_keys`.
pub const KEY_NAME: &str = "survey_links";

/// Bytes of a decoded token: id (8), version (8), MAC (32).
const TOKEN_BYTES: usize = 48;

fn payload(invitation_id: i64, version: i64) -> [u8; 16] {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&invitation_id.to_be_bytes());
    bytes[8..].copy_from_slice(&version.to_be_bytes());
    bytes
}

/// The token of the link to one version of an invitation.
pub fn sign(key: &[u8], invitation_id: i64, version: i64) -> String {
    let payload = payload(invitation_id, version);
    let mut token = Vec::with_capacity(TOKEN_BYTES);
    token.extend_from_slice(&payload);
    token.extend_from_slice(&hmac_sha256(key, &payload));
    URL_SAFE_NO_PAD.encode(token)
}

/// The path of the web app's page for a link.
pub fn path(key: &[u8], invitation_id: i64, version: i64) -> String {
    format!("/s/{}", sign(key, invitation_id, version))
}

/// The invitation id and version a token names, if its signature is right. Whether that version
/// is still the invitation's current one is for the caller to check.
pub fn verify(key: &[u8], token: &str) -> Option<(i64, i64)> {
    if key.is_empty() || token.len() > 2 * TOKEN_BYTES {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    if bytes.len() != TOKEN_BYTES {
        return None;
    }
    let (payload, mac) = bytes.split_at(16);
    if !same_hash(mac, &hmac_sha256(key, payload)) {
        return None;
    }
    let id = i64::from_be_bytes(payload[..8].try_into().ok()?);
    let version = i64::from_be_bytes(payload[8..].try_into().ok()?);
    Some((id, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_token_names_its_invitation_and_version_and_nothing_else() {
        let token = sign(KEY, 42, 3);
        assert!(!token.contains('.') && !token.contains('/') && !token.contains('+'));
        assert_eq!(verify(KEY, &token), Some((42, 3)));
        assert_eq!(verify(b"another key", &token), None);
        assert_eq!(verify(&[], &token), None);
        assert_eq!(verify(KEY, ""), None);
        assert_eq!(verify(KEY, "not base64!"), None);
    }

    #[test]
    fn every_altered_byte_is_refused() {
        let token = sign(KEY, 7, 1);
        let mut bytes = URL_SAFE_NO_PAD.decode(&token).unwrap_or_default();
        for i in 0..bytes.len() {
            bytes[i] ^= 1;
            assert_eq!(
                verify(KEY, &URL_SAFE_NO_PAD.encode(&bytes)),
                None,
                "byte {i}"
            );
            bytes[i] ^= 1;
        }
        assert_eq!(verify(KEY, &URL_SAFE_NO_PAD.encode(&bytes)), Some((7, 1)));
    }
}
