// Starts the web app. An external module rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts.
const script = document.querySelector("script[data-wasm]");
const bindings = await import(script.dataset.js);
await bindings.default({ module_or_path: script.dataset.wasm });
