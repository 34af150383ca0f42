// Starts the web app. An external module rather than an inline script, so the
// Content-Security-Policy can forbid inline scripts. `cargo xtask build-web` writes the
// content-hashed paths of the app's JS and wasm into index.html's data-js and data-wasm.
const script = document.querySelector("script[data-wasm]");
const bindings = await import(script.dataset.js);
await bindings.default({ module_or_path: script.dataset.wasm });
