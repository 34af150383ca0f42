//! The number of unread notices, shown in the header: refreshed on every navigation, every 30 s
//! while the page is visible, and from every answer that carries it.

use std::time::Duration;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::hooks::use_location;

use crate::{
    api,
    session::{Gate, use_session},
};

/// The unread-count handle kept in context.
#[derive(Clone, Copy)]
pub struct Unread(RwSignal<u32>);

impl Unread {
    /// Unread notices (tracked).
    pub fn get(&self) -> u32 {
        self.0.get()
    }

    /// An answer told the count.
    pub fn set(&self, count: u32) {
        self.0.try_set(count);
    }

    /// Asks the server.
    pub fn refresh(self) {
        spawn_local(async move {
            if let Ok(count) = api::unread().await {
                self.set(count.unread);
            }
        });
    }
}

/// Creates the handle and keeps it fresh; call inside the router (it follows the location).
pub fn provide_unread() -> Unread {
    let unread = Unread(RwSignal::new(0));
    let session = use_session();
    let location = use_location();
    Effect::new(move || {
        location.pathname.track();
        if session.gate() == Gate::Open {
            unread.refresh();
        } else {
            unread.set(0);
        }
    });
    let tick = move || {
        if !document().hidden() && session.gate_untracked() == Gate::Open {
            unread.refresh();
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(30)) {
        on_cleanup(move || handle.clear());
    }
    provide_context(unread);
    unread
}

/// The handle provided by [`provide_unread`].
pub fn use_unread() -> Unread {
    expect_context::<Unread>()
}
