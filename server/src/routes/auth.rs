//! Logging in (policyholders by phone and code, staff by password) and out.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use portal_core::api::{
    ErrorCode, Me, OtpLogin, OtpRequest, OtpSent, Problem, StaffLogin, StaffPasswordSetup,
};
use portal_core::{OtpCode, PhoneNumber};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{cookie, secret};
use crate::config::OtpLimits;
use crate::db::{self, otp::NewOtp, sessions::Account};
use crate::demo;
use crate::error::{ApiError, Json, Result};
use crate::routes::me::policyholder_me;
use crate::state::AppState;

/// A code is valid this long.
const CODE_LIFETIME_SECS: i64 = 5 * 60;
/// Wrong tries before a code is dead.
const MAX_TRIES: i64 = 5;
const HOUR: i64 = 60 * 60;
/// Login codes and code requests are kept at least this long.
const MIN_OTP_RETENTION_SECS: i64 = 24 * HOUR;

/// How long login codes and code requests are kept before the sweeper deletes them: longer than
/// anything here looks back (the hourly limits, the resend wait, a code's life), at least a day.
pub fn otp_retention_secs(limits: &OtpLimits) -> i64 {
    MIN_OTP_RETENTION_SECS
        .max(HOUR)
        .max(CODE_LIFETIME_SECS)
        .max(limits.resend_secs)
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_code))
        .routes(routes!(login))
        .routes(routes!(staff_login))
        .routes(routes!(staff_set_password))
        .routes(routes!(logout))
}

/// The client's address, for rate limits. Behind a proxy on the same machine, the proxy's
/// `X-Forwarded-For` names the client.
struct ClientAddr(String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded = || {
            parts
                .headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        };
        let client = match peer {
            Some(ip) if ip.is_loopback() => forwarded().unwrap_or(ip),
            Some(ip) => ip,
            None => return Ok(ClientAddr("unknown".into())),
        };
        Ok(ClientAddr(client.to_string()))
    }
}

fn parse_phone(input: &str) -> Result<PhoneNumber> {
    PhoneNumber::parse(input).map_err(|e| ApiError::Invalid(vec![("phone", e.code)]))
}

/// Sends a one-time login code to a policyholder's phone.
#[utoipa::path(post, path = "/auth/otp", tag = "auth", request_body = OtpRequest,
    responses(
        (status = 202, description = "Code sent", body = OtpSent),
        (status = 422, description = "Malformed or unknown number", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Asked too soon or too often; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The SMS gateway did not take the code (`code_not_sent`); nothing was sent, ask again after Retry-After", body = Problem, content_type = "application/problem+json")
    ))]
async fn request_code(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    crate::lang::ReaderLang(lang): crate::lang::ReaderLang,
    Json(request): Json<OtpRequest>,
) -> Result<(StatusCode, Json<OtpSent>)> {
    let phone = parse_phone(&request.phone)?;
    let limits = state.config.otp;
    let now = db::now();
    let (by_address, oldest) =
        db::otp::count_for_address_since(&state.db, &client, now - HOUR).await?;
    if by_address >= limits.per_address_hourly {
        return Err(ApiError::TooMany {
            code: ErrorCode::RateLimited,
            retry_after: oldest + HOUR - now,
        });
    }
    db::otp::record_request(&state.db, &client, now).await?;
    if db::accounts::policyholder_by_phone(&state.db, phone.as_str())
        .await?
        .is_none()
    {
        return Err(ApiError::Refused {
            field: "phone",
            code: ErrorCode::PhoneUnknown,
        });
    }
    if let Some(last) = db::otp::latest_for_phone(&state.db, phone.as_str()).await? {
        let wait = last.created_at + limits.resend_secs - now;
        if wait > 0 {
            return Err(ApiError::TooMany {
                code: ErrorCode::CodeResendTooSoon,
                retry_after: wait,
            });
        }
    }
    let (by_phone, oldest) =
        db::otp::count_for_phone_since(&state.db, phone.as_str(), now - HOUR).await?;
    if by_phone >= limits.per_phone_hourly {
        return Err(ApiError::TooMany {
            code: ErrorCode::RateLimited,
            retry_after: oldest + HOUR - now,
        });
    }

    let code = secret::new_otp_code();
    let salt = secret::new_salt();
    let code_hash = secret::otp_hash(&salt, &code);
    let code_id = db::otp::replace(
        &state.db,
        NewOtp {
            phone: phone.as_str(),
            client_addr: &client,
            salt: &salt,
            code_hash: &code_hash,
            created_at: now,
            expires_at: now + CODE_LIFETIME_SECS,
        },
    )
    .await?;
    if let Err(failure) = state.notify.send_login_code(&phone, &code, lang).await {
        // Nothing reached the phone: the code goes, so the person may ask again at once.
        db::otp::forget(&state.db, code_id).await?;
        return Err(ApiError::Unavailable {
            code: ErrorCode::CodeNotSent,
            retry_after: if failure.retryable { 10 } else { 60 },
            reason: failure.reason,
        });
    }
    let demo_code = (state.config.demo && demo::is_demo_phone(phone.as_str())).then_some(code);
    Ok((
        StatusCode::ACCEPTED,
        Json(OtpSent {
            phone_masked: phone.masked(),
            expires_in_secs: CODE_LIFETIME_SECS.unsigned_abs().try_into().unwrap_or(300),
            resend_in_secs: limits.resend_secs.max(0).try_into().unwrap_or(60),
            demo_code,
        }),
    ))
}

/// Logs a policyholder in with the code sent to their phone; sets the session cookie.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = OtpLogin,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 422, description = "Malformed input, unknown number, wrong, expired or dead code", body = Problem, content_type = "application/problem+json")
    ))]
async fn login(
    State(state): State<AppState>,
    crate::lang::ReaderLang(lang): crate::lang::ReaderLang,
    headers: HeaderMap,
    Json(request): Json<OtpLogin>,
) -> Result<Response> {
    let (phone, code) = match (
        PhoneNumber::parse(&request.phone),
        OtpCode::parse(&request.code),
    ) {
        (Ok(phone), Ok(code)) => (phone, code),
        (phone, code) => {
            let fields = [("phone", phone.err()), ("code", code.err())]
                .into_iter()
                .filter_map(|(field, e)| Some((field, e?.code)))
                .collect();
            return Err(ApiError::Invalid(fields));
        }
    };
    let refused = |code| ApiError::Refused {
        field: "code",
        code,
    };
    let holder = db::accounts::policyholder_by_phone(&state.db, phone.as_str())
        .await?
        .ok_or(ApiError::Refused {
            field: "phone",
            code: ErrorCode::PhoneUnknown,
        })?;
    let now = db::now();
    let otp = db::otp::latest_for_phone(&state.db, phone.as_str())
        .await?
        .ok_or(refused(ErrorCode::CodeExpired))?;
    if otp.tries >= MAX_TRIES {
        return Err(refused(ErrorCode::CodeTooManyTries));
    }
    if otp.dead_at.is_some() || otp.expires_at <= now {
        return Err(refused(ErrorCode::CodeExpired));
    }
    // Count the attempt before comparing, atomically, so parallel guesses cannot exceed the limit.
    let tries = db::otp::count_attempt(&state.db, otp.id, MAX_TRIES)
        .await?
        .ok_or(refused(ErrorCode::CodeTooManyTries))?;
    if !secret::same_hash(&otp.code_hash, &secret::otp_hash(&otp.salt, code.as_str())) {
        if tries >= MAX_TRIES {
            db::otp::kill(&state.db, otp.id, now).await?;
            return Err(refused(ErrorCode::CodeTooManyTries));
        }
        return Err(refused(ErrorCode::CodeWrong));
    }
    if !db::otp::kill(&state.db, otp.id, now).await? {
        return Err(refused(ErrorCode::CodeExpired));
    }
    let cookie = start_session(&state, &headers, Account::Policyholder(holder.id)).await?;
    // Messages are written in the language the person logs in with.
    let mut conn = state.db.acquire().await?;
    crate::notify::prefs::set_lang(&mut conn, holder.id, lang, now).await?;
    drop(conn);
    Ok((
        [(header::SET_COOKIE, cookie)],
        Json(policyholder_me(holder)),
    )
        .into_response())
}

/// Logs a staff member in with username and password; sets the session cookie.
#[utoipa::path(post, path = "/auth/staff/login", tag = "auth", request_body = StaffLogin,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong username or password, or an account that is disabled or waiting for its password (the same answer)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is empty", body = Problem, content_type = "application/problem+json")
    ))]
async fn staff_login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(request): Json<StaffLogin>,
) -> Result<Response> {
    let username = request.username.trim().to_owned();
    let missing: Vec<_> = [
        ("username", username.is_empty()),
        ("password", request.password.is_empty()),
    ]
    .into_iter()
    .filter(|(_, empty)| *empty)
    .map(|(field, _)| (field, ErrorCode::Required))
    .collect();
    if !missing.is_empty() {
        return Err(ApiError::Invalid(missing));
    }
    let staff = db::accounts::staff_by_username(&state.db, &username).await?;
    // An unknown username, a disabled account and one waiting for its password cost the same
    // hashing time as a wrong password, and get the same answer: no user enumeration.
    let staff = staff.filter(db::accounts::StaffRow::can_log_in);
    let hash = staff
        .as_ref()
        .map(|s| s.password_hash.clone())
        .unwrap_or_else(|| dummy_hash().to_owned());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || secret::verify_password(&password, &hash))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let staff = match staff {
        Some(staff) if matches => staff,
        _ => return Err(ApiError::CredentialsWrong),
    };
    let cookie = start_session(&state, &headers, Account::Staff(staff.id, staff.role)).await?;
    let me = Me::Staff {
        id: staff.id,
        username: staff.username,
        name: staff.name,
        role: staff.role,
    };
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

/// The shortest staff password.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Sets a staff member's own password with the one-time setup code that
/// `portal-server staff add` or `reset-password` printed (valid 24 hours, used once). The person
/// then logs in at `/auth/staff/login`.
#[utoipa::path(post, path = "/auth/staff/password", tag = "auth", request_body = StaffPasswordSetup,
    responses(
        (status = 204, description = "The password is set; the code is used up"),
        (status = 422, description = "A field is empty, the password is shorter than 12 characters (`password_too_short`), or the code is wrong, used, expired or not this username's (`setup_code_invalid`)", body = Problem, content_type = "application/problem+json")
    ))]
async fn staff_set_password(
    State(state): State<AppState>,
    Json(request): Json<StaffPasswordSetup>,
) -> Result<StatusCode> {
    let username = request.username.trim().to_owned();
    let code = secret::normalize_setup_code(&request.code);
    let mut fields = Vec::new();
    if username.is_empty() {
        fields.push(("username", ErrorCode::Required));
    }
    if code.is_empty() {
        fields.push(("code", ErrorCode::Required));
    }
    if request.password.is_empty() {
        fields.push(("password", ErrorCode::Required));
    } else if request.password.chars().count() < MIN_PASSWORD_CHARS {
        fields.push(("password", ErrorCode::PasswordTooShort));
    }
    if !fields.is_empty() {
        return Err(ApiError::Invalid(fields));
    }
    let invalid = ApiError::Refused {
        field: "code",
        code: ErrorCode::SetupCodeInvalid,
    };
    let now = db::now();
    let Some(staff) = db::accounts::staff_by_username(&state.db, &username).await? else {
        return Err(invalid);
    };
    let Some(stored) = db::accounts::setup_code_of(&state.db, staff.id).await? else {
        return Err(invalid);
    };
    if stored.expires_at <= now
        || !secret::same_hash(&stored.hash, &secret::otp_hash(&stored.salt, &code))
    {
        return Err(invalid);
    }
    let password = request.password;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    // Only if the code is still the account's: two uses at once set one password.
    if !db::accounts::set_password_with_code(&state.db, staff.id, &stored.hash, &hash, now).await? {
        return Err(invalid);
    }
    tracing::info!(staff = staff.id, "staff password set with a setup code");
    Ok(StatusCode::NO_CONTENT)
}

/// A hash to verify against when the username is unknown (no password matches it here).
fn dummy_hash() -> &'static str {
    demo::STAFF[0].4
}

async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    account: Account,
) -> Result<HeaderValue> {
    let (token, token_hash) = secret::new_session_token();
    db::sessions::create(&state.db, &token_hash, account, db::now()).await?;
    Ok(cookie::session(
        &token,
        cookie::secure_for(state.config.cookie_secure, headers),
    ))
}

/// Ends the session (if any) and removes the cookie.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 204, description = "Logged out; the cookie is removed")))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    if let Some(token_hash) = cookie::session_token(&headers).and_then(secret::token_hash) {
        db::sessions::end(&state.db, &token_hash, db::now()).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cookie::removal())],
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_codes_are_kept_a_day_or_the_resend_wait_if_longer() {
        let limits = OtpLimits::default();
        assert_eq!(otp_retention_secs(&limits), 24 * HOUR);
        let slow = OtpLimits {
            resend_secs: 2 * 24 * HOUR,
            ..limits
        };
        assert_eq!(otp_retention_secs(&slow), 2 * 24 * HOUR);
    }
}
