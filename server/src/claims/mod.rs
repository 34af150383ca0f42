//! The glue between the claim routes, portal-core's claim domain and the database. The callers,
//! paging and idempotency are the complaints' (`crate::complaints`).

pub mod act;
pub mod dispute;
pub mod documents;
pub mod link;
pub mod problem;
pub mod report;
pub mod settings;
pub mod view;

pub use problem::{ClaimError, ClaimResult};
pub use settings::ClaimSettings;

use portal_core::api::StaffRole;
use portal_core::claim::Role;

use crate::complaints::Caller;

/// The role on a claim the caller may see: its reporter is the policyholder.
pub fn role(caller: Caller) -> Role {
    match caller {
        Caller::Policyholder(_) => Role::Policyholder,
        Caller::Staff(_, StaffRole::Handler) => Role::Handler,
        Caller::Staff(_, StaffRole::Supervisor) => Role::Supervisor,
    }
}

pub use crate::lang::language;
