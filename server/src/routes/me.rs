//! `GET /me`: who the session belongs to; `GET /session`: the same, or nobody, without an error.

use axum::extract::State;
use axum::http::header;
use axum::response::{AppendHeaders, IntoResponse};
use portal_core::PhoneNumber;
use portal_core::api::{Me, Problem, SessionInfo};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::{CurrentSession, cookie};
use crate::db::{self, sessions::Account};
use crate::demo;
use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(session))
}

/// The caller: a policyholder or a staff member.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses(
        (status = 200, description = "Logged in", body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json")
    ))]
async fn me(State(state): State<AppState>, session: CurrentSession) -> Result<Json<Me>> {
    let me = me_of(&state, session.account).await?;
    Ok(Json(
        me.ok_or(ApiError::Unauthenticated { clear_cookie: true })?,
    ))
}

/// The caller, or nobody: always 200, so that an app starting on its login page asks without an
/// error. A dead cookie (unknown, expired, or its account gone) is removed, as `/me` removes it.
#[utoipa::path(get, path = "/session", tag = "auth",
    responses(
        (status = 200, description = "The caller, or `null` when nobody is logged in", body = SessionInfo)
    ))]
async fn session(
    State(state): State<AppState>,
    session: Result<CurrentSession, ApiError>,
) -> Result<impl IntoResponse> {
    let (me, clear_cookie) = match session {
        Ok(session) => {
            let me = me_of(&state, session.account).await?;
            let gone = me.is_none();
            (me, gone)
        }
        Err(ApiError::Unauthenticated { clear_cookie }) => (None, clear_cookie),
        Err(other) => return Err(other),
    };
    let removal = clear_cookie.then(|| (header::SET_COOKIE, cookie::removal()));
    let demo = state.config.demo.then(demo::accounts);
    Ok((AppendHeaders(removal), Json(SessionInfo { me, demo })))
}

/// The `Me` of a session's account; `None` if the account no longer exists.
async fn me_of(state: &AppState, account: Account) -> Result<Option<Me>> {
    Ok(match account {
        Account::Policyholder(id) => db::accounts::policyholder_by_id(&state.db, id)
            .await?
            .map(policyholder_me),
        Account::Staff(id, _) => db::accounts::staff_by_id(&state.db, id)
            .await?
            .map(|staff| Me::Staff {
                id: staff.id,
                username: staff.username,
                name: staff.name,
                role: staff.role,
            }),
    })
}

/// The `Me` of a policyholder.
pub fn policyholder_me(holder: db::accounts::PolicyholderRow) -> Me {
    let phone_masked = PhoneNumber::parse(&holder.phone)
        .map(|p| p.masked())
        .unwrap_or_else(|_| "***".into());
    Me::Policyholder {
        id: holder.id,
        name: holder.name,
        phone_masked,
    }
}
