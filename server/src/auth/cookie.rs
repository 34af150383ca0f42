//! The `portal_session` cookie: set on login, removed on logout or when it is dead.

use axum::http::{HeaderMap, HeaderValue, header};
use portal_core::api::SESSION_COOKIE;

use crate::config::CookieSecure;

/// The absolute lifetime of a session, also the cookie's `Max-Age`.
pub const SESSION_MAX_AGE_SECS: i64 = 7 * 24 * 60 * 60;

/// The `Set-Cookie` value that stores a new session token.
pub fn session(token: &str, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_MAX_AGE_SECS}{secure}"
    );
    // The token is base64url, so the value is always a valid header.
    HeaderValue::from_str(&value).unwrap_or_else(|_| removal())
}

/// The `Set-Cookie` value that makes the browser forget the session.
pub fn removal() -> HeaderValue {
    HeaderValue::from_static("portal_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// The session token of a request, if it sent one.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
}

/// Whether to mark the cookie `Secure` for this request.
pub fn secure_for(rule: CookieSecure, headers: &HeaderMap) -> bool {
    match rule {
        CookieSecure::Always => true,
        CookieSecure::Never => false,
        CookieSecure::Auto => came_over_https(headers),
    }
}

fn came_over_https(headers: &HeaderMap) -> bool {
    let forwarded_proto = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"));
    let forwarded = headers
        .get(header::FORWARDED)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("proto=https"));
    forwarded_proto || forwarded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_token_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; portal_session=abc; b=2"),
        );
        assert_eq!(session_token(&headers), Some("abc"));
    }

    #[test]
    fn the_cookie_is_secure_behind_an_https_proxy() {
        let mut headers = HeaderMap::new();
        assert!(!secure_for(CookieSecure::Auto, &headers));
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        assert!(secure_for(CookieSecure::Auto, &headers));
        assert!(!secure_for(CookieSecure::Never, &headers));
    }
}
