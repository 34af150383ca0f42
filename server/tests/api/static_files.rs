use std::path::Path;

use base64::Engine;
use sha2::Digest;

use crate::helpers::{TestApp, spawn, spawn_with_dist};

/// The build's content-hashed directory.
const PKG: &str = "/pkg-1f2e3d4c5b6a7980";
const INLINE_SCRIPT: &str = "import init from '/pkg-1f2e3d4c5b6a7980/portal-web.js'; init();";
const ASSET_JS: &str = "console.log('the app');";
const ASSET_BR: &[u8] = b"pretend-brotli-bytes";
/// The first bytes of every wasm module.
const WASM: &[u8] = b"\0asm\x01\0\0\0";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn write_dist(dist: &Path) {
    let index = format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"{PKG}/main.css\">\
         <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
    );
    std::fs::write(dist.join("index.html"), index).unwrap();
    std::fs::write(dist.join("boot.js"), "// the loader").unwrap();
    std::fs::write(dist.join("manifest.webmanifest"), "{}").unwrap();
    let pkg = dist.join(PKG.trim_start_matches('/'));
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("portal-web.js"), ASSET_JS).unwrap();
    std::fs::write(pkg.join("portal-web.js.br"), ASSET_BR).unwrap();
    std::fs::write(pkg.join("portal-web_bg.wasm"), WASM).unwrap();
    std::fs::write(pkg.join("chunk_4_lazy.wasm"), WASM).unwrap();
    std::fs::write(pkg.join("main.css"), "body{}").unwrap();
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
async fn deep_links_get_the_one_entry_page() {
    let app = spawn_with_dist(write_dist).await;
    for path in [
        "/claims/3",
        "/complaints/7",
        "/complaints/7/receipt",
        "/complaints/new?draft=1",
        "/inbox",
        "/channels",
        "/login?next=/complaints/7",
        "/pkg-1f2e3d4c5b6a7980/",
    ] {
        let body = entry_page(&app, path).await;
        assert!(body.contains(INLINE_SCRIPT), "{path}: {body}");
    }
}

#[tokio::test]
async fn a_missing_file_is_a_plain_404_and_not_the_entry_page() {
    let app = spawn_with_dist(write_dist).await;
    for path in [
        "/pkg-0123456789abcdef/nothing.wasm",
        "/pkg-1f2e3d4c5b6a7980/chunk_3.wasm",
        "/x.js",
        "/foo.css",
        "/complaints.html",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let content_type = response.headers()["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/plain"),
            "{path}: {content_type}"
        );
        assert!(
            !response.text().await.unwrap().contains(INLINE_SCRIPT),
            "{path}"
        );
    }
}

#[tokio::test]
async fn wasm_in_the_pkg_directory_is_application_wasm_and_cached_for_ever() {
    let app = spawn_with_dist(write_dist).await;
    for name in ["portal-web_bg.wasm", "chunk_4_lazy.wasm"] {
        let response = app.get(&format!("{PKG}/{name}")).await;
        assert_eq!(response.status(), 200, "{name}");
        assert_eq!(response.headers()["content-type"], "application/wasm");
        assert_eq!(response.headers()["cache-control"], IMMUTABLE);
        assert_eq!(response.bytes().await.unwrap().as_ref(), WASM);
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_ever_and_others_revalidated() {
    let app = spawn_with_dist(write_dist).await;
    let response = app.get(&format!("{PKG}/main.css")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], IMMUTABLE);
    for path in ["/boot.js", "/manifest.webmanifest"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = spawn_with_dist(write_dist).await;
    for (path, content_type) in [
        ("/complaints/7", "text/html; charset=utf-8"),
        (
            "/pkg-1f2e3d4c5b6a7980/portal-web_bg.wasm",
            "application/wasm",
        ),
    ] {
        let response = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], content_type, "{path}");
        assert!(response.bytes().await.unwrap().is_empty(), "{path}");
    }
}

#[tokio::test]
async fn the_brotli_sibling_is_served_to_clients_that_accept_it() {
    let app = spawn_with_dist(write_dist).await;
    let response = app
        .client
        .get(app.url(&format!("{PKG}/portal-web.js")))
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
        .get(app.url(&format!("{PKG}/portal-web.js")))
        .header("accept-encoding", "identity")
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), ASSET_JS);
}

/// Whatever a browser may show as a page (the app's HTML, the API's JSON and problems, a file
/// outside the hashed build directory such as boot.js or an SVG) carries every security header.
#[tokio::test]
async fn security_headers_are_on_every_response_that_can_be_a_page() {
    let app = spawn_with_dist(write_dist).await;
    let hash = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(INLINE_SCRIPT.as_bytes()));
    for path in [
        "/",
        "/claims/3",
        "/api/v1/health",
        "/api/v1/nothing",
        "/boot.js",
        "/manifest.webmanifest",
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

/// The build's hashed wasm, JavaScript and CSS are never pages: only `nosniff`, and none of the
/// document headers or the validators an immutable file does not need.
#[tokio::test]
async fn hashed_code_and_styles_carry_only_nosniff() {
    let app = spawn_with_dist(write_dist).await;
    for path in [
        "/pkg-1f2e3d4c5b6a7980/main.css",
        "/pkg-1f2e3d4c5b6a7980/portal-web.js",
        "/pkg-1f2e3d4c5b6a7980/portal-web_bg.wasm",
        "/pkg-1f2e3d4c5b6a7980/chunk_4_lazy.wasm",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        for absent in [
            "content-security-policy",
            "x-frame-options",
            "referrer-policy",
            "last-modified",
            "accept-ranges",
        ] {
            assert!(headers.get(absent).is_none(), "{path}: {absent}");
        }
        assert!(
            headers["cache-control"]
                .to_str()
                .unwrap()
                .contains("immutable"),
            "{path}"
        );
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
