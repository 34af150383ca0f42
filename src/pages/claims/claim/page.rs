//! The claim page's body: where the claim stands, its documents, the outcome, what the person
//! can do now, the deadlines and the timeline.

use leptos::prelude::*;
use portal_core::claim::{Action, ClaimDetail};
use portal_core::survey::CaseKind;

use super::actions::ActionBar;
use super::checklist::{Checklist, Slots};
use super::outcome::Outcome;
use super::timeline;
use crate::{
    components::{DeadlineList, Fact, NextDeadline, SurveyCard, Timeline, uploader::Uploader},
    i18n::{date, date_time, use_i18n},
};

/// The page of one claim, built once: the first answer goes into a signal that every later
/// answer (an action, a document attached or removed) replaces, and the page follows it in
/// place, so a file being chosen in a slot, the uploads on their way and a reason being typed
/// survive another document joining the claim and a switch of language.
#[component]
pub fn Claim(claim: ClaimDetail) -> impl IntoView {
    let id = claim.id;
    let claim = RwSignal::new(claim);
    // A step taken by staff shows here without a reload, in place like an action's answer.
    crate::live::on_case_notice("claim", id, move || {
        leptos::task::spawn_local(async move {
            if let Ok(detail) = crate::api::claims::claim(id).await {
                claim.try_update(|shown| {
                    if detail.timeline.len() >= shown.timeline.len() {
                        *shown = detail;
                    }
                });
            }
        });
    });
    // The uploads belong to the page of this claim: they outlive every answer about it.
    let uploader = Uploader::new(
        id,
        // Two files attached at once answer in any order: an answer whose timeline is shorter
        // than the one shown is the older one (events are only ever added) and is dropped.
        Callback::new(move |detail: ClaimDetail| {
            claim.try_update(|shown| {
                if detail.timeline.len() >= shown.timeline.len() {
                    *shown = detail;
                }
            });
        }),
    );
    // Memos: a part that depends on what is allowed is redrawn only when that changes.
    let may = move |action| {
        Signal::from(Memo::new(move |_| {
            claim.with(|c| c.allowed_actions.contains(&action))
        }))
    };
    let slots = Slots {
        claim,
        uploader,
        may_upload: may(Action::UploadDocument),
        may_remove: may(Action::RemoveDocument),
    };
    let (may_dispute, may_withdraw) = (may(Action::Dispute), may(Action::Withdraw));
    view! {
        <ClaimTop claim=claim.into()/>
        <SurveyCard case_kind=CaseKind::Claim case_id=id/>
        <Checklist slots/>
        <Outcome claim=claim.into()/>
        <ActionBar claim may_dispute may_withdraw/>
        <History claim=claim.into()/>
    }
}

/// The title, the facts and the deadline that runs now.
#[component]
fn ClaimTop(claim: Signal<ClaimDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |pick: fn(&ClaimDetail) -> String| move || claim.with(pick);
    let by_lang = move |pick: fn(&ClaimDetail, portal_core::Lang) -> String| {
        move || claim.with(|c| pick(c, i18n.lang()))
    };
    let incident = by_lang(|c, lang| {
        let mut incident = date(c.incident_date, lang);
        if let Some(time) = c.incident_time {
            incident.push_str(&time.format(" %H:%M").to_string());
        }
        incident.push_str(" · ");
        incident.push_str(&c.place);
        incident
    });
    let fast_lane = Memo::new(move |_| claim.with(|c| c.fast_lane));
    let next = Memo::new(move |_| claim.with(|c| c.next_deadline.clone()));
    view! {
        <div class="case-top">
            <h1>{i18n.claim_text(|t| t.claim_title)}{text(|c| c.claim_number.clone())}</h1>
            <dl class="facts card">
                <Fact label=i18n.text(|t| t.status_label) testid="claim-status">
                    {by_lang(|c, lang| c.status.label(lang).to_owned())}
                </Fact>
                <Fact label=i18n.claim_text(|t| t.kind_label.trim_end_matches(" *"))>
                    {by_lang(|c, lang| c.kind.label(lang).to_owned())}
                </Fact>
                <Fact label=i18n.text(|t| t.policy_number)>
                    {text(|c| c.policy_number.clone())}
                </Fact>
                <Fact label=i18n.claim_text(|t| t.insured)>{text(|c| c.insured_name.clone())}</Fact>
                <Fact label=i18n.claim_text(|t| t.incident)>{incident}</Fact>
                <Fact label=i18n.claim_text(|t| t.reported_at)>
                    {by_lang(|c, lang| date_time(c.reported_at, lang))}
                </Fact>
                {move || {
                    fast_lane
                        .get()
                        .map(|reason| {
                            view! {
                                <Fact label=i18n.claim_text(|t| t.fast_lane) testid="fast-lane">
                                    {i18n.by_lang(move |lang| reason.label(lang))}
                                </Fact>
                            }
                        })
                }}
            </dl>
            {move || next.get().map(|next| view! { <NextDeadline next/> })}
        </div>
    }
}

/// The deadlines and every step of the claim.
#[component]
fn History(claim: Signal<ClaimDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let deadlines = Memo::new(move |_| claim.with(|c| c.deadlines.clone()));
    let steps = Memo::new(move |_| {
        let lang = i18n.lang();
        claim.with(|c| timeline::steps(c, lang))
    });
    view! {
        <div class="case-history">
            <h2>{i18n.claim_text(|t| t.deadlines_title)}</h2>
            <DeadlineList deadlines testid="deadlines"/>
            <h2>{i18n.claim_text(|t| t.timeline_title)}</h2>
            <Timeline steps/>
        </div>
    }
}
