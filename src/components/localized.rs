//! A text the company wrote in both languages (channels, checklist slots), in the person's.

use leptos::prelude::*;
use portal_core::complaint::LocalizedText;

use crate::i18n::use_i18n;

/// The text in the current language; it follows a switch.
#[component]
pub fn Localized(text: LocalizedText) -> impl IntoView {
    let i18n = use_i18n();
    move || text.get(i18n.lang()).to_owned()
}
