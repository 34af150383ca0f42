//! Saving a survey's answers as the person goes: every change is kept on the phone at once and
//! sent to the server after a pause in the changes (debounced), one save at a time, the latest
//! answers each time, so an older save can never land after a newer one.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_core::api::ErrorCode;
use portal_core::survey::{Answer, Answers, SavedAnswers};

use super::draft::{self, LocalCopy};
use crate::api::ApiFailure;

/// How long the answers must stay unchanged before they are sent.
pub const DEBOUNCE: Duration = Duration::from_millis(500);
/// How long after a failed save it is tried again (a change tries at once).
pub const RETRY: Duration = Duration::from_secs(10);

/// A request that keeps draft answers on the server.
pub type SaveFn = Rc<dyn Fn(Answers) -> Pin<Box<dyn Future<Output = SaveAnswer>>>>;
/// What a save answered.
pub type SaveAnswer = Result<SavedAnswers, ApiFailure>;

/// Where the answers stand, as the save line says it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SaveState {
    /// Nothing changed yet.
    Idle,
    /// A change is on its way to the server.
    Pending,
    /// The server has every answer, as of then.
    Saved(DateTime<Utc>),
    /// The last save failed: the answers are kept on the phone, and tried again.
    KeptHere,
}

/// The save in flight and what follows it.
#[derive(Debug, Clone, Copy, Default)]
struct Flight {
    /// A save is on its way.
    in_flight: bool,
    /// A change is waiting for it to end.
    again: bool,
    /// No more saves: the survey is being submitted or is closed.
    stopped: bool,
}

/// Whether a failed save means the survey cannot take answers any more (answered elsewhere,
/// expired, withdrawn, a dead link, no longer the caller's, or the session ended): the page then
/// loads it again to show where it stands.
pub fn closes(failure: &ApiFailure) -> bool {
    matches!(
        failure.code(),
        Some(
            ErrorCode::SurveyAnswered
                | ErrorCode::SurveyExpired
                | ErrorCode::SurveyCancelled
                | ErrorCode::SurveyLinkInvalid
                | ErrorCode::NotFound
                | ErrorCode::Unauthenticated
        )
    )
}

/// The answers being given and their saving.
#[derive(Clone, Copy)]
pub struct Saver {
    /// The answers as the person has them now.
    pub answers: RwSignal<Answers>,
    /// Where they stand (tracked by the save line).
    pub state: RwSignal<SaveState>,
    unsaved: StoredValue<BTreeSet<String>>,
    storage_key: StoredValue<Option<String>>,
    save: StoredValue<SaveFn, LocalStorage>,
    closed: Callback<()>,
    timer: StoredValue<Option<TimeoutHandle>>,
    flight: StoredValue<Flight>,
    delay: Duration,
}

impl Saver {
    /// Starts from `answers` (the server's draft merged with the phone's copy) of which `unsaved`
    /// are not on the server yet (they are sent after `delay`). `save` sends; the copy is kept
    /// under `storage_key`; `closed` runs when a save says the survey takes no more answers.
    pub fn new(
        (answers, unsaved): (Answers, BTreeSet<String>),
        storage_key: Option<String>,
        save: SaveFn,
        delay: Duration,
        closed: Callback<()>,
    ) -> Saver {
        let pending = !unsaved.is_empty();
        let saver = Saver {
            answers: RwSignal::new(answers),
            state: RwSignal::new(if pending {
                SaveState::Pending
            } else {
                SaveState::Idle
            }),
            unsaved: StoredValue::new(unsaved),
            storage_key: StoredValue::new(storage_key),
            save: StoredValue::new_local(save),
            closed,
            timer: StoredValue::new(None),
            flight: StoredValue::new(Flight::default()),
            delay,
        };
        if pending {
            saver.schedule(delay);
        }
        saver
    }

    /// The answer to `key` (tracked).
    pub fn answer(self, key: &str) -> Option<Answer> {
        self.answers.with(|answers| answers.get(key).cloned())
    }

    /// The person answered `key` (`None`: cleared it): kept on the phone now, sent after a pause.
    pub fn set(self, key: &str, answer: Option<Answer>) {
        self.answers.update(|answers| match answer {
            Some(answer) => {
                answers.insert(key.to_owned(), answer);
            }
            None => {
                answers.remove(key);
            }
        });
        self.unsaved.update_value(|unsaved| {
            unsaved.insert(key.to_owned());
        });
        self.keep_here();
        self.state.set(SaveState::Pending);
        self.schedule(self.delay);
    }

    /// Writes the phone's copy (or forgets it when the server has everything).
    fn keep_here(self) {
        let (Some(key), Some(answers), Some(unsaved)) = (
            self.storage_key.try_get_value(),
            self.answers.try_get_untracked(),
            self.unsaved.try_get_value(),
        ) else {
            return;
        };
        draft::write(key.as_deref(), &LocalCopy { answers, unsaved });
    }

    /// Sends the answers after `delay`, unless another change comes first.
    fn schedule(self, delay: Duration) {
        self.cancel_timer();
        let handle = set_timeout_with_handle(
            move || {
                self.timer.try_set_value(None);
                self.fire();
            },
            delay,
        );
        self.timer.set_value(handle.ok());
    }

    fn cancel_timer(self) {
        if let Some(Some(timer)) = self.timer.try_get_value() {
            timer.clear();
            self.timer.set_value(None);
        }
    }

    /// The pause is over: send now, or right after the save on its way.
    fn fire(self) {
        let Some(flight) = self.flight.try_get_value() else {
            return;
        };
        if flight.stopped {
            return;
        }
        if flight.in_flight {
            self.flight.update_value(|f| f.again = true);
        } else {
            self.send();
        }
    }

    /// Sends the answers as they are now.
    fn send(self) {
        let Some(sent) = self.answers.try_get_untracked() else {
            return;
        };
        self.flight.update_value(|f| {
            f.in_flight = true;
            f.again = false;
        });
        let request = self.save.with_value(|save| save(sent.clone()));
        spawn_local(async move {
            let answer = request.await;
            self.saved(sent, answer);
        });
    }

    /// A save answered.
    fn saved(self, sent: Answers, answer: SaveAnswer) {
        let Some(flight) = self.flight.try_get_value() else {
            // The page is gone.
            return;
        };
        self.flight.update_value(|f| f.in_flight = false);
        if flight.stopped {
            return;
        }
        match answer {
            Ok(saved) => {
                let current = self.answers.get_untracked();
                self.unsaved
                    .update_value(|unsaved| draft::settle(unsaved, &current, &sent));
                self.keep_here();
                if flight.again {
                    self.send();
                } else if self.unsaved.with_value(BTreeSet::is_empty) {
                    self.state.set(SaveState::Saved(saved.saved_at));
                }
            }
            Err(failure) if closes(&failure) => {
                self.stop();
                self.closed.run(());
            }
            Err(_) => {
                self.state.set(SaveState::KeptHere);
                if flight.again {
                    self.send();
                } else if self.timer.with_value(Option::is_none) {
                    self.schedule(RETRY);
                }
            }
        }
    }

    /// No more saves (the answers are being submitted); a save on its way is disregarded.
    pub fn stop(self) {
        self.flight.update_value(|f| f.stopped = true);
        self.cancel_timer();
    }

    /// Saves again after a submit that did not go through.
    pub fn resume(self) {
        self.flight.update_value(|f| f.stopped = false);
        if !self.unsaved.with_value(BTreeSet::is_empty) {
            self.schedule(self.delay);
        }
    }

    /// The survey is answered or closed: no more saves, and the phone's copy goes.
    pub fn forget(self) {
        self.stop();
        if let Some(key) = self.storage_key.try_get_value() {
            draft::forget(key.as_deref());
        }
    }

    /// The page is closing: a change still waiting for its pause is sent now (its answer is not
    /// waited for; the phone's copy has it either way).
    pub fn flush(self) {
        let Some(Some(timer)) = self.timer.try_get_value() else {
            return;
        };
        timer.clear();
        self.timer.try_set_value(None);
        let Some(flight) = self.flight.try_get_value() else {
            return;
        };
        if flight.stopped || flight.in_flight {
            return;
        }
        let (Some(answers), Some(request)) = (
            self.answers.try_get_untracked(),
            self.save.try_with_value(|save| save.clone()),
        ) else {
            return;
        };
        spawn_local(async move {
            let _ = request(answers).await;
        });
    }
}
