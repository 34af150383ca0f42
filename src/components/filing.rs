//! What the two filing forms (the complaint, the claim report) share: the draft kept in
//! localStorage as the person types, the idempotent submit and its answer, the draft row, and
//! the labelled fields with their error slots.

use leptos::prelude::*;
use portal_core::api::FieldError;
use serde::{Serialize, de::DeserializeOwned};

use std::future::Future;

use super::actions::{FormError, failure_of};
use super::field_error::{error_slot, has_error};
use crate::{
    api::ApiFailure,
    i18n::Texts,
    session::{Session, private_key, use_session},
    storage,
};

/// A form's draft: kept in localStorage for the account that typed it (never shown to another
/// account on the same phone, removed at logout), restored on its next visit, and sent with the
/// same idempotency key until it is filed.
pub trait KeptDraft: Serialize + DeserializeOwned + 'static {
    /// Its name among what the browser keeps for the account.
    const STORAGE_KEY: &'static str;
    /// What its idempotency keys start with.
    const KEY_PREFIX: &'static str;

    /// The `Idempotency-Key`: the same for this draft until it is filed.
    fn key_mut(&mut self) -> &mut String;

    /// A fresh idempotency key.
    fn new_key() -> String {
        new_key(Self::KEY_PREFIX)
    }
}

/// `prefix-` and the time and two random numbers, in hex.
fn new_key(prefix: &str) -> String {
    let random = |scale: f64| (js_sys::Math::random() * scale) as u64;
    format!(
        "{prefix}-{:x}-{:x}-{:x}",
        js_sys::Date::now() as u64,
        random(9_007_199_254_740_992.0),
        random(9_007_199_254_740_992.0)
    )
}

/// The storage key of a `D` draft of the logged-in account (`None`: nobody is logged in, and
/// nothing is kept).
fn draft_key<D: KeptDraft>(session: Session) -> Option<String> {
    let account = session.account_untracked()?;
    Some(private_key(&account, D::STORAGE_KEY))
}

/// The draft this account kept on an earlier visit, if any (with a fresh key if it had none).
fn restore<D: KeptDraft>(storage_key: Option<&str>) -> Option<D> {
    let mut draft: D = serde_json::from_str(&storage::get(storage_key?)?).ok()?;
    let key = draft.key_mut();
    if key.is_empty() {
        *key = D::new_key();
    }
    Some(draft)
}

/// A filing form's state around its draft: whether the draft is kept, and the submit, an
/// `Action` whose input is the draft sent and whose value is the receipt or the failure.
pub struct Filing<D: 'static, R: 'static> {
    /// Where this account's draft is kept (`None`: not kept).
    storage_key: StoredValue<Option<String>>,
    /// Whether the draft is kept ("draft saved").
    saved: RwSignal<bool>,
    /// Skips the next save: the first run only reads what is stored; a discard or a submit must
    /// not save at once either.
    skip_save: StoredValue<bool>,
    /// The server's field errors of the last submit, each shown beside its field.
    pub errors: RwSignal<Vec<FieldError>>,
    /// The submit. One at a time: the form's button is disabled while it is pending.
    pub submit: Action<D, Result<R, ApiFailure>>,
}

impl<D, R> Clone for Filing<D, R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D, R> Copy for Filing<D, R> {}

impl<D, R> Filing<D, R>
where
    D: KeptDraft + Clone + Send + Sync,
    R: Clone + Send + Sync + 'static,
{
    /// The form's state, and the draft this account kept on an earlier visit, if any. `send`
    /// files a draft; after a receipt the kept draft is forgotten and `filed` runs (it goes to
    /// the receipt); after a failure the field errors go beside their fields and the rest above
    /// the form (a 401 ends the session).
    pub fn new<Fut>(
        send: impl Fn(D) -> Fut + Clone + 'static,
        filed: impl Fn(&R) + Clone + 'static,
    ) -> (Filing<D, R>, Option<D>)
    where
        Fut: Future<Output = Result<R, ApiFailure>> + 'static,
    {
        let session = use_session();
        let storage_key = draft_key::<D>(session);
        let restored = restore::<D>(storage_key.as_deref());
        let storage_key = StoredValue::new(storage_key);
        let skip_save = StoredValue::new(true);
        let errors = RwSignal::new(Vec::new());
        let submit = Action::new_local(move |draft: &D| {
            let request = send(draft.clone());
            let filed = filed.clone();
            async move {
                let answer = request.await;
                match &answer {
                    Ok(receipt) => {
                        if let Some(key) = storage_key.try_get_value().flatten() {
                            storage::remove(&key);
                        }
                        skip_save.try_set_value(true);
                        errors.try_set(Vec::new());
                        filed(receipt);
                    }
                    Err(failure) => {
                        if failure.is_unauthenticated() {
                            session.expired();
                        }
                        let fields = match failure {
                            ApiFailure::Problem(problem) => problem.errors.clone(),
                            _ => Vec::new(),
                        };
                        errors.try_set(fields);
                        // The failure is shown above the form.
                        window().scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
                answer
            }
        });
        let filing = Filing {
            storage_key,
            saved: RwSignal::new(restored.is_some()),
            skip_save,
            errors,
            submit,
        };
        (filing, restored)
    }

    /// Keeps the draft as the person types: `snapshot` reads the draft now (tracked).
    pub fn autosave(self, snapshot: impl Fn() -> D + 'static) {
        Effect::new(move || {
            let draft = snapshot();
            if self.skip_save.get_value() {
                self.skip_save.set_value(false);
            } else if let Some(key) = self.storage_key.get_value()
                && let Ok(json) = serde_json::to_string(&draft)
            {
                storage::set(&key, &json);
                self.saved.set(true);
            }
        });
    }

    /// Forgets the kept draft and what the server said (the form then starts a new draft).
    pub fn discard(self) {
        if let Some(key) = self.storage_key.get_value() {
            storage::remove(&key);
        }
        self.skip_save.set_value(true);
        self.errors.set(Vec::new());
        self.submit.value().set(None);
        self.saved.set(false);
    }

    /// Files `draft`, unless a submit is on its way already.
    pub fn send(self, draft: D) {
        if !self.submit.pending().get_untracked() {
            self.submit.dispatch(draft);
        }
    }

    /// Whether a submit is on its way (tracked).
    pub fn submitting(self) -> bool {
        self.submit.pending().get()
    }

    /// The last submit's failure, if any.
    pub fn error(self) -> impl IntoView {
        view! { <FormError failure=failure_of(self.submit)/> }
    }

    /// "Draft saved" while the draft is kept, and the button that discards it.
    pub fn draft_row(self, t: &'static Texts, discard: impl Fn() + 'static) -> impl IntoView {
        let saved = self.saved;
        view! {
            <div class="draft-row">
                {move || {
                    saved
                        .get()
                        .then(|| {
                            view! {
                                <span class="hint" data-testid="draft-saved" role="status">
                                    {t.draft_saved}
                                </span>
                            }
                        })
                }}
                <button
                    type="button"
                    class="button button-quiet"
                    data-testid="draft-discard"
                    on:click=move |_| discard()
                >
                    {t.draft_discard}
                </button>
            </div>
        }
    }
}

/// A label, the control it names (`id`), and the error of the field at `path`.
pub fn labelled(
    id: String,
    label: &'static str,
    control: impl IntoView + 'static,
    errors: RwSignal<Vec<FieldError>>,
    path: String,
) -> AnyView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            {control}
            {error_slot(errors, path)}
        </div>
    }
    .into_any()
}

/// A labelled select over `(value, label)` options (`id`: also its testid) showing `current`
/// and telling `on_change` what is chosen, with the error slot of the field at `path`.
pub fn select_input(
    (id, path, label): (&'static str, &'static str, &'static str),
    options: Vec<(String, String)>,
    errors: RwSignal<Vec<FieldError>>,
    current: impl Fn() -> String + Copy + Send + Sync + 'static,
    on_change: impl Fn(String) + 'static,
) -> AnyView {
    let control = view! {
        <select
            id=id
            data-testid=id
            aria-invalid=move || has_error(errors, path).to_string()
            on:change=move |ev| on_change(event_target_value(&ev))
        >
            {options
                .into_iter()
                .map(|(value, text)| {
                    let chosen = value.clone();
                    view! {
                        <option value=value prop:selected=move || current() == chosen>
                            {text}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    };
    labelled(id.into(), label, control, errors, path.into())
}

/// The "it is urgent" checkbox (`urgent-toggle`): shows `checked`, tells `on_change`.
pub fn urgent_toggle(
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    on_change: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="choice">
            <input
                type="checkbox"
                data-testid="urgent-toggle"
                prop:checked=checked
                on:change=move |ev| on_change(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}

/// How a text is typed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    Tel,
    Date,
    Time,
    /// A textarea.
    Long,
}

/// A text field: the field's path in the request (as the server names it in its errors; the
/// input's id is `f-` and the path), its testid, label and kind.
pub struct TextInput {
    pub path: String,
    pub testid: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// A labelled text input (or textarea) showing `value` and telling `on_input` what is typed,
/// with its error slot.
pub fn text_input(
    spec: TextInput,
    errors: RwSignal<Vec<FieldError>>,
    value: impl Fn() -> String + Send + Sync + 'static,
    on_input: impl Fn(String) + 'static,
) -> AnyView {
    let TextInput {
        path,
        testid,
        label,
        kind,
    } = spec;
    let id = format!("f-{path}");
    let on_input = move |ev: leptos::ev::Event| on_input(event_target_value(&ev));
    let invalid = {
        let path = path.clone();
        move || has_error(errors, &path).to_string()
    };
    let input = if kind == Kind::Long {
        view! {
            <textarea
                id=id.clone()
                rows="5"
                data-testid=testid
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        let (kind, mode) = match kind {
            Kind::Date => ("date", None),
            Kind::Time => ("time", None),
            Kind::Tel => ("tel", Some("numeric")),
            _ => ("text", None),
        };
        view! {
            <input
                id=id.clone()
                type=kind
                inputmode=mode
                data-testid=testid
                aria-invalid=invalid
                prop:value=value
                on:input=on_input
            />
        }
        .into_any()
    };
    labelled(id, label, input, errors, path)
}
