//! Waiting: a plain pause, and a pause that ends early when the network comes back.

use js_sys::Promise;
use leptos::prelude::window;
use wasm_bindgen_futures::JsFuture;
use web_sys::AddEventListenerOptions;

/// Whether the browser thinks it is online.
pub fn online() -> bool {
    window().navigator().on_line()
}

/// Waits `ms` milliseconds, or less if the browser goes back online meanwhile.
pub async fn wait_for_network(ms: i32) {
    let pause = Promise::new(&mut |resolve, _| {
        let window = window();
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "online", &resolve, &options,
        );
    });
    let _ = JsFuture::from(pause).await;
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let pause = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(pause).await;
}
