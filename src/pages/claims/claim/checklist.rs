//! The checklist: one slot per document the claim needs, with what is in, what is missing, why a
//! file was not accepted, and the slot's uploads.

use leptos::{prelude::*, task::spawn_local};
use portal_core::Lang;
use portal_core::claim::{ClaimDetail, ClaimDocument, SlotState, SlotStatus};

use crate::{
    api,
    components::uploader::{Uploader, slot_uploads},
    i18n::{claims::claim_texts, date, fill, use_i18n},
};

pub fn checklist(c: &ClaimDetail, uploader: Option<Uploader>, may_upload: bool) -> AnyView {
    let lang = use_i18n().lang();
    let t = claim_texts(lang);
    let slots = c
        .checklist
        .slots
        .iter()
        .map(|slot| {
            // What the company asked for this slot: the latest request that said something about
            // it (a request made by a review lists the slot again without a note).
            let note = c
                .requests
                .iter()
                .rev()
                .flat_map(|r| r.slots.iter())
                .find(|r| r.slot == slot.slot.key && !r.note.trim().is_empty())
                .map(|r| r.note.clone())
                .filter(|_| slot.status.needs_upload());
            slot_view(c.id, slot, note, uploader, may_upload, lang)
        })
        .collect_view();
    view! {
        <section class="card block" data-testid="checklist">
            <h2>{t.checklist_title}</h2>
            <p class="hint">{t.checklist_intro}</p>
            <ul class="slots">{slots}</ul>
        </section>
    }
    .into_any()
}

fn slot_view(
    claim_id: i64,
    s: &SlotState,
    note: Option<String>,
    uploader: Option<Uploader>,
    may_upload: bool,
    lang: Lang,
) -> impl IntoView {
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
    let documents = s
        .documents
        .iter()
        .map(|d| document_view(claim_id, d, lang))
        .collect_view();
    let uploads =
        uploader.map(|up| slot_uploads(up, s.slot.key.clone(), s.slot.multiple, may_upload));
    view! {
        <li class="slot" data-testid="slot" data-slot=s.slot.key.clone() data-state=s.status.as_str()>
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
            <ul class="documents">{documents}</ul>
            {uploads}
        </li>
    }
}

fn document_view(claim_id: i64, d: &ClaimDocument, lang: Lang) -> impl IntoView {
    let t = claim_texts(lang);
    let pdf = d.content_type == "application/pdf";
    let id = d.id.clone();
    let fallback = format!(
        "/api/v1/claims/{claim_id}/documents/{}/file",
        String::from(js_sys::encode_uri_component(&d.id))
    );
    // A signed link, asked for on the tap (it lasts minutes): it works where the webview sends
    // no cookie. Opened in this tab, never a pop-up.
    let open = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let id = id.clone();
        spawn_local(async move {
            if let Ok(link) = api::claims::document_link(claim_id, &id).await {
                let _ = window().location().assign(&link.url);
            }
        });
    };
    let size = format!("{:.1} MB", d.size as f64 / 1_048_576.0);
    view! {
        <li class="document" data-testid="document">
            <span class="file-name">{d.file_name.clone()}</span>
            <span class="muted">{size}</span>
            <a href=fallback data-testid="document-open" on:click=open>{t.open_document}</a>
            {pdf.then(|| view! { <span class="hint">{t.open_pdf_hint}</span> })}
        </li>
    }
}
