//! Identity document numbers, parsed once (居民身份证 with its GB 11643 checksum).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use super::kinds::IdType;
use crate::api::ErrorCode;
use crate::parse::ParseError;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";

/// A mainland resident identity number: 18 characters, 17 digits and a check character (a digit or
/// `X`) that satisfies the GB 11643-1999 checksum, with a real birth date in characters 7–14.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "11010519491231002X"))]
#[serde(transparent)]
pub struct IdNumber(String);

impl IdNumber {
    /// Accepts surrounding and inner spaces and a lower-case `x`, as people type them.
    pub fn parse(input: &str) -> Result<IdNumber, ParseError> {
        let id: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if id.is_empty() {
            return Err(ParseError {
                code: ErrorCode::Required,
            });
        }
        let invalid = ParseError {
            code: ErrorCode::IdNumberInvalid,
        };
        let bytes = id.as_bytes();
        if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
            return Err(invalid);
        }
        let sum: u32 = bytes[..17]
            .iter()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        if CHECK_CHARS[(sum % 11) as usize] != bytes[17] {
            return Err(invalid);
        }
        if NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").is_err() {
            return Err(invalid);
        }
        Ok(IdNumber(id))
    }

    /// The 18 characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in the number.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").ok()
    }

    /// The number with all but the first 3 and last 4 characters hidden: `110***********002X`.
    pub fn masked(&self) -> String {
        format!("{}***********{}", &self.0[..3], &self.0[14..])
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IdNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        IdNumber::parse(&s).map_err(|_| serde::de::Error::custom("invalid ID number"))
    }
}

/// An identity document: its type and its number (a mainland ID number is checksum-checked;
/// other documents are 5–20 letters, digits or hyphens).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdDocument {
    /// The document's type.
    pub id_type: IdType,
    /// The number, normalised (upper case, no spaces).
    pub number: String,
}

impl IdDocument {
    /// Parses a number of the given type.
    pub fn parse(id_type: IdType, input: &str) -> Result<IdDocument, ParseError> {
        let number = match id_type {
            IdType::MainlandId => IdNumber::parse(input)?.0,
            _ => {
                let number: String = input
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| c.to_ascii_uppercase())
                    .collect();
                if number.is_empty() {
                    return Err(ParseError {
                        code: ErrorCode::Required,
                    });
                }
                let ok = (5..=20).contains(&number.len())
                    && number
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if !ok {
                    return Err(ParseError {
                        code: ErrorCode::IdNumberInvalid,
                    });
                }
                number
            }
        };
        Ok(IdDocument { id_type, number })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_with_a_correct_checksum_are_accepted() {
        for (input, id) in [
            ("11010519491231002X", "11010519491231002X"),
            ("11010519491231002x", "11010519491231002X"),
            (" 440304 19900101 1233 ", "440304199001011233"),
            ("310115200002290048", "310115200002290048"), // 29 February of a leap year
        ] {
            assert_eq!(
                IdNumber::parse(input).map(|i| i.to_string()),
                Ok(id.to_string())
            );
        }
    }

    #[test]
    fn id_numbers_with_a_wrong_checksum_length_or_date_are_refused() {
        for input in [
            "110105194912310021",  // check character should be X
            "440304199001011234",  // off by one in the check digit
            "11010519491231002",   // 17 characters
            "11010519491231002XX", // 19 characters
            "1101051949123100X2",  // X not last
            "110105194913310021",  // month 13 (checksum itself right)
        ] {
            assert_eq!(
                IdNumber::parse(input).map_err(|e| e.code),
                Err(ErrorCode::IdNumberInvalid),
                "{input}"
            );
        }
        assert_eq!(
            IdNumber::parse("  ").map_err(|e| e.code),
            Err(ErrorCode::Required)
        );
    }

    #[test]
    fn id_numbers_give_their_birth_date_and_are_masked_for_display() {
        let id = IdNumber::parse("11010519491231002X").ok();
        assert_eq!(
            id.as_ref().and_then(IdNumber::birth_date),
            NaiveDate::from_ymd_opt(1949, 12, 31)
        );
        assert_eq!(
            id.map(|i| i.masked()).as_deref(),
            Some("110***********002X")
        );
    }

    #[test]
    fn other_documents_are_checked_for_shape_only() {
        assert!(IdDocument::parse(IdType::Passport, "e 1234 5678").is_ok());
        assert_eq!(
            IdDocument::parse(IdType::Passport, "12").map_err(|e| e.code),
            Err(ErrorCode::IdNumberInvalid)
        );
        assert_eq!(
            IdDocument::parse(IdType::MainlandId, "110105194912310021").map_err(|e| e.code),
            Err(ErrorCode::IdNumberInvalid)
        );
    }
}
