//! The words of every outbound message, per channel, in 中文 and English: text-message template
//! parameters, email subject with plain-text and HTML parts, WeChat template data.
//!
//! Text messages and WeChat messages are templates approved by the provider; the portal only
//! fills their variables, so the variables are short (the providers cap them: a WeChat `thing`
//! at 20 characters, an Alibaba Cloud variable at 35). Emails are written here in full.

use portal_core::Lang;

use super::{Message, MessageKind};

/// The longest a template variable may be, in characters; longer values end in `…`.
pub const VARIABLE_MAX: usize = 20;

/// A template variable's value, cut to [`VARIABLE_MAX`] characters.
pub fn variable(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() <= VARIABLE_MAX {
        return value.to_owned();
    }
    let mut cut: String = value.chars().take(VARIABLE_MAX - 1).collect();
    cut.push('…');
    cut
}

/// A text message's template variables, named (Alibaba Cloud's `TemplateParam` object) and in
/// order (Tencent Cloud's `TemplateParamSet` list): the template approved at the provider
/// holds the words, in the language of the template the message's `lang` picks.
///
/// - progress: `case_no`, `step`, `link`
/// - survey: `case_no`, `link`
/// - login code: `code`
/// - email confirmation: none (it never goes by text message)
pub fn sms_params(message: &Message) -> Vec<(&'static str, String)> {
    let case_no = || message.case_number.clone().unwrap_or_default();
    let link = || message.link.clone().unwrap_or_default();
    match message.kind {
        MessageKind::Progress => vec![
            ("case_no", case_no()),
            ("step", variable(&message.title)),
            ("link", link()),
        ],
        MessageKind::Survey => vec![("case_no", case_no()), ("link", link())],
        MessageKind::LoginCode => vec![("code", message.code.clone().unwrap_or_default())],
        MessageKind::EmailConfirmation => Vec::new(),
    }
}

/// A WeChat template message's data fields (before the account's own field names are applied):
/// `case_no`, `step` (progress) or `survey` (survey), and `remark`.
pub fn wechat_fields(message: &Message) -> Vec<(&'static str, String)> {
    let lang = message.lang;
    let case_no = message.case_number.clone().unwrap_or_default();
    match message.kind {
        MessageKind::Progress => vec![
            ("case_no", case_no),
            ("step", variable(&message.title)),
            (
                "remark",
                lang.pick("点击查看详情", "Tap to see the details")
                    .to_owned(),
            ),
        ],
        MessageKind::Survey => vec![
            ("case_no", case_no),
            (
                "survey",
                variable(if message.title.is_empty() {
                    lang.pick("服务满意度调查", "Satisfaction survey")
                } else {
                    &message.title
                }),
            ),
            (
                "remark",
                lang.pick("点击填写，约需 2 分钟", "Tap to answer; it takes 2 minutes")
                    .to_owned(),
            ),
        ],
        MessageKind::LoginCode | MessageKind::EmailConfirmation => Vec::new(),
    }
}

/// An email, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailText {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub plain: String,
    /// The HTML part (every value escaped).
    pub html: String,
}

/// The email of `message`, in its language.
pub fn email(message: &Message) -> EmailText {
    let lang = message.lang;
    let case_no = message.case_number.as_deref().unwrap_or("");
    let link = message.link.as_deref().unwrap_or("");
    let title = message.title.as_str();
    let (subject, greeting, lines, action, closing) = match message.kind {
        MessageKind::Progress => (
            match lang {
                Lang::ZhCn => format!("您的案件 {case_no} 有新进展：{title}"),
                Lang::En => format!("Your case {case_no}: {title}"),
            },
            lang.pick("您好：", "Hello,"),
            vec![
                match lang {
                    Lang::ZhCn => format!("您的案件 {case_no} 有新进展："),
                    Lang::En => format!("There is news on your case {case_no}:"),
                },
                title.to_owned(),
            ],
            lang.pick("查看案件", "Open your case"),
            lang.pick(
                "本邮件由系统自动发送，请勿直接回复。",
                "This email was sent automatically; please do not reply to it.",
            ),
        ),
        MessageKind::Survey => (
            match lang {
                Lang::ZhCn => format!("请评价我们对案件 {case_no} 的服务"),
                Lang::En => format!("How did we do on your case {case_no}?"),
            },
            lang.pick("您好：", "Hello,"),
            vec![
                match lang {
                    Lang::ZhCn => format!("您的案件 {case_no} 已办结，诚邀您花约 2 分钟评价我们的服务。"),
                    Lang::En => format!(
                        "Your case {case_no} is closed. Would you take about 2 minutes to tell us how we did?"
                    ),
                },
                title.to_owned(),
            ],
            lang.pick("填写问卷", "Answer the survey"),
            lang.pick(
                "本邮件由系统自动发送，请勿直接回复。",
                "This email was sent automatically; please do not reply to it.",
            ),
        ),
        MessageKind::EmailConfirmation => (
            lang.pick("请确认您的电子邮件地址", "Confirm your email address")
                .to_owned(),
            lang.pick("您好：", "Hello,"),
            vec![lang
                .pick(
                    "您在保单服务平台添加了此邮件地址，用于接收案件进度通知。请在 3 天内点击下方链接确认。",
                    "You added this address to the policyholder portal to receive notices about your cases. Please open the link below within 3 days to confirm it.",
                )
                .to_owned()],
            lang.pick("确认邮件地址", "Confirm this address"),
            lang.pick(
                "如果这不是您本人的操作，请忽略本邮件，地址不会被使用。",
                "If this was not you, ignore this email: the address will not be used.",
            ),
        ),
        MessageKind::LoginCode => (
            lang.pick("登录验证码", "Your login code").to_owned(),
            lang.pick("您好：", "Hello,"),
            vec![match lang {
                Lang::ZhCn => format!(
                    "您的登录验证码是 {}，5 分钟内有效。",
                    message.code.as_deref().unwrap_or("")
                ),
                Lang::En => format!(
                    "Your login code is {}. It is valid for 5 minutes.",
                    message.code.as_deref().unwrap_or("")
                ),
            }],
            "",
            lang.pick(
                "请勿将验证码告诉任何人。",
                "Never tell anyone this code.",
            ),
        ),
    };
    let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();

    let mut plain = format!("{greeting}\n\n");
    for line in &lines {
        plain.push_str(line);
        plain.push('\n');
    }
    if !link.is_empty() {
        plain.push_str(&format!("\n{action}: {link}\n"));
    }
    plain.push_str(&format!("\n{closing}\n"));

    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5\">\n<p>{}</p>\n",
        lang.tag(),
        escape(&subject),
        escape(greeting)
    );
    for line in &lines {
        html.push_str(&format!("<p>{}</p>\n", escape(line)));
    }
    if !link.is_empty() {
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n",
            escape(link),
            escape(action)
        ));
    }
    html.push_str(&format!(
        "<p style=\"color: #666; font-size: 0.9em\">{}</p>\n</body></html>\n",
        escape(closing)
    ));
    EmailText {
        subject,
        plain,
        html,
    }
}

/// `text` with the characters that mean something in HTML (and in attribute values) escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn progress(lang: Lang, title: &str) -> Message {
        Message {
            kind: MessageKind::Progress,
            lang,
            case_number: Some("TS-20261201-0001".into()),
            title: title.into(),
            link: Some("https://portal.example.com/complaints/7?a=1&b=2".into()),
            code: None,
        }
    }

    #[test]
    fn html_is_escaped_and_both_parts_carry_the_words() {
        let email = email(&progress(Lang::En, "<script>alert(1)</script> & more"));
        assert!(email.subject.contains("TS-20261201-0001"));
        assert!(email.plain.contains("<script>alert(1)</script> & more"));
        assert!(
            email
                .html
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
        );
        assert!(!email.html.contains("<script>"));
        assert!(
            email
                .html
                .contains("href=\"https://portal.example.com/complaints/7?a=1&amp;b=2\"")
        );
    }

    #[test]
    fn each_language_has_its_words() {
        let zh = email(&progress(Lang::ZhCn, "已受理"));
        assert!(zh.subject.starts_with("您的案件"));
        assert!(zh.plain.contains("查看案件"));
        let en = email(&progress(Lang::En, "Accepted"));
        assert!(en.plain.contains("Open your case"));
        assert!(en.html.contains("lang=\"en\""));
    }

    #[test]
    fn long_titles_are_cut_for_templates() {
        let title = "一二三四五六七八九十一二三四五六七八九十一二三";
        let params = sms_params(&progress(Lang::ZhCn, title));
        assert_eq!(params[1].0, "step");
        assert_eq!(params[1].1.chars().count(), VARIABLE_MAX);
        assert!(params[1].1.ends_with('…'));
        assert_eq!(variable("short"), "short");
    }
}
