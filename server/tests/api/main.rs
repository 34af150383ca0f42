//! The API over HTTP: every test starts the real app on its own port and a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod errors;
mod health;
mod helpers;
mod policies;
mod sessions;
mod static_files;
