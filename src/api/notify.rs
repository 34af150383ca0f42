//! Live notices and how the person hears of their cases.

use portal_core::Lang;
use portal_core::api::Page;
use portal_core::notify::{
    EmailConfirmation, EmailConfirmed, NewEmail, NotificationChoices, NotificationSettings,
};
use serde::Deserialize;

use super::{ApiFailure, client};

/// One new notice (`InboxEvent` on the server): only what the pages need to know that it came
/// (the inbox reloads its list), so every screen that follows notices does not carry the
/// decoding of a whole notice.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Arrival {
    /// Which notice, about which case.
    pub notice: ArrivedNotice,
    /// The person's unread count after it.
    pub unread: u32,
}

/// The head of a new notice.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ArrivedNotice {
    /// The notice's id.
    pub id: i64,
    /// `complaint` or `claim`.
    pub case_kind: String,
    /// The case's id.
    pub case_id: i64,
}

/// `?lang=…&after=…`: the query of the stream and of the polling route alike.
fn events_query(after: Option<i64>, lang: Lang) -> String {
    match after {
        Some(after) => format!("?lang={}&after={after}", lang.tag()),
        None => format!("?lang={}", lang.tag()),
    }
}

/// The event stream's address: notices after `after` (if known), titled in `lang`.
pub fn stream_url(after: Option<i64>, lang: Lang) -> String {
    format!(
        "{}/inbox/stream{}",
        portal_core::api::API_PREFIX,
        events_query(after, lang)
    )
}

/// `GET /inbox/events?after=`: the notices after `after` (none and the newest id without it);
/// `next_cursor` is where the next poll starts.
pub async fn inbox_events(after: Option<i64>, lang: Lang) -> Result<Page<Arrival>, ApiFailure> {
    client::get(&format!("/inbox/events{}", events_query(after, lang))).await
}

/// `GET /me/notifications`.
pub async fn notification_settings() -> Result<NotificationSettings, ApiFailure> {
    client::get("/me/notifications").await
}

/// `PUT /me/notifications`: the channels chosen for notices that are not required.
pub async fn save_choices(
    choices: NotificationChoices,
) -> Result<NotificationSettings, ApiFailure> {
    client::put("/me/notifications", &choices).await
}

/// `PUT /me/email`: an address to confirm (a link is sent to it).
pub async fn set_email(email: String) -> Result<NotificationSettings, ApiFailure> {
    client::put("/me/email", &NewEmail { email }).await
}

/// `POST /me/email/confirm`: the link of the confirmation message was opened (no session needed).
pub async fn confirm_email(token: String) -> Result<EmailConfirmed, ApiFailure> {
    client::post("/me/email/confirm", &EmailConfirmation { token }).await
}
