//! Login, logout and who is logged in.

use portal_core::api::{Me, OtpLogin, OtpRequest, OtpSent, SessionInfo};

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

/// `GET /session`: who the session belongs to, `None` when nobody is logged in (an answer,
/// not an error: the login page asks too, and the browser logs nothing), and the demo accounts
/// in demo mode.
pub async fn session() -> Result<SessionInfo, ApiFailure> {
    client::get("/session").await
}
