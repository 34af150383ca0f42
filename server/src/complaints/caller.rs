//! Who calls a complaint endpoint, and in which role the state machine sees them.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use portal_core::api::StaffRole;
use portal_core::complaint::Role;

use crate::auth::CurrentSession;
use crate::db::sessions::Account;
use crate::error::ApiError;
use crate::state::AppState;

/// A logged-in policyholder or staff member (no session: 401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// A policyholder's id: the complainant on their own complaints.
    Policyholder(i64),
    /// A staff member's id and role.
    Staff(i64, StaffRole),
}

impl Caller {
    /// The role on a complaint the caller may see.
    pub fn role(self) -> Role {
        match self {
            Caller::Policyholder(_) => Role::Complainant,
            Caller::Staff(_, StaffRole::Handler) => Role::Handler,
            Caller::Staff(_, StaffRole::Supervisor) => Role::Supervisor,
        }
    }

    /// The key idempotency records and uploads are scoped by.
    pub fn key(self) -> String {
        match self {
            Caller::Policyholder(id) => format!("policyholder:{id}"),
            Caller::Staff(id, _) => format!("staff:{id}"),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(
            match CurrentSession::from_request_parts(parts, state)
                .await?
                .account
            {
                Account::Policyholder(id) => Caller::Policyholder(id),
                Account::Staff(id, role) => Caller::Staff(id, role),
            },
        )
    }
}

/// A logged-in policyholder; a staff member gets 403, no session 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complainant(pub i64);

impl FromRequestParts<AppState> for Complainant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match Caller::from_request_parts(parts, state).await? {
            Caller::Policyholder(id) => Ok(Complainant(id)),
            Caller::Staff(..) => Err(ApiError::Forbidden),
        }
    }
}

/// A logged-in staff member; a policyholder gets 403, no session 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staff(pub i64, pub StaffRole);

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match Caller::from_request_parts(parts, state).await? {
            Caller::Staff(id, role) => Ok(Staff(id, role)),
            Caller::Policyholder(_) => Err(ApiError::Forbidden),
        }
    }
}
