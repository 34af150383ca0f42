//! Values from outside, parsed once into types that are valid for ever ("parse, don't validate").

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

use crate::api::ErrorCode;

/// Why a value from outside was refused; carries the stable error code the UI translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{code:?}")]
pub struct ParseError {
    /// The stable code, e.g. [`ErrorCode::PhoneInvalid`].
    pub code: ErrorCode,
}

impl ParseError {
    const fn new(code: ErrorCode) -> Self {
        ParseError { code }
    }
}

/// A mainland-China mobile number: 11 digits starting with 13–19. Stored without the +86 prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "13800138000"))]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Accepts spaces, dashes and a `+86`/`0086`/`86` prefix, as people type them.
    pub fn parse(input: &str) -> Result<PhoneNumber, ParseError> {
        let digits: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '\u{3000}'))
            .collect();
        if digits.is_empty() {
            return Err(ParseError::new(ErrorCode::PhoneRequired));
        }
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("0086"))
            .or_else(|| {
                if digits.len() == 13 {
                    digits.strip_prefix("86")
                } else {
                    None
                }
            })
            .unwrap_or(&digits);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(PhoneNumber(digits.to_owned()))
        } else {
            Err(ParseError::new(ErrorCode::PhoneInvalid))
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with its middle digits hidden, for screens and logs: `138****8000`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PhoneNumber::parse(&s).map_err(|_| serde::de::Error::custom("invalid phone number"))
    }
}

/// A one-time login code: exactly 6 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpCode(String);

impl OtpCode {
    /// Accepts surrounding white space; anything but 6 digits is refused.
    pub fn parse(input: &str) -> Result<OtpCode, ParseError> {
        let code = input.trim();
        if code.is_empty() {
            return Err(ParseError::new(ErrorCode::CodeRequired));
        }
        if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(OtpCode(code.to_owned()))
        } else {
            Err(ParseError::new(ErrorCode::CodeMalformed))
        }
    }

    /// The 6 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The trimmed text, or `missing` when nothing is left: a required free text of a command.
pub(crate) fn required_text<E>(text: &str, missing: E) -> Result<String, E> {
    let text = text.trim();
    if text.is_empty() {
        Err(missing)
    } else {
        Ok(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_are_parsed_as_people_type_them() {
        for input in [
            "13800138000",
            "138 0013 8000",
            "+86 138-0013-8000",
            "008613800138000",
            "8613800138000",
        ] {
            assert_eq!(
                PhoneNumber::parse(input).map(|p| p.to_string()),
                Ok("13800138000".into()),
                "{input}"
            );
        }
    }

    #[test]
    fn malformed_phone_numbers_are_refused_with_a_code() {
        assert_eq!(
            PhoneNumber::parse("").map_err(|e| e.code),
            Err(ErrorCode::PhoneRequired)
        );
        for input in [
            "1380013800",
            "12800138000",
            "1380013800a",
            "23800138000",
            "138001380001",
        ] {
            assert_eq!(
                PhoneNumber::parse(input).map_err(|e| e.code),
                Err(ErrorCode::PhoneInvalid),
                "{input}"
            );
        }
    }

    #[test]
    fn phone_numbers_are_masked_for_display() {
        assert_eq!(
            PhoneNumber::parse("13800138000").map(|p| p.masked()),
            Ok("138****8000".into())
        );
    }

    #[test]
    fn otp_codes_are_six_digits() {
        assert!(OtpCode::parse(" 123456 ").is_ok());
        assert_eq!(
            OtpCode::parse("").map_err(|e| e.code),
            Err(ErrorCode::CodeRequired)
        );
        assert_eq!(
            OtpCode::parse("12345").map_err(|e| e.code),
            Err(ErrorCode::CodeMalformed)
        );
        assert_eq!(
            OtpCode::parse("12345a").map_err(|e| e.code),
            Err(ErrorCode::CodeMalformed)
        );
    }
}
