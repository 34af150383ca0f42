//! `GET /me`: who the session belongs to.

use axum::extract::State;
use portal_core::PhoneNumber;
use portal_core::api::{Me, Problem};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::CurrentSession;
use crate::db::{self, sessions::Account};
use crate::error::{ApiError, Json, Result};
use crate::state::AppState;

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// The caller: a policyholder or a staff member.
#[utoipa::path(get, path = "/me", tag = "auth",
    responses(
        (status = 200, description = "Logged in", body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json")
    ))]
async fn me(State(state): State<AppState>, session: CurrentSession) -> Result<Json<Me>> {
    let gone = ApiError::Unauthenticated { clear_cookie: true };
    match session.account {
        Account::Policyholder(id) => {
            let holder = db::accounts::policyholder_by_id(&state.db, id)
                .await?
                .ok_or(gone)?;
            Ok(Json(policyholder_me(holder)))
        }
        Account::Staff(id, _) => {
            let staff = db::accounts::staff_by_id(&state.db, id)
                .await?
                .ok_or(gone)?;
            Ok(Json(Me::Staff {
                id: staff.id,
                username: staff.username,
                name: staff.name,
                role: staff.role,
            }))
        }
    }
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
