//! The closed lists a complaint is described with, each with its zh/en labels.

use crate::labels::choice;

choice! {
    /// The channel a complaint came in through (every complaint records one).
    Channel {
        /// Filed in the portal itself.
        Online = "online", "网上投诉", "Online";
        /// The complaint hotline.
        Hotline = "hotline", "投诉电话", "Hotline";
        /// Fax.
        Fax = "fax", "传真", "Fax";
        /// A letter to the mailing address.
        Letter = "letter", "信函", "Letter";
        /// In person at the reception address.
        OnSite = "on_site", "现场投诉", "On site";
        /// Email.
        Email = "email", "电子邮件", "Email";
        /// Transferred by the regulator (监管转办).
        RegulatorTransfer = "regulator_transfer", "监管转办", "Transferred by the regulator";
    }
}

choice! {
    /// Who is filing, in relation to the consumer the complaint is about.
    Relationship {
        /// The consumer themself.
        Consumer = "self", "本人", "Myself";
        /// An agent authorised by a signed power of attorney (授权委托书).
        Agent = "agent", "受托人", "Authorised agent";
        /// An heir of a deceased consumer.
        Heir = "heir", "继承人", "Heir";
        /// The consumer's legal representative (e.g. a minor's guardian).
        LegalRepresentative = "legal_representative", "法定代理人", "Legal representative";
        /// A group of consumers, through at most five representatives.
        Group = "group", "集体投诉", "Group of consumers";
    }
}

choice! {
    /// What the complaint is about.
    Category {
        /// 销售误导
        SalesMisleading = "sales_misleading", "销售误导", "Misleading sales";
        /// 理赔争议
        ClaimDispute = "claim_dispute", "理赔争议", "Claim dispute";
        /// 服务态度
        ServiceAttitude = "service_attitude", "服务态度", "Service attitude";
        /// 退保 / 保费
        SurrenderPremium = "surrender_premium", "退保/保费", "Surrender or premium";
        /// 保全
        PolicyService = "policy_service", "保全服务", "Policy service";
        /// 其他
        Other = "other", "其他", "Other";
    }
}

choice! {
    /// Why a complaint is not accepted (不予受理).
    NotAcceptedReason {
        /// Not raised by the consumer, their legal representative or their authorised agent.
        NotByConsumerOrAgent = "not_by_consumer_or_agent",
            "非消费者本人、法定代理人或受托人提出",
            "Not filed by the consumer, their legal representative or authorised agent";
        /// The same complaint is already being handled and there are no new facts.
        DuplicateNoNewFacts = "duplicate_no_new_facts",
            "同一投诉正在处理中，且无新的事实和理由",
            "The same complaint is already being handled and there are no new facts";
        /// The same complaint was already decided and there are no new facts.
        DecidedNoNewFacts = "decided_no_new_facts",
            "同一投诉已作出处理决定，且无新的事实和理由",
            "The same complaint was already decided and there are no new facts";
        /// Not the company's to handle: it is transferred out.
        NotCompanyMatter = "not_company_matter",
            "不属于本公司处理范围，将转交有权处理的单位",
            "Not the company's to handle; it is passed to the body that is";
        /// Already before a court or an arbitration body.
        InLitigationOrArbitration = "in_litigation_or_arbitration",
            "已进入诉讼或仲裁程序",
            "Already in litigation or arbitration";
    }
}

choice! {
    /// Why a complaint takes the green channel (绿色通道): it jumps the queue.
    UrgencyReason {
        /// Someone needs medical care now.
        MedicalEmergency = "medical_emergency", "医疗急救", "Medical emergency";
        /// A group complaint.
        Group = "group", "群体性投诉", "Group complaint";
        /// The complainant is elderly.
        Elderly = "elderly", "老年人", "Elderly complainant";
        /// Public or media attention is likely.
        MediaRisk = "media_risk", "舆情风险", "Media attention";
    }
}

choice! {
    /// How the complainant prefers to be contacted.
    ContactPreference {
        /// A phone call.
        Phone = "phone", "电话", "Phone call";
        /// A text message.
        Sms = "sms", "短信", "Text message";
        /// Email.
        Email = "email", "电子邮件", "Email";
        /// A letter by post.
        Post = "post", "邮寄", "Letter by post";
    }
}

choice! {
    /// The kind of identity document a person gives.
    IdType {
        /// 居民身份证 (checked with the GB 11643 checksum).
        MainlandId = "mainland_id", "居民身份证", "Resident identity card";
        /// 护照
        Passport = "passport", "护照", "Passport";
        /// 港澳居民来往内地通行证
        HkMacaoPermit = "hk_macao_permit", "港澳居民来往内地通行证", "Hong Kong / Macao travel permit";
        /// 台湾居民来往大陆通行证
        TaiwanPermit = "taiwan_permit", "台湾居民来往大陆通行证", "Taiwan travel permit";
    }
}

choice! {
    /// The outcome of a decision (处理决定).
    DecisionResult {
        /// The complaint is upheld.
        Upheld = "upheld", "支持投诉请求", "Upheld";
        /// The complaint is upheld in part.
        PartlyUpheld = "partly_upheld", "部分支持投诉请求", "Partly upheld";
        /// The complaint is not upheld.
        NotUpheld = "not_upheld", "不支持投诉请求", "Not upheld";
    }
}

choice! {
    /// What a complainant who disagrees with a decision can do; every decision notice lists them.
    Remedy {
        /// Ask the company to review its decision (核查) within the review window.
        Review = "review", "申请核查", "Request a review";
        /// Mediation (调解).
        Mediation = "mediation", "申请调解", "Mediation";
        /// Arbitration (仲裁).
        Arbitration = "arbitration", "申请仲裁", "Arbitration";
        /// Litigation (诉讼).
        Litigation = "litigation", "提起诉讼", "Litigation";
        /// The regulator's consumer hotline.
        RegulatorHotline = "regulator_hotline", "拨打监管投诉热线 12378", "Call the regulator's hotline 12378";
    }
}

choice! {
    /// How long the company has for a decision.
    DecisionTerm {
        /// A simple case: 15 days from receipt.
        Simple = "simple", "一般投诉（15日）", "Simple (15 days)";
        /// Extended because the case is complex: 30 days.
        Complex = "complex", "复杂投诉（30日）", "Complex (30 days)";
        /// Especially complex, extended again with a supervisor's approval: 30 + 30 days.
        EspeciallyComplex = "especially_complex", "特别复杂投诉（再延长 30 日）", "Especially complex (30 more days)";
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::testing::check_choices;

    #[test]
    fn choices_round_trip_through_their_wire_names_and_have_both_labels() {
        check_choices!(
            Channel,
            Relationship,
            Category,
            NotAcceptedReason,
            UrgencyReason,
            ContactPreference,
            IdType,
            DecisionResult,
            Remedy,
            DecisionTerm
        );
    }

    #[test]
    fn the_consumer_files_as_self() {
        assert_eq!(Relationship::Consumer.as_str(), "self");
        assert_eq!(
            Relationship::from_str_opt("self"),
            Some(Relationship::Consumer)
        );
    }
}
