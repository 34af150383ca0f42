//! Data read from the API, as a plain signal the view matches on.
//!
//! Why not `LocalResource`: each resource type compiles its own copy of Leptos's async machinery,
//! and every phone downloads it; a signal filled by one spawned future costs a fraction of that.

use std::future::Future;

use leptos::{prelude::*, task::spawn_local};

use crate::api::ApiFailure;

/// `None` while loading, then the answer of the last request.
pub type Answer<T> = Option<Result<T, ApiFailure>>;

/// A value loaded from the API when the view mounts, again when what `fetch` reads changes,
/// and on [`Remote::reload`].
pub struct Remote<T: Send + Sync + 'static> {
    answer: RwSignal<Answer<T>>,
    version: RwSignal<u32>,
}

impl<T: Send + Sync + 'static> Clone for Remote<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Remote<T> {}

impl<T: Clone + Send + Sync + 'static> Remote<T> {
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Remote<T>
    where
        Fut: Future<Output = Result<T, ApiFailure>> + 'static,
    {
        let remote = Remote {
            answer: RwSignal::new(None),
            version: RwSignal::new(0),
        };
        Effect::new(move || {
            remote.version.track();
            let request = fetch();
            // Each request its own number (a reload bumps it too, and so does a change of what
            // `fetch` reads): the answer to an older one, another id's, is dropped.
            let version = remote.version.with_untracked(|v| v.wrapping_add(1));
            remote.version.update_untracked(|v| *v = version);
            remote.answer.set(None);
            spawn_local(async move {
                let answer = request.await;
                // A newer request (reload, other id) owns the screen now.
                if remote.version.try_get_untracked() == Some(version) {
                    remote.answer.try_set(Some(answer));
                }
            });
        });
        remote
    }

    /// The answer so far (tracked).
    pub fn get(&self) -> Answer<T> {
        self.answer.get()
    }

    /// The answer so far, not tracked.
    pub fn get_untracked(&self) -> Answer<T> {
        self.answer.get_untracked()
    }

    /// Shows a value that came another way (e.g. the answer to an action); a load still on its
    /// way, older, no longer replaces it.
    pub fn set(&self, value: T) {
        self.version
            .try_update_untracked(|v| *v = v.wrapping_add(1));
        self.answer.try_set(Some(Ok(value)));
    }

    /// Asks again, showing the loading state meanwhile.
    pub fn reload(&self) {
        self.version.update(|v| *v = v.wrapping_add(1));
    }
}

/// How a loaded record stands, as far as building its page goes: it changes when the page must be
/// built anew (first answer, other record, not found, failure), not when the record changes.
#[derive(Clone, Copy, PartialEq)]
pub enum Shape {
    Loading,
    /// The record with this id.
    Found(i64),
    NotFound,
    Failed,
}

impl<T: Clone + PartialEq + Send + Sync + 'static> Remote<Option<T>> {
    /// The page's shape, given how a record names its id.
    pub fn shape(self, id: fn(&T) -> i64) -> Memo<Shape> {
        Memo::new(move |_| match self.get() {
            None => Shape::Loading,
            Some(Ok(Some(record))) => Shape::Found(id(&record)),
            Some(Ok(None)) => Shape::NotFound,
            Some(Err(_)) => Shape::Failed,
        })
    }

    /// Under [`Shape::Found`]: the latest record, and while a reload is on its way the one shown
    /// before. A page built on it follows each change in place, so what the person is choosing or
    /// typing there survives an answer that changes the record.
    pub fn found(self) -> Option<Memo<T>> {
        let Some(Ok(Some(first))) = self.get_untracked() else {
            return None;
        };
        Some(Memo::new(move |before: Option<&T>| match self.get() {
            Some(Ok(Some(record))) => record,
            _ => before.cloned().unwrap_or_else(|| first.clone()),
        }))
    }

    /// Under [`Shape::Failed`]: why.
    pub fn failure(self) -> ApiFailure {
        match self.get_untracked() {
            Some(Err(failure)) => failure,
            _ => ApiFailure::Network,
        }
    }
}
