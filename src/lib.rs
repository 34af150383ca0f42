//! The policyholder portal's web app (Leptos, client-side rendered, built by Trunk).

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod paths;
mod remote;
mod session;
mod storage;

pub use app::App;
