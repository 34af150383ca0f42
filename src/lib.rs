//! The policyholder portal's web app (Leptos, client-side rendered): one router, its screens
//! split into wasm chunks by route (see `app`).

mod api;
pub mod app;
mod components;
mod i18n;
mod pages;
mod paths;
mod session;
mod storage;
mod unread;
