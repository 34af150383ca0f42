//! What came of the claim so far: the investigation, the assessed amount, advance payments, the
//! decision with its reasons, the payment with its breakdown, and the complaint of a dispute.

use portal_core::Lang;
use portal_core::claim::ClaimDetail;

use crate::html::Html;
use crate::i18n::claims::claim_texts;
use crate::i18n::date_time;

pub fn outcome(h: &mut Html, c: &ClaimDetail, lang: Lang) {
    let t = claim_texts(lang);
    if let Some(i) = &c.investigation {
        h.open("section", "card block", "investigation")
            .leaf("h2", "", "", t.investigation_title)
            .leaf("p", "prose", "", &i.what)
            .close("section");
    }
    if let Some(a) = &c.assessment {
        h.open("section", "card block", "")
            .leaf("h2", "", "", t.assessment_title)
            .leaf("p", "amount", "assessed-amount", &a.amount.display_cny());
        if !a.note.trim().is_empty() {
            h.leaf("p", "prose", "", &a.note);
        }
        h.close("section");
    }
    if !c.advances.is_empty() {
        h.open("section", "card block", "advance-payment")
            .leaf("h2", "", "", t.advance_title)
            .open("ul", "lines", "");
        for advance in &c.advances {
            h.open("li", "", "")
                .leaf("span", "", "", &date_time(advance.at, lang))
                .leaf("span", "amount", "", &advance.amount.display_cny())
                .close("li");
        }
        h.close("ul").close("section");
    }
    if let Some(d) = &c.decision {
        h.open("section", "card block", "decision")
            .leaf("h2", "", "", t.decision_title)
            .open("p", "", "decision-result")
            .leaf("strong", "", "", d.result.label(lang))
            .close("p");
        if let Some(amount) = d.amount {
            h.open("p", "", "decision-amount")
                .text(t.decided_amount)
                .text(lang.pick("：", ": "))
                .leaf("strong", "amount", "", &amount.display_cny())
                .close("p");
        }
        if !d.refusal_reasons.is_empty() {
            h.open("ul", "reasons", "decision-reasons");
            for reason in &d.refusal_reasons {
                h.leaf("li", "", "", reason.label(lang));
            }
            h.close("ul");
        }
        if !d.text.trim().is_empty() {
            h.leaf("p", "prose", "decision-text", &d.text);
        }
        h.close("section");
    }
    if let Some(p) = &c.payment {
        h.open("section", "card block", "payment")
            .leaf("h2", "", "", t.payment_title)
            .open("ul", "lines", "");
        for line in &p.lines {
            h.open("li", "", "payment-line")
                .leaf("span", "", "", &line.label)
                .leaf("span", "amount", "", &line.amount.display_cny())
                .close("li");
        }
        h.open("li", "total", "payment-total")
            .leaf("strong", "", "", t.payment_total)
            .leaf("strong", "amount", "", &p.total.display_cny())
            .close("li");
        if p.advance_deducted.0 != 0 {
            h.open("li", "", "")
                .leaf("span", "", "", t.advance_deducted)
                .leaf("span", "amount", "", &p.advance_deducted.display_cny())
                .close("li")
                .open("li", "", "")
                .leaf("span", "", "", t.transferred)
                .leaf("span", "amount", "", &p.transferred.display_cny())
                .close("li");
        }
        h.close("ul")
            .leaf("p", "muted", "", &date_time(p.at, lang))
            .close("section");
    }
    if let Some(complaint) = &c.dispute_complaint {
        h.open("p", "card block", "dispute-complaint")
            .text(t.dispute_opened)
            .open_with(
                "a",
                &[
                    ("href", &format!("/complaints/{}", complaint.id)),
                    ("rel", "external"),
                ],
            )
            .text(&complaint.case_number)
            .close("a")
            .close("p");
    }
}
