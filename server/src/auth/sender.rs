//! How one-time codes reach a phone.

use std::future::Future;
use std::pin::Pin;

use portal_core::PhoneNumber;

/// A code could not be sent.
#[derive(Debug, thiserror::Error)]
#[error("sending the code failed: {0}")]
pub struct SendError(pub String);

/// The future a sender returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send + 'a>>;

/// Sends a login code to a phone (SMS in production; the log by default).
pub trait OtpSender: Send + Sync + 'static {
    /// Sends `code` to `phone`.
    fn send<'a>(&'a self, phone: &'a PhoneNumber, code: &'a str) -> SendFuture<'a>;
}

/// Writes the code to the server log, with the number masked.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogSender;

impl OtpSender for LogSender {
    fn send<'a>(&'a self, phone: &'a PhoneNumber, code: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(phone = %phone.masked(), code, "login code (log sender)");
            Ok(())
        })
    }
}
