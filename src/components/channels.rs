//! The published complaint channels (公开投诉渠道), shown on their page and on every receipt.

use leptos::prelude::*;
use portal_core::complaint::ComplaintChannels;

use crate::{
    api,
    components::{Loaded, Localized},
    i18n::{channels::ChannelTexts, use_i18n},
    paths,
};

#[component]
pub fn Channels() -> impl IntoView {
    let channels = LocalResource::new(api::channels);
    view! {
        <Loaded resource=channels rows=2 let:channels>
            <ChannelList channels/>
        </Loaded>
    }
}

#[component]
fn ChannelList(channels: ComplaintChannels) -> impl IntoView {
    let i18n = use_i18n();
    let ComplaintChannels {
        hotline,
        fax,
        mailing_address,
        postcode,
        reception_address,
        reception_hours,
        email,
        portal_url,
        process,
        regulator_hotline,
    } = channels;
    let (hotline_href, email_href) = (paths::tel(&hotline), paths::mailto(&email));
    let regulator_href = paths::tel(&regulator_hotline);
    let portal_href = portal_url.clone();
    view! {
        <div class="channels">
            <dl class="facts card">
                <ChannelRow testid="channel-hotline" label=|t| t.ch_hotline>
                    <a href=hotline_href>{hotline}</a>
                </ChannelRow>
                <ChannelRow testid="channel-fax" label=|t| t.ch_fax>
                    {fax}
                </ChannelRow>
                <ChannelRow testid="channel-mail" label=|t| t.ch_mail>
                    <Localized text=mailing_address/>
                    <br/>
                    {i18n.channel_text(|t| t.ch_postcode)}
                    {postcode}
                </ChannelRow>
                <ChannelRow testid="channel-reception" label=|t| t.ch_reception>
                    <Localized text=reception_address/>
                    <br/>
                    <Localized text=reception_hours/>
                </ChannelRow>
                <ChannelRow testid="channel-email" label=|t| t.ch_email>
                    <a href=email_href>{email}</a>
                </ChannelRow>
                <ChannelRow testid="channel-portal" label=|t| t.ch_portal>
                    <a href=portal_href>{portal_url}</a>
                </ChannelRow>
            </dl>
            <h2>{i18n.channel_text(|t| t.ch_process)}</h2>
            <ol class="steps" data-testid="process-steps">
                {process
                    .into_iter()
                    .map(|step| view! { <li><Localized text=step/></li> })
                    .collect_view()}
            </ol>
            <p class="regulator" data-testid="regulator-hotline">
                {i18n.channel_text(|t| t.ch_regulator)}
                " "
                <a href=regulator_href>{regulator_hotline}</a>
            </p>
        </div>
    }
}

/// One channel: its name and how to use it.
#[component]
fn ChannelRow(
    testid: &'static str,
    label: fn(&'static ChannelTexts) -> &'static str,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div data-testid=testid>
            <dt>{i18n.channel_text(label)}</dt>
            <dd>{children()}</dd>
        </div>
    }
}
