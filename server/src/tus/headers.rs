//! The tus 1.0 request headers, parsed: `Tus-Resumable`, `Upload-Length`, `Upload-Offset`,
//! `Upload-Metadata`, `Upload-Checksum`; and the HTTP date of `Upload-Expires`.

use std::collections::BTreeMap;

use axum::http::HeaderMap;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha1::Digest;

/// The protocol version this server speaks.
pub const TUS_VERSION: &str = "1.0.0";
/// The extensions this server offers.
pub const TUS_EXTENSIONS: &str = "creation,creation-with-upload,termination,expiration,checksum";
/// The checksum algorithms `Upload-Checksum` may name.
pub const CHECKSUM_ALGORITHMS: &str = "sha1,sha256";
/// The media type of a PATCH body.
pub const OFFSET_OCTET_STREAM: &str = "application/offset+octet-stream";

/// The most metadata pairs kept, and the longest value.
const METADATA_MAX_PAIRS: usize = 32;
const METADATA_MAX_VALUE: usize = 1024;

/// A header whose value is not what tus says it must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed;

/// The value of a header as text, if present and printable.
pub fn text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// Whether the client speaks our version.
pub fn speaks_tus(headers: &HeaderMap) -> bool {
    text(headers, "tus-resumable") == Some(TUS_VERSION)
}

/// A non-negative integer header (`Upload-Length`, `Upload-Offset`): `None` if absent,
/// `Some(Err)` if not a number.
pub fn number(headers: &HeaderMap, name: &str) -> Option<Result<u64, ()>> {
    text(headers, name).map(|v| {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            Err(())
        } else {
            v.parse::<u64>().map_err(|_| ())
        }
    })
}

/// `Upload-Metadata`: comma-separated `key base64(value)` pairs; a key may come without a value.
/// Keys are unique ASCII without spaces or commas; values must be UTF-8.
pub fn metadata(raw: Option<&str>) -> Result<BTreeMap<String, String>, Malformed> {
    let mut pairs = BTreeMap::new();
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(pairs);
    };
    for pair in raw.split(',') {
        let mut words = pair.trim().split(' ').filter(|w| !w.is_empty());
        let key = words.next().ok_or(Malformed)?;
        let value = match words.next() {
            None => String::new(),
            Some(encoded) => {
                let bytes = STANDARD.decode(encoded).map_err(|_| Malformed)?;
                String::from_utf8(bytes).map_err(|_| Malformed)?
            }
        };
        if words.next().is_some()
            || !key.bytes().all(|b| b.is_ascii_graphic())
            || value.chars().count() > METADATA_MAX_VALUE
            || pairs.insert(key.to_owned(), value).is_some()
            || pairs.len() > METADATA_MAX_PAIRS
        {
            return Err(Malformed);
        }
    }
    Ok(pairs)
}

/// A checksum the client sent for one PATCH body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checksum {
    /// SHA-1 and the expected digest.
    Sha1(Vec<u8>),
    /// SHA-256 and the expected digest.
    Sha256(Vec<u8>),
}

/// Why an `Upload-Checksum` header cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecksumError {
    /// Not `algorithm base64`.
    Malformed,
    /// An algorithm we do not offer.
    Unsupported,
}

/// `Upload-Checksum: <algorithm> <base64 digest>`, if sent.
pub fn checksum(headers: &HeaderMap) -> Result<Option<Checksum>, ChecksumError> {
    let Some(raw) = text(headers, "upload-checksum") else {
        return Ok(None);
    };
    let (algorithm, encoded) = raw.split_once(' ').ok_or(ChecksumError::Malformed)?;
    let digest = STANDARD
        .decode(encoded.trim())
        .map_err(|_| ChecksumError::Malformed)?;
    match algorithm.to_ascii_lowercase().as_str() {
        "sha1" if digest.len() == 20 => Ok(Some(Checksum::Sha1(digest))),
        "sha256" if digest.len() == 32 => Ok(Some(Checksum::Sha256(digest))),
        "sha1" | "sha256" => Err(ChecksumError::Malformed),
        _ => Err(ChecksumError::Unsupported),
    }
}

/// The running digest of one PATCH body, to compare with the client's [`Checksum`].
pub enum BodyDigest {
    /// SHA-1.
    Sha1(sha1::Sha1, Vec<u8>),
    /// SHA-256.
    Sha256(sha2::Sha256, Vec<u8>),
}

impl BodyDigest {
    /// Starts the digest the checksum names.
    pub fn new(checksum: Checksum) -> BodyDigest {
        match checksum {
            Checksum::Sha1(expected) => BodyDigest::Sha1(sha1::Sha1::new(), expected),
            Checksum::Sha256(expected) => BodyDigest::Sha256(sha2::Sha256::new(), expected),
        }
    }

    /// Hashes more of the body.
    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            BodyDigest::Sha1(hasher, _) => hasher.update(bytes),
            BodyDigest::Sha256(hasher, _) => hasher.update(bytes),
        }
    }

    /// Whether the body had the digest the client announced.
    pub fn matches(self) -> bool {
        match self {
            BodyDigest::Sha1(hasher, expected) => hasher.finalize().as_slice() == expected,
            BodyDigest::Sha256(hasher, expected) => hasher.finalize().as_slice() == expected,
        }
    }
}

/// An HTTP date (RFC 9110 IMF-fixdate) of unix seconds, for `Upload-Expires`.
pub fn http_date(unix_seconds: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn metadata_pairs_are_decoded_and_a_key_may_stand_alone() {
        let pairs = metadata(Some(
            "filename 5Y+R56WoLmpwZw==,filetype aW1hZ2UvanBlZw==, is_confidential",
        ));
        let pairs = pairs.unwrap_or_default();
        assert_eq!(pairs.get("filename").map(String::as_str), Some("发票.jpg"));
        assert_eq!(
            pairs.get("filetype").map(String::as_str),
            Some("image/jpeg")
        );
        assert_eq!(pairs.get("is_confidential").map(String::as_str), Some(""));
        assert_eq!(metadata(None), Ok(BTreeMap::new()));
    }

    #[test]
    fn malformed_metadata_is_refused() {
        assert!(metadata(Some("filename not*base64")).is_err());
        assert!(metadata(Some("a YQ==,a Yg==")).is_err());
        assert!(metadata(Some("a YQ== extra")).is_err());
        assert!(metadata(Some("bad /w==")).is_err());
    }

    #[test]
    fn checksums_name_a_known_algorithm_and_a_digest_of_its_size() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "upload-checksum",
            HeaderValue::from_static("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0="),
        );
        assert!(matches!(checksum(&headers), Ok(Some(Checksum::Sha1(_)))));
        headers.insert(
            "upload-checksum",
            HeaderValue::from_static("md5 Kq5sNclPz7QV2+lfQIuc6R7oRu0="),
        );
        assert_eq!(checksum(&headers), Err(ChecksumError::Unsupported));
        headers.insert(
            "upload-checksum",
            HeaderValue::from_static("sha256 Kq5sNclPz7QV2+lfQIuc6R7oRu0="),
        );
        assert_eq!(checksum(&headers), Err(ChecksumError::Malformed));
    }

    #[test]
    fn numbers_are_plain_digits() {
        let mut headers = HeaderMap::new();
        headers.insert("upload-offset", HeaderValue::from_static("42"));
        assert_eq!(number(&headers, "upload-offset"), Some(Ok(42)));
        headers.insert("upload-offset", HeaderValue::from_static("-1"));
        assert_eq!(number(&headers, "upload-offset"), Some(Err(())));
        assert_eq!(number(&headers, "upload-length"), None);
    }

    #[test]
    fn expiry_is_an_http_date() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
