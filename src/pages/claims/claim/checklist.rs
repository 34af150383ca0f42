//! The checklist: one slot per document the claim needs, with what is in, what is missing, why a
//! file was not accepted, and the slot's uploads.
//!
//! Each slot is built once per claim page and follows the claim: its file input must survive
//! every change of the claim (another file attaching while the person is in the file picker).

use leptos::{prelude::*, task::spawn_local};
use portal_core::Lang;
use portal_core::claim::{ClaimDetail, ClaimDocument, ReviewState, SlotState, SlotStatus};

use crate::{
    api::{self, ApiFailure},
    components::uploader::{Uploader, slot_uploads},
    i18n::{I18n, claims::claim_texts, date, fill, use_i18n},
    remote::Remote,
};

/// What the slots share: the claim, and whether files may be added or removed now.
#[derive(Clone, Copy)]
pub struct Slots {
    pub detail: Memo<ClaimDetail>,
    pub claim: Remote<Option<ClaimDetail>>,
    pub uploader: Option<Uploader>,
    pub may_upload: Signal<bool>,
    pub may_remove: Signal<bool>,
}

pub fn checklist(slots: Slots) -> AnyView {
    let i18n = use_i18n();
    let keys = move || {
        slots.detail.with(|c| {
            c.checklist
                .slots
                .iter()
                .map(|s| s.slot.key.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card block" data-testid="checklist">
            <h2>{move || claim_texts(i18n.lang()).checklist_title}</h2>
            <p class="hint">{move || claim_texts(i18n.lang()).checklist_intro}</p>
            <ul class="slots">
                <For each=keys key=|key| key.clone() children=move |key| slot_view(slots, key)/>
            </ul>
        </section>
    }
    .into_any()
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

fn slot_view(slots: Slots, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = {
        let key = key.clone();
        Memo::new(move |_| {
            slots.detail.with(|c| {
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
        let lang = i18n.lang();
        state.with(|s| s.as_ref().map(|(s, note)| slot_head(s, note.clone(), lang)))
    };
    // Which document asks "remove?" now, and what went wrong removing one.
    let confirming = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<(String, ApiFailure)>);
    let removal = Removal {
        slots,
        confirming,
        failure,
    };
    let documents = move || {
        let lang = i18n.lang();
        state.with(|s| {
            s.as_ref().map(|(s, _)| {
                s.documents
                    .iter()
                    .map(|d| document_view(removal, d, lang))
                    .collect_view()
            })
        })
    };
    let multiple = state.with_untracked(|s| s.as_ref().is_some_and(|(s, _)| s.slot.multiple));
    let uploads = slots
        .uploader
        .map(|up| slot_uploads(up, key.clone(), multiple, slots.may_upload));
    view! {
        <li class="slot" data-testid="slot" data-slot=key data-state=status>
            {head}
            <ul class="documents">{documents}</ul>
            {uploads}
        </li>
    }
}

/// The slot's name, whether it is needed, its state, and what the company said about it.
fn slot_head(s: &SlotState, note: Option<String>, lang: Lang) -> impl IntoView + use<> {
    let t = claim_texts(lang);
    let badge = match s.status {
        SlotStatus::Missing => "badge badge-warn",
        SlotStatus::Rejected => "badge badge-stop",
        SlotStatus::Uploaded => "badge",
        SlotStatus::Accepted => "badge badge-ok",
    };
    let need = if s.slot.required {
        t.required
    } else {
        t.optional
    };
    let due = s
        .due_on
        .filter(|_| s.status.needs_upload())
        .map(|day| fill(t.due_by, "d", &date(day, lang)));
    let rejection = s.rejection.as_ref().map(|r| {
        let mut text = format!("{}{}", t.rejected_because, r.reason.label(lang));
        if !r.note.trim().is_empty() {
            text.push_str(lang.pick("。", ". "));
            text.push_str(&r.note);
        }
        text
    });
    view! {
        <span class="item-top">
            <strong>{s.slot.label.get(lang).to_owned()}</strong>
            <span class="slot-badges">
                <span class="muted">{need}</span>
                " "
                <span class=badge>{s.status.label(lang)}</span>
            </span>
        </span>
        <span class="hint">{s.slot.hint.get(lang).to_owned()}</span>
        {due.map(|due| view! { <span class="slot-due">{due}</span> })}
        {note.map(|note| view! { <span class="slot-note">{note}</span> })}
        {rejection.map(|text| view! { <span class="field-error" role="alert">{text}</span> })}
    }
}

/// Removing a document not reviewed yet, asked once more before it goes.
#[derive(Clone, Copy)]
struct Removal {
    slots: Slots,
    confirming: RwSignal<Option<String>>,
    failure: RwSignal<Option<(String, ApiFailure)>>,
}

impl Removal {
    fn remove(self, document: String) {
        let (claim, id) = (self.slots.claim, self.slots.detail.with_untracked(|c| c.id));
        self.failure.set(None);
        spawn_local(async move {
            match api::claims::remove_document(id, &document).await {
                Ok(detail) => {
                    self.confirming.try_set(None);
                    claim.set(Some(detail));
                }
                Err(failure) => {
                    self.failure.try_set(Some((document, failure)));
                }
            }
        });
    }
}

fn document_view(removal: Removal, d: &ClaimDocument, lang: Lang) -> impl IntoView + use<> {
    let i18n = use_i18n();
    let t = claim_texts(lang);
    let claim_id = removal.slots.detail.with_untracked(|c| c.id);
    let pdf = d.content_type == "application/pdf";
    let id = d.id.clone();
    let fallback = format!(
        "/api/v1/claims/{claim_id}/documents/{}/file",
        String::from(js_sys::encode_uri_component(&d.id))
    );
    // A signed link, asked for on the tap (it lasts minutes): it works where the webview sends
    // no cookie. Opened in this tab, never a pop-up. When it cannot be had, why shows beside
    // the link, and the next tap follows the plain address (with the session cookie).
    let trouble = RwSignal::new(None::<ApiFailure>);
    let open = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            if trouble.get_untracked().is_some() {
                return;
            }
            ev.prevent_default();
            let id = id.clone();
            spawn_local(async move {
                match api::claims::document_link(claim_id, &id).await {
                    Ok(link) => {
                        let _ = window().location().assign(&link.url);
                    }
                    Err(failure) => {
                        trouble.try_set(Some(failure));
                    }
                }
            });
        }
    };
    let trouble_text = move || {
        trouble.with(|f| {
            f.as_ref().map(|failure| {
                view! { <span class="field-error" role="alert">{i18n.failure(failure)}</span> }
            })
        })
    };
    let size = format!("{:.1} MB", d.size as f64 / 1_048_576.0);
    let removable = d.review == ReviewState::Pending;
    let remove = removable.then(|| remove_controls(removal, id, i18n));
    view! {
        <li class="document" data-testid="document">
            <span class="file-name">{d.file_name.clone()}</span>
            <span class="muted">{size}</span>
            <a href=fallback data-testid="document-open" on:click=open>{t.open_document}</a>
            {trouble_text}
            {pdf.then(|| view! { <span class="hint">{t.open_pdf_hint}</span> })}
            {remove}
        </li>
    }
}

/// "Remove", then "remove this document?" with confirm and cancel; a refusal shows beside it.
fn remove_controls(removal: Removal, id: String, i18n: I18n) -> impl IntoView + use<> {
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
            removal.failure.with(|f| {
                f.as_ref()
                    .filter(|(doc, _)| *doc == id)
                    .map(|(_, failure)| i18n.failure(failure))
            })
        }
    };
    let controls = move || {
        let t = claim_texts(i18n.lang());
        if !removal.slots.may_remove.get() {
            return ().into_any();
        }
        let id = id.clone();
        if asking() {
            let (confirm_id, cancel) = (id.clone(), removal.confirming);
            view! {
                <span class="confirm" role="alert" data-testid="remove-question">
                    {t.remove_question}
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="remove-confirm"
                        on:click=move |_| removal.remove(confirm_id.clone())
                    >
                        {t.remove_confirm}
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| cancel.set(None)>
                        {i18n.t().cancel}
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
                    {t.remove_document}
                </button>
            }
            .into_any()
        }
    };
    view! {
        {controls}
        {move || error().map(|text| view! { <span class="field-error" role="alert">{text}</span> })}
    }
}
