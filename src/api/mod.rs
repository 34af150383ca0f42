//! The REST API, one typed async fn per endpoint. Views never build URLs or parse JSON.

mod auth;
pub mod claims;
mod client;
mod complaints;
mod policies;
pub mod tus;

pub use auth::{demo_accounts, log_in, log_out, me, request_code};
pub use client::set_language;
pub use complaints::{
    act, channels, complaint, complaints, file_complaint, inbox, prefill, read_all, read_notice,
    unread, upload,
};
pub use policies::{policies, policy};

use portal_core::api::{ErrorCode, Problem};

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with a problem (`application/problem+json`).
    Problem(Problem),
    /// The server could not be reached (offline, DNS, connection reset).
    Network,
    /// The server answered, but not with the expected body or a problem.
    UnexpectedStatus(u16),
}

impl ApiFailure {
    /// The problem's stable code, if the server sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiFailure::Problem(problem) => Some(problem.code),
            _ => None,
        }
    }

    /// The session is missing or has ended.
    pub fn is_unauthenticated(&self) -> bool {
        self.code() == Some(ErrorCode::Unauthenticated)
    }

    /// The record does not exist, or is not the caller's.
    pub fn is_not_found(&self) -> bool {
        self.code() == Some(ErrorCode::NotFound)
    }
}
