//! The API over HTTP: every test starts the real app on its own port and a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod calendar;
mod channels;
mod claim_uploads;
mod claims;
mod complaints;
mod email;
mod errors;
mod fakes;
mod health;
mod helpers;
mod inbox;
mod kpis;
mod live;
mod policies;
mod return_visits;
mod sessions;
mod sms;
mod staff;
mod staff_claims;
mod static_files;
mod surveys;
mod tus;
mod uploads;
mod wechat;
