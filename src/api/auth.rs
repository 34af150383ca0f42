//! Login, logout and who is logged in.

use portal_core::api::{DemoAccounts, Me, OtpLogin, OtpRequest, OtpSent};

use super::{ApiFailure, client};

/// `POST /auth/otp`: sends a one-time code to the phone.
pub async fn request_code(phone: String) -> Result<OtpSent, ApiFailure> {
    client::post("/auth/otp", &OtpRequest { phone }).await
}

/// `POST /auth/login`: logs in with the code; the server sets the session cookie.
pub async fn log_in(phone: String, code: String) -> Result<Me, ApiFailure> {
    client::post("/auth/login", &OtpLogin { phone, code }).await
}

/// `POST /auth/logout`: ends the session.
pub async fn log_out() -> Result<(), ApiFailure> {
    client::post_empty("/auth/logout").await
}

/// `GET /me`: who the session belongs to (a 401 problem when nobody is logged in).
pub async fn me() -> Result<Me, ApiFailure> {
    client::get("/me").await
}

/// `GET /demo`: the demo accounts (a 404 problem unless the server runs in demo mode).
pub async fn demo_accounts() -> Result<DemoAccounts, ApiFailure> {
    client::get("/demo").await
}
