//! What someone asks the machine to do, who they are, and the plain list of actions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::WorkingCalendar;
use crate::complaint::kinds::{DecisionResult, NotAcceptedReason};
use crate::complaint::rules::ComplaintRules;
use crate::labels::choice;

choice! {
    /// Who acts on a complaint.
    Role {
        /// The complainant (or staff recording what the complainant sent off-line).
        Complainant = "complainant", "投诉人", "Complainant";
        /// A complaint handler (投诉处理专员).
        Handler = "handler", "处理专员", "Handler";
        /// A supervisor (主管): everything a handler does, and the further extension.
        Supervisor = "supervisor", "主管", "Supervisor";
        /// The portal itself (e.g. closing a case).
        System = "system", "系统", "System";
    }
}

choice! {
    /// A step on a complaint, without its details: what a screen offers as a button.
    Action {
        /// Tell the complainant, once, everything that is missing (补正).
        RequestMaterials = "request_materials", "告知补正材料", "Request missing materials";
        /// Supply one missing item.
        SupplyMaterial = "supply_material", "补交材料", "Supply a missing item";
        /// Accept the complaint (受理).
        Accept = "accept", "受理", "Accept";
        /// Not accept it, with a reason code and text (不予受理).
        NotAccept = "not_accept", "不予受理", "Do not accept";
        /// Record that a complaint that is not the company's was passed on.
        TransferOut = "transfer_out", "转交处理", "Pass on";
        /// Start handling an accepted complaint.
        StartHandling = "start_handling", "开始处理", "Start handling";
        /// Pause the decision clock for an external appraisal (鉴定、检测、评估).
        StartAppraisal = "start_appraisal", "开始鉴定/检测/评估", "Start an appraisal";
        /// Resume the decision clock after the appraisal.
        EndAppraisal = "end_appraisal", "鉴定/检测/评估结束", "End the appraisal";
        /// Extend the decision deadline to 30 days (complex case), with a reason.
        ExtendDecision = "extend_decision", "延长处理期限", "Extend the deadline";
        /// Extend it 30 days more (especially complex), supervisor only, with a reason.
        ExtendDecisionFurther = "extend_decision_further", "再次延长处理期限", "Extend the deadline again";
        /// Merge a repeat complaint into this case.
        MergeRepeat = "merge_repeat", "合并重复投诉", "Merge a repeat complaint";
        /// Decide, with result and reasons (处理决定).
        Decide = "decide", "作出处理决定", "Decide";
        /// Ask the company to review its decision (核查).
        RequestReview = "request_review", "申请核查", "Request a review";
        /// Close the case.
        Close = "close", "结案", "Close";
        /// Withdraw the complaint (撤回).
        Withdraw = "withdraw", "撤回投诉", "Withdraw";
    }
}

/// A step with its details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Command {
    /// One notice listing every missing item (each gets its own id).
    RequestMaterials {
        /// What is missing, one entry per item.
        items: Vec<String>,
    },
    /// One missing item supplied.
    SupplyMaterial {
        /// The item's id from the request.
        item_id: u32,
        /// Ids of the uploaded files.
        #[serde(default)]
        attachments: Vec<String>,
        /// A note, if any.
        #[serde(default)]
        note: String,
    },
    /// Accept.
    Accept,
    /// Not accept.
    NotAccept {
        /// The reason code.
        reason: NotAcceptedReason,
        /// The explanation given to the complainant.
        text: String,
    },
    /// The complaint was passed on to the body that handles it.
    TransferOut {
        /// To whom.
        to: String,
    },
    /// Start handling.
    StartHandling,
    /// Start an external appraisal.
    StartAppraisal {
        /// What is appraised and by whom (told to the complainant).
        reason: String,
    },
    /// The appraisal ended.
    EndAppraisal,
    /// Extend to 30 days.
    ExtendDecision {
        /// Why the case is complex (told to the complainant).
        reason: String,
    },
    /// Extend by 30 more days.
    ExtendDecisionFurther {
        /// Why the case is especially complex (told to the complainant).
        reason: String,
    },
    /// Merge a repeat complaint (same consumer, same matter).
    MergeRepeat {
        /// Whether it brings new facts: then the decision deadline restarts from `received_at`.
        new_facts: bool,
        /// When the repeat (its new material) was received.
        received_at: DateTime<Utc>,
        /// What it says.
        summary: String,
    },
    /// Decide.
    Decide {
        /// The outcome.
        result: DecisionResult,
        /// The reasons.
        reasons: String,
    },
    /// Request a review.
    RequestReview {
        /// Why the complainant disagrees.
        reason: String,
    },
    /// Close the case.
    Close,
    /// Withdraw the complaint.
    Withdraw {
        /// Why, if the complainant says.
        #[serde(default)]
        reason: String,
    },
}

impl Command {
    /// The action this command takes.
    pub fn action(&self) -> Action {
        match self {
            Command::RequestMaterials { .. } => Action::RequestMaterials,
            Command::SupplyMaterial { .. } => Action::SupplyMaterial,
            Command::Accept => Action::Accept,
            Command::NotAccept { .. } => Action::NotAccept,
            Command::TransferOut { .. } => Action::TransferOut,
            Command::StartHandling => Action::StartHandling,
            Command::StartAppraisal { .. } => Action::StartAppraisal,
            Command::EndAppraisal => Action::EndAppraisal,
            Command::ExtendDecision { .. } => Action::ExtendDecision,
            Command::ExtendDecisionFurther { .. } => Action::ExtendDecisionFurther,
            Command::MergeRepeat { .. } => Action::MergeRepeat,
            Command::Decide { .. } => Action::Decide,
            Command::RequestReview { .. } => Action::RequestReview,
            Command::Close => Action::Close,
            Command::Withdraw { .. } => Action::Withdraw,
        }
    }
}

/// What a decision is taken in: who acts, when, under which rules and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// Who acts.
    pub role: Role,
    /// Now.
    pub now: DateTime<Utc>,
    /// The deadline settings.
    pub rules: &'a ComplaintRules,
    /// The working-day calendar.
    pub calendar: &'a WorkingCalendar,
}
