//! How a policyholder hears of their cases: `GET/PUT /me/notifications` (channels for notices
//! that are not required), `PUT /me/email` (an address, confirmed by a link sent to it) and
//! `POST /me/email/confirm` (the link's page; no session needed: the token names the person).

use axum::extract::State;
use axum::http::StatusCode;
use portal_core::api::{ErrorCode, Problem};
use portal_core::notify::{
    Channel, DeliveryState, EmailAddress, EmailConfirmation, EmailConfirmed, NewEmail,
    NotificationChoices, NotificationSettings, required_by_sms_steps,
};
use portal_core::{Lang, PhoneNumber};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::complaints::{CaseError, CaseResult, Complainant};
use crate::db::{self, deliveries::NewDelivery};
use crate::error::{ApiError, Json};
use crate::lang::ReaderLang;
use crate::notify::prefs::{self, Prefs};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, choose))
        .routes(routes!(change_email))
        .routes(routes!(confirm_email))
}

/// 422 with `code` as the problem's code and on `field`.
fn refused(field: &'static str, code: ErrorCode) -> CaseError {
    ApiError::Refused { field, code }.into()
}

async fn settings_of(app: &AppState, holder: i64, lang: Lang) -> CaseResult<NotificationSettings> {
    let prefs = prefs::load(&mut *app.db.acquire().await?, holder).await?;
    let phone = db::accounts::policyholder_by_id(&app.db, holder)
        .await?
        .ok_or_else(CaseError::not_found)?
        .phone;
    Ok(NotificationSettings {
        choices: prefs.choices(),
        available: app.notify.routing.available.iter().copied().collect(),
        phone_masked: PhoneNumber::parse(&phone)
            .map(|p| p.masked())
            .unwrap_or_else(|_| portal_core::notify::mask_recipient(Channel::Sms, &phone)),
        email: prefs.confirmed_email().map(str::to_owned),
        email_pending: prefs.email_pending.clone(),
        wechat_linked: prefs.wechat_openid.is_some(),
        required_by_sms: required_by_sms_steps(lang),
    })
}

/// The caller's channels, what the company offers, and the steps always sent by text message.
#[utoipa::path(get, path = "/me/notifications", tag = "notifications",
    responses(
        (status = 200, description = "The caller's settings", body = NotificationSettings),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not a policyholder", body = Problem, content_type = "application/problem+json")
    ))]
async fn settings(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(lang): ReaderLang,
) -> CaseResult<Json<NotificationSettings>> {
    Ok(Json(settings_of(&app, holder, lang).await?))
}

/// Why a choice cannot be made: the channel is not configured, or (email, WeChat) there is no
/// confirmed address or linked account. A choice left as it was stored is never refused.
fn unavailable(
    app: &AppState,
    prefs: &Prefs,
    choices: NotificationChoices,
) -> Vec<(&'static str, ErrorCode)> {
    let routing = &app.notify.routing;
    let checks = [
        (Channel::Sms, choices.sms && !prefs.sms, true),
        (
            Channel::Email,
            choices.email && !prefs.email,
            prefs.confirmed_email().is_some(),
        ),
        (
            Channel::Wechat,
            choices.wechat && !prefs.wechat,
            prefs.wechat_openid.is_some(),
        ),
    ];
    checks
        .into_iter()
        .filter(|(channel, turned_on, reachable)| {
            *turned_on && !(routing.offers(*channel) && *reachable)
        })
        .map(|(channel, ..)| (channel.as_str(), ErrorCode::ChannelUnavailable))
        .collect()
}

/// Chooses the channels of notices that are not required (the inbox has them all anyway); the
/// reader's language becomes the language of their messages.
#[utoipa::path(put, path = "/me/notifications", tag = "notifications",
    request_body = NotificationChoices,
    responses(
        (status = 200, description = "Saved; the settings now", body = NotificationSettings),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A chosen channel is not available (`channel_unavailable` on `sms`, `email` or `wechat`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn choose(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(lang): ReaderLang,
    Json(choices): Json<NotificationChoices>,
) -> CaseResult<Json<NotificationSettings>> {
    let mut conn = app.db.acquire().await?;
    let stored = prefs::load(&mut conn, holder).await?;
    let refused = unavailable(&app, &stored, choices);
    if !refused.is_empty() {
        return Err(ApiError::Invalid(refused).into());
    }
    prefs::set_choices(&mut conn, holder, choices, lang, db::now()).await?;
    drop(conn);
    Ok(Json(settings_of(&app, holder, lang).await?))
}

/// Sets an address to confirm: a link is sent to it, and it is used once the person opens it.
#[utoipa::path(put, path = "/me/email", tag = "notifications", request_body = NewEmail,
    responses(
        (status = 202, description = "The confirmation link is on its way; the settings now", body = NotificationSettings),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an address (`email_invalid`), or email is not configured (`channel_unavailable`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn change_email(
    State(app): State<AppState>,
    Complainant(holder): Complainant,
    ReaderLang(lang): ReaderLang,
    Json(input): Json<NewEmail>,
) -> CaseResult<(StatusCode, Json<NotificationSettings>)> {
    let email = EmailAddress::parse(&input.email)
        .ok_or_else(|| refused("email", ErrorCode::EmailInvalid))?;
    if !app.notify.routing.offers(Channel::Email) {
        return Err(refused("email", ErrorCode::ChannelUnavailable));
    }
    let now = db::now();
    let token = prefs::sign_email(&app.notify.email_key, holder, now, email.as_str());
    let payload = serde_json::json!({
        "link": format!("{}/settings/email/{token}", app.notify.public_url),
    })
    .to_string();
    let mut tx = app.db.begin().await?;
    prefs::set_pending(&mut tx, holder, email.as_str(), lang, now).await?;
    db::deliveries::insert(
        &mut tx,
        &NewDelivery {
            notice_id: None,
            policyholder_id: holder,
            channel: Channel::Email,
            purpose: "email_confirmation",
            recipient: email.as_str(),
            lang: lang.tag(),
            payload: Some(&payload),
            state: DeliveryState::Queued,
            due_at: now,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    app.notify.wake.notify_one();
    Ok((
        StatusCode::ACCEPTED,
        Json(settings_of(&app, holder, lang).await?),
    ))
}

/// Confirms an address by the token of the link sent to it; no session needed. A link to an
/// address since replaced, an altered link, or one older than 3 days is refused. Email notices
/// are turned on: adding an address is asking for them.
#[utoipa::path(post, path = "/me/email/confirm", tag = "notifications",
    request_body = EmailConfirmation,
    responses(
        (status = 200, description = "Confirmed", body = EmailConfirmed),
        (status = 422, description = "The link is wrong, replaced or expired (`email_link_invalid` on `token`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn confirm_email(
    State(app): State<AppState>,
    Json(input): Json<EmailConfirmation>,
) -> CaseResult<Json<EmailConfirmed>> {
    let invalid = || refused("token", ErrorCode::EmailLinkInvalid);
    let (holder, pending_at, mac) =
        prefs::open_email_token(input.token.trim()).ok_or_else(invalid)?;
    let now = db::now();
    if now.saturating_sub(pending_at) > prefs::EMAIL_LINK_SECS {
        return Err(invalid());
    }
    let mut tx = app.db.begin().await?;
    let stored = prefs::load(&mut tx, holder).await?;
    let Some(email) = stored
        .email_pending
        .filter(|_| stored.email_pending_at == Some(pending_at))
        .filter(|email| {
            prefs::email_mac_matches(&app.notify.email_key, holder, pending_at, email, &mac)
        })
    else {
        return Err(invalid());
    };
    if !prefs::confirm(&mut tx, holder, &email, pending_at, now).await? {
        return Err(invalid());
    }
    tx.commit().await?;
    Ok(Json(EmailConfirmed { email }))
}
