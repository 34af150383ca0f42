//! The policyholder portal's web app (Leptos, client-side rendered): one router, its screens
//! split into wasm chunks by route (see `app`).

// The browser unit tests (`browser_tests`) leave the router out: its lazy routes import their code
// from a placeholder module that only `cargo xtask build-web` links, and the test page could not
// load with it. What only the router uses then goes unused in that one build.
#![cfg_attr(all(test, target_arch = "wasm32"), allow(dead_code, unused_imports))]

mod api;
#[cfg(not(all(test, target_arch = "wasm32")))]
pub mod app;
#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
mod components;
mod i18n;
mod live;
mod pages;
mod paths;
mod session;
mod storage;
mod unread;
