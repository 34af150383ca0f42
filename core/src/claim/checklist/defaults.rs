//! The default checklists (domain.md, "Claims"): what a company asks for unless it configures
//! its own.

use super::{Checklist, ClaimChecklists, DocumentSlot};
use crate::complaint::LocalizedText;

/// Whether a slot must be filled before the claim can be decided.
#[derive(Clone, Copy)]
enum Need {
    Required,
    Optional,
}

/// Whether a slot takes one file or several.
#[derive(Clone, Copy)]
enum Files {
    One,
    Several,
}

fn text(zh: &str, en: &str) -> LocalizedText {
    LocalizedText {
        zh: zh.to_owned(),
        en: en.to_owned(),
    }
}

fn slot(
    key: &str,
    label: (&str, &str),
    hint: (&str, &str),
    need: Need,
    files: Files,
) -> DocumentSlot {
    DocumentSlot {
        key: key.to_owned(),
        label: text(label.0, label.1),
        hint: text(hint.0, hint.1),
        required: matches!(need, Need::Required),
        multiple: matches!(files, Files::Several),
    }
}

use Files::{One, Several};
use Need::{Optional, Required};

fn id_card() -> DocumentSlot {
    slot(
        "id_card",
        ("被保险人身份证", "Insured person's ID card"),
        (
            "正反两面各一张，四角完整，文字清晰无反光。",
            "Both sides, all four corners in the picture, text sharp and without glare.",
        ),
        Required,
        Several,
    )
}

fn bank_card() -> DocumentSlot {
    slot(
        "bank_card",
        ("收款银行卡", "Bank card for the payment"),
        (
            "卡号一面清晰可读；户名须为被保险人或受益人本人。",
            "The side with the card number, readable; the account must be the insured's or the beneficiary's own.",
        ),
        Required,
        One,
    )
}

fn other() -> DocumentSlot {
    slot(
        "other",
        ("其他材料", "Other documents"),
        (
            "您认为有助于理赔的其他材料。",
            "Anything else you think helps the claim.",
        ),
        Optional,
        Several,
    )
}

fn invoices(need: Need) -> DocumentSlot {
    slot(
        "invoices",
        ("医疗费用发票", "Medical invoices"),
        (
            "每张发票完整拍摄，金额、日期和医院印章清晰可见。",
            "Every invoice in full, with the amount, the date and the hospital's stamp readable.",
        ),
        need,
        Several,
    )
}

fn medical_record() -> DocumentSlot {
    slot(
        "medical_record",
        ("病历", "Medical record"),
        (
            "门诊或住院病历的全部页面，含诊断内容。",
            "Every page of the outpatient or inpatient record, including the diagnosis.",
        ),
        Required,
        Several,
    )
}

fn damage_photos() -> DocumentSlot {
    slot(
        "damage_photos",
        ("损失照片", "Photos of the damage"),
        (
            "整体一张、近景数张，能看清损坏部位。",
            "One overall picture and several close-ups that show the damage clearly.",
        ),
        Required,
        Several,
    )
}

fn repair_estimate(need: Need) -> DocumentSlot {
    slot(
        "repair_estimate",
        ("维修估价单", "Repair estimate"),
        (
            "维修单位出具、盖章的估价单，列明项目和金额。",
            "Stamped by the repairer, listing each item and its price.",
        ),
        need,
        Several,
    )
}

fn medical() -> Checklist {
    Checklist {
        slots: vec![
            id_card(),
            invoices(Required),
            medical_record(),
            slot(
                "discharge_summary",
                ("出院小结", "Discharge summary"),
                (
                    "住院理赔必需；须有医院印章。",
                    "Needed for a hospital stay; it must bear the hospital's stamp.",
                ),
                Optional,
                Several,
            ),
            slot(
                "expense_list",
                ("费用明细清单", "Itemised bill"),
                (
                    "医院打印的住院或门诊费用明细。",
                    "The hospital's printed list of the charges.",
                ),
                Optional,
                Several,
            ),
            bank_card(),
            other(),
        ],
    }
}

fn accident() -> Checklist {
    Checklist {
        slots: vec![
            id_card(),
            slot(
                "accident_proof",
                ("意外事故证明", "Proof of the accident"),
                (
                    "交警、派出所、单位或医院出具的事故经过证明。",
                    "A statement of what happened from the police, the employer or the hospital.",
                ),
                Required,
                Several,
            ),
            medical_record(),
            invoices(Optional),
            slot(
                "disability_assessment",
                ("伤残鉴定书", "Disability assessment"),
                (
                    "申请伤残保险金时提供，须有鉴定机构印章。",
                    "For a disability benefit; it must bear the assessing body's stamp.",
                ),
                Optional,
                Several,
            ),
            bank_card(),
            other(),
        ],
    }
}

fn auto() -> Checklist {
    Checklist {
        slots: vec![
            slot(
                "driving_licence",
                ("驾驶证", "Driving licence"),
                (
                    "驾驶人驾驶证正副页，在有效期内。",
                    "The driver's licence, both pages, still valid.",
                ),
                Required,
                Several,
            ),
            slot(
                "vehicle_licence",
                ("行驶证", "Vehicle licence"),
                (
                    "行驶证正副页，车牌号清晰。",
                    "Both pages of the vehicle licence, with the plate number readable.",
                ),
                Required,
                Several,
            ),
            slot(
                "accident_report",
                ("事故认定书", "Accident report"),
                (
                    "交警出具的事故认定书或双方签字的事故协议书。",
                    "The police accident report, or the agreement signed by both parties.",
                ),
                Required,
                Several,
            ),
            repair_estimate(Required),
            damage_photos(),
            bank_card(),
            other(),
        ],
    }
}

fn property() -> Checklist {
    Checklist {
        slots: vec![
            id_card(),
            slot(
                "loss_list",
                ("损失清单", "List of losses"),
                (
                    "逐项列明受损财产、数量和金额，并签字。",
                    "Each damaged item with its quantity and value, signed.",
                ),
                Required,
                Several,
            ),
            damage_photos(),
            slot(
                "incident_proof",
                ("事故证明", "Proof of the incident"),
                (
                    "消防、公安、气象或物业出具的证明。",
                    "A statement from the fire brigade, the police, the weather service or the building's management.",
                ),
                Optional,
                Several,
            ),
            slot(
                "ownership_proof",
                ("财产权属证明", "Proof of ownership"),
                (
                    "购物发票、房产证等。",
                    "Purchase invoices, a title deed and the like.",
                ),
                Optional,
                Several,
            ),
            repair_estimate(Optional),
            bank_card(),
            other(),
        ],
    }
}

fn life() -> Checklist {
    Checklist {
        slots: vec![
            slot(
                "claimant_id",
                ("申请人身份证", "Claimant's ID card"),
                (
                    "受益人或申请人身份证正反两面。",
                    "Both sides of the beneficiary's or claimant's ID card.",
                ),
                Required,
                Several,
            ),
            slot(
                "insured_id",
                ("被保险人身份证", "Insured person's ID card"),
                (
                    "被保险人身份证正反两面（或已注销的户籍证明）。",
                    "Both sides of the insured's ID card (or the cancelled household registration).",
                ),
                Required,
                Several,
            ),
            slot(
                "death_certificate",
                ("死亡证明", "Death certificate"),
                (
                    "医院或公安机关出具的死亡证明。",
                    "The death certificate from the hospital or the police.",
                ),
                Required,
                One,
            ),
            slot(
                "relationship_proof",
                ("关系证明", "Proof of relationship"),
                (
                    "户口簿、结婚证或出生证明，证明与被保险人的关系。",
                    "Household register, marriage or birth certificate showing the relationship to the insured.",
                ),
                Required,
                Several,
            ),
            bank_card(),
            other(),
        ],
    }
}

impl Default for ClaimChecklists {
    fn default() -> Self {
        ClaimChecklists {
            medical: medical(),
            accident: accident(),
            auto: auto(),
            property: property(),
            life: life(),
        }
    }
}
