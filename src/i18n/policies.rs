//! The policy screens' own texts, once per language (kept apart from the shared `Texts`, which
//! the first screen downloads, like the claims texts).
//! A field missing in one language does not compile.

use portal_core::Lang;

/// The texts of one language.
pub struct PolicyTexts {
    pub policies_title: &'static str,
    pub policies_empty: &'static str,
    pub policies_empty_hint: &'static str,
    pub ends_on: &'static str,
    pub policy_kind: &'static str,
    pub policy_holder: &'static str,
    pub policy_insured: &'static str,
    pub policy_period: &'static str,
    pub policy_sum_insured: &'static str,
    pub policy_premium: &'static str,
    pub period_to: &'static str,
    pub policy_not_found: &'static str,
    pub back_to_list: &'static str,
}

pub const ZH: PolicyTexts = PolicyTexts {
    policies_title: "我的保单",
    policies_empty: "您名下还没有保单。",
    policies_empty_hint: "新投保的保单可能需要一个工作日才会显示。",
    ends_on: "到期日",
    policy_kind: "险种",
    policy_holder: "投保人",
    policy_insured: "被保险人",
    policy_period: "保险期间",
    policy_sum_insured: "保额",
    policy_premium: "年保费",
    period_to: " 至 ",
    policy_not_found: "找不到该保单",
    back_to_list: "返回我的保单",
};

pub const EN: PolicyTexts = PolicyTexts {
    policies_title: "My policies",
    policies_empty: "You have no policies yet.",
    policies_empty_hint: "A new policy can take one working day to appear.",
    ends_on: "Ends on",
    policy_kind: "Kind",
    policy_holder: "Policyholder",
    policy_insured: "Insured person",
    policy_period: "Period of cover",
    policy_sum_insured: "Sum insured",
    policy_premium: "Yearly premium",
    period_to: " to ",
    policy_not_found: "We could not find that policy",
    back_to_list: "Back to my policies",
};

/// The texts of a language.
pub fn policy_texts(lang: Lang) -> &'static PolicyTexts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}
