//! Who is logged in: loaded from `GET /me` at start, updated after login and logout.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_core::api::Me;

use crate::api;

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
    gate: Memo<Gate>,
}

impl Session {
    /// The gate of pages that need a session (tracked).
    pub fn gate(&self) -> Gate {
        self.gate.get()
    }

    /// The gate, without tracking.
    pub fn gate_untracked(&self) -> Gate {
        self.gate.get_untracked()
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

    /// Asks the server who is logged in.
    pub fn reload(&self) {
        let state = self.state;
        state.set(SessionState::Loading);
        spawn_local(async move {
            state.set(match api::me().await {
                Ok(me) => SessionState::LoggedIn(me),
                Err(failure) if failure.is_unauthenticated() => SessionState::Anonymous,
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

    /// The person logged out.
    pub fn logged_out(&self) {
        self.state.set(SessionState::LoggedOut);
    }
}

/// Creates the session handle, starts loading `GET /me` and puts the handle in context.
pub fn provide_session() -> Session {
    let state = RwSignal::new(SessionState::Loading);
    let gate = Memo::new(move |_| {
        state.with(|state| match state {
            SessionState::Loading => Gate::Loading,
            SessionState::Anonymous => Gate::Closed,
            SessionState::LoggedOut => Gate::LoggedOut,
            SessionState::LoggedIn(_) => Gate::Open,
            SessionState::Unreachable => Gate::Unreachable,
        })
    });
    let session = Session { state, gate };
    session.reload();
    provide_context(session);
    session
}

/// The session handle provided by [`provide_session`].
pub fn use_session() -> Session {
    expect_context::<Session>()
}
