//! The report as typed so far: kept in localStorage as the person types, restored on the next
//! visit, and sent with the same idempotency key until the claim is reported.

use portal_core::claim::{ClaimPrefill, NewClaim};
use serde::{Deserialize, Serialize};

use crate::storage;

/// Where the draft is kept.
pub const DRAFT_KEY: &str = "portal.draft.claim";

/// The draft: the request as typed and the submit's key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub claim: NewClaim,
    /// The `Idempotency-Key`: the same for this draft until it is reported.
    pub key: String,
}

/// A fresh idempotency key.
fn new_key() -> String {
    let random = |scale: f64| (js_sys::Math::random() * scale) as u64;
    format!(
        "claim-{:x}-{:x}-{:x}",
        js_sys::Date::now() as u64,
        random(9_007_199_254_740_992.0),
        random(9_007_199_254_740_992.0)
    )
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
            key: new_key(),
        }
    }

    /// The draft kept from an earlier visit, if any.
    pub fn restore() -> Option<Draft> {
        let mut draft: Draft = serde_json::from_str(&storage::get(DRAFT_KEY)?).ok()?;
        if draft.key.is_empty() {
            draft.key = new_key();
        }
        Some(draft)
    }

    /// Keeps the draft.
    pub fn save(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            storage::set(DRAFT_KEY, &json);
        }
    }
}
