//! The words of every outbound message, per channel, in 中文 and English: text-message template
//! parameters, email subject with plain-text and HTML parts, WeChat template data.
