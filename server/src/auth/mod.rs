//! Who is calling: session tokens, the extractors that handlers take, passwords and codes.

pub mod cookie;
pub mod secret;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_core::api::StaffRole;

use crate::db::{
    self,
    sessions::{Account, SessionRow},
};
use crate::error::ApiError;
use crate::state::AppState;

/// Activity is written back at most this often, so that reads stay reads.
const TOUCH_EVERY_SECS: i64 = 60;

/// A valid session of any kind.
#[derive(Debug, Clone, Copy)]
pub struct CurrentSession {
    /// The session's id.
    pub id: i64,
    /// Whose it is.
    pub account: Account,
}

/// The logged-in policyholder. A handler that takes one cannot forget to authenticate.
#[derive(Debug, Clone, Copy)]
pub struct CurrentPolicyholder {
    /// The policyholder's id.
    pub id: i64,
}

/// The logged-in staff member.
#[derive(Debug, Clone, Copy)]
pub struct CurrentStaff {
    /// The staff member's id.
    pub id: i64,
    /// Their role.
    pub role: StaffRole,
}

impl CurrentStaff {
    /// Refuses anyone but a supervisor.
    pub fn require_supervisor(self) -> Result<CurrentStaff, ApiError> {
        match self.role {
            StaffRole::Supervisor => Ok(self),
            StaffRole::Handler => Err(ApiError::Forbidden),
        }
    }
}

/// The SHA-256 of the request's session token, read from the cookie without touching the
/// database. Missing → 401; not one of our tokens → 401 and the cookie is removed.
#[derive(Debug, Clone)]
pub struct SessionCookie {
    /// What the sessions table stores.
    pub token_hash: Vec<u8>,
}

impl<S: Send + Sync> FromRequestParts<S> for SessionCookie {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let token = cookie::session_token(&parts.headers).ok_or(ApiError::Unauthenticated {
            clear_cookie: false,
        })?;
        let token_hash =
            secret::token_hash(token).ok_or(ApiError::Unauthenticated { clear_cookie: true })?;
        Ok(SessionCookie { token_hash })
    }
}

impl CurrentSession {
    /// Admits a stored session (or refuses a missing or expired one). Activity is written back
    /// at most once a minute, so that reads stay reads.
    pub async fn admit(
        state: &AppState,
        cookie: &SessionCookie,
        session: Option<SessionRow>,
    ) -> Result<CurrentSession, ApiError> {
        let dead = ApiError::Unauthenticated { clear_cookie: true };
        let session = session.ok_or(dead)?;
        let now = db::now();
        let idle = i64::try_from(state.config.session_idle.as_secs()).unwrap_or(i64::MAX);
        let expired = now.saturating_sub(session.last_seen_at) > idle
            || now.saturating_sub(session.created_at) > cookie::SESSION_MAX_AGE_SECS;
        if expired {
            db::sessions::end(&state.db, &cookie.token_hash, now).await?;
            return Err(ApiError::Unauthenticated { clear_cookie: true });
        }
        if now - session.last_seen_at >= TOUCH_EVERY_SECS {
            db::sessions::touch(&state.db, session.id, now).await?;
        }
        Ok(CurrentSession {
            id: session.id,
            account: session.account,
        })
    }

    /// The policyholder of this session; a staff session is refused.
    pub fn policyholder(self) -> Result<CurrentPolicyholder, ApiError> {
        match self.account {
            Account::Policyholder(id) => Ok(CurrentPolicyholder { id }),
            Account::Staff(..) => Err(ApiError::Unauthenticated {
                clear_cookie: false,
            }),
        }
    }
}

impl FromRequestParts<AppState> for CurrentSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let cookie = SessionCookie::from_request_parts(parts, state).await?;
        let session = db::sessions::find(&state.db, &cookie.token_hash).await?;
        CurrentSession::admit(state, &cookie, session).await
    }
}

impl FromRequestParts<AppState> for CurrentPolicyholder {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match CurrentSession::from_request_parts(parts, state)
            .await?
            .account
        {
            Account::Policyholder(id) => Ok(CurrentPolicyholder { id }),
            Account::Staff(..) => Err(ApiError::Unauthenticated {
                clear_cookie: false,
            }),
        }
    }
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match CurrentSession::from_request_parts(parts, state)
            .await?
            .account
        {
            Account::Staff(id, role) => Ok(CurrentStaff { id, role }),
            Account::Policyholder(_) => Err(ApiError::Unauthenticated {
                clear_cookie: false,
            }),
        }
    }
}
