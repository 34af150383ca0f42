//! `/complaints/:id/receipt`: the receipt (回执) with the case number, the receipt time, the
//! deadlines that now run and the channels. Read from the case, so it survives a reload.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::complaint::ComplaintDetail;

use super::{ComplaintNotFound, use_complaint};
use crate::{
    components::{Channels, DeadlineList, Fact, Loaded},
    i18n::{date_time, use_i18n},
    paths,
};

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let complaint = use_complaint();
    view! {
        <Loaded resource=complaint rows=2 heading=i18n.text(|t| t.nav_complaints) let:found>
            {match found {
                Some(complaint) => view! { <Receipt complaint/> }.into_any(),
                None => view! { <ComplaintNotFound/> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn Receipt(complaint: ComplaintDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ComplaintDetail {
        id,
        case_number,
        received_at,
        deadlines,
        ..
    } = complaint;
    view! {
        <div class="receipt">
            <h1>{i18n.text(|t| t.receipt_title)}</h1>
            <p class="intro">{i18n.text(|t| t.receipt_intro)}</p>
            <dl class="facts card">
                <Fact label=i18n.text(|t| t.case_number) testid="receipt-case-number">
                    {case_number}
                </Fact>
                <Fact label=i18n.complaint_text(|t| t.received_at) testid="receipt-received-at">
                    {move || date_time(received_at, i18n.lang())}
                </Fact>
            </dl>
            <h2>{i18n.text(|t| t.deadlines_title)}</h2>
            <DeadlineList deadlines testid="receipt-deadlines"/>
            <A
                href=paths::complaint(id)
                attr:class="button button-primary button-block"
                attr:data-testid="receipt-open-case"
            >
                {i18n.text(|t| t.open_case)}
            </A>
            <h2>{i18n.text(|t| t.nav_channels)}</h2>
        </div>
        <Channels/>
        <div>
            <A href=paths::CHANNELS attr:data-testid="channels-link">
                {i18n.text(|t| t.other_channels)}
            </A>
        </div>
    }
}
