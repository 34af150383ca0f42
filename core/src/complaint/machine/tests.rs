//! The lifecycle rules, step by step: who may do what, in which state, and what it records.

#![allow(clippy::unwrap_used)]

use super::*;
use crate::api::ErrorCode;
use crate::calendar::WorkingCalendar;
use crate::complaint::kinds::{Channel, DecisionResult, DecisionTerm, NotAcceptedReason, Remedy};
use crate::complaint::rules::ComplaintRules;
pub(crate) use crate::testing::cst;

/// A complaint and its events, driven as the server would.
pub(crate) struct Case {
    pub state: ComplaintState,
    pub events: Vec<Event>,
    pub rules: ComplaintRules,
}

impl Case {
    pub fn received(at: &str) -> Case {
        let at = cst(at);
        let first = Event {
            at,
            by: Role::Complainant,
            change: Change::Registered {
                channel: Channel::Online,
                urgent: None,
            },
        };
        Case {
            state: replay(std::slice::from_ref(&first)).unwrap(),
            events: vec![first],
            rules: ComplaintRules::default(),
        }
    }

    pub fn ctx(&self, role: Role, at: &str) -> Ctx<'_> {
        Ctx {
            role,
            now: cst(at),
            rules: &self.rules,
            calendar: WorkingCalendar::official(),
        }
    }

    pub fn try_do(&mut self, role: Role, at: &str, command: Command) -> Result<&mut Case, Refusal> {
        let (state, events) = execute(&self.state, command, &self.ctx(role, at))?;
        self.state = state;
        self.events.extend(events);
        Ok(self)
    }

    pub fn does(&mut self, role: Role, at: &str, command: Command) -> &mut Case {
        let action = command.action();
        self.try_do(role, at, command)
            .unwrap_or_else(|r| panic!("{action:?} refused: {r}"));
        self
    }

    pub fn refused(&mut self, role: Role, at: &str, command: Command) -> Refusal {
        let before = self.state.clone();
        let refusal = self.try_do(role, at, command).err().unwrap();
        assert_eq!(self.state, before, "a refusal changes nothing");
        refusal
    }

    pub fn allowed(&self, role: Role, at: &str) -> Vec<Action> {
        allowed_actions(&self.state, &self.ctx(role, at))
    }
}

use Role::{Complainant, Handler, Supervisor, System};

pub(crate) fn request(items: &[&str]) -> Command {
    Command::RequestMaterials {
        items: items.iter().map(|s| s.to_string()).collect(),
    }
}

pub(crate) fn supply(item_id: u32) -> Command {
    Command::SupplyMaterial {
        item_id,
        attachments: vec![format!("file-{item_id}")],
        note: String::new(),
    }
}

pub(crate) fn decide_upheld() -> Command {
    Command::Decide {
        result: DecisionResult::Upheld,
        reasons: "合同约定的住院费用应予赔付。".into(),
    }
}

pub(crate) fn extend(reason: &str) -> Command {
    Command::ExtendDecision {
        reason: reason.into(),
    }
}

pub(crate) fn extend_further(reason: &str) -> Command {
    Command::ExtendDecisionFurther {
        reason: reason.into(),
    }
}

pub(crate) fn review(reason: &str) -> Command {
    Command::RequestReview {
        reason: reason.into(),
    }
}

fn withdraw() -> Command {
    Command::Withdraw {
        reason: "已与公司协商解决".into(),
    }
}

fn not_accept(reason: NotAcceptedReason) -> Command {
    Command::NotAccept {
        reason,
        text: "说明".into(),
    }
}

/// A case taken to a given status along the usual path.
fn case_in(status: Status) -> Case {
    let mut case = Case::received("2025-11-03 09:00");
    let t = "2025-11-04 10:00";
    match status {
        Status::Registered => {}
        Status::MaterialsRequested => {
            case.does(Handler, t, request(&["发票", "病历"]));
        }
        Status::MaterialsComplete => {
            case.does(Handler, t, request(&["发票"]))
                .does(Complainant, t, supply(1));
        }
        Status::Accepted => {
            case.does(Handler, t, Command::Accept);
        }
        Status::NotAccepted => {
            case.does(Handler, t, not_accept(NotAcceptedReason::NotCompanyMatter));
        }
        Status::InProgress => {
            case.does(Handler, t, Command::Accept)
                .does(Handler, t, Command::StartHandling);
        }
        Status::Decided => {
            case.does(Handler, t, Command::Accept)
                .does(Handler, t, Command::StartHandling)
                .does(Handler, t, decide_upheld());
        }
        Status::ReviewRequested => {
            case.does(Handler, t, Command::Accept)
                .does(Handler, t, Command::StartHandling)
                .does(Handler, t, decide_upheld())
                .does(Complainant, t, review("金额不对"));
        }
        Status::Closed => {
            case.does(Handler, t, Command::Accept)
                .does(Handler, t, Command::StartHandling)
                .does(Handler, t, decide_upheld())
                .does(System, t, Command::Close);
        }
        Status::Withdrawn => {
            case.does(Complainant, t, withdraw());
        }
    }
    assert_eq!(case.state.status, status);
    case
}

/// A valid command for each action.
fn command_for(action: Action) -> Command {
    match action {
        Action::RequestMaterials => request(&["发票"]),
        Action::SupplyMaterial => supply(1),
        Action::Accept => Command::Accept,
        Action::NotAccept => not_accept(NotAcceptedReason::InLitigationOrArbitration),
        Action::TransferOut => Command::TransferOut {
            to: "某某保险公司".into(),
        },
        Action::StartHandling => Command::StartHandling,
        Action::StartAppraisal => Command::StartAppraisal {
            reason: "伤残鉴定".into(),
        },
        Action::EndAppraisal => Command::EndAppraisal,
        Action::ExtendDecision => extend("涉及多家医院"),
        Action::ExtendDecisionFurther => extend_further("需调取司法鉴定"),
        Action::MergeRepeat => Command::MergeRepeat {
            new_facts: false,
            received_at: cst("2025-11-05 10:00"),
            summary: "再次来电".into(),
        },
        Action::Decide => decide_upheld(),
        Action::RequestReview => review("不同意"),
        Action::Close => Command::Close,
        Action::Withdraw => withdraw(),
    }
}

#[test]
fn every_transition_is_allowed_exactly_where_the_lifecycle_says() {
    use Action::*;
    let table: &[(Status, &[Action])] = &[
        (
            Status::Registered,
            &[RequestMaterials, Accept, NotAccept, MergeRepeat, Withdraw],
        ),
        (
            Status::MaterialsRequested,
            &[SupplyMaterial, NotAccept, MergeRepeat, Withdraw],
        ),
        (
            Status::MaterialsComplete,
            &[Accept, NotAccept, MergeRepeat, Withdraw],
        ),
        (
            Status::Accepted,
            &[StartHandling, ExtendDecision, MergeRepeat, Withdraw],
        ),
        (Status::NotAccepted, &[TransferOut]),
        (
            Status::InProgress,
            &[
                StartAppraisal,
                ExtendDecision,
                MergeRepeat,
                Decide,
                Withdraw,
            ],
        ),
        (Status::Decided, &[RequestReview, Close]),
        (Status::ReviewRequested, &[Decide]),
        (Status::Closed, &[RequestReview]),
        (Status::Withdrawn, &[]),
    ];
    for (status, allowed) in table {
        for action in Action::ALL.iter().copied() {
            // A supervisor may take every staff step, and records complainant steps.
            let mut case = case_in(*status);
            let result = case
                .try_do(Supervisor, "2025-11-05 10:00", command_for(action))
                .map(|_| ());
            if allowed.contains(&action) {
                assert_eq!(result, Ok(()), "{action:?} in {status:?}");
            } else {
                let refusal = result.err().unwrap();
                assert!(
                    matches!(
                        refusal,
                        Refusal::TransitionNotAllowed { .. }
                            | Refusal::MaterialsAlreadyRequested
                            | Refusal::ReviewAlreadyRequested
                            | Refusal::AppraisalNotRunning
                            | Refusal::ExtensionRequiredFirst
                    ),
                    "{action:?} in {status:?}: {refusal:?}"
                );
            }
            let offered = case_in(*status).allowed(Supervisor, "2025-11-05 10:00");
            assert_eq!(
                offered.contains(&action),
                allowed.contains(&action),
                "offered {action:?} in {status:?}"
            );
        }
    }
}

#[test]
fn the_usual_path_from_registration_to_closure() {
    let mut case = Case::received("2025-11-03 09:00");
    case.does(Handler, "2025-11-04 10:00", request(&["发票", "出院小结"]))
        .does(Complainant, "2025-11-06 20:00", supply(2))
        .does(Complainant, "2025-11-07 08:00", supply(1))
        .does(Handler, "2025-11-10 10:00", Command::Accept)
        .does(Handler, "2025-11-10 11:00", Command::StartHandling)
        .does(Handler, "2025-11-14 16:00", decide_upheld())
        .does(System, "2025-12-20 00:00", Command::Close);
    assert_eq!(case.state.status, Status::Closed);
    let kinds: Vec<&str> = case
        .events
        .iter()
        .map(|e| match e.change {
            Change::Registered { .. } => "registered",
            Change::MaterialsRequested { .. } => "materials_requested",
            Change::MaterialSupplied { .. } => "material_supplied",
            Change::MaterialsCompleted => "materials_completed",
            Change::Accepted => "accepted",
            Change::HandlingStarted => "handling_started",
            Change::Decided { .. } => "decided",
            Change::Closed => "closed",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "registered",
            "materials_requested",
            "material_supplied",
            "material_supplied",
            "materials_completed",
            "accepted",
            "handling_started",
            "decided",
            "closed"
        ]
    );
    assert_eq!(replay(&case.events).as_ref(), Some(&case.state));
}

#[test]
fn the_complainant_supplies_each_missing_item_on_its_own() {
    let mut case = case_in(Status::MaterialsRequested);
    case.does(Complainant, "2025-11-05 10:00", supply(1));
    assert_eq!(case.state.status, Status::MaterialsRequested);
    assert_eq!(
        case.refused(Complainant, "2025-11-05 11:00", supply(1)),
        Refusal::MaterialAlreadySupplied(1)
    );
    assert_eq!(
        case.refused(Complainant, "2025-11-05 11:00", supply(9)),
        Refusal::MaterialItemUnknown(9)
    );
    case.does(Complainant, "2025-11-06 10:00", supply(2));
    assert_eq!(case.state.status, Status::MaterialsComplete);
    let materials = case.state.materials.as_ref().unwrap();
    assert_eq!(materials.completed_at, Some(cst("2025-11-06 10:00")));
    assert_eq!(materials.items[1].attachments, ["file-2"]);
}

#[test]
fn materials_can_be_requested_only_once() {
    let mut case = case_in(Status::MaterialsComplete);
    let refusal = case.refused(Handler, "2025-11-05 10:00", request(&["银行卡"]));
    assert_eq!(refusal, Refusal::MaterialsAlreadyRequested);
    assert_eq!(refusal.code(), ErrorCode::MaterialsAlreadyRequested);
    assert!(
        !case
            .allowed(Handler, "2025-11-05 10:00")
            .contains(&Action::RequestMaterials)
    );
}

#[test]
fn a_materials_request_lists_every_item_with_its_own_id() {
    let mut case = Case::received("2025-11-03 09:00");
    assert_eq!(
        case.refused(Handler, "2025-11-04 10:00", request(&[])),
        Refusal::MaterialsListEmpty
    );
    assert_eq!(
        case.refused(Handler, "2025-11-04 10:00", request(&["发票", " "])),
        Refusal::MaterialsListEmpty
    );
    case.does(
        Handler,
        "2025-11-04 10:00",
        request(&["发票", "病历", "银行卡"]),
    );
    let ids: Vec<u32> = case
        .state
        .materials
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|i| i.item.id)
        .collect();
    assert_eq!(ids, [1, 2, 3]);
}

#[test]
fn withdrawn_complaint_cannot_be_accepted() {
    let mut case = case_in(Status::Withdrawn);
    let refusal = case.refused(Handler, "2025-11-05 10:00", Command::Accept);
    assert_eq!(
        refusal,
        Refusal::TransitionNotAllowed {
            status: Status::Withdrawn,
            action: Action::Accept
        }
    );
    assert_eq!(refusal.code(), ErrorCode::TransitionNotAllowed);
    assert!(case.allowed(Handler, "2025-11-05 10:00").is_empty());
}

#[test]
fn a_complaint_can_be_withdrawn_at_any_time_before_the_decision_but_not_after() {
    for status in [
        Status::Registered,
        Status::MaterialsRequested,
        Status::MaterialsComplete,
        Status::Accepted,
        Status::InProgress,
    ] {
        let mut case = case_in(status);
        case.does(Complainant, "2025-11-05 10:00", withdraw());
        assert_eq!(case.state.withdrawn_at, Some(cst("2025-11-05 10:00")));
    }
    let mut case = case_in(Status::Decided);
    assert!(matches!(
        case.refused(Complainant, "2025-11-05 10:00", withdraw()),
        Refusal::TransitionNotAllowed { .. }
    ));
}

#[test]
fn not_accepting_needs_a_reason_code_and_text() {
    let mut case = Case::received("2025-11-03 09:00");
    let command = Command::NotAccept {
        reason: NotAcceptedReason::DuplicateNoNewFacts,
        text: "  ".into(),
    };
    assert_eq!(
        case.refused(Handler, "2025-11-04 10:00", command),
        Refusal::ReasonRequired
    );
    case.does(
        Handler,
        "2025-11-04 10:00",
        not_accept(NotAcceptedReason::DuplicateNoNewFacts),
    );
    let not_accepted = case.state.not_accepted.as_ref().unwrap();
    assert_eq!(not_accepted.reason, NotAcceptedReason::DuplicateNoNewFacts);
    // Only a complaint that is not the company's is passed on.
    assert!(matches!(
        case.refused(
            Handler,
            "2025-11-04 11:00",
            command_for(Action::TransferOut)
        ),
        Refusal::TransitionNotAllowed { .. }
    ));
}

#[test]
fn a_complaint_that_is_not_the_companys_is_passed_on_once() {
    let mut case = case_in(Status::NotAccepted);
    case.does(
        Handler,
        "2025-11-05 10:00",
        command_for(Action::TransferOut),
    );
    let transferred = case
        .state
        .not_accepted
        .as_ref()
        .unwrap()
        .transferred
        .clone();
    assert_eq!(transferred.map(|t| t.0).as_deref(), Some("某某保险公司"));
    assert!(case.allowed(Handler, "2025-11-05 10:00").is_empty());
}

#[test]
fn decision_extension_to_thirty_days_needs_a_reason() {
    let mut case = case_in(Status::InProgress);
    assert_eq!(
        case.refused(Handler, "2025-11-10 10:00", extend(" ")),
        Refusal::ReasonRequired
    );
    case.does(Handler, "2025-11-10 10:00", extend("需向多家医院调取病历"));
    assert_eq!(case.state.term, DecisionTerm::Complex);
    assert_eq!(case.state.extensions[0].reason, "需向多家医院调取病历");
    assert_eq!(
        case.refused(Handler, "2025-11-11 10:00", extend("again")),
        Refusal::ExtensionAlreadyGranted
    );
}

#[test]
fn further_extension_needs_a_supervisor() {
    let mut case = case_in(Status::InProgress);
    case.does(Handler, "2025-11-10 10:00", extend("复杂"));
    let refusal = case.refused(Handler, "2025-11-20 10:00", extend_further("特别复杂"));
    assert_eq!(
        refusal,
        Refusal::SupervisorRequired(Action::ExtendDecisionFurther)
    );
    assert_eq!(refusal.code(), ErrorCode::SupervisorRequired);
    assert!(
        !case
            .allowed(Handler, "2025-11-20 10:00")
            .contains(&Action::ExtendDecisionFurther)
    );
    assert!(
        case.allowed(Supervisor, "2025-11-20 10:00")
            .contains(&Action::ExtendDecisionFurther)
    );
    assert_eq!(
        case.refused(Supervisor, "2025-11-20 10:00", extend_further("")),
        Refusal::ReasonRequired
    );
    case.does(
        Supervisor,
        "2025-11-20 10:00",
        extend_further("需等待司法鉴定结论"),
    );
    assert_eq!(case.state.term, DecisionTerm::EspeciallyComplex);
    assert_eq!(
        case.refused(Supervisor, "2025-11-21 10:00", extend_further("again")),
        Refusal::ExtensionAlreadyGranted
    );
}

#[test]
fn the_further_extension_comes_after_the_first() {
    let mut case = case_in(Status::InProgress);
    assert_eq!(
        case.refused(Supervisor, "2025-11-10 10:00", extend_further("特别复杂")),
        Refusal::ExtensionRequiredFirst
    );
}

#[test]
fn no_decision_while_an_appraisal_runs() {
    let mut case = case_in(Status::InProgress);
    assert_eq!(
        case.refused(Handler, "2025-11-05 10:00", Command::EndAppraisal),
        Refusal::AppraisalNotRunning
    );
    case.does(
        Handler,
        "2025-11-05 10:00",
        command_for(Action::StartAppraisal),
    );
    assert_eq!(
        case.refused(Handler, "2025-11-06 10:00", decide_upheld()),
        Refusal::AppraisalRunning
    );
    assert_eq!(
        case.refused(
            Handler,
            "2025-11-06 10:00",
            command_for(Action::StartAppraisal)
        ),
        Refusal::AppraisalRunning
    );
    assert_eq!(
        case.allowed(Handler, "2025-11-06 10:00"),
        [
            Action::EndAppraisal,
            Action::ExtendDecision,
            Action::MergeRepeat,
            Action::Withdraw
        ]
    );
    case.does(Handler, "2025-11-12 10:00", Command::EndAppraisal)
        .does(Handler, "2025-11-13 10:00", decide_upheld());
    assert_eq!(case.state.status, Status::Decided);
}

#[test]
fn a_decision_carries_reasons_and_every_remedy() {
    let mut case = case_in(Status::InProgress);
    let empty = Command::Decide {
        result: DecisionResult::NotUpheld,
        reasons: "".into(),
    };
    assert_eq!(
        case.refused(Handler, "2025-11-10 10:00", empty),
        Refusal::ReasonRequired
    );
    case.does(Handler, "2025-11-10 10:00", decide_upheld());
    let decision = case.state.decision.as_ref().unwrap();
    assert_eq!(decision.result, DecisionResult::Upheld);
    assert_eq!(decision.remedies, Remedy::ALL);
}

#[test]
fn review_request_within_thirty_days_reopens_the_case_once() {
    // Decided Wed 2025-11-12; 30 days later is Fri 2025-12-12.
    let mut case = case_in(Status::InProgress);
    case.does(Handler, "2025-11-12 16:00", decide_upheld())
        .does(System, "2025-11-13 00:00", Command::Close)
        .does(Complainant, "2025-12-12 23:59", review("赔付金额计算有误"));
    assert_eq!(case.state.status, Status::ReviewRequested);
    case.does(Handler, "2025-12-20 10:00", decide_upheld());
    let after = case.state.review_decision.as_ref().unwrap();
    assert!(!after.remedies.contains(&Remedy::Review));
    assert_eq!(
        case.state.decision.as_ref().unwrap().at,
        cst("2025-11-12 16:00")
    );
    assert_eq!(
        case.refused(Complainant, "2025-12-21 10:00", review("again")),
        Refusal::ReviewAlreadyRequested
    );
}

#[test]
fn review_request_after_thirty_days_is_refused() {
    let mut case = case_in(Status::InProgress);
    case.does(Handler, "2025-11-12 16:00", decide_upheld());
    let refusal = case.refused(Complainant, "2025-12-13 00:01", review("太晚了"));
    assert_eq!(
        refusal,
        Refusal::ReviewWindowClosed("2025-12-12".parse().unwrap())
    );
    assert_eq!(refusal.code(), ErrorCode::ReviewWindowClosed);
    assert!(
        !case
            .allowed(Complainant, "2025-12-13 00:01")
            .contains(&Action::RequestReview)
    );
    assert!(
        case.allowed(Complainant, "2025-12-12 23:59")
            .contains(&Action::RequestReview)
    );
}

#[test]
fn a_review_window_ending_on_a_sunday_runs_to_the_monday() {
    // Decided Fri 2025-11-14; day 30 is Sun 2025-12-14, so the last day is Mon 2025-12-15.
    let mut case = case_in(Status::InProgress);
    case.does(Handler, "2025-11-14 16:00", decide_upheld());
    case.does(Complainant, "2025-12-15 20:00", review("不同意"));
    let mut strict = case_in(Status::InProgress);
    strict.rules.calendar_deadlines_skip_days_off = false;
    strict.does(Handler, "2025-11-14 16:00", decide_upheld());
    assert_eq!(
        strict.refused(Complainant, "2025-12-15 20:00", review("不同意")),
        Refusal::ReviewWindowClosed("2025-12-14".parse().unwrap())
    );
}

#[test]
fn a_review_needs_a_reason() {
    let mut case = case_in(Status::Decided);
    assert_eq!(
        case.refused(Complainant, "2025-11-05 10:00", review(" ")),
        Refusal::ReasonRequired
    );
}

#[test]
fn repeat_complaints_are_merged_with_or_without_new_facts() {
    let mut case = case_in(Status::InProgress);
    let repeat = |new_facts, at: &str| Command::MergeRepeat {
        new_facts,
        received_at: cst(at),
        summary: "同一事项再次投诉".into(),
    };
    case.does(
        Handler,
        "2025-11-06 10:00",
        repeat(false, "2025-11-06 09:00"),
    );
    assert_eq!(case.state.decision_clock_from, case.state.received_at);
    case.does(
        Handler,
        "2025-11-08 10:00",
        repeat(true, "2025-11-07 15:00"),
    );
    assert_eq!(case.state.decision_clock_from, cst("2025-11-07 15:00"));
    assert_eq!(case.state.repeats.len(), 2);
    assert_eq!(case.state.status, Status::InProgress);
}

#[test]
fn each_role_takes_only_its_own_steps() {
    let mut case = Case::received("2025-11-03 09:00");
    let refusal = case.refused(Complainant, "2025-11-04 10:00", Command::Accept);
    assert_eq!(
        refusal,
        Refusal::RoleNotAllowed {
            role: Complainant,
            action: Action::Accept
        }
    );
    assert_eq!(refusal.code(), ErrorCode::Forbidden);
    assert!(matches!(
        case.refused(System, "2025-11-04 10:00", Command::Accept),
        Refusal::RoleNotAllowed { .. }
    ));
    assert_eq!(
        case.allowed(Complainant, "2025-11-04 10:00"),
        [Action::Withdraw]
    );
    assert_eq!(case.allowed(System, "2025-11-04 10:00"), []);
    assert_eq!(
        case.allowed(Handler, "2025-11-04 10:00"),
        [
            Action::RequestMaterials,
            Action::Accept,
            Action::NotAccept,
            Action::MergeRepeat,
            Action::Withdraw
        ]
    );
    let mut decided = case_in(Status::Decided);
    assert_eq!(decided.allowed(System, "2025-11-05 10:00"), [Action::Close]);
    assert_eq!(
        decided.allowed(Complainant, "2025-11-05 10:00"),
        [Action::RequestReview]
    );
    assert!(matches!(
        decided.refused(Complainant, "2025-11-05 10:00", Command::Close),
        Refusal::RoleNotAllowed { .. }
    ));
}

#[test]
fn events_and_commands_have_a_stable_json_shape() {
    let case = case_in(Status::MaterialsRequested);
    let json = serde_json::to_value(&case.events[1]).unwrap();
    assert_eq!(json["by"], "handler");
    assert_eq!(json["change"]["type"], "materials_requested");
    assert_eq!(json["change"]["items"][0]["id"], 1);
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(back, case.events[1]);
    let command: Command =
        serde_json::from_str(r#"{"action":"supply_material","item_id":2}"#).unwrap();
    assert_eq!(command.action(), Action::SupplyMaterial);
}

#[test]
fn the_machines_choices_round_trip_through_their_wire_names_and_have_both_labels() {
    crate::testing::check_choices!(Role, Action, Status);
}
