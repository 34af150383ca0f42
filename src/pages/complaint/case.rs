//! The case page's body: where the complaint stands, what is asked of the person, the decision
//! and what they can do now.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::complaint::{Action, ComplaintDetail, Remedy};

use super::{actions, timeline};
use crate::{
    components::{deadline_list, next_deadline},
    html::Html,
    i18n::{Texts, date_time, texts, use_i18n},
    paths,
    remote::Remote,
};

/// Built once per case and following its changes: the items' upload slots and a reason being
/// typed survive another item being supplied, and a switch of language.
pub fn case_view(
    detail: Memo<ComplaintDetail>,
    complaint: Remote<Option<ComplaintDetail>>,
) -> AnyView {
    let i18n = use_i18n();
    let actions = actions::Actions::new(detail.with_untracked(|c| c.id), complaint);
    let may =
        move |action| Signal::derive(move || detail.with(|c| c.allowed_actions.contains(&action)));
    let top = move || detail.with(|c| top(c, i18n.lang()).into_view("case-top"));
    let outcome = move || detail.with(|c| outcome(c, i18n.lang()).into_view("case-outcome"));
    let history = move || {
        detail.with(|c| {
            let lang = i18n.lang();
            let t = texts(lang);
            let mut history = Html::default();
            history.leaf("h2", "", "", t.deadlines_title);
            deadline_list(&mut history, &c.deadlines, "deadlines", lang);
            history.leaf("h2", "", "", t.timeline_title);
            timeline::timeline(&mut history, &c.timeline, lang);
            history.into_view("case-history")
        })
    };
    view! {
        {top}
        {materials(detail, actions, may(Action::SupplyMaterial))}
        {outcome}
        {actions::action_bar(actions, may(Action::Withdraw), may(Action::RequestReview))}
        {history}
    }
    .into_any()
}

/// The title, the facts and the deadline that runs now.
fn top(c: &ComplaintDetail, lang: Lang) -> Html {
    let t = texts(lang);
    let mut top = Html::default();
    top.open("h1", "", "")
        .text(t.case_title)
        .text(&c.case_number)
        .close("h1")
        .open("dl", "facts card", "");
    top.fact(t.status_label, "complaint-status", c.status.label(lang));
    top.fact(t.category_label, "", c.category.label(lang));
    top.fact(t.received_at, "", &date_time(c.received_at, lang));
    top.close("dl");
    if let Some(next) = &c.next_deadline {
        next_deadline(&mut top, next, lang);
    }
    top
}

/// Why it was not accepted, or the decision with the remedies.
fn outcome(c: &ComplaintDetail, lang: Lang) -> Html {
    let t = texts(lang);
    let mut outcome = Html::default();
    if let Some(n) = &c.not_accepted {
        outcome
            .open("section", "card block", "not-accepted")
            .leaf("h2", "", "", t.not_accepted_title)
            .open("p", "", "")
            .leaf("strong", "", "", n.reason.label(lang))
            .close("p")
            .leaf("p", "prose", "", &n.text)
            .close("section");
    }
    if let Some(d) = c.review_decision.as_ref().or(c.decision.as_ref()) {
        decision(&mut outcome, d, t, lang);
    }
    outcome
}

/// The missing items, each with its own upload slot while it is missing.
fn materials(
    detail: Memo<ComplaintDetail>,
    actions: actions::Actions,
    may_supply: Signal<bool>,
) -> AnyView {
    let i18n = use_i18n();
    let asked = Memo::new(move |_| detail.with(|c| c.materials.is_some()));
    let ids = move || {
        detail.with(|c| {
            c.materials
                .iter()
                .flat_map(|m| m.items.iter().map(|i| i.item.id))
                .collect::<Vec<_>>()
        })
    };
    let item_view = move |item_id: u32| {
        let item = Memo::new(move |_| {
            detail.with(|c| {
                c.materials
                    .iter()
                    .flat_map(|m| m.items.iter())
                    .find(|i| i.item.id == item_id)
                    .map(|i| (i.item.description.clone(), i.supplied_at.is_none()))
            })
        });
        let missing = move || item.with(|i| i.as_ref().is_some_and(|(_, missing)| *missing));
        let open = Memo::new(move |_| missing() && may_supply.get());
        view! {
            <li class="material" data-testid="material-item">
                <span class="item-top">
                    <span>{move || item.with(|i| i.as_ref().map(|(text, _)| text.clone()))}</span>
                    <span class=move || if missing() { "badge badge-warn" } else { "badge badge-ok" }>
                        {move || if missing() { i18n.t().missing } else { i18n.t().received }}
                    </span>
                </span>
                {move || open.get().then(|| actions::material_slot(actions, item_id))}
            </li>
        }
    };
    (move || {
        asked.get().then(|| {
            view! {
                <section class="card block" data-testid="materials-request">
                    <h2>{i18n.text(|t| t.materials_title)}</h2>
                    <ul class="materials">
                        <For each=ids key=|id| *id children=item_view/>
                    </ul>
                </section>
            }
        })
    })
    .into_any()
}

fn remedy_line(remedy: Remedy, t: &'static Texts) -> &'static str {
    match remedy {
        Remedy::Review => t.remedy_review,
        Remedy::Mediation => t.remedy_mediation,
        Remedy::Arbitration => t.remedy_arbitration,
        Remedy::Litigation => t.remedy_litigation,
        Remedy::RegulatorHotline => t.remedy_hotline,
    }
}

fn decision(h: &mut Html, d: &portal_core::complaint::Decision, t: &'static Texts, lang: Lang) {
    h.open("section", "card block", "decision")
        .leaf("h2", "", "", t.decision_title)
        .open("p", "", "decision-result")
        .leaf("strong", "", "", d.result.label(lang))
        .close("p")
        .leaf("p", "prose", "decision-reasons", &d.reasons)
        .leaf("h3", "", "", t.remedies_title)
        .open("ul", "remedies", "remedies");
    for &remedy in &d.remedies {
        h.open("li", "", "remedy")
            .leaf("strong", "", "", remedy.label(lang))
            .text(" ")
            .text(remedy_line(remedy, t));
        if remedy == Remedy::RegulatorHotline {
            h.text(" ").link("tel:12378", "", "12378");
        }
        h.close("li");
    }
    h.close("ul")
        .link(paths::CHANNELS, "channels-link", t.other_channels)
        .close("section");
}
