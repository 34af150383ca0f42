//! The entry apps the web app is split into (one wasm and one html page each, so a phone
//! downloads only the section it opens), and moving between them.
//!
//! Inside one app the router moves between screens; a path of another app is a full page load
//! (links carry `rel="external"`, which the router leaves to the browser; redirects assign
//! `window.location`). The server answers `/<section>/…` with `<section>.html` when it exists.

use std::cell::Cell;

use leptos::prelude::*;
use leptos_router::{NavigateOptions, hooks::use_navigate};

/// One entry app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    /// `index.html`: login, home, policies, not found.
    Portal,
    /// `complaints.html`: `/complaints`, `/inbox`, `/channels`.
    Complaints,
    /// `claims.html`: everything under `/claims`.
    Claims,
}

impl Entry {
    /// The app that shows `path` (a path of this site, with or without a query).
    pub fn of(path: &str) -> Entry {
        match portal_core::entry::entry_page(path) {
            "complaints" => Entry::Complaints,
            "claims" => Entry::Claims,
            _ => Entry::Portal,
        }
    }
}

thread_local! {
    static RUNNING: Cell<Entry> = const { Cell::new(Entry::Portal) };
}

/// Records which app is running; each app's root component calls it first.
pub fn start(entry: Entry) {
    RUNNING.with(|running| running.set(entry));
}

/// Whether `href` is a path this app's router shows (else: another app, or not a path at all).
fn is_here(href: &str) -> bool {
    Entry::of(href) == RUNNING.with(Cell::get)
}

/// `Some("external")` for a link to a path of another app, so the browser loads that app.
pub fn rel(href: &str) -> Option<&'static str> {
    (href.starts_with('/') && !is_here(href)).then_some("external")
}

/// Goes to `path`: through the router when this app shows it, else a full page load.
pub fn go(navigate: &impl Fn(&str, NavigateOptions), path: &str, options: NavigateOptions) {
    if is_here(path) {
        navigate(path, options);
    } else if let Some(window) = web_sys::window() {
        let location = window.location();
        let _ = if options.replace {
            location.replace(path)
        } else {
            location.assign(path)
        };
    }
}

/// Replaces the current screen by `path` (in this app or another).
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    let navigate = use_navigate();
    let options = NavigateOptions {
        replace: true,
        ..NavigateOptions::default()
    };
    go(&navigate, &path, options);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_segment_names_the_app() {
        assert_eq!(Entry::of("/"), Entry::Portal);
        assert_eq!(Entry::of("/policies/3"), Entry::Portal);
        assert_eq!(Entry::of("/login?next=/complaints/7"), Entry::Portal);
        assert_eq!(Entry::of("/complaints"), Entry::Complaints);
        assert_eq!(Entry::of("/complaints/7/receipt"), Entry::Complaints);
        assert_eq!(Entry::of("/complaints?page=2"), Entry::Complaints);
        assert_eq!(Entry::of("/claims/new"), Entry::Claims);
        assert_eq!(Entry::of("/complaintsx"), Entry::Portal);
    }

    #[test]
    fn links_to_another_app_are_external() {
        start(Entry::Complaints);
        assert_eq!(rel("/channels"), None);
        assert_eq!(rel("/policies"), Some("external"));
        assert_eq!(rel("/complaints/new"), None);
        assert_eq!(rel("tel:12378"), None);
        start(Entry::Portal);
        assert_eq!(rel("/complaints/3"), Some("external"));
        assert_eq!(rel("/policies"), None);
    }
}
