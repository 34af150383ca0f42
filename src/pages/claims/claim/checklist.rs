//! The checklist: one slot per document the claim needs, with what is in, what is missing, why a
//! file was not accepted, and the slot's uploads.
//!
//! Each slot is built once per claim page (keyed by slot) and follows the claim: its file input
//! must survive every change of the claim (another file attaching while the person is in the
//! file picker).

use leptos::prelude::*;
use portal_core::claim::{ClaimDetail, ClaimDocument, ReviewState, SlotState, SlotStatus};

use crate::{
    api::{self, ApiFailure},
    components::{
        Localized, failure_of,
        uploader::{Uploader, slot_uploads},
    },
    i18n::{claims::claim_texts, date, fill, use_i18n},
    paths,
};

/// What the slots share: the claim, its uploads, and whether files may be added or removed now.
#[derive(Clone, Copy)]
pub struct Slots {
    pub claim: RwSignal<ClaimDetail>,
    pub uploader: Uploader,
    pub may_upload: Signal<bool>,
    pub may_remove: Signal<bool>,
}

#[component]
pub fn Checklist(slots: Slots) -> impl IntoView {
    let i18n = use_i18n();
    let keys = move || {
        slots.claim.with(|c| {
            c.checklist
                .slots
                .iter()
                .map(|s| s.slot.key.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card block" data-testid="checklist">
            <h2>{i18n.claim_text(|t| t.checklist_title)}</h2>
            <p class="hint">{i18n.claim_text(|t| t.checklist_intro)}</p>
            <ul class="slots">
                <For each=keys key=|key| key.clone() let:key>
                    <SlotItem slots key/>
                </For>
            </ul>
        </section>
    }
}

/// What the company asked for this slot: the latest request that said something about it (a
/// request made by a review lists the slot again without a note).
fn request_note(c: &ClaimDetail, slot: &SlotState) -> Option<String> {
    c.requests
        .iter()
        .rev()
        .flat_map(|r| r.slots.iter())
        .find(|r| r.slot == slot.slot.key && !r.note.trim().is_empty())
        .map(|r| r.note.clone())
        .filter(|_| slot.status.needs_upload())
}

/// One slot: its head, its documents, its file input and uploads.
#[component]
fn SlotItem(slots: Slots, key: String) -> impl IntoView {
    let state = {
        let key = key.clone();
        Memo::new(move |_| {
            slots.claim.with(|c| {
                let slot = c.checklist.slots.iter().find(|s| s.slot.key == key)?;
                Some((slot.clone(), request_note(c, slot)))
            })
        })
    };
    let status = move || {
        state.with(|s| {
            s.as_ref()
                .map_or(SlotStatus::Missing, |(s, _)| s.status)
                .as_str()
        })
    };
    let head = move || {
        state
            .get()
            .map(|(state, note)| view! { <SlotHead state note/> })
    };
    let removal = Removal::new(slots);
    let documents = move || {
        state.with(|s| {
            s.iter()
                .flat_map(|(s, _)| s.documents.iter().cloned())
                .map(|document| view! { <DocumentItem removal document/> })
                .collect_view()
        })
    };
    let multiple = state.with_untracked(|s| s.as_ref().is_some_and(|(s, _)| s.slot.multiple));
    let uploads = slot_uploads(slots.uploader, key.clone(), multiple, slots.may_upload);
    view! {
        <li class="slot" data-testid="slot" data-slot=key data-state=status>
            {head}
            <ul class="documents">{documents}</ul>
            {uploads}
        </li>
    }
}

/// The slot's name, whether it is needed, its state, and what the company said about it.
#[component]
fn SlotHead(state: SlotState, note: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let SlotState {
        slot: document_slot,
        status,
        rejection,
        due_on,
        ..
    } = state;
    let badge = match status {
        SlotStatus::Missing => "badge badge-warn",
        SlotStatus::Rejected => "badge badge-stop",
        SlotStatus::Uploaded => "badge",
        SlotStatus::Accepted => "badge badge-ok",
    };
    let need = if document_slot.required {
        i18n.claim_text(|t| t.required)
    } else {
        i18n.claim_text(|t| t.optional)
    };
    let due = due_on.filter(|_| status.needs_upload()).map(|day| {
        let due = move || {
            fill(
                claim_texts(i18n.lang()).due_by,
                "d",
                &date(day, i18n.lang()),
            )
        };
        view! { <span class="slot-due">{due}</span> }
    });
    let rejection = rejection.map(|r| {
        let text = move || {
            let lang = i18n.lang();
            let mut text = format!(
                "{}{}",
                claim_texts(lang).rejected_because,
                r.reason.label(lang)
            );
            if !r.note.trim().is_empty() {
                text.push_str(lang.pick("。", ". "));
                text.push_str(&r.note);
            }
            text
        };
        view! { <span class="field-error" role="alert">{text}</span> }
    });
    view! {
        <span class="item-top">
            <strong>
                <Localized text=document_slot.label/>
            </strong>
            <span class="slot-badges">
                <span class="muted">{need}</span>
                " "
                <span class=badge>{i18n.by_lang(move |lang| status.label(lang))}</span>
            </span>
        </span>
        <span class="hint">
            <Localized text=document_slot.hint/>
        </span>
        {due}
        {note.map(|note| view! { <span class="slot-note">{note}</span> })}
        {rejection}
    }
}

/// Removing a slot's documents not reviewed yet, asked once more before one goes: which one is
/// asked about now, and the removal with the document it was for.
#[derive(Clone, Copy)]
struct Removal {
    claim_id: i64,
    may_remove: Signal<bool>,
    confirming: RwSignal<Option<String>>,
    remove: Action<String, (String, Result<ClaimDetail, ApiFailure>)>,
}

impl Removal {
    fn new(slots: Slots) -> Removal {
        let claim = slots.claim;
        let id = claim.with_untracked(|c| c.id);
        let confirming = RwSignal::new(None::<String>);
        let remove = Action::new_local(move |document: &String| {
            let document = document.clone();
            async move {
                let answer = api::claims::remove_document(id, &document).await;
                if let Ok(detail) = &answer {
                    confirming.try_set(None);
                    claim.try_set(detail.clone());
                }
                (document, answer)
            }
        });
        Removal {
            claim_id: id,
            may_remove: slots.may_remove,
            confirming,
            remove,
        }
    }

    /// Why removing `document` failed, if its removal was the last and failed (tracked).
    fn failure(self, document: &str) -> Option<ApiFailure> {
        if self.remove.pending().get() {
            return None;
        }
        self.remove.value().with(|answer| match answer {
            Some((removed, Err(failure))) if removed == document => Some(failure.clone()),
            _ => None,
        })
    }
}

/// A document in its slot: its name and size, a link that opens it, and "remove" while it is
/// not reviewed yet.
#[component]
fn DocumentItem(removal: Removal, document: ClaimDocument) -> impl IntoView {
    let i18n = use_i18n();
    let claim_id = removal.claim_id;
    let ClaimDocument {
        id,
        file_name,
        content_type,
        size,
        review,
        ..
    } = document;
    let fallback = paths::document_file(claim_id, &id);
    // A signed link, asked for on the tap (it lasts minutes): it works where the webview sends
    // no cookie. Opened in this tab, never a pop-up. When it cannot be had, why shows beside
    // the link, and the next tap follows the plain address (with the session cookie).
    let link = {
        let id = id.clone();
        Action::new_local(move |_: &()| {
            let id = id.clone();
            async move {
                let answer = api::claims::document_link(claim_id, &id).await;
                if let Ok(link) = &answer {
                    let _ = window().location().assign(&link.url);
                }
                answer
            }
        })
    };
    let trouble = failure_of(link);
    let open = move |ev: leptos::ev::MouseEvent| {
        if trouble.get_untracked().is_none() {
            ev.prevent_default();
            link.dispatch(());
        }
    };
    let trouble_text = move || {
        trouble.get().map(|failure| {
            view! { <span class="field-error" role="alert">{i18n.failure(&failure)}</span> }
        })
    };
    let pdf = (content_type == "application/pdf")
        .then(|| view! { <span class="hint">{i18n.claim_text(|t| t.open_pdf_hint)}</span> });
    let size = format!("{:.1} MB", size as f64 / 1_048_576.0);
    let remove = (review == ReviewState::Pending).then(|| view! { <RemoveControls removal id/> });
    view! {
        <li class="document" data-testid="document">
            <span class="file-name">{file_name}</span>
            <span class="muted">{size}</span>
            <a href=fallback data-testid="document-open" on:click=open>
                {i18n.claim_text(|t| t.open_document)}
            </a>
            {trouble_text}
            {pdf}
            {remove}
        </li>
    }
}

/// "Remove", then "remove this document?" with confirm and cancel; a refusal shows beside it.
#[component]
fn RemoveControls(removal: Removal, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let asking = {
        let id = id.clone();
        move || {
            removal
                .confirming
                .with(|c| c.as_deref() == Some(id.as_str()))
        }
    };
    let error = {
        let id = id.clone();
        move || {
            removal.failure(&id).map(|failure| {
                view! { <span class="field-error" role="alert">{i18n.failure(&failure)}</span> }
            })
        }
    };
    let controls = move || {
        if !removal.may_remove.get() {
            return ().into_any();
        }
        let id = id.clone();
        if asking() {
            view! {
                <span class="confirm" role="alert" data-testid="remove-question">
                    {i18n.claim_text(|t| t.remove_question)}
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="remove-confirm"
                        disabled=removal.remove.pending()
                        on:click=move |_| {
                            removal.remove.dispatch(id.clone());
                        }
                    >
                        {i18n.claim_text(|t| t.remove_confirm)}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet"
                        on:click=move |_| removal.confirming.set(None)
                    >
                        {i18n.text(|t| t.cancel)}
                    </button>
                </span>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button button-quiet"
                    data-testid="document-remove"
                    on:click=move |_| removal.confirming.set(Some(id.clone()))
                >
                    {i18n.claim_text(|t| t.remove_document)}
                </button>
            }
            .into_any()
        }
    };
    view! {
        {controls}
        {error}
    }
}
