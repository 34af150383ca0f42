// Starts the web app. An external module rather than Trunk's inline loader, so the
// Content-Security-Policy can forbid inline scripts.
const script = document.querySelector("script[data-wasm]");
const { default: init } = await import(script.dataset.js);
await init({ module_or_path: script.dataset.wasm });
