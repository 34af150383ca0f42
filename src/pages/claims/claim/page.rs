//! The claim page's body: where the claim stands, its documents, the outcome, what the person
//! can do now, the deadlines and the timeline.

use leptos::prelude::*;
use portal_core::Lang;
use portal_core::claim::{Action, ClaimDetail};

use super::{actions, checklist, outcome, timeline};
use crate::{
    components::uploader::Uploader,
    html::Html,
    i18n::{claims::claim_texts, date, date_time, texts, use_i18n},
    pages::claims::{deadline_list, next_deadline},
    remote::Remote,
};

pub fn claim_view(detail: Memo<ClaimDetail>, claim: Remote<Option<ClaimDetail>>) -> AnyView {
    let i18n = use_i18n();
    let uploader = use_context::<Option<Uploader>>().flatten();
    let may =
        move |action| Signal::derive(move || detail.with(|c| c.allowed_actions.contains(&action)));
    let id = detail.with_untracked(|c| c.id);
    // The read-only parts are written again on each change; the checklist's inputs and the
    // action forms are built once and follow the claim.
    let top = move || detail.with(|c| top(c, i18n.lang()).into_view("case-top"));
    let result = move || {
        detail.with(|c| {
            let mut result = Html::default();
            outcome::outcome(&mut result, c, i18n.lang());
            result.into_view("case-outcome")
        })
    };
    let history = move || {
        detail.with(|c| {
            let lang = i18n.lang();
            let t = claim_texts(lang);
            let mut history = Html::default();
            history.leaf("h2", "", "", t.deadlines_title);
            deadline_list(&mut history, &c.deadlines, "deadlines", lang);
            history.leaf("h2", "", "", t.timeline_title);
            timeline::timeline(&mut history, c, lang);
            history.into_view("case-history")
        })
    };
    view! {
        {top}
        {checklist::checklist(checklist::Slots {
            detail,
            claim,
            uploader,
            may_upload: may(Action::UploadDocument),
            may_remove: may(Action::RemoveDocument),
        })}
        {result}
        {actions::action_bar(id, claim, may(Action::Dispute), may(Action::Withdraw))}
        {history}
    }
    .into_any()
}

/// The title, the facts and the deadline that runs now.
fn top(c: &ClaimDetail, lang: Lang) -> Html {
    let t = claim_texts(lang);
    let mut top = Html::default();
    top.open("h1", "", "")
        .text(t.claim_title)
        .text(&c.claim_number)
        .close("h1")
        .open("dl", "facts card", "");
    top.fact(
        texts(lang).status_label,
        "claim-status",
        c.status.label(lang),
    );
    top.fact(t.kind_label.trim_end_matches(" *"), "", c.kind.label(lang));
    top.fact(texts(lang).policy_number, "", &c.policy_number);
    top.fact(t.insured, "", &c.insured_name);
    let mut incident = date(c.incident_date, lang);
    if let Some(time) = c.incident_time {
        incident.push_str(&format!(" {}", time.format("%H:%M")));
    }
    incident.push_str(" · ");
    incident.push_str(&c.place);
    top.fact(t.incident, "", &incident);
    top.fact(t.reported_at, "", &date_time(c.reported_at, lang));
    if let Some(reason) = c.fast_lane {
        top.fact(t.fast_lane, "fast-lane", reason.label(lang));
    }
    top.close("dl");
    if let Some(next) = &c.next_deadline {
        next_deadline(&mut top, next, lang);
    }
    top
}
