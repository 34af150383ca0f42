
// ---- Added by `cargo xtask build-web` (xtask/src/split_loader.js; see web::patch_split_loader) ----
// The splitter's loader fetches each chunk once and, if that fails, the app panics ("load callback
// should succeed: SplitLoaderError") and is dead. build-web rewrites every chunk fetch to
// __splitFetch (retries) and makes wrapAsyncCb call __splitFailed (a reload banner) before it hands
// the failure to Rust.

// Waits between the 3 attempts of a chunk download.
const __SPLIT_RETRY_DELAYS_MS = [500, 1500];

// Like the splitter's `fetch(url)`, with retries: a network error, a body cut off, 5xx, 408 and 429
// are tried again; another status (a 404: the chunk of an older build) is not, since only a reload
// helps then. The body is read whole so that a cut-off download is retried too; the chunk then
// compiles from these bytes.
async function __splitFetch(url) {
    for (let attempt = 0; ; attempt++) {
        let retry = true;
        let error;
        try {
            const response = await fetch(url);
            if (response.ok) {
                const body = await response.arrayBuffer();
                return new Response(body, { headers: { "Content-Type": "application/wasm" } });
            }
            retry = response.status >= 500 || response.status === 408 || response.status === 429;
            error = new Error(`${url}: HTTP ${response.status}`);
        } catch (e) {
            error = e;
        }
        if (!retry || attempt >= __SPLIT_RETRY_DELAYS_MS.length) {
            throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, __SPLIT_RETRY_DELAYS_MS[attempt]));
    }
}

// A chunk could not be loaded even after the retries: the app is about to panic. Tell the person,
// in the page's language, and offer a reload (which fetches the current build's files).
function __splitFailed() {
    try {
        if (document.querySelector('[data-testid="chunk-failed"]')) {
            return;
        }
        const zh = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
        const banner = document.createElement("div");
        banner.className = "chunk-failed";
        banner.setAttribute("role", "alert");
        banner.setAttribute("data-testid", "chunk-failed");
        const text = document.createElement("p");
        text.textContent = zh
            ? "网络不稳定，页面未能完整加载。"
            : "The connection dropped and the page could not finish loading.";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button-primary";
        button.textContent = zh ? "重新加载" : "Reload";
        button.addEventListener("click", () => location.reload());
        banner.append(text, button);
        document.body.append(banner);
    } catch (e) {
        console.error(e);
    }
}
