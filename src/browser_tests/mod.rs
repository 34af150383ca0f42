//! Unit tests that need a browser (the DOM, localStorage, Leptos's reactive runtime on wasm): run
//! by wasm-bindgen-test-runner in headless Chromium, see `cargo xtask test`.
//!
//! Nothing here talks to a server: each test answers the calls of the code under test by hand
//! ([`Calls`]) and waits for what it expects with [`until`] (a bounded poll, never a fixed sleep).

mod filing;
mod loaded;
mod network;
mod session;
mod survey;
mod uploader;

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use any_spawner::Executor;
use futures::channel::oneshot;
use leptos::prelude::*;
use portal_core::api::Me;

use crate::i18n::provide_i18n;
use crate::session::{SessionState, provide_session_as};
use wasm_bindgen::{JsCast, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// How long [`until`] waits for a condition before the test fails (ms).
const PATIENCE_MS: f64 = 5000.0;

/// Calls made by the code under test (`asked`: what each asked for), each answered by the test
/// when it chooses, in any order.
pub struct Calls<A, T> {
    log: Rc<RefCell<Vec<Call<A, T>>>>,
}

struct Call<A, T> {
    asked: A,
    /// Taken when answered.
    answer: Option<oneshot::Sender<T>>,
}

impl<A, T> Clone for Calls<A, T> {
    fn clone(&self) -> Self {
        Calls {
            log: Rc::clone(&self.log),
        }
    }
}

impl<A: Clone + 'static, T: 'static> Calls<A, T> {
    pub fn new() -> Self {
        Calls {
            log: Rc::new(RefCell::new(Vec::new())),
        }
    }

    /// Records a call and gives the answer the test sends it (or never answers, if the test
    /// ended without answering).
    pub fn make(&self, asked: A) -> impl Future<Output = T> + use<A, T> {
        let (tx, rx) = oneshot::channel();
        self.log.borrow_mut().push(Call {
            asked,
            answer: Some(tx),
        });
        async move {
            match rx.await {
                Ok(answer) => answer,
                Err(_) => std::future::pending().await,
            }
        }
    }

    /// How many calls were made so far.
    pub fn count(&self) -> usize {
        self.log.borrow().len()
    }

    /// What call number `n` (from 0) asked for.
    pub fn asked(&self, n: usize) -> A {
        self.log.borrow()[n].asked.clone()
    }

    /// Answers call number `n`. A caller that has stopped waiting is not an error: the test then
    /// checks that the answer changed nothing.
    pub fn answer(&self, n: usize, answer: T) {
        let sender = self.log.borrow_mut()[n].answer.take();
        let sender = sender.unwrap_or_else(|| panic!("call {n} was answered already"));
        let _ = sender.send(answer);
    }
}

/// Waits until `condition` holds, checking at every turn of the event loop; fails the test if it
/// does not within [`PATIENCE_MS`].
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    let start = js_sys::Date::now();
    while !condition() {
        assert!(
            js_sys::Date::now() - start < PATIENCE_MS,
            "timed out waiting until {what}"
        );
        next_turn().await;
    }
}

/// Lets the browser run everything queued (timers, promise callbacks, Leptos's tasks).
pub async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// Lets the browser and Leptos settle: a few turns of the event loop, for checking that something
/// did *not* happen after the thing that could have caused it has surely run.
pub async fn settle() {
    for _ in 0..5 {
        Executor::tick().await;
        next_turn().await;
    }
}

/// Starts Leptos's executor (mounting does it too) for tests that run effects and actions.
pub fn start_executor() {
    let _ = Executor::init_wasm_bindgen();
}

/// A fresh element in the page to mount a component in.
pub fn test_root() -> HtmlElement {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root
}

/// The element with this `data-testid` under `root`, if shown.
pub fn by_testid(root: &Element, testid: &str) -> Option<Element> {
    root.query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
}

/// Whether an element with this `data-testid` is under `root`.
pub fn shows(root: &Element, testid: &str) -> bool {
    by_testid(root, testid).is_some()
}

/// Clicks the element `selector` finds under `root`.
pub fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing to click at {selector}"))
        .unchecked_into::<HtmlElement>()
        .click();
}

/// Mounts `view` in a fresh element of the page, with the language and a session nobody is
/// logged in to (as the app's shell provides them); unmounted and removed when the handle is
/// dropped.
pub fn mount<V: IntoView + 'static>(
    view: impl FnOnce() -> V + 'static,
) -> (HtmlElement, impl Sized) {
    let root = test_root();
    let mounted = leptos::mount::mount_to(root.clone(), move || {
        provide_i18n();
        provide_session_as(SessionState::Anonymous);
        view()
    });
    (root.clone(), Mounted(Some(mounted), root))
}

/// A mounted view and its element: both go when it is dropped.
struct Mounted<T>(Option<T>, HtmlElement);

impl<T> Drop for Mounted<T> {
    fn drop(&mut self) {
        drop(self.0.take());
        self.1.remove();
    }
}

/// Everything `root` showed since [`Seen::watch`] (its HTML at each change), so a test can say
/// what was *never* shown.
pub struct Seen {
    root: Element,
    shown: Rc<RefCell<Vec<String>>>,
    observer: MutationObserver,
    _callback: Closure<dyn FnMut()>,
}

impl Seen {
    pub fn watch(root: &Element) -> Seen {
        let shown = Rc::new(RefCell::new(vec![root.inner_html()]));
        let callback = {
            let (shown, root) = (Rc::clone(&shown), root.clone());
            Closure::<dyn FnMut()>::new(move || {
                shown.borrow_mut().push(root.inner_html());
            })
        };
        let observer =
            MutationObserver::new(callback.as_ref().unchecked_ref()).expect("an observer");
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        observer
            .observe_with_options(root, &options)
            .expect("observed");
        Seen {
            root: root.clone(),
            shown,
            observer,
            _callback: callback,
        }
    }

    /// Whether `html` (a text, an attribute) was part of what `root` showed at any time.
    pub fn ever(&self, html: &str) -> bool {
        // What is shown now counts too, even if the observer has not been told yet.
        let now = self.root.inner_html();
        self.shown.borrow_mut().push(now);
        self.shown.borrow().iter().any(|shown| shown.contains(html))
    }
}

impl Drop for Seen {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// A logged-in policyholder: their account key is `p<id>`.
pub fn policyholder(id: i64) -> Me {
    Me::Policyholder {
        id,
        name: format!("Policyholder {id}"),
        phone_masked: "138****8000".into(),
    }
}
