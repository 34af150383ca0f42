//! The report as typed so far: kept in localStorage as the person types, restored on the next
//! visit, and sent with the same idempotency key until the claim is reported.

use portal_core::claim::{ClaimPrefill, NewClaim};
use serde::{Deserialize, Serialize};

use crate::components::KeptDraft;

/// The draft: the request as typed and the submit's key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub claim: NewClaim,
    /// The `Idempotency-Key`: the same for this draft until it is reported.
    pub key: String,
}

impl KeptDraft for Draft {
    const STORAGE_KEY: &'static str = "draft.claim";
    const KEY_PREFIX: &'static str = "claim";

    fn key_mut(&mut self) -> &mut String {
        &mut self.key
    }
}

impl Draft {
    /// A new draft with the contact phone on record (and the policy, if there is only one).
    pub fn new(prefill: &ClaimPrefill) -> Draft {
        let only = match prefill.policies.as_slice() {
            [policy] => Some(policy),
            _ => None,
        };
        Draft {
            claim: NewClaim {
                policy_id: only.map(|p| p.id),
                kind: only.map(|p| p.kind),
                contact_phone: prefill.contact_phone.clone(),
                ..NewClaim::default()
            },
            key: Self::new_key(),
        }
    }
}
