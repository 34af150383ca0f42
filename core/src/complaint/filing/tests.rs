//! Filing validation: what the rules require of each kind of complainant.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::testing::{err, field_codes};

fn person(name: &str, id: &str, phone: &str) -> PersonInput {
    PersonInput {
        name: name.into(),
        id_type: None,
        id_number: id.into(),
        phone: phone.into(),
    }
}

fn by_the_consumer() -> NewComplaint {
    NewComplaint {
        filed_as: Some(Relationship::Consumer),
        consumer: person("张三", "11010519491231002X", "13800138000"),
        about: "北京分公司".into(),
        category: Some(Category::ClaimDispute),
        request: "请求按合同赔付住院费用。".into(),
        facts: "2025 年 9 月住院，理赔被拒。".into(),
        ..NewComplaint::default()
    }
}

fn codes(input: &NewComplaint) -> Vec<(String, ErrorCode)> {
    field_codes(ComplaintFiling::parse(input))
}

#[test]
fn a_consumer_filing_online_is_valid_with_defaults_filled_in() {
    let filing = ComplaintFiling::parse(&by_the_consumer()).unwrap();
    assert_eq!(filing.channel, Channel::Online);
    assert_eq!(filing.filed_by, FiledBy::Consumer);
    assert_eq!(filing.preferred_contact, ContactPreference::Phone);
    assert_eq!(filing.consumer.phone.as_str(), "13800138000");
    assert_eq!(filing.urgent, None);
}

#[test]
fn an_empty_filing_names_every_missing_field() {
    assert_eq!(
        codes(&NewComplaint::default()),
        [
            err("consumer.name", ErrorCode::Required),
            err("consumer.id_number", ErrorCode::Required),
            err("consumer.phone", ErrorCode::PhoneRequired),
            err("filed_as", ErrorCode::Required),
            err("category", ErrorCode::Required),
            err("request", ErrorCode::Required),
            err("facts", ErrorCode::Required),
        ]
    );
}

#[test]
fn a_wrong_id_checksum_and_phone_are_field_errors() {
    let mut input = by_the_consumer();
    input.consumer = person("张三", "110105194912310021", "12345");
    assert_eq!(
        codes(&input),
        [
            err("consumer.id_number", ErrorCode::IdNumberInvalid),
            err("consumer.phone", ErrorCode::PhoneInvalid),
        ]
    );
}

#[test]
fn an_agent_needs_a_power_of_attorney_and_their_own_identity() {
    let mut input = by_the_consumer();
    input.filed_as = Some(Relationship::Agent);
    assert_eq!(
        codes(&input),
        [
            err("acting_person", ErrorCode::Required),
            err("power_of_attorney", ErrorCode::PowerOfAttorneyRequired),
        ]
    );
    input.acting_person = Some(person("李四", "440304199001011233", ""));
    input.power_of_attorney = Some("  ".into());
    assert_eq!(
        codes(&input),
        [
            err("acting_person.phone", ErrorCode::PhoneRequired),
            err("power_of_attorney", ErrorCode::PowerOfAttorneyRequired),
        ]
    );
    input.acting_person = Some(person("李四", "440304199001011233", "13900139000"));
    input.power_of_attorney = Some("upload-7".into());
    let filing = ComplaintFiling::parse(&input).unwrap();
    assert!(matches!(
        filing.filed_by,
        FiledBy::Agent { ref agent, ref power_of_attorney }
            if agent.name == "李四" && power_of_attorney == "upload-7"
    ));
}

#[test]
fn an_heir_needs_proof_of_succession() {
    let mut input = by_the_consumer();
    input.filed_as = Some(Relationship::Heir);
    input.acting_person = Some(person("王五", "440304199001011233", "13900139000"));
    assert_eq!(
        codes(&input),
        [err("succession_proof", ErrorCode::SuccessionProofRequired)]
    );
    input.succession_proof = Some("upload-9".into());
    assert_eq!(
        ComplaintFiling::parse(&input).map(|f| f.filed_by.relationship()),
        Ok(Relationship::Heir)
    );
}

#[test]
fn a_legal_representative_gives_their_identity() {
    let mut input = by_the_consumer();
    input.filed_as = Some(Relationship::LegalRepresentative);
    assert_eq!(codes(&input), [err("acting_person", ErrorCode::Required)]);
    input.acting_person = Some(person("赵六", "440304199001011233", "13900139000"));
    assert!(ComplaintFiling::parse(&input).is_ok());
}

#[test]
fn a_group_has_one_to_five_representatives_and_takes_the_green_channel() {
    let mut input = by_the_consumer();
    input.filed_as = Some(Relationship::Group);
    assert_eq!(
        codes(&input),
        [err("representatives", ErrorCode::RepresentativesRequired)]
    );
    let rep = person("代表", "440304199001011233", "13900139000");
    input.representatives = vec![rep.clone(); 6];
    assert_eq!(
        codes(&input),
        [err("representatives", ErrorCode::TooManyRepresentatives)]
    );
    input.representatives = vec![rep.clone(); 5];
    input.representatives[3].phone = "1".into();
    assert_eq!(
        codes(&input),
        [err("representatives[3].phone", ErrorCode::PhoneInvalid)]
    );
    input.representatives[3] = rep;
    let filing = ComplaintFiling::parse(&input).unwrap();
    assert_eq!(filing.urgent, Some(UrgencyReason::Group));
}

#[test]
fn texts_are_trimmed_and_limited_in_characters_not_bytes() {
    let mut input = by_the_consumer();
    input.request = "诉".repeat(REQUEST_MAX_CHARS); // 3 bytes each, still within the limit
    input.facts = "x".repeat(FACTS_MAX_CHARS + 1);
    input.about = "a".repeat(ABOUT_MAX_CHARS + 1);
    input.consumer.name = "名".repeat(NAME_MAX_CHARS + 1);
    assert_eq!(
        codes(&input),
        [
            err("consumer.name", ErrorCode::TooLong),
            err("about", ErrorCode::TooLong),
            err("facts", ErrorCode::TooLong),
        ]
    );
    let mut input = by_the_consumer();
    input.request = "   ".into();
    assert_eq!(codes(&input), [err("request", ErrorCode::Required)]);
}

#[test]
fn attachments_are_limited() {
    let mut input = by_the_consumer();
    input.attachments = vec!["f".into(); ATTACHMENTS_MAX + 1];
    assert_eq!(
        codes(&input),
        [err("attachments", ErrorCode::TooManyAttachments)]
    );
}

#[test]
fn staff_record_the_channel_and_the_urgency() {
    let mut input = by_the_consumer();
    input.channel = Some(Channel::RegulatorTransfer);
    input.urgent = Some(UrgencyReason::Elderly);
    input.preferred_contact = Some(ContactPreference::Post);
    let filing = ComplaintFiling::try_from(input).unwrap();
    assert_eq!(filing.channel, Channel::RegulatorTransfer);
    assert_eq!(filing.urgent, Some(UrgencyReason::Elderly));
    assert_eq!(filing.preferred_contact, ContactPreference::Post);
}

#[test]
fn the_request_body_is_lenient_json() {
    let input: NewComplaint = serde_json::from_str(
        r#"{"filed_as":"self","category":"sales_misleading","consumer":{"name":"张三"}}"#,
    )
    .unwrap();
    assert_eq!(input.filed_as, Some(Relationship::Consumer));
    assert_eq!(input.consumer.id_type, None);
}

#[test]
fn field_errors_carry_the_text_in_the_callers_language() {
    let e = FilingError {
        field: "power_of_attorney".into(),
        code: ErrorCode::PowerOfAttorneyRequired,
    };
    let zh = e.to_field_error(Lang::ZhCn);
    assert_eq!(zh.field, "power_of_attorney");
    assert!(zh.message.contains("授权委托书"));
}
