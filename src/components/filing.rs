//! What the two filing forms (the complaint, the claim report) share: the draft kept in
//! localStorage as the person types, the idempotent submit and its answer, the draft row, and
//! the labelled fields with their error slots.

use leptos::prelude::*;
use portal_core::api::FieldError;
use serde::{Serialize, de::DeserializeOwned};

use super::actions::form_error;
use super::field_error::{error_slot, has_error};
use crate::{
    api::ApiFailure,
    i18n::Texts,
    session::{Session, use_session},
    storage,
};

/// A form's draft: kept in localStorage, restored on the next visit, and sent with the same
/// idempotency key until it is filed.
pub trait KeptDraft: Serialize + DeserializeOwned + 'static {
    /// Where the draft is kept.
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

/// The draft kept from an earlier visit, if any (with a fresh key if it had none).
fn restore<D: KeptDraft>() -> Option<D> {
    let mut draft: D = serde_json::from_str(&storage::get(D::STORAGE_KEY)?).ok()?;
    let key = draft.key_mut();
    if key.is_empty() {
        *key = D::new_key();
    }
    Some(draft)
}

/// Keeps the draft.
fn save<D: KeptDraft>(draft: &D) {
    if let Ok(json) = serde_json::to_string(draft) {
        storage::set(D::STORAGE_KEY, &json);
    }
}

/// A filing form's state around its draft: whether the draft is kept, the submit on its way,
/// and what the server said about the last one.
#[derive(Clone, Copy)]
pub struct Filing {
    storage_key: &'static str,
    session: Session,
    /// Whether the draft is kept ("draft saved").
    saved: RwSignal<bool>,
    /// Skips the next save: the first run only reads what is stored; a discard or a submit must
    /// not save at once either.
    skip_save: StoredValue<bool>,
    /// The server's field errors, each shown beside its field.
    pub errors: RwSignal<Vec<FieldError>>,
    /// A failure of the whole submit, shown above the form.
    pub failure: RwSignal<Option<ApiFailure>>,
    /// Whether a submit is on its way.
    pub submitting: RwSignal<bool>,
}

impl Filing {
    /// The form's state, and the draft kept from an earlier visit, if any.
    pub fn restore<D: KeptDraft>() -> (Filing, Option<D>) {
        let restored = restore::<D>();
        let filing = Filing {
            storage_key: D::STORAGE_KEY,
            session: use_session(),
            saved: RwSignal::new(restored.is_some()),
            skip_save: StoredValue::new(true),
            errors: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            submitting: RwSignal::new(false),
        };
        (filing, restored)
    }

    /// Keeps the draft as the person types: `snapshot` reads the draft now (tracked).
    pub fn autosave<D: KeptDraft>(self, snapshot: impl Fn() -> D + 'static) {
        Effect::new(move || {
            let draft = snapshot();
            if self.skip_save.get_value() {
                self.skip_save.set_value(false);
            } else {
                save(&draft);
                self.saved.set(true);
            }
        });
    }

    /// Forgets the kept draft and what the server said (the form then starts a new draft).
    pub fn discard(self) {
        storage::remove(self.storage_key);
        self.skip_save.set_value(true);
        self.errors.set(Vec::new());
        self.failure.set(None);
        self.saved.set(false);
    }

    /// Starts a submit, unless one is on its way already (then `false`).
    pub fn start(self) -> bool {
        if self.submitting.get_untracked() {
            return false;
        }
        self.submitting.set(true);
        true
    }

    /// Takes the submit's answer: a receipt (returned) forgets the draft; a failure puts the
    /// field errors beside their fields and the rest above the form (a 401 ends the session).
    pub fn answered<R>(self, answer: Result<R, ApiFailure>) -> Option<R> {
        self.submitting.try_set(false);
        match answer {
            Ok(receipt) => {
                storage::remove(self.storage_key);
                self.skip_save.try_set_value(true);
                Some(receipt)
            }
            Err(answer) => {
                if answer.is_unauthenticated() {
                    self.session.expired();
                }
                let fields = match &answer {
                    ApiFailure::Problem(problem) => problem.errors.clone(),
                    _ => Vec::new(),
                };
                self.errors.try_set(fields);
                self.failure.try_set(Some(answer));
                None
            }
        }
    }

    /// The last submit's failure, if any.
    pub fn error(self) -> impl IntoView {
        form_error(self.failure)
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
