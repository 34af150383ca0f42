//! `/channels`: the published complaint channels, no login needed.

use leptos::prelude::*;

use crate::{components::Channels, i18n::use_i18n};

#[component]
pub fn ChannelsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{i18n.text(|t| t.nav_channels)}</h1>
        <p class="intro">{i18n.channel_text(|t| t.channels_intro)}</p>
        <Channels/>
    }
}
