//! The policyholder portal's web app (Leptos, client-side rendered, built by Trunk).

mod api;
mod app;
mod components;
mod html;
mod i18n;
mod pages;
mod paths;
mod remote;
mod session;
mod storage;
mod unread;

pub use app::App;
