//! A slot's file input and its files on their way, each with a progress bar and its state.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::{Item, Phase, Uploader};
use crate::i18n::claims::{ClaimTexts, claim_texts};
use crate::i18n::{fill, use_i18n};

use crate::components::upload::ACCEPT;

/// The file input of a slot (when uploads are allowed now) and the slot's uploads.
pub fn slot_uploads(
    up: Uploader,
    slot: String,
    multiple: bool,
    may_upload: Signal<bool>,
) -> AnyView {
    let i18n = use_i18n();
    let input = {
        let id = format!("slot-file-{slot}");
        let key = slot.clone();
        let on_change = move |ev: leptos::ev::Event| {
            let input: HtmlInputElement = event_target(&ev);
            if let Some(files) = input.files() {
                up.choose(&key, &files);
            }
            // Choosing the same file again must send it again.
            input.set_value("");
        };
        view! {
            <div class="slot-input" hidden=move || !may_upload.get()>
            <label class="button button-secondary file-button" for=id.clone()>
                {move || claim_texts(i18n.lang()).choose_files}
            </label>
            <input
                id=id
                type="file"
                class="file-input visually-hidden"
                data-testid="slot-file"
                accept=ACCEPT
                multiple=multiple
                on:change=on_change
            />
            <p class="hint">{move || claim_texts(i18n.lang()).file_hint}</p>
            </div>
        }
    };
    let list = move || {
        up.of_slot(&slot)
            .into_iter()
            .map(|item| upload_row(up, item))
            .collect_view()
    };
    view! {
        {input}
        <ul class="uploads">{list}</ul>
    }
    .into_any()
}

fn state_text(item: &Item, t: &'static ClaimTexts, i18n: crate::i18n::I18n) -> String {
    match item.phase.get() {
        Phase::Preparing => t.preparing.into(),
        Phase::Uploading => t.uploading.into(),
        Phase::Waiting => t.waiting_network.into(),
        Phase::Finishing => t.finishing.into(),
        Phase::Done => i18n.t().uploaded.into(),
        Phase::NeedsFile => {
            let (sent, total) = (item.sent.get(), item.total.get().max(1.0));
            fill(
                t.unfinished_from,
                "n",
                &format!("{:.0}%", sent / total * 100.0),
            )
        }
        Phase::Failed => match item.trouble.get() {
            Some(failure) => i18n.failure(&failure).into(),
            None => t.upload_expired.into(),
        },
    }
}

fn upload_row(up: Uploader, item: Item) -> impl IntoView {
    let i18n = use_i18n();
    let seq = item.seq;
    let (phase, sent, total) = (item.phase.clone(), item.sent.clone(), item.total.clone());
    let class = move || match phase.get() {
        Phase::Failed => "upload upload-failed",
        Phase::Done => "upload upload-done",
        Phase::Waiting | Phase::NeedsFile => "upload upload-waiting",
        _ => "upload",
    };
    let percent = {
        let (sent, total) = (sent.clone(), total.clone());
        move || {
            let total = total.get().max(1.0);
            format!("{:.0}%", (sent.get() / total * 100.0).min(100.0))
        }
    };
    let name = item.name.clone();
    let (max, value) = (move || total.get(), move || sent.get());
    let may_discard = {
        let phase = item.phase.clone();
        move || matches!(phase.get(), Phase::NeedsFile | Phase::Failed)
    };
    let state = move || state_text(&item, claim_texts(i18n.lang()), i18n);
    view! {
        <li class=class data-testid="upload">
            <span class="upload-top">
                <span class="file-name">{name}</span>
                <span class="muted">{percent}</span>
            </span>
            <progress data-testid="upload-progress" max=max value=value></progress>
            <span class="upload-bottom">
                <span class="upload-state" data-testid="upload-state" role="status">{state}</span>
                <Show when=may_discard>
                    <button
                        type="button"
                        class="button button-quiet"
                        data-testid="upload-discard"
                        on:click=move |_| up.discard(seq)
                    >
                        {move || claim_texts(i18n.lang()).discard}
                    </button>
                </Show>
            </span>
        </li>
    }
}
