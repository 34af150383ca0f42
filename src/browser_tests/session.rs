//! Logging out forgets what the browser kept for every account.

use leptos::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

use super::policyholder;
use crate::session::{Gate, SessionState, provide_session_as};
use crate::storage;

#[wasm_bindgen_test]
fn logging_out_forgets_every_accounts_drafts_and_nothing_else() {
    storage::remove_prefixed("portal.private.");
    storage::set("portal.private.p1.draft.claim", "{}");
    storage::set("portal.private.p1.draft.complaint", "{}");
    storage::set("portal.private.s7.draft.note", "{}");
    storage::set("portal.lang", "en");

    let owner = Owner::new();
    let session = owner.with(|| provide_session_as(SessionState::LoggedIn(policyholder(1))));
    assert_eq!(session.account_untracked().as_deref(), Some("p1"));
    session.logged_out();

    for key in [
        "portal.private.p1.draft.claim",
        "portal.private.p1.draft.complaint",
        "portal.private.s7.draft.note",
    ] {
        assert_eq!(storage::get(key), None, "{key} was kept");
    }
    assert_eq!(storage::get("portal.lang").as_deref(), Some("en"));
    assert_eq!(session.gate_untracked(), Gate::LoggedOut);
    assert_eq!(session.account_untracked(), None);
    storage::remove("portal.lang");
}
