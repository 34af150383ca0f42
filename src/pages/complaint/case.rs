//! The case page's body: where the complaint stands, what is asked of the person, the decision
//! and what they can do now.

use leptos::prelude::*;
use leptos_router::components::A;
use portal_core::complaint::{Action, ComplaintDetail, Decision, NotAccepted, Remedy};
use portal_core::survey::CaseKind;

use super::actions::{ActionBar, Actions, MaterialSlot};
use super::timeline;
use crate::{
    components::{DeadlineList, Fact, NextDeadline, SurveyCard, Timeline},
    i18n::{complaints::ComplaintTexts, date_time, use_i18n},
    paths,
};

/// The regulator's consumer hotline, offered with the remedies.
const REGULATOR_HOTLINE: &str = "12378";

/// The page of one case, built once: the first answer goes into a signal that every action's
/// answer replaces, and the page follows it in place, so the items' upload slots and a reason
/// being typed survive another item being supplied and a switch of language.
#[component]
pub fn Case(complaint: ComplaintDetail) -> impl IntoView {
    let id = complaint.id;
    let complaint = RwSignal::new(complaint);
    let actions = Actions::new(id, complaint);
    // A step taken by staff shows here without a reload, in place like an action's answer.
    crate::live::on_case_notice("complaint", id, move || {
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = crate::api::complaint(id).await {
                // Not over a newer answer (an action's, which may arrive first).
                complaint.try_update(|shown| {
                    if fresh.timeline.len() >= shown.timeline.len() {
                        *shown = fresh;
                    }
                });
            }
        });
    });
    // Memos: a part that depends on what is allowed is redrawn only when that changes.
    let may = move |action| {
        Signal::from(Memo::new(move |_| {
            complaint.with(|c| c.allowed_actions.contains(&action))
        }))
    };
    let complaint = Signal::from(complaint);
    view! {
        <CaseTop complaint/>
        <SurveyCard case_kind=CaseKind::Complaint case_id=id/>
        <Materials complaint actions may_supply=may(Action::SupplyMaterial)/>
        <Outcome complaint/>
        <ActionBar actions may_withdraw=may(Action::Withdraw) may_review=may(Action::RequestReview)/>
        <History complaint/>
    }
}

/// The title, the facts and the deadline that runs now.
#[component]
fn CaseTop(complaint: Signal<ComplaintDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let case_number = move || complaint.with(|c| c.case_number.clone());
    let status = move || complaint.with(|c| c.status.label(i18n.lang()));
    let category = move || complaint.with(|c| c.category.label(i18n.lang()));
    let received_at = move || complaint.with(|c| date_time(c.received_at, i18n.lang()));
    let next = Memo::new(move |_| complaint.with(|c| c.next_deadline.clone()));
    view! {
        <div class="case-top">
            <h1>{i18n.complaint_text(|t| t.case_title)}{case_number}</h1>
            <dl class="facts card">
                <Fact label=i18n.text(|t| t.status_label) testid="complaint-status">
                    {status}
                </Fact>
                <Fact label=i18n.text(|t| t.category_label)>{category}</Fact>
                <Fact label=i18n.complaint_text(|t| t.received_at)>{received_at}</Fact>
            </dl>
            {move || next.get().map(|next| view! { <NextDeadline next/> })}
        </div>
    }
}

/// The missing items, each with its own upload slot while it is missing. Keyed by item: an
/// item's slot (and the file chosen in it) lives as long as the item.
#[component]
fn Materials(
    complaint: Signal<ComplaintDetail>,
    actions: Actions,
    may_supply: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asked = Memo::new(move |_| complaint.with(|c| c.materials.is_some()));
    let ids = move || {
        complaint.with(|c| {
            c.materials
                .iter()
                .flat_map(|m| m.items.iter().map(|i| i.item.id))
                .collect::<Vec<_>>()
        })
    };
    move || {
        asked.get().then(|| {
            view! {
                <section class="card block" data-testid="materials-request">
                    <h2>{i18n.complaint_text(|t| t.materials_title)}</h2>
                    <ul class="materials">
                        <For each=ids key=|id| *id let:item_id>
                            <MaterialItem complaint actions may_supply item_id/>
                        </For>
                    </ul>
                </section>
            }
        })
    }
}

/// One requested item: what it is, whether it came in, and its slot while it is missing.
#[component]
fn MaterialItem(
    complaint: Signal<ComplaintDetail>,
    actions: Actions,
    may_supply: Signal<bool>,
    item_id: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let item = Memo::new(move |_| {
        complaint.with(|c| {
            c.materials
                .iter()
                .flat_map(|m| m.items.iter())
                .find(|i| i.item.id == item_id)
                .map(|i| (i.item.description.clone(), i.supplied_at.is_none()))
        })
    });
    let description = move || item.with(|i| i.as_ref().map(|(text, _)| text.clone()));
    let missing = move || item.with(|i| i.as_ref().is_some_and(|(_, missing)| *missing));
    let open = Memo::new(move |_| missing() && may_supply.get());
    view! {
        <li class="material" data-testid="material-item">
            <span class="item-top">
                <span>{description}</span>
                <span class=move || if missing() { "badge badge-warn" } else { "badge badge-ok" }>
                    {move || if missing() { crate::i18n::complaints::complaint_texts(i18n.lang()).missing } else { crate::i18n::complaints::complaint_texts(i18n.lang()).received }}
                </span>
            </span>
            {move || open.get().then(|| view! { <MaterialSlot actions item_id/> })}
        </li>
    }
}

/// Why it was not accepted, or the decision with the remedies.
#[component]
fn Outcome(complaint: Signal<ComplaintDetail>) -> impl IntoView {
    let not_accepted = Memo::new(move |_| complaint.with(|c| c.not_accepted.clone()));
    let decision = Memo::new(move |_| {
        complaint.with(|c| c.review_decision.clone().or_else(|| c.decision.clone()))
    });
    view! {
        <div class="case-outcome">
            {move || {
                not_accepted
                    .get()
                    .map(|not_accepted| view! { <NotAcceptedSection not_accepted/> })
            }}
            {move || decision.get().map(|decision| view! { <DecisionSection decision/> })}
        </div>
    }
}

#[component]
fn NotAcceptedSection(not_accepted: NotAccepted) -> impl IntoView {
    let i18n = use_i18n();
    let NotAccepted { reason, text, .. } = not_accepted;
    view! {
        <section class="card block" data-testid="not-accepted">
            <h2>{i18n.complaint_text(|t| t.not_accepted_title)}</h2>
            <p>
                <strong>{i18n.by_lang(move |lang| reason.label(lang))}</strong>
            </p>
            <p class="prose">{text}</p>
        </section>
    }
}

#[component]
fn DecisionSection(decision: Decision) -> impl IntoView {
    let i18n = use_i18n();
    let Decision {
        result,
        reasons,
        remedies,
        ..
    } = decision;
    view! {
        <section class="card block" data-testid="decision">
            <h2>{i18n.text(|t| t.decision_title)}</h2>
            <p data-testid="decision-result">
                <strong>{i18n.by_lang(move |lang| result.label(lang))}</strong>
            </p>
            <p class="prose" data-testid="decision-reasons">{reasons}</p>
            <h3>{i18n.complaint_text(|t| t.remedies_title)}</h3>
            <ul class="remedies" data-testid="remedies">
                {remedies.into_iter().map(|remedy| view! { <RemedyItem remedy/> }).collect_view()}
            </ul>
            <A href=paths::CHANNELS attr:data-testid="channels-link">
                {i18n.text(|t| t.other_channels)}
            </A>
        </section>
    }
}

/// A way forward for someone who disagrees: its name and what it means.
#[component]
fn RemedyItem(remedy: Remedy) -> impl IntoView {
    let i18n = use_i18n();
    let hotline = (remedy == Remedy::RegulatorHotline).then(|| {
        view! {
            " "
            <a href=paths::tel(REGULATOR_HOTLINE)>{REGULATOR_HOTLINE}</a>
        }
    });
    view! {
        <li data-testid="remedy">
            <strong>{i18n.by_lang(move |lang| remedy.label(lang))}</strong>
            " "
            {i18n.complaint_text(remedy_line(remedy))}
            {hotline}
        </li>
    }
}

fn remedy_line(remedy: Remedy) -> fn(&'static ComplaintTexts) -> &'static str {
    match remedy {
        Remedy::Review => |t| t.remedy_review,
        Remedy::Mediation => |t| t.remedy_mediation,
        Remedy::Arbitration => |t| t.remedy_arbitration,
        Remedy::Litigation => |t| t.remedy_litigation,
        Remedy::RegulatorHotline => |t| t.remedy_hotline,
    }
}

/// The deadlines and every step of the case.
#[component]
fn History(complaint: Signal<ComplaintDetail>) -> impl IntoView {
    let i18n = use_i18n();
    let deadlines = Memo::new(move |_| complaint.with(|c| c.deadlines.clone()));
    let steps = Memo::new(move |_| {
        let lang = i18n.lang();
        complaint.with(|c| timeline::steps(&c.timeline, lang))
    });
    view! {
        <div class="case-history">
            <h2>{i18n.text(|t| t.deadlines_title)}</h2>
            <DeadlineList deadlines testid="deadlines"/>
            <h2>{i18n.text(|t| t.timeline_title)}</h2>
            <Timeline steps/>
        </div>
    }
}
