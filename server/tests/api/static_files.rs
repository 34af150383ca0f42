use std::path::Path;

use base64::Engine;
use sha2::Digest;

use crate::helpers::{TestApp, spawn, spawn_with_dist};

const INLINE_SCRIPT: &str = "import init from '/portal-web-0123456789abcdef.js'; init();";
const ASSET_JS: &str = "console.log('the app');";
const ASSET_BR: &[u8] = b"pretend-brotli-bytes";

fn write_dist(dist: &Path) {
    let index = format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\">\
         <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
    );
    std::fs::write(dist.join("index.html"), index).unwrap();
    std::fs::write(dist.join("portal-web-0123456789abcdef.js"), ASSET_JS).unwrap();
    std::fs::write(dist.join("portal-web-0123456789abcdef.js.br"), ASSET_BR).unwrap();
    std::fs::write(dist.join("style-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(dist.join("manifest.json"), "{}").unwrap();
}

/// The HTML page served at a client route, after checking that it is one and never cached.
async fn entry_page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{path}"
    );
    response.text().await.unwrap()
}

#[tokio::test]
async fn client_routes_fall_back_to_index_html_which_is_never_cached() {
    let app = spawn_with_dist(write_dist).await;
    for path in [
        "/",
        "/index.html",
        "/policies",
        "/policies/42",
        "/login?next=/policies",
    ] {
        let body = entry_page(&app, path).await;
        assert!(body.contains(INLINE_SCRIPT), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_ever_and_others_revalidated() {
    let app = spawn_with_dist(write_dist).await;
    let response = app.get("/style-0123456789abcdef.css").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let response = app.get("/manifest.json").await;
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn the_brotli_sibling_is_served_to_clients_that_accept_it() {
    let app = spawn_with_dist(write_dist).await;
    let response = app
        .client
        .get(app.url("/portal-web-0123456789abcdef.js"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "br");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript")
    );
    assert_eq!(response.bytes().await.unwrap().as_ref(), ASSET_BR);

    let plain = app
        .client
        .get(app.url("/portal-web-0123456789abcdef.js"))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), ASSET_JS);
}

#[tokio::test]
async fn security_headers_are_on_every_response() {
    let app = spawn_with_dist(write_dist).await;
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(INLINE_SCRIPT.as_bytes()));
    for path in [
        "/",
        "/api/v1/health",
        "/api/v1/nothing",
        "/style-0123456789abcdef.css",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn without_a_built_app_the_root_says_how_to_build_it_and_the_api_works() {
    let app = spawn().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains("cargo xtask run"));
    assert_eq!(app.get("/api/v1/health").await.status(), 200);
}

const COMPLAINTS_SCRIPT: &str = "import init from '/complaints-0123456789abcdef.js'; init();";

/// index.html as above, plus a complaints entry with its own inline script.
fn write_dist_with_complaints(dist: &Path) {
    write_dist(dist);
    let page = format!(
        "<!doctype html><html><head><title>complaints</title>\
         <script type=\"module\">{COMPLAINTS_SCRIPT}</script></head><body></body></html>"
    );
    std::fs::write(dist.join("complaints.html"), page).unwrap();
}

#[tokio::test]
async fn client_routes_fall_back_to_the_entry_page_that_shows_them() {
    let app = spawn_with_dist(write_dist_with_complaints).await;
    for (path, script) in [
        ("/complaints", COMPLAINTS_SCRIPT),
        ("/complaints/7", COMPLAINTS_SCRIPT),
        ("/complaints/7/receipt", COMPLAINTS_SCRIPT),
        ("/inbox", COMPLAINTS_SCRIPT),
        ("/channels", COMPLAINTS_SCRIPT),
        ("/complaints/new?draft=1", COMPLAINTS_SCRIPT),
        ("/policies/1", INLINE_SCRIPT),
        ("/login?next=/complaints/7", INLINE_SCRIPT),
        // No claims.html in this build: the portal's own page (it shows "not found").
        ("/claims/3", INLINE_SCRIPT),
        ("/complaintsx/1", INLINE_SCRIPT),
    ] {
        let body = entry_page(&app, path).await;
        assert!(body.contains(script), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_csp_allows_the_inline_scripts_of_every_entry() {
    let app = spawn_with_dist(write_dist_with_complaints).await;
    let response = app.get("/complaints/7").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for script in [INLINE_SCRIPT, COMPLAINTS_SCRIPT] {
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(script.as_bytes()));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    }
}
