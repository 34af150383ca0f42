//! The web app: files from the dist directory with SPA fallback, precompressed siblings, and
//! cache rules that let hashed assets live for ever while the entry page never goes stale.
//!
//! The app is one single-page app with one entry page, `index.html`: every client route
//! (`/claims/3`, `/complaints/7/receipt`, `/inbox`) gets it, and the app's router shows the screen.
//! A missing file (a path whose last segment has an extension) is a plain 404 instead, so a stale
//! chunk fails as a missing file and not as HTML where wasm was expected.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::state::AppState;

const NO_CACHE: &str = "no-cache";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The build's content-hashed directory is `pkg-` and this many lowercase hex digits.
const PKG_HASH_LEN: usize = 16;

/// The built web app, as found at start.
#[derive(Debug, Clone)]
pub struct WebApp {
    dist_dir: PathBuf,
    /// `index.html`, if the app is built.
    index: Option<EntryPage>,
}

/// The entry page, read once.
#[derive(Debug, Clone)]
struct EntryPage {
    html: Vec<u8>,
    br: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    script_hashes: Vec<String>,
}

impl WebApp {
    /// Loads the entry page (`index.html`, with its `.br`/`.gz` siblings) from the dist
    /// directory, if built.
    pub fn load(dist_dir: &Path) -> WebApp {
        let index = EntryPage::load(dist_dir, "index.html");
        if index.is_none() {
            tracing::warn!(dist = %dist_dir.display(), "no web app built: run `cargo xtask run`");
        }
        WebApp {
            dist_dir: dist_dir.to_owned(),
            index,
        }
    }

    /// The Content-Security-Policy, allowing exactly the inline scripts of the entry page.
    pub fn content_security_policy(&self) -> String {
        let hashes: String = self
            .index
            .iter()
            .flat_map(|page| &page.script_hashes)
            .map(|h| format!(" 'sha256-{h}'"))
            .collect();
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; \
             base-uri 'self'; form-action 'self'"
        )
    }
}

/// Base64 SHA-256 of the content of each `<script>` without a `src`, as CSP wants them.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + "<script".len()..];
        let Some(tag_end) = rest.find('>') else { break };
        let attributes = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        let content = &rest[..close];
        rest = &rest[close..];
        if !attributes.contains("src=") && !content.is_empty() {
            hashes.push(STANDARD.encode(Sha256::digest(content.as_bytes())));
        }
    }
    hashes
}

/// Every request that no API route took: a static file, a 404 for a missing one, or the entry
/// page for a client route.
pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::NotFound.into_response();
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let web = &state.web;
    let Some(index) = &web.index else {
        return not_built();
    };
    // Every file of dist/ has an extension; any other path is a client route, which gets the
    // app's page without a look at the disk.
    if path == "/index.html" || !has_extension(path) {
        return index.respond(request.headers());
    }
    let is_hashed = is_hashed_asset(path);
    let files = ServeDir::new(&web.dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false);
    match files.oneshot(request).await {
        Ok(response) if response.status().is_success() || response.status().is_redirection() => {
            let mut response = response.map(Body::new);
            let cache = if is_hashed { IMMUTABLE } else { NO_CACHE };
            let headers = response.headers_mut();
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            headers
                .entry(header::VARY)
                .or_insert(HeaderValue::from_static("accept-encoding"));
            response
        }
        _ => file_not_found(),
    }
}

impl EntryPage {
    /// `name` from the dist directory, with its precompressed siblings; `None` if unreadable.
    fn load(dist_dir: &Path, name: &str) -> Option<EntryPage> {
        let html = std::fs::read(dist_dir.join(name)).ok()?;
        Some(EntryPage {
            script_hashes: inline_script_hashes(&String::from_utf8_lossy(&html)),
            br: std::fs::read(dist_dir.join(format!("{name}.br"))).ok(),
            gzip: std::fs::read(dist_dir.join(format!("{name}.gz"))).ok(),
            html,
        })
    }

    fn respond(&self, request: &HeaderMap) -> Response {
        let accepted = request
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (body, encoding) = match (&self.br, &self.gzip) {
            (Some(br), _) if accepts(accepted, "br") => (br.clone(), Some("br")),
            (_, Some(gz)) if accepts(accepted, "gzip") => (gz.clone(), Some("gzip")),
            _ => (self.html.clone(), None),
        };
        let mut response = (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, NO_CACHE),
                (header::VARY, "accept-encoding"),
            ],
            body,
        )
            .into_response();
        if let Some(encoding) = encoding {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

fn accepts(accept_encoding: &str, encoding: &str) -> bool {
    accept_encoding.split(',').any(|part| {
        let mut pieces = part.split(';');
        let name = pieces.next().unwrap_or("").trim();
        let refused = pieces.any(|p| {
            let p = p.trim().replace(' ', "");
            p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
        });
        name.eq_ignore_ascii_case(encoding) && !refused
    })
}

/// Whether `path` is under the build's content-hashed directory, `/pkg-<16 lowercase hex>/…`:
/// a new build writes a new directory, so whatever is in one never changes.
pub fn is_hashed_asset(path: &str) -> bool {
    let Some((dir, rest)) = path.trim_start_matches('/').split_once('/') else {
        return false;
    };
    let is_hash = |hash: &str| {
        hash.len() == PKG_HASH_LEN && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    };
    !rest.is_empty() && dir.strip_prefix("pkg-").is_some_and(is_hash)
}

/// Whether the last segment of `path` has an extension (`chunk_3.wasm`, `x.js`): it names a file,
/// not a client route.
pub fn has_extension(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.rsplit_once('.')
        .is_some_and(|(stem, extension)| !stem.is_empty() && !extension.is_empty())
}

/// A missing file: a plain 404, never the entry page.
fn file_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        "not found",
    )
        .into_response()
}

fn not_built() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, NO_CACHE),
        ],
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Portal</title>\
         <h1>The web app is not built</h1>\
         <p>Run <code>cargo xtask run</code> to build it and start the server. \
         The API is up under <a href=\"/api/v1/health\">/api/v1</a>.</p></html>",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_under_a_pkg_hash_directory_is_hashed() {
        assert!(is_hashed_asset("/pkg-1f2e3d4c5b6a7980/portal-web_bg.wasm"));
        assert!(is_hashed_asset("/pkg-1f2e3d4c5b6a7980/__wasm_split.js"));
        assert!(is_hashed_asset("/pkg-1f2e3d4c5b6a7980/chunk_4_lazy.wasm"));
        assert!(is_hashed_asset("/pkg-1f2e3d4c5b6a7980/main.css"));
        assert!(is_hashed_asset(
            "/pkg-1f2e3d4c5b6a7980/snippets/x/inline0.js"
        ));
    }

    #[test]
    fn the_entry_page_and_unhashed_files_are_not_hashed() {
        for path in [
            "/",
            "/index.html",
            "/boot.js",
            "/favicon.svg",
            "/manifest.webmanifest",
            // Not a pkg directory: too short, too long, upper case, not hex, or the directory itself.
            "/pkg-1f2e3d4c5b6a798/main.css",
            "/pkg-1f2e3d4c5b6a79801/main.css",
            "/pkg-1F2E3D4C5B6A7980/main.css",
            "/pkg-1f2e3d4c5b6a798g/main.css",
            "/pkg-1f2e3d4c5b6a7980",
            "/pkg-1f2e3d4c5b6a7980/",
            "/assets/pkg-1f2e3d4c5b6a7980/main.css",
            // The old Trunk names are no longer trusted.
            "/portal-web-1f2e3d4c5b6a7980_bg.wasm",
        ] {
            assert!(!is_hashed_asset(path), "{path}");
        }
    }

    #[test]
    fn a_last_segment_with_an_extension_names_a_file() {
        for path in [
            "/x.js",
            "/foo.css",
            "/pkg-0123456789abcdef/chunk_3.wasm",
            "/a/b.tar.gz",
        ] {
            assert!(has_extension(path), "{path}");
        }
        for path in [
            "/",
            "/claims/3",
            "/complaints/7/receipt",
            "/inbox",
            "/pkg-0123456789abcdef/",
            "/.well-known",
            "/v1.2/claims",
        ] {
            assert!(!has_extension(path), "{path}");
        }
    }

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">alert(1)</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        assert_eq!(hashes[0], STANDARD.encode(Sha256::digest(b"alert(1)")));
    }

    #[test]
    fn accept_encoding_respects_q_zero() {
        assert!(accepts("gzip, br", "br"));
        assert!(!accepts("gzip, br;q=0", "br"));
        assert!(!accepts("gzip", "br"));
    }
}
