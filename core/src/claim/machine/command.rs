//! What someone asks the claim machine to do, who they are, and the plain list of actions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::claim::checklist::Checklist;
use crate::claim::document::NewDocument;
use crate::claim::kinds::{
    DecisionResult, FastLaneReason, PaymentLine, RefusalReason, ReviewOutcome,
};
use crate::claim::rules::ClaimRules;
use crate::labels::choice;
use crate::policy::Money;

choice! {
    /// Who acts on a claim.
    Role {
        /// The policyholder (投保人 / 被保险人 / 受益人).
        Policyholder = "policyholder", "客户", "Policyholder";
        /// A claims handler (理赔专员).
        Handler = "handler", "理赔专员", "Claims handler";
        /// A supervisor (主管).
        Supervisor = "supervisor", "主管", "Supervisor";
        /// The portal itself (the automatic first feedback).
        System = "system", "系统", "System";
    }
}

choice! {
    /// A step on a claim, without its details: what a screen offers as a button.
    Action {
        /// Accept the report: the first feedback (案件受理).
        Accept = "accept", "受理", "Accept";
        /// Ask, once, for every missing document (一次性告知补充材料).
        RequestDocuments = "request_documents", "一次性告知补充材料", "Request missing documents";
        /// Upload a document into a slot.
        UploadDocument = "upload_document", "上传材料", "Upload a document";
        /// Remove a document not reviewed yet.
        RemoveDocument = "remove_document", "删除材料", "Remove a document";
        /// Accept or reject uploaded documents.
        ReviewDocuments = "review_documents", "审核材料", "Review documents";
        /// Put the claim in the fast lane (加速通道).
        MarkFastLane = "mark_fast_lane", "转入加速通道", "Fast-track";
        /// Treat the claim as complex (opinion within 5 working days).
        MarkComplex = "mark_complex", "列为复杂案件", "Mark as complex";
        /// Start the investigation or site survey (调查 / 查勘).
        StartInvestigation = "start_investigation", "开始调查/查勘", "Start the investigation";
        /// Record the loss assessment (定损).
        Assess = "assess", "定损", "Assess the loss";
        /// Pay the part of the amount that can be fixed (先行赔付).
        PayAdvance = "pay_advance", "先行赔付", "Pay in advance";
        /// Decide: approve, partly approve or refuse (核定).
        Decide = "decide", "核定", "Decide";
        /// Send the refusal notice with its reasons (拒赔通知).
        NotifyRefusal = "notify_refusal", "发出拒赔通知", "Send the refusal notice";
        /// Pay, with the breakdown (赔付).
        Pay = "pay", "赔付", "Pay";
        /// Disagree with the decision: a complaint is opened from the claim.
        Dispute = "dispute", "我有异议", "I disagree";
        /// Withdraw the claim before the decision (撤案).
        Withdraw = "withdraw", "撤销报案", "Withdraw the claim";
    }
}

/// A slot asked for in a documents request, as the handler writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotRequest {
    /// The checklist slot's key.
    pub slot: String,
    /// The day it is due; absent means the rules' default.
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
    /// What exactly is needed (may be empty).
    #[serde(default)]
    pub note: String,
}

/// A handler's verdict on one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentReview {
    /// The document's id.
    pub document_id: String,
    /// The verdict.
    #[serde(flatten)]
    pub outcome: ReviewOutcome,
}

/// A step with its details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// Accept the report.
    Accept,
    /// One request listing everything missing; slots left out that are missing are added.
    RequestDocuments {
        /// The slots the handler names (optional ones included), with due dates and notes.
        #[serde(default)]
        slots: Vec<SlotRequest>,
    },
    /// A finished upload joins the claim.
    UploadDocument {
        /// The stored file and its slot.
        document: NewDocument,
    },
    /// Remove a document that was not reviewed yet.
    RemoveDocument {
        /// The document's id.
        document_id: String,
    },
    /// Review documents in one go; a rejection sends one new request listing everything missing.
    ReviewDocuments {
        /// The verdicts.
        reviews: Vec<DocumentReview>,
        /// The due day of the new request, if a rejection makes one; absent means the default.
        #[serde(default)]
        due_on: Option<NaiveDate>,
    },
    /// Put the claim in the fast lane.
    MarkFastLane {
        /// Why.
        reason: FastLaneReason,
    },
    /// Treat the claim as complex.
    MarkComplex {
        /// Why (told to the policyholder).
        reason: String,
    },
    /// Start the investigation.
    StartInvestigation {
        /// What is being checked (told to the policyholder).
        what: String,
    },
    /// Record the loss assessment.
    Assess {
        /// The assessed amount.
        amount: Money,
        /// How it was assessed (may be empty).
        #[serde(default)]
        note: String,
    },
    /// Pay part of the amount in advance.
    PayAdvance {
        /// The amount paid now.
        amount: Money,
        /// What it covers (may be empty).
        #[serde(default)]
        note: String,
    },
    /// Decide.
    Decide {
        /// The outcome.
        result: DecisionResult,
        /// The amount to pay: required for a partial approval; a full approval defaults to the
        /// assessed amount.
        #[serde(default)]
        amount: Option<Money>,
        /// Why not all is paid: required for a partial approval and a refusal.
        #[serde(default)]
        refusal_reasons: Vec<RefusalReason>,
        /// The explanation (required for a partial approval and a refusal).
        #[serde(default)]
        text: String,
    },
    /// Send the refusal notice.
    NotifyRefusal,
    /// Pay, with the breakdown; the lines add up to the decided amount.
    Pay {
        /// The breakdown.
        lines: Vec<PaymentLine>,
    },
    /// "I disagree" with the decision.
    Dispute {
        /// Why.
        reason: String,
    },
    /// Withdraw the claim.
    Withdraw {
        /// Why, if said.
        #[serde(default)]
        reason: String,
    },
}

impl Command {
    /// The action this command takes.
    pub fn action(&self) -> Action {
        match self {
            Command::Accept => Action::Accept,
            Command::RequestDocuments { .. } => Action::RequestDocuments,
            Command::UploadDocument { .. } => Action::UploadDocument,
            Command::RemoveDocument { .. } => Action::RemoveDocument,
            Command::ReviewDocuments { .. } => Action::ReviewDocuments,
            Command::MarkFastLane { .. } => Action::MarkFastLane,
            Command::MarkComplex { .. } => Action::MarkComplex,
            Command::StartInvestigation { .. } => Action::StartInvestigation,
            Command::Assess { .. } => Action::Assess,
            Command::PayAdvance { .. } => Action::PayAdvance,
            Command::Decide { .. } => Action::Decide,
            Command::NotifyRefusal => Action::NotifyRefusal,
            Command::Pay { .. } => Action::Pay,
            Command::Dispute { .. } => Action::Dispute,
            Command::Withdraw { .. } => Action::Withdraw,
        }
    }
}

/// What a decision is taken in: who acts, when, under which rules, calendar and checklist.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Who acts.
    pub role: Role,
    /// Now.
    pub now: DateTime<Utc>,
    /// The deadline settings.
    pub rules: &'a ClaimRules,
    /// The working-day calendar.
    pub calendar: &'a WorkingCalendar,
    /// The claim kind's document checklist.
    pub checklist: &'a Checklist,
}
