//! The published complaint channels' texts, once per language (kept apart from the shared
//! `Texts`, which the first screen downloads). A field missing in one language does not compile.

use portal_core::Lang;

/// The texts of one language.
pub struct ChannelTexts {
    pub channels_intro: &'static str,
    pub ch_hotline: &'static str,
    pub ch_fax: &'static str,
    pub ch_mail: &'static str,
    pub ch_postcode: &'static str,
    pub ch_reception: &'static str,
    pub ch_email: &'static str,
    pub ch_portal: &'static str,
    pub ch_process: &'static str,
    pub ch_regulator: &'static str,
}

pub const ZH: ChannelTexts = ChannelTexts {
    channels_intro: "您可以通过以下任一渠道投诉，处理流程和时限都相同。",
    ch_hotline: "投诉电话",
    ch_fax: "传真",
    ch_mail: "信函",
    ch_postcode: "邮编 ",
    ch_reception: "现场接待",
    ch_email: "电子邮箱",
    ch_portal: "网上投诉",
    ch_process: "处理流程",
    ch_regulator: "监管部门消费者投诉热线",
};

pub const EN: ChannelTexts = ChannelTexts {
    channels_intro: "You can complain through any of these channels; the process and deadlines are the same.",
    ch_hotline: "Complaint hotline",
    ch_fax: "Fax",
    ch_mail: "Letter",
    ch_postcode: "Postcode ",
    ch_reception: "In person",
    ch_email: "Email",
    ch_portal: "Online",
    ch_process: "How we handle a complaint",
    ch_regulator: "Regulator's consumer hotline",
};

/// The texts of a language.
pub fn channel_texts(lang: Lang) -> &'static ChannelTexts {
    match lang {
        Lang::ZhCn => &ZH,
        Lang::En => &EN,
    }
}
