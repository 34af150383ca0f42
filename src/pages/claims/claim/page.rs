//! The claim page's body: where the claim stands, its documents, the outcome, what the person
//! can do now, the deadlines and the timeline.

use leptos::prelude::*;
use portal_core::claim::{Action, ClaimDetail};

use super::{actions, checklist, outcome, receipt::fact, timeline};
use crate::{
    components::uploader::Uploader,
    html::Html,
    i18n::{claims::claim_texts, date, date_time, use_i18n},
    pages::claims::{deadline_list, next_deadline},
    remote::Remote,
};

pub fn claim_view(c: ClaimDetail, claim: Remote<Option<ClaimDetail>>) -> AnyView {
    let i18n = use_i18n();
    let uploader = use_context::<Option<Uploader>>().flatten();
    (move || {
        let lang = i18n.lang();
        let t = claim_texts(lang);
        let may = |action| c.allowed_actions.contains(&action);

        let mut top = Html::default();
        top.open("h1", "", "")
            .text(t.claim_title)
            .text(&c.claim_number)
            .close("h1")
            .open("dl", "facts card", "");
        fact(
            &mut top,
            t.status_label,
            "claim-status",
            c.status.label(lang),
        );
        fact(
            &mut top,
            t.kind_label.trim_end_matches(" *"),
            "",
            c.kind.label(lang),
        );
        fact(&mut top, t.policy_number, "", &c.policy_number);
        fact(&mut top, t.insured, "", &c.insured_name);
        let mut incident = date(c.incident_date, lang);
        if let Some(time) = c.incident_time {
            incident.push_str(&format!(" {}", time.format("%H:%M")));
        }
        incident.push_str(" · ");
        incident.push_str(&c.place);
        fact(&mut top, t.incident, "", &incident);
        fact(&mut top, t.reported_at, "", &date_time(c.reported_at, lang));
        if let Some(reason) = c.fast_lane {
            fact(&mut top, t.fast_lane, "fast-lane", reason.label(lang));
        }
        top.close("dl");
        if let Some(next) = &c.next_deadline {
            next_deadline(&mut top, next, lang);
        }

        let mut result = Html::default();
        outcome::outcome(&mut result, &c, lang);

        let mut history = Html::default();
        history.leaf("h2", "", "", t.deadlines_title);
        deadline_list(&mut history, &c.deadlines, "deadlines", lang);
        history.leaf("h2", "", "", t.timeline_title);
        timeline::timeline(&mut history, &c, lang);

        view! {
            {top.into_view("case-top")}
            {checklist::checklist(&c, uploader, may(Action::UploadDocument))}
            {result.into_view("case-outcome")}
            {actions::action_bar(c.id, claim, may(Action::Dispute), may(Action::Withdraw))}
            {history.into_view("case-history")}
        }
        .into_any()
    })
    .into_any()
}
