//! The survey screens' own texts, once per language (kept apart from the shared `Texts` like the
//! claims texts). The questions themselves come with the survey, in both languages. A field
//! missing in one language does not compile.

use portal_core::Lang;

/// The survey screens' texts. `{d}`, `{t}`, `{n}`, `{max}` mark values filled in at run time.
pub struct SurveyTexts {
    pub answer_by: &'static str,
    pub required: &'static str,
    pub nps_low: &'static str,
    pub nps_high: &'static str,
    pub chars: &'static str,
    pub autosave: &'static str,
    pub saving: &'static str,
    pub saved_at: &'static str,
    pub kept_here: &'static str,
    pub submit: &'static str,
    pub check_marked: &'static str,
    pub thanks_title: &'static str,
    pub thanks_text: &'static str,
    pub answered_title: &'static str,
    pub answered_on: &'static str,
    pub your_answers: &'static str,
    pub expired_title: &'static str,
    pub expired_on: &'static str,
    pub cancelled_title: &'static str,
    pub link_invalid_title: &'static str,
    pub log_in_to_answer: &'static str,
    pub not_found_title: &'static str,
    pub back_to_inbox: &'static str,
    pub open_case: &'static str,
    pub list_separator: &'static str,
}

pub const ZH: SurveyTexts = SurveyTexts {
    answer_by: "请于 {d} 前完成",
    required: "必答",
    nps_low: "0 = 完全不可能",
    nps_high: "10 = 非常可能",
    chars: "{n}/{max} 字",
    autosave: "您的回答会自动保存。",
    saving: "正在保存…",
    saved_at: "已保存 {t}",
    kept_here: "暂未保存到服务器，回答已保存在本机，稍后自动重试。",
    submit: "提交评价",
    check_marked: "请检查下方标出的问题。",
    thanks_title: "感谢您的评价！",
    thanks_text: "您的意见将帮助我们改进服务。",
    answered_title: "您已完成这份评价",
    answered_on: "评价时间：{d}",
    your_answers: "您的回答",
    expired_title: "这份问卷已过期",
    expired_on: "已于 {d} 过期。",
    cancelled_title: "这份问卷已取消",
    link_invalid_title: "链接无效",
    log_in_to_answer: "登录后在消息中评价",
    not_found_title: "找不到这份问卷",
    back_to_inbox: "返回消息",
    open_case: "查看案件",
    list_separator: "、",
};

pub const EN: SurveyTexts = SurveyTexts {
    answer_by: "Please answer by {d}",
    required: "Required",
    nps_low: "0 = not at all likely",
    nps_high: "10 = extremely likely",
    chars: "{n} / {max} characters",
    autosave: "Your answers are saved as you go.",
    saving: "Saving…",
    saved_at: "Saved {t}",
    kept_here: "Not saved to our server yet: your answers are kept on this device and we will try again.",
    submit: "Submit",
    check_marked: "Please check the questions marked below.",
    thanks_title: "Thank you for your feedback!",
    thanks_text: "Your answers help us improve our service.",
    answered_title: "You have answered this survey",
    answered_on: "Answered on {d}",
    your_answers: "Your answers",
    expired_title: "This survey has expired",
    expired_on: "It expired on {d}.",
    cancelled_title: "This survey was withdrawn",
    link_invalid_title: "This link does not work",
    log_in_to_answer: "Log in and answer from your messages",
    not_found_title: "We could not find this survey",
    back_to_inbox: "Back to messages",
    open_case: "Open the case",
    list_separator: ", ",
};

/// The call to answer a survey on the inbox and on the case pages: kept out of the shared `Texts`
/// (which the first screen downloads) and out of [`SurveyTexts`] (which the case screens do not
/// need).
pub struct CallTexts {
    pub cta: &'static str,
    pub answer_by: &'static str,
    pub card_title: &'static str,
    pub card_answered: &'static str,
    pub card_view: &'static str,
    pub card_expired: &'static str,
    pub card_cancelled: &'static str,
}

pub const CALL_ZH: CallTexts = CallTexts {
    cta: "去评价",
    answer_by: "请于 {d} 前评价",
    card_title: "请为本次服务评价",
    card_answered: "已于 {d} 评价，感谢您的反馈",
    card_view: "查看我的评价",
    card_expired: "本次服务评价已过期。",
    card_cancelled: "案件已重新处理，本次评价已取消。",
};

pub const CALL_EN: CallTexts = CallTexts {
    cta: "Rate our service",
    answer_by: "Please answer by {d}",
    card_title: "Tell us how we did",
    card_answered: "Answered on {d}. Thank you for your feedback.",
    card_view: "See my answers",
    card_expired: "The survey about this case has expired.",
    card_cancelled: "The case was reopened, so its survey was withdrawn.",
};

/// The call texts of a language.
pub fn call_texts(lang: Lang) -> &'static CallTexts {
    match lang {
        Lang::ZhCn => &CALL_ZH,
        Lang::En => &CALL_EN,
    }
}

/// The survey texts of a language.
pub fn survey_texts(lang: Lang) -> &'static SurveyTexts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}
