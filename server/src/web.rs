//! The web app: files from the dist directory with SPA fallback, precompressed siblings, and
//! cache rules that let hashed assets live for ever while the entry pages never go stale.
//!
//! The app is split into entry apps, one html page each (`index.html`, `complaints.html`, …).
//! A client route gets the entry page that shows it (`portal_core::entry`): `/complaints/7` and
//! `/inbox` get `complaints.html`
//! when it exists, anything else `index.html`.

use std::collections::HashMap;
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

/// The built web app, as found at start.
#[derive(Debug, Clone)]
pub struct WebApp {
    dist_dir: PathBuf,
    index: Option<EntryPage>,
    /// The other entry pages, by name without `.html` (`complaints`).
    sections: HashMap<String, EntryPage>,
}

/// One entry page, read once.
#[derive(Debug, Clone)]
struct EntryPage {
    html: Vec<u8>,
    br: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    script_hashes: Vec<String>,
}

impl WebApp {
    /// Loads every entry page (each top-level `*.html`, with its `.br`/`.gz` siblings) from the
    /// dist directory, if built.
    pub fn load(dist_dir: &Path) -> WebApp {
        let mut sections = HashMap::new();
        let listing = std::fs::read_dir(dist_dir).into_iter().flatten().flatten();
        for item in listing {
            let Ok(name) = item.file_name().into_string() else {
                continue;
            };
            if let Some(stem) = name.strip_suffix(".html")
                && let Some(page) = EntryPage::load(dist_dir, &name)
            {
                sections.insert(stem.to_owned(), page);
            }
        }
        let index = sections.remove("index");
        if index.is_none() {
            tracing::warn!(dist = %dist_dir.display(), "no web app built: run `cargo xtask run`");
        }
        WebApp {
            dist_dir: dist_dir.to_owned(),
            index,
            sections,
        }
    }

    /// The Content-Security-Policy, allowing exactly the inline scripts of the entry pages.
    pub fn content_security_policy(&self) -> String {
        let mut hashes: Vec<&String> = self
            .index
            .iter()
            .chain(self.sections.values())
            .flat_map(|page| &page.script_hashes)
            .collect();
        hashes.sort();
        hashes.dedup();
        let hashes: String = hashes.iter().map(|h| format!(" 'sha256-{h}'")).collect();
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

/// Every request that no API route took: static files, or an entry page for client routes.
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
    if path == "/" || path == "/index.html" {
        return index.respond(request.headers());
    }
    // A client route gets the entry page that shows it (portal-core's table), else index.html.
    let entry = web
        .sections
        .get(portal_core::entry::entry_page(path))
        .unwrap_or(index);
    let accepts = request.headers().clone();
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
        _ => entry.respond(&accepts),
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

/// Trunk's hashed names: `portal-web-<hash>.js`, `portal-web-<hash>_bg.wasm`, `style-<hash>.css`.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
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
    fn trunk_names_are_recognised_as_hashed() {
        assert!(is_hashed_asset("/portal-web-1f2e3d4c5b6a7980.js"));
        assert!(is_hashed_asset("/portal-web-1f2e3d4c5b6a7980_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/favicon.ico"));
        assert!(!is_hashed_asset("/manifest.json"));
        assert!(!is_hashed_asset("/site-icon.png"));
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
