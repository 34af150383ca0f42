//! The policyholder portal's web app (Leptos, client-side rendered, built by Trunk): a library
//! of screens and the entry apps (`apps`) that the binaries mount, one wasm per html entry.

mod api;
pub mod apps;
mod components;
mod entry;
mod html;
mod i18n;
mod pages;
mod paths;
mod remote;
mod session;
mod storage;
mod unread;
