//! Every path the app links to or goes to, built in one place: views never build a URL.

use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate};
use portal_core::api::API_PREFIX;

/// The start: the policies when logged in, else the login page.
pub const HOME: &str = "/";
/// The policies list.
pub const POLICIES: &str = "/policies";
/// The login page.
pub const LOGIN: &str = "/login";
/// The published complaint channels.
pub const CHANNELS: &str = "/channels";
/// My complaints.
pub const COMPLAINTS: &str = "/complaints";
/// The complaint form.
pub const NEW_COMPLAINT: &str = "/complaints/new";
/// My claims.
pub const CLAIMS: &str = "/claims";
/// The claim report form.
pub const NEW_CLAIM: &str = "/claims/new";
/// The inbox of progress notices.
pub const INBOX: &str = "/inbox";
/// The person's satisfaction surveys (each at `/surveys/{id}`). A survey is also answered
/// without logging in at `/s/{token}`, the signed link a message carries: the server writes that
/// path (`StaffSurvey::link`), the app never links to it.
pub const SURVEYS: &str = "/surveys";

/// How the person hears of their cases (the confirmation link of a new email address is
/// `/settings/email/{token}`: the server writes it, the app never links to it).
pub const SETTINGS: &str = "/settings";
/// Where the link of an email confirmation leads (`/settings/email/{token}`).
pub const EMAIL_CONFIRMATION: &str = "/settings/email/";

/// One complaint's case page.
pub fn complaint(id: i64) -> String {
    format!("{COMPLAINTS}/{id}")
}

/// The receipt of a complaint just filed.
pub fn receipt(id: i64) -> String {
    format!("{COMPLAINTS}/{id}/receipt")
}

/// One claim's page.
pub fn claim(id: i64) -> String {
    format!("{CLAIMS}/{id}")
}

/// The receipt of a claim just reported.
pub fn claim_receipt(id: i64) -> String {
    format!("{CLAIMS}/{id}/receipt")
}

/// The page of a notice's case, by the notice's `case_kind` (`claim`; anything else is a
/// complaint, the only other kind of case).
pub fn case(kind: &str, id: i64) -> String {
    match kind {
        "claim" => claim(id),
        _ => complaint(id),
    }
}

/// One of the person's satisfaction surveys, logged in.
pub fn survey(id: i64) -> String {
    format!("{SURVEYS}/{id}")
}

/// One policy's page.
pub fn policy(id: i64) -> String {
    format!("{POLICIES}/{id}")
}

/// A claim document's file, read with the session cookie (where a signed link cannot be had).
pub fn document_file(claim: i64, document: &str) -> String {
    let mut path = format!("{API_PREFIX}/claims/{claim}/documents/");
    percent_encode(&mut path, document, b"-._~");
    path.push_str("/file");
    path
}

/// Calls a phone number.
pub fn tel(number: &str) -> String {
    format!("tel:{number}")
}

/// Writes an email.
pub fn mailto(address: &str) -> String {
    format!("mailto:{address}")
}

/// The login page, coming back to `next` afterwards.
pub fn login_then(next: &str) -> String {
    let mut path = String::from("/login?next=");
    percent_encode(&mut path, next, b"-._~/");
    path
}

/// Appends `text` with every byte but ASCII letters, digits and `keep` percent-encoded.
fn percent_encode(out: &mut String, text: &str, keep: &[u8]) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// Where to go after logging in: `next` if it is a path of this app, else the policies list.
/// Refusing `//host` and `/\host` keeps the login page from sending anyone to another site.
pub fn after_login(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.starts_with(LOGIN) =>
        {
            next.to_owned()
        }
        _ => POLICIES.to_owned(),
    }
}

/// Replaces the current screen by `path`: Back then skips the screen that redirected.
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    let navigate = use_navigate();
    navigate(
        &path,
        NavigateOptions {
            replace: true,
            ..NavigateOptions::default()
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_after_login_is_kept_in_the_query() {
        assert_eq!(login_then("/policies/3"), "/login?next=/policies/3");
        assert_eq!(login_then("/a?b=c&d"), "/login?next=/a%3Fb%3Dc%26d");
    }

    #[test]
    fn only_paths_of_this_app_are_followed_after_login() {
        assert_eq!(after_login(Some("/policies/7")), "/policies/7");
        assert_eq!(after_login(Some("/claims/3")), "/claims/3");
        for next in [
            None,
            Some(""),
            Some("https://evil.example"),
            Some("//evil.example"),
            Some("/\\evil.example"),
            Some("/login"),
        ] {
            assert_eq!(after_login(next), "/policies", "{next:?}");
        }
    }

    #[test]
    fn case_paths_name_their_section() {
        assert_eq!(complaint(7), "/complaints/7");
        assert_eq!(receipt(7), "/complaints/7/receipt");
        assert_eq!(claim(3), "/claims/3");
        assert_eq!(claim_receipt(3), "/claims/3/receipt");
        assert_eq!(policy(2), "/policies/2");
        assert_eq!(case("claim", 3), "/claims/3");
        assert_eq!(case("complaint", 7), "/complaints/7");
        assert_eq!(survey(12), "/surveys/12");
    }

    #[test]
    fn a_document_id_is_one_segment_of_its_file_path() {
        assert_eq!(
            document_file(3, "a/b c"),
            "/api/v1/claims/3/documents/a%2Fb%20c/file"
        );
        assert_eq!(tel("12378"), "tel:12378");
        assert_eq!(mailto("a@b.cn"), "mailto:a@b.cn");
    }
}
