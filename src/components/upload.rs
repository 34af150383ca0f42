//! A file input that uploads each chosen photo or PDF at once and lists it with its state.

use std::cell::Cell;

use leptos::{prelude::*, task::spawn_local};
use portal_core::api::FieldError;
use portal_core::complaint::Attachment;
use web_sys::{File, HtmlInputElement};

use super::field_error::error_slot;
use crate::{
    api::{self, ApiFailure},
    i18n::{Texts, use_i18n},
};

/// The plain list of types the server takes (in-app webviews handle a plain list best).
pub const ACCEPT: &str = "image/jpeg,image/png,image/webp,image/heic,application/pdf";

thread_local! {
    static NEXT_SEQ: Cell<u32> = const { Cell::new(0) };
}

/// One chosen file: on its way, or stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Upload {
    seq: u32,
    name: String,
    done: Option<Attachment>,
}

/// The files of one slot, and the last upload that failed (with the file's name).
#[derive(Clone, Copy)]
pub struct Uploads {
    files: RwSignal<Vec<Upload>>,
    failure: RwSignal<Option<(String, ApiFailure)>>,
}

impl Uploads {
    /// A slot holding files already stored (a restored draft).
    pub fn new(stored: Vec<Attachment>) -> Uploads {
        let files = stored
            .into_iter()
            .map(|a| Upload {
                seq: next_seq(),
                name: a.file_name.clone(),
                done: Some(a),
            })
            .collect();
        Uploads {
            files: RwSignal::new(files),
            failure: RwSignal::new(None),
        }
    }

    /// The stored files (tracked).
    pub fn stored(&self) -> Vec<Attachment> {
        self.files
            .with(|files| files.iter().filter_map(|f| f.done.clone()).collect())
    }

    /// Whether a file is still on its way (tracked).
    pub fn busy(&self) -> bool {
        self.files
            .with(|files| files.iter().any(|f| f.done.is_none()))
    }

    /// Forgets every file.
    pub fn clear(&self) {
        self.files.set(Vec::new());
        self.failure.set(None);
    }

    fn start(self, file: File) {
        let seq = next_seq();
        let name = file.name();
        self.files.update(|files| {
            files.push(Upload {
                seq,
                name: name.clone(),
                done: None,
            })
        });
        spawn_local(async move {
            let answer = api::upload(&file).await;
            match answer {
                Ok(stored) => self.files.try_update(|files| {
                    if let Some(f) = files.iter_mut().find(|f| f.seq == seq) {
                        f.done = Some(stored);
                    }
                }),
                Err(failure) => {
                    self.failure.try_set(Some((name, failure)));
                    self.files
                        .try_update(|files| files.retain(|f| f.seq != seq))
                }
            };
        });
    }
}

fn next_seq() -> u32 {
    NEXT_SEQ.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    })
}

/// Where a slot sits and what it is called.
pub struct Slot {
    /// The input's id (for its label).
    pub id: String,
    /// The input's testid.
    pub testid: &'static str,
    /// Each listed file's testid.
    pub item_testid: &'static str,
    /// The field's path in the request, for the server's errors.
    pub path: &'static str,
    pub label: fn(&Texts) -> &'static str,
    pub multiple: bool,
}

/// The slot: label, file input, the files with their state, and the error next to them.
pub fn upload_slot(
    uploads: Uploads,
    slot: Slot,
    errors: Option<RwSignal<Vec<FieldError>>>,
) -> AnyView {
    let i18n = use_i18n();
    let multiple = slot.multiple;
    let on_change = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        uploads.failure.set(None);
        if !multiple {
            uploads.files.set(Vec::new());
        }
        for i in 0..list.length() {
            if let Some(file) = list.get(i) {
                uploads.start(file);
            }
        }
        // Choosing the same file again must upload it again.
        input.set_value("");
    };
    let item_testid = slot.item_testid;
    let path = slot.path;
    let failure = move || {
        uploads.failure.get().map(|(name, failure)| {
            view! {
                <p class="field-error" data-testid=crate::components::error_testid(path) role="alert">
                    {name} ": " {i18n.failure(&failure)}
                </p>
            }
        })
    };
    view! {
        <div class="field">
            <label for=slot.id.clone()>{i18n.text(slot.label)}</label>
            <input
                id=slot.id
                type="file"
                class="file-input"
                data-testid=slot.testid
                accept=ACCEPT
                multiple=multiple
                on:change=on_change
            />
            <p class="hint">{i18n.text(|t| t.file_hint)}</p>
            <ul class="files">
                {move || {
                    let t = i18n.t();
                    uploads
                        .files
                        .get()
                        .into_iter()
                        .map(|file| {
                            let seq = file.seq;
                            view! {
                                <li class="file-item" data-testid=item_testid>
                                    <span class="file-name">{file.name}</span>
                                    <span class="hint">
                                        {if file.done.is_some() { t.uploaded } else { t.uploading }}
                                    </span>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        on:click=move |_| {
                                            uploads.files.update(|files| files.retain(|f| f.seq != seq))
                                        }
                                    >
                                        {t.remove}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            {move || match uploads.failure.with(Option::is_some) {
                true => failure().into_any(),
                false => errors.map(|errors| error_slot(errors, path.to_owned())).into_any(),
            }}
        </div>
    }
    .into_any()
}
