//! The complaint screens' own texts, once per language (kept apart from the shared `Texts`, which
//! the first screen downloads, like the claims texts).
//! A field missing in one language does not compile.

use portal_core::Lang;

/// The texts of one language.
pub struct ComplaintTexts {
    pub complaints_empty: &'static str,
    pub complaints_empty_hint: &'static str,
    pub received_at: &'static str,
    pub case_title: &'static str,
    pub by_staff: &'static str,
    pub materials_title: &'static str,
    pub missing: &'static str,
    pub received: &'static str,
    pub remedies_title: &'static str,
    pub remedy_review: &'static str,
    pub remedy_mediation: &'static str,
    pub remedy_arbitration: &'static str,
    pub remedy_litigation: &'static str,
    pub remedy_hotline: &'static str,
    pub not_accepted_title: &'static str,
    pub review_reason: &'static str,
    pub review_submit: &'static str,
    pub complaint_not_found: &'static str,
    pub back_to_complaints: &'static str,
}

pub const ZH: ComplaintTexts = ComplaintTexts {
    complaints_empty: "您还没有投诉记录。",
    complaints_empty_hint: "对产品或服务不满意，可以在这里提交投诉。",
    received_at: "收到时间",
    case_title: "投诉 ",
    by_staff: "客服",
    materials_title: "请补交以下材料",
    missing: "待补交",
    received: "已补交",
    remedies_title: "如您不同意，可以：",
    remedy_review: "在处理决定作出之日起 30 日内向本公司申请核查。",
    remedy_mediation: "向保险纠纷调解组织申请调解。",
    remedy_arbitration: "如双方有仲裁约定，向仲裁机构申请仲裁。",
    remedy_litigation: "依法向人民法院提起诉讼。",
    remedy_hotline: "拨打监管部门消费者投诉热线：",
    not_accepted_title: "不予受理",
    review_reason: "请说明您不同意的理由",
    review_submit: "提交核查申请",
    complaint_not_found: "找不到该投诉",
    back_to_complaints: "返回我的投诉",
};

pub const EN: ComplaintTexts = ComplaintTexts {
    complaints_empty: "You have not filed any complaints.",
    complaints_empty_hint: "Unhappy with a product or our service? You can complain here.",
    received_at: "Received",
    case_title: "Complaint ",
    by_staff: "Customer service",
    materials_title: "Please send these missing items",
    missing: "Missing",
    received: "Received",
    remedies_title: "If you disagree, you can:",
    remedy_review: "Ask us to review the decision within 30 days of it.",
    remedy_mediation: "Ask an insurance dispute mediation body to mediate.",
    remedy_arbitration: "Apply for arbitration, if you agreed on it.",
    remedy_litigation: "Take the matter to a people's court.",
    remedy_hotline: "Call the regulator's consumer hotline:",
    not_accepted_title: "Not accepted",
    review_reason: "Why do you disagree?",
    review_submit: "Send the review request",
    complaint_not_found: "We could not find that complaint",
    back_to_complaints: "Back to my complaints",
};

/// The texts of a language.
pub fn complaint_texts(lang: Lang) -> &'static ComplaintTexts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}
