//! Who is logged in: loaded from `GET /me` at start, updated after login and logout.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_core::api::{DemoAccounts, Me, SessionInfo};

use crate::{api, storage};

/// What the browser keeps for one account only starts with this (see [`private_key`]).
const PRIVATE_PREFIX: &str = "portal.private.";

/// The storage key of `name` for one account: another account on the same phone never reads
/// it, and logging out removes it.
pub fn private_key(account: &str, name: &str) -> String {
    format!("{PRIVATE_PREFIX}{account}.{name}")
}

fn account_key(me: &Me) -> String {
    match me {
        Me::Policyholder { id, .. } => format!("p{id}"),
        Me::Staff { id, .. } => format!("s{id}"),
    }
}

/// What the app knows about the session.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// `GET /me` has not answered yet.
    Loading,
    /// Nobody is logged in, or the session ran out.
    Anonymous,
    /// The person just logged out on purpose.
    LoggedOut,
    /// Somebody is logged in.
    LoggedIn(Me),
    /// The server could not be asked; the person may retry.
    Unreachable,
}

/// Where a page that needs a session stands; changes only when the gate opens or closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    Loading,
    /// Log in first, then come back here.
    Closed,
    /// Logged out on purpose: the login page, without a way back.
    LoggedOut,
    Open,
    Unreachable,
}

/// The session handle kept in context.
#[derive(Clone, Copy)]
pub struct Session {
    state: RwSignal<SessionState>,
    /// The demo accounts, when the server runs in demo mode (they come with the session).
    demo: RwSignal<Option<DemoAccounts>>,
    gate: Memo<Gate>,
}

impl Session {
    /// A handle on a session that is `state` now.
    fn new(state: SessionState) -> Session {
        let state = RwSignal::new(state);
        let gate = Memo::new(move |_| {
            state.with(|state| match state {
                SessionState::Loading => Gate::Loading,
                SessionState::Anonymous => Gate::Closed,
                SessionState::LoggedOut => Gate::LoggedOut,
                SessionState::LoggedIn(_) => Gate::Open,
                SessionState::Unreachable => Gate::Unreachable,
            })
        });
        Session {
            state,
            gate,
            demo: RwSignal::new(None),
        }
    }

    /// The gate of pages that need a session (tracked).
    pub fn gate(&self) -> Gate {
        self.gate.get()
    }

    /// The gate, without tracking.
    pub fn gate_untracked(&self) -> Gate {
        self.gate.get_untracked()
    }

    /// The demo accounts the login screen offers, in demo mode only (tracked).
    pub fn demo_accounts(&self) -> Option<DemoAccounts> {
        self.demo.get()
    }

    /// The person's name, when logged in (tracked).
    pub fn name(&self) -> Option<String> {
        self.state.with(|state| match state {
            SessionState::LoggedIn(Me::Policyholder { name, .. } | Me::Staff { name, .. }) => {
                Some(name.clone())
            }
            _ => None,
        })
    }

    /// Who is logged in, as a key for what the browser keeps for that person only (drafts):
    /// `p<id>` for a policyholder, `s<id>` for staff.
    pub fn account_untracked(&self) -> Option<String> {
        self.state.with_untracked(|state| match state {
            SessionState::LoggedIn(me) => Some(account_key(me)),
            _ => None,
        })
    }

    /// Asks the server who is logged in.
    pub fn reload(&self) {
        let state = self.state;
        state.set(SessionState::Loading);
        let demo = self.demo;
        spawn_local(async move {
            state.set(match api::session().await {
                Ok(SessionInfo { me, demo: accounts }) => {
                    demo.set(accounts);
                    me.map_or(SessionState::Anonymous, SessionState::LoggedIn)
                }
                Err(_) => SessionState::Unreachable,
            });
        });
    }

    /// A login succeeded.
    pub fn logged_in(&self, me: Me) {
        self.state.set(SessionState::LoggedIn(me));
    }

    /// The server said the session is gone (401).
    pub fn expired(&self) {
        self.state.set(SessionState::Anonymous);
    }

    /// The person logged out: what the browser kept for them (drafts with ID and phone
    /// numbers) goes too.
    pub fn logged_out(&self) {
        storage::remove_prefixed(PRIVATE_PREFIX);
        self.state.set(SessionState::LoggedOut);
    }
}

/// Creates the session handle, starts loading `GET /me` and puts the handle in context.
pub fn provide_session() -> Session {
    let session = Session::new(SessionState::Loading);
    session.reload();
    provide_context(session);
    session
}

/// For the browser tests: a session handle that is `state` already (the server is not asked), in
/// context.
#[cfg(all(test, target_arch = "wasm32"))]
pub fn provide_session_as(state: SessionState) -> Session {
    let session = Session::new(state);
    provide_context(session);
    session
}

/// The session handle provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_account_keeps_its_own_keys() {
        let zhang = Me::Policyholder {
            id: 1,
            name: "张伟".into(),
            phone_masked: "138****8000".into(),
        };
        let li = Me::Policyholder {
            id: 2,
            name: "李娜".into(),
            phone_masked: "139****9000".into(),
        };
        let a = private_key(&account_key(&zhang), "draft.claim");
        let b = private_key(&account_key(&li), "draft.claim");
        assert_ne!(a, b);
        assert!(a.starts_with(PRIVATE_PREFIX) && b.starts_with(PRIVATE_PREFIX));
    }
}
