//! The case page's body: where the complaint stands, what is asked of the person, the decision
//! and what they can do now.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::complaint::{Action, ComplaintDetail, MaterialsRequest, Remedy};

use super::{actions, timeline};
use crate::{
    components::{deadline_list, next_deadline},
    html::Html,
    i18n::{Texts, date_time, texts, use_i18n},
    paths,
    remote::Remote,
};

pub fn case_view(c: ComplaintDetail, complaint: Remote<Option<ComplaintDetail>>) -> AnyView {
    let lang = use_i18n().lang();
    let t = texts(lang);
    let actions = actions::Actions::new(c.id, complaint);
    let may = |action| c.allowed_actions.contains(&action);
    let (may_supply, may_withdraw, may_review) = (
        may(Action::SupplyMaterial),
        may(Action::Withdraw),
        may(Action::RequestReview),
    );

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

    let mut history = Html::default();
    history.leaf("h2", "", "", t.deadlines_title);
    deadline_list(&mut history, &c.deadlines, "deadlines", lang);
    history.leaf("h2", "", "", t.timeline_title);
    timeline::timeline(&mut history, &c.timeline, lang);

    view! {
        {top.into_view("case-top")}
        {c.materials.map(|m| materials(m, t, actions, may_supply))}
        {outcome.into_view("case-outcome")}
        {actions::action_bar(actions, may_withdraw, may_review)}
        {history.into_view("case-history")}
    }
    .into_any()
}

fn materials(
    request: MaterialsRequest,
    t: &'static Texts,
    actions: actions::Actions,
    may_supply: bool,
) -> AnyView {
    view! {
        <section class="card block" data-testid="materials-request">
            <h2>{t.materials_title}</h2>
            <ul class="materials">
                {request
                    .items
                    .into_iter()
                    .map(|item| {
                        let missing = item.supplied_at.is_none();
                        view! {
                            <li class="material" data-testid="material-item">
                                <span class="item-top">
                                    <span>{item.item.description}</span>
                                    <span class=if missing { "badge badge-warn" } else { "badge badge-ok" }>
                                        {if missing { t.missing } else { t.received }}
                                    </span>
                                </span>
                                {(missing && may_supply)
                                    .then(|| actions::material_slot(actions, item.item.id))}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
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
