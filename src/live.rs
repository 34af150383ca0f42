//! Live updates: new notices arrive without a reload. One service per page load, started by the
//! first logged-in screen (never by the login screen: its code comes with the sections' chunks).
//!
//! It listens to `GET /api/v1/inbox/stream` (server-sent events) and falls back to polling
//! `GET /api/v1/inbox/events` every second where `EventSource` is missing (some in-app
//! webviews) or keeps failing. While the page is hidden it holds no connection; when the page
//! shows again (`visibilitychange`, `pageshow` from the back-forward cache) it resumes after the
//! last notice it saw, so nothing is missed. Every arrival sets the header's unread count and is
//! kept in [`Live::arrivals`], which the inbox and the case pages follow.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_core::api::ErrorCode;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use web_sys::{EventSource, MessageEvent};

use crate::{
    api::notify::{Arrival, inbox_events, stream_url},
    i18n::{I18n, use_i18n},
    session::{Gate, Session, use_session},
    unread::{Unread, use_unread},
};

/// Stream errors in a row (without a `ready` between) before polling takes over.
const STREAM_TRIES: u32 = 3;
/// Arrivals kept for the pages that follow them.
const KEEP: usize = 50;

/// How the service is getting notices now (shown as `data-live` for tests and support).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Connecting,
    Stream,
    Polling,
    Paused,
    Stopped,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Connecting => "connecting",
            Mode::Stream => "stream",
            Mode::Polling => "polling",
            Mode::Paused => "paused",
            Mode::Stopped => "stopped",
        }
    }
}

/// What the pages read: the notices that arrived since the page loaded, oldest first.
#[derive(Clone, Copy)]
pub struct Live {
    pub arrivals: RwSignal<Vec<Arrival>>,
    pub mode: RwSignal<Mode>,
}

thread_local! {
    static SERVICE: RefCell<Option<Rc<Service>>> = const { RefCell::new(None) };
    static OWNER: RefCell<Option<Owner>> = const { RefCell::new(None) };
}

/// Starts the service if it is not running, and returns what the pages read. Call from a
/// logged-in screen (it reads the session, the unread count and the language from context).
pub fn use_live() -> Live {
    let running = SERVICE.with(|s| s.borrow().as_ref().map(|s| (s.live, s.stopped.get())));
    let live = match running {
        Some((live, false)) => return live,
        // Stopped by a logout: a new service for the person now logged in, same signals.
        Some((live, true)) => live,
        None => {
            // Created under an owner of their own, kept for the page's life: they outlive the
            // screen that started them.
            // (Making a root makes it the current owner: the screen's, with its contexts, is put
            // back before the service reads them.)
            let screen = Owner::current();
            let owner = Owner::new_root(None);
            let live = owner.with(|| Live {
                arrivals: RwSignal::new(Vec::new()),
                mode: RwSignal::new(Mode::Connecting),
            });
            if let Some(screen) = screen {
                screen.set();
            }
            OWNER.with(|kept| *kept.borrow_mut() = Some(owner));
            live
        }
    };
    let service = Rc::new(Service::new(live));
    SERVICE.with(|s| *s.borrow_mut() = Some(Rc::clone(&service)));
    service.start();
    live
}

/// Calls `refetch` whenever a notice about this case arrives (the case pages reload in place).
pub fn on_case_notice(case_kind: &'static str, case_id: i64, refetch: impl Fn() + 'static) {
    let live = use_live();
    let seen = StoredValue::new(
        live.arrivals
            .with_untracked(|a| a.last().map(|a| a.notice.id)),
    );
    Effect::new(move || {
        let newest = live.arrivals.with(|arrivals| {
            let after = seen.get_value().unwrap_or(0);
            let about_this = arrivals.iter().any(|a| {
                a.notice.id > after
                    && a.notice.case_kind == case_kind
                    && a.notice.case_id == case_id
            });
            (arrivals.last().map(|a| a.notice.id), about_this)
        });
        if let (Some(id), about_this) = newest {
            seen.set_value(Some(id));
            if about_this {
                refetch();
            }
        }
    });
}

type Listener = Closure<dyn FnMut(web_sys::Event)>;

struct Service {
    live: Live,
    session: Session,
    unread: Unread,
    i18n: I18n,
    /// The id of the newest notice seen (the stream's `ready` gives it first).
    cursor: Cell<Option<i64>>,
    failures: Cell<u32>,
    polling: Cell<bool>,
    poll_in_flight: Cell<bool>,
    stopped: Cell<bool>,
    source: RefCell<Option<(EventSource, [Listener; 3])>>,
    timer: RefCell<Option<IntervalHandle>>,
}

impl Service {
    fn new(live: Live) -> Service {
        Service {
            live,
            session: use_session(),
            unread: use_unread(),
            i18n: use_i18n(),
            cursor: Cell::new(None),
            failures: Cell::new(0),
            polling: Cell::new(!has_event_source()),
            poll_in_flight: Cell::new(false),
            stopped: Cell::new(false),
            source: RefCell::new(None),
            timer: RefCell::new(None),
        }
    }

    fn start(self: &Rc<Self>) {
        let this = Rc::clone(self);
        if let Ok(handle) =
            set_interval_with_handle(move || this.tick(), std::time::Duration::from_secs(1))
        {
            *self.timer.borrow_mut() = Some(handle);
        }
        for (target, name) in [
            (
                document().unchecked_into::<web_sys::EventTarget>(),
                "visibilitychange",
            ),
            (
                window().unchecked_into::<web_sys::EventTarget>(),
                "pageshow",
            ),
        ] {
            let weak = Rc::downgrade(self);
            let on_show = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                if let Some(this) = weak.upgrade() {
                    this.visibility_changed();
                }
            });
            let _ = target.add_event_listener_with_callback(name, on_show.as_ref().unchecked_ref());
            // Lives as long as the page; a stopped service ignores it (weak).
            on_show.forget();
        }
        self.resume();
    }

    /// Opens the stream, or polls at once, unless the page is hidden.
    fn resume(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        if document().hidden() {
            self.live.mode.set(Mode::Paused);
            return;
        }
        if self.polling.get() {
            self.poll();
        } else {
            self.open_stream();
        }
    }

    fn visibility_changed(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        if document().hidden() {
            self.close_stream();
            self.live.mode.set(Mode::Paused);
        } else if self.source.borrow().is_none() {
            self.resume();
        }
    }

    /// Once a second: stops after a logout; polls when polling is the way.
    fn tick(self: &Rc<Self>) {
        if self.stopped.get() {
            return;
        }
        if self.session.gate_untracked() != Gate::Open {
            self.stop();
            return;
        }
        // The fallback asks every tick: a step must show within 2 s there too.
        if self.polling.get() && !document().hidden() {
            self.poll();
        }
    }

    fn stop(&self) {
        self.stopped.set(true);
        self.close_stream();
        if let Some(timer) = self.timer.borrow_mut().take() {
            timer.clear();
        }
        self.live.mode.set(Mode::Stopped);
        // The next person to log in on this page must not see these.
        self.live.arrivals.set(Vec::new());
    }

    fn open_stream(self: &Rc<Self>) {
        self.close_stream();
        let url = stream_url(self.cursor.get(), untrack(|| self.i18n.lang()));
        let Ok(source) = EventSource::new(&url) else {
            self.fall_back();
            return;
        };
        self.live.mode.set(Mode::Connecting);
        // Plain `Event` listeners (the kind the app's own event handlers are), cast here.
        let listener = |handle: fn(&Rc<Service>, MessageEvent)| {
            let weak = Rc::downgrade(self);
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(this) = weak.upgrade() {
                    handle(&this, event.unchecked_into());
                }
            })
        };
        let listeners = [
            listener(Service::on_ready),
            listener(Service::on_notice),
            listener(Service::on_error),
        ];
        for (name, listener) in ["ready", "notice", "error"].into_iter().zip(&listeners) {
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
        *self.source.borrow_mut() = Some((source, listeners));
    }

    fn close_stream(&self) {
        if let Some((source, _listeners)) = self.source.borrow_mut().take() {
            source.close();
        }
    }

    fn fall_back(self: &Rc<Self>) {
        self.close_stream();
        self.polling.set(true);
        self.poll();
    }

    fn on_ready(self: &Rc<Self>, event: MessageEvent) {
        self.failures.set(0);
        self.live.mode.set(Mode::Stream);
        self.advance(&event.last_event_id());
        if let Some(count) = event
            .data()
            .as_string()
            .and_then(|d| serde_json::from_str::<portal_core::complaint::UnreadCount>(&d).ok())
        {
            self.unread.set(count.unread);
        }
    }

    fn on_notice(self: &Rc<Self>, event: MessageEvent) {
        let arrival = event
            .data()
            .as_string()
            .and_then(|d| serde_json::from_str::<Arrival>(&d).ok());
        match arrival {
            Some(arrival) => self.arrived(vec![arrival]),
            None => self.advance(&event.last_event_id()),
        }
    }

    fn on_error(self: &Rc<Self>, _event: MessageEvent) {
        let failures = self.failures.get() + 1;
        self.failures.set(failures);
        let closed = self
            .source
            .borrow()
            .as_ref()
            .is_some_and(|(s, _)| s.ready_state() == EventSource::CLOSED);
        // Closed: the server refused it (the browser will not retry); else the browser retries
        // with Last-Event-ID, a few times before polling takes over.
        if closed || failures >= STREAM_TRIES {
            self.fall_back();
        }
    }

    fn advance(&self, id: &str) {
        if let Ok(id) = id.parse::<i64>()
            && self.cursor.get().is_none_or(|c| id > c)
        {
            self.cursor.set(Some(id));
        }
    }

    fn arrived(&self, arrivals: Vec<Arrival>) {
        let fresh: Vec<Arrival> = arrivals
            .into_iter()
            .filter(|a| self.cursor.get().is_none_or(|c| a.notice.id > c))
            .collect();
        let Some(last) = fresh.last() else { return };
        self.cursor.set(Some(last.notice.id));
        self.unread.set(last.unread);
        self.live.arrivals.update(|kept| {
            kept.extend(fresh);
            let excess = kept.len().saturating_sub(KEEP);
            kept.drain(..excess);
        });
    }

    fn poll(self: &Rc<Self>) {
        if self.poll_in_flight.replace(true) {
            return;
        }
        let this = Rc::clone(self);
        spawn_local(async move {
            let answer = inbox_events(this.cursor.get(), untrack(|| this.i18n.lang())).await;
            this.poll_in_flight.set(false);
            match answer {
                Ok(page) => {
                    // Said once the cursor is known: from here on nothing is missed.
                    this.live.mode.set(Mode::Polling);
                    let had_cursor = this.cursor.get().is_some();
                    if had_cursor {
                        this.arrived(page.items);
                    }
                    if let Some(next) = page.next_cursor {
                        this.advance(&next);
                    }
                    if !had_cursor {
                        this.unread.refresh();
                    }
                }
                Err(failure)
                    if failure.is_unauthenticated()
                        || failure.code() == Some(ErrorCode::Forbidden) =>
                {
                    this.stop()
                }
                // Offline for now: the next tick tries again.
                Err(_) => {}
            }
        });
    }
}

fn has_event_source() -> bool {
    js_sys::Reflect::get(&window(), &JsValue::from_str("EventSource"))
        .is_ok_and(|v| !v.is_undefined() && !v.is_null())
}

/// Starts the service (a logged-in screen's section renders it next to the screen: contexts are
/// read in a component, not in the section's async loader) and marks the page with its mode
/// (`data-live` on a hidden element, for tests and support).
#[component]
pub fn LiveMode() -> impl IntoView {
    let live = use_live();
    view! { <span hidden data-testid="live-mode" data-live=move || live.mode.get().as_str()></span> }
}
