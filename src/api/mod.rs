//! The REST API, one typed async fn per endpoint. Views never build URLs or parse JSON.

mod auth;
pub mod claims;
mod client;
mod complaints;
pub mod notify;
mod policies;
pub mod surveys;
pub mod tus;

pub use auth::{log_in, log_out, request_code, session};
pub use client::set_language;
pub use complaints::{
    InboxNotice, act, channels, complaint, complaints, file_complaint, inbox, prefill, read_all,
    read_notice, unread, upload,
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

impl std::fmt::Display for ApiFailure {
    /// For logs only: screens show [`crate::i18n::I18n::failure`] in the person's language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiFailure::Problem(problem) => write!(f, "problem {:?}", problem.code),
            ApiFailure::Network => f.write_str("network failure"),
            ApiFailure::UnexpectedStatus(status) => write!(f, "unexpected answer {status}"),
        }
    }
}

/// So a view can return `Result<_, ApiFailure>` and an `ErrorBoundary` catches the failure.
impl std::error::Error for ApiFailure {}

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
