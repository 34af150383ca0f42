//! The notification settings screens' own texts, once per language (kept apart from the shared
//! `Texts`, so the login page does not download them). A field missing in one language does not
//! compile.

use portal_core::Lang;

/// The settings screens' texts. `{a}` marks an address filled in at run time.
pub struct SettingsTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub channels_heading: &'static str,
    pub inbox_always: &'static str,
    pub sms_to: &'static str,
    pub email_needs_address: &'static str,
    pub wechat_not_linked: &'static str,
    pub no_other_channel: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub required_heading: &'static str,
    pub required_intro: &'static str,
    pub email_heading: &'static str,
    pub email_label: &'static str,
    pub email_confirmed: &'static str,
    pub email_pending: &'static str,
    pub email_send: &'static str,
    pub email_unavailable: &'static str,
    pub confirm_title: &'static str,
    pub confirming: &'static str,
    pub confirmed: &'static str,
    pub confirm_failed: &'static str,
    pub to_settings: &'static str,
}

pub const ZH: SettingsTexts = SettingsTexts {
    title: "通知设置",
    intro: "所有通知都会出现在站内消息中。您可以另外选择通过以下方式接收一般通知。",
    channels_heading: "接收方式",
    inbox_always: "站内消息（始终开启）",
    sms_to: "短信发送至 {a}",
    email_needs_address: "请先在下方添加并确认邮箱地址。",
    wechat_not_linked: "尚未绑定微信。",
    no_other_channel: "暂未开通其他接收方式，所有通知都在站内消息中。",
    save: "保存设置",
    saved: "设置已保存。",
    required_heading: "以下通知始终以短信发送",
    required_intro: "按照监管要求，这些关键进度必须通知到您，无论上方如何选择：",
    email_heading: "电子邮箱",
    email_label: "邮箱地址",
    email_confirmed: "已确认的邮箱：{a}",
    email_pending: "确认邮件已发送至 {a}，请打开邮件中的链接完成确认。",
    email_send: "发送确认邮件",
    email_unavailable: "本公司暂未开通邮件通知。",
    confirm_title: "确认邮箱地址",
    confirming: "正在确认…",
    confirmed: "邮箱 {a} 已确认，您可以在通知设置中选择通过邮件接收通知。",
    confirm_failed: "无法确认",
    to_settings: "前往通知设置",
};

pub const EN: SettingsTexts = SettingsTexts {
    title: "Notification settings",
    intro: "Every notice is in your portal inbox. You can also receive the other notices through:",
    channels_heading: "Channels",
    inbox_always: "Portal inbox (always on)",
    sms_to: "Text messages to {a}",
    email_needs_address: "Add and confirm an email address below first.",
    wechat_not_linked: "No WeChat account is linked.",
    no_other_channel: "No other channel is offered yet: every notice is in your portal inbox.",
    save: "Save settings",
    saved: "Settings saved.",
    required_heading: "Always sent by text message",
    required_intro: "The rules require that you are told of these steps, whatever you choose above:",
    email_heading: "Email",
    email_label: "Email address",
    email_confirmed: "Confirmed address: {a}",
    email_pending: "A confirmation was sent to {a}. Open the link in it to confirm.",
    email_send: "Send confirmation",
    email_unavailable: "Notices by email are not offered yet.",
    confirm_title: "Confirm your email address",
    confirming: "Confirming…",
    confirmed: "{a} is confirmed. You can now choose email in your notification settings.",
    confirm_failed: "Could not confirm",
    to_settings: "Go to notification settings",
};

/// The settings texts of a language.
pub fn settings_texts(lang: Lang) -> &'static SettingsTexts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}
