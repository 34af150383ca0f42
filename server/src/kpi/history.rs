//! Twelve months of closed complaints and claims for the demo, so that the KPIs a demo shows are
//! real computations over real rows: synthetic policyholders (whose numbers nobody logs in with)
//! and their policies, each case built by running portal-core's commands through its state
//! machine at past instants (the events are the timeline, the state their fold, the facts what
//! [`super::facts`] writes after each step), its survey invitation with the answer, some by a
//! return visit. A few months fall below target: satisfaction in two, decision deadlines in one,
//! the claim handling time in one. Written in bulk (one statement per table) in the seed's
//! transaction.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use portal_core::PhoneNumber;
use portal_core::calendar::WorkingCalendar;
use portal_core::claim::{
    self, ClaimChecklists, ClaimReport, ClaimRules, ClaimState, DecisionResult as ClaimResult,
    NewDocument, PaymentLine, RefusalReason, ReviewOutcome,
    machine::{Command as ClaimCommand, Ctx as ClaimCtx, DocumentReview, Role as ClaimRole},
};
use portal_core::complaint::{
    self, Category, Channel, ComplaintFiling, ComplaintRules, ComplaintState, DecisionResult,
    NewComplaint, NotAcceptedReason, PersonInput, Relationship, Role, china_date, machine::Command,
};
use portal_core::policy::{Money, PolicyKind};
use serde_json::{Value, json};

use super::facts::{self, ClaimFacts, ComplaintFacts};
use crate::db::cases::{StoredEvent, json as to_json};

/// How many synthetic policyholders; each has three policies in force all year.
const HOLDERS: usize = 300;
/// Complaints received per month.
const COMPLAINTS_PER_MONTH: usize = 22;
/// Claims reported per month.
const CLAIMS_PER_MONTH: usize = 46;
/// Months back from the current one.
const MONTHS: u32 = 12;
/// Months (back from the current one) with unhappy answers, late decisions, slow claims.
const UNHAPPY: [u32; 2] = [3, 8];
const LATE_DECISIONS: u32 = 5;
const SLOW_CLAIMS: u32 = 10;

/// The synthetic staff: username, name. They cannot log in (no password).
const HANDLERS: [(&str, &str); 2] = [(MARKER, "陈静"), ("history.zhao", "赵磊")];

/// The username of the first synthetic handler: its row says the history is there.
pub const MARKER: &str = "history.chen";

/// A small deterministic generator (xorshift64*), so every demo looks the same relative to today.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + i64::try_from(self.below(u64::try_from(hi - lo + 1).unwrap_or(1))).unwrap_or(0)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        &items[i.min(items.len().saturating_sub(1))]
    }
}

/// An instant at a China day and hour.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .map(|t| (t - TimeDelta::hours(8)).and_utc())
        .unwrap_or_default()
}

fn hours(h: i64) -> TimeDelta {
    TimeDelta::minutes(h * 60)
}

/// The months (back from the current one, 0 = this month) of an instant, counted from `today`.
fn months_back(today: NaiveDate, instant: DateTime<Utc>) -> u32 {
    let day = china_date(instant);
    let diff = (today.year() - day.year()) * 12 + today.month() as i32 - day.month() as i32;
    u32::try_from(diff.max(0)).unwrap_or(0)
}

/// A resident ID number with a valid GB 11643 check character.
fn id_number(seventeen: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = seventeen
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{seventeen}{check}")
}

struct Holder {
    id: i64,
    name: String,
    phone: String,
    id_number: String,
    /// (policy id, kind)
    policies: Vec<(i64, PolicyKind)>,
    /// When the recommendation question was last asked.
    nps_asked_at: Option<i64>,
}

/// The rows written, one JSON array per row, by table.
#[derive(Default)]
struct Rows {
    complaints: Vec<Value>,
    complaint_events: Vec<Value>,
    claims: Vec<Value>,
    claim_events: Vec<Value>,
    invitations: Vec<Value>,
    visits: Vec<Value>,
    complaint_numbers: HashMap<String, i64>,
    claim_numbers: HashMap<String, i64>,
}

/// A closed case, for its invitation.
struct Ended {
    holder: usize,
    case_kind: &'static str,
    case_id: i64,
    case_number: String,
    outcome: &'static str,
    survey: &'static str,
    at: DateTime<Utc>,
    handler: Option<i64>,
}

/// What one history needs from the seed.
struct History<'a> {
    rng: Rng,
    today: NaiveDate,
    now: DateTime<Utc>,
    complaint_rules: ComplaintRules,
    claim_rules: ClaimRules,
    checklists: ClaimChecklists,
    calendar: &'a WorkingCalendar,
    holders: Vec<Holder>,
    /// Staff who handle cases (handlers more often than the supervisor).
    handlers: Vec<i64>,
    rows: Rows,
    next_complaint: i64,
    next_claim: i64,
    next_invitation: i64,
}

/// Seeds the history into a fresh demo database, after the demo staff. `staff` are the demo
/// staff's ids (handler, supervisor).
pub async fn seed(
    tx: &mut sqlx::SqliteConnection,
    staff: &[i64],
    now_secs: i64,
) -> sqlx::Result<()> {
    let now = DateTime::<Utc>::from_timestamp(now_secs, 0).unwrap_or_default();
    let today = china_date(now);
    let mut handlers = staff.to_vec();
    for (username, name) in HANDLERS {
        // No password hash parses as "!": nobody logs in as these.
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO staff (username, name, role, password_hash, created_at) \
             VALUES (?, ?, ?, '!', ?) RETURNING id",
        )
        .bind(username)
        .bind(name)
        .bind("handler")
        .bind(now_secs)
        .fetch_one(&mut *tx)
        .await?;
        handlers.push(id);
    }
    let holders = holders(tx, today, now_secs).await?;
    let start = |table: &str| format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
    let (next_complaint,): (i64,) = sqlx::query_as(&start("complaints"))
        .fetch_one(&mut *tx)
        .await?;
    let (next_claim,): (i64,) = sqlx::query_as(&start("claims")).fetch_one(&mut *tx).await?;
    let (next_invitation,): (i64,) = sqlx::query_as(&start("survey_invitations"))
        .fetch_one(&mut *tx)
        .await?;
    let mut history = History {
        rng: Rng(0x9E37_79B9_7F4A_7C15),
        today,
        now,
        complaint_rules: ComplaintRules::default(),
        claim_rules: ClaimRules::default(),
        checklists: ClaimChecklists::default(),
        calendar: WorkingCalendar::official(),
        holders,
        handlers,
        rows: Rows::default(),
        next_complaint,
        next_claim,
        next_invitation,
    };
    let mut ended = Vec::new();
    for back in (0..=MONTHS).rev() {
        let first = today
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(back)))
            .unwrap_or(today);
        for n in 0..COMPLAINTS_PER_MONTH {
            if let Some(end) = history.complaint(first, back, n) {
                ended.push(end);
            }
        }
        for n in 0..CLAIMS_PER_MONTH {
            if let Some(end) = history.claim(first, back, n) {
                ended.push(end);
            }
        }
    }
    ended.sort_by_key(|e| e.at);
    for end in &ended {
        history.invitation(end);
    }
    history.write(tx).await
}

/// The synthetic policyholders with three policies each, in force all year.
async fn holders(
    tx: &mut sqlx::SqliteConnection,
    today: NaiveDate,
    now: i64,
) -> sqlx::Result<Vec<Holder>> {
    const SURNAMES: [&str; 12] = [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
    ];
    const GIVEN: [&str; 10] = [
        "建国", "秀英", "志强", "丽华", "海燕", "明", "婷", "磊", "静怡", "浩然",
    ];
    const KINDS: [PolicyKind; 5] = [
        PolicyKind::Medical,
        PolicyKind::Accident,
        PolicyKind::Auto,
        PolicyKind::Property,
        PolicyKind::Life,
    ];
    let mut holders = Vec::with_capacity(HOLDERS);
    let mut people = Vec::with_capacity(HOLDERS);
    let mut policies = Vec::with_capacity(HOLDERS * 3);
    let (first_id,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 1 FROM policyholders")
        .fetch_one(&mut *tx)
        .await?;
    let (first_policy,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(id), 0) + 1 FROM policies")
        .fetch_one(&mut *tx)
        .await?;
    let mut policy_id = first_policy;
    for i in 0..HOLDERS {
        let id = first_id + i as i64;
        let name = format!("{}{}", SURNAMES[i % 12], GIVEN[(i / 12) % 10]);
        // 170 numbers are virtual-operator numbers; nobody logs in with these.
        let phone = format!("1700000{i:04}");
        let born = format!("1101051{:03}0{}{:02}", 960 + i % 40, 1 + i % 9, 10 + i % 18);
        let id_number = id_number(&format!("{born}{:03}", i % 1000));
        people.push(json!([id, name, phone, now, "mainland_id", id_number]));
        let mut own = Vec::new();
        for k in 0..3 {
            let kind = KINDS[(i + k * 2) % 5];
            let starts_on = today
                .checked_sub_months(Months::new(14))
                .and_then(|d| d.checked_sub_days(chrono::Days::new((i * 7 + k * 31) as u64 % 300)))
                .unwrap_or(today);
            let ends_on = starts_on
                .checked_add_months(Months::new(36))
                .and_then(|d| d.pred_opt())
                .unwrap_or(today);
            policies.push(json!([
                policy_id,
                id,
                format!("PH{}{policy_id:08}", starts_on.year()),
                format!("{}（示例）", kind.label(portal_core::Lang::ZhCn)),
                kind.as_str(),
                "in_force",
                name,
                starts_on.to_string(),
                ends_on.to_string(),
                50_000_000,
                120_000
            ]));
            own.push((policy_id, kind));
            policy_id += 1;
        }
        holders.push(Holder {
            id,
            name,
            phone,
            id_number,
            policies: own,
            nps_asked_at: None,
        });
    }
    bulk(
        tx,
        "policyholders (id, name, phone, created_at, id_type, id_number)",
        6,
        &people,
    )
    .await?;
    bulk(
        tx,
        "policies (id, policyholder_id, number, product_name, kind, status, insured_name, \
                   starts_on, ends_on, sum_insured, premium)",
        11,
        &policies,
    )
    .await?;
    Ok(holders)
}

/// `INSERT INTO <target> SELECT value[0], … FROM json_each(?)`: many rows in one statement.
async fn bulk(
    tx: &mut sqlx::SqliteConnection,
    target: &str,
    columns: usize,
    rows: &[Value],
) -> sqlx::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<String> = (0..columns)
        .map(|i| format!("json_extract(value, '$[{i}]')"))
        .collect();
    let sql = format!(
        "INSERT INTO {target} SELECT {} FROM json_each(?)",
        values.join(", ")
    );
    sqlx::query(&sql)
        .bind(to_json(rows)?)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

impl History<'_> {
    fn handler(&mut self) -> i64 {
        // The demo handler and the synthetic ones take most cases; the supervisor some.
        let n = self.handlers.len();
        let i = match self.rng.below(10) {
            0 => 1.min(n.saturating_sub(1)),
            r if r < 5 => 0,
            _ => {
                2 + usize::try_from(self.rng.below(n.saturating_sub(2).max(1) as u64)).unwrap_or(0)
            }
        };
        self.handlers[i.min(n.saturating_sub(1))]
    }

    fn number(numbers: &mut HashMap<String, i64>, prefix: &str, at: DateTime<Utc>) -> String {
        let key = china_date(at).format("%Y%m%d").to_string();
        let last = numbers.entry(key.clone()).or_insert(0);
        *last += 1;
        format!("{prefix}{key}{last:06}")
    }

    /// One complaint received in the month starting `first` (`back` months ago); `None` when it
    /// would not have ended by now.
    fn complaint(&mut self, first: NaiveDate, back: u32, n: usize) -> Option<Ended> {
        let rng = &mut self.rng;
        let day = first.checked_add_days(chrono::Days::new(rng.below(27)))?;
        let received = at(day, 9 + rng.below(8) as u32, rng.below(60) as u32);
        let holder_index = usize::try_from(rng.below(HOLDERS as u64)).unwrap_or(0);
        let channel = *rng.pick(&[
            Channel::Online,
            Channel::Online,
            Channel::Online,
            Channel::Online,
            Channel::Hotline,
            Channel::Hotline,
            Channel::Hotline,
            Channel::OnSite,
            Channel::Letter,
            Channel::Email,
            Channel::RegulatorTransfer,
            Channel::Fax,
        ]);
        let category = *rng.pick(Category::ALL);
        let late = back == LATE_DECISIONS && day.day() <= 8 && n.is_multiple_of(3);
        let ending = rng.below(100);
        let materials = !late && rng.chance(20);
        let result = *rng.pick(&[
            DecisionResult::Upheld,
            DecisionResult::Upheld,
            DecisionResult::PartlyUpheld,
            DecisionResult::NotUpheld,
        ]);
        let decide_days = if late {
            rng.range(19, 21)
        } else {
            rng.range(4, 11)
        };
        let staff = self.handler();
        let holder = &self.holders[holder_index];
        let policy_id = holder.policies.first().map(|p| p.0);
        let input = NewComplaint {
            channel: Some(channel),
            filed_as: Some(Relationship::Consumer),
            consumer: PersonInput {
                name: holder.name.clone(),
                id_type: None,
                id_number: holder.id_number.clone(),
                phone: holder.phone.clone(),
            },
            policy_id,
            about: "客户服务中心".into(),
            category: Some(category),
            request: "请求公司尽快处理并给予答复。".into(),
            facts: "示例数据：本投诉为演示用的历史记录。".into(),
            ..NewComplaint::default()
        };
        let filing = ComplaintFiling::parse(&input).ok()?;
        let registered_by = (channel != Channel::Online).then_some(staff);
        let first_event = complaint::Event {
            at: received,
            by: if channel == Channel::Online {
                Role::Complainant
            } else {
                Role::Handler
            },
            change: complaint::Change::Registered {
                channel,
                urgent: None,
            },
        };
        let mut state = ComplaintState::registered(received, channel, None);
        let mut steps: Vec<(Vec<complaint::Event>, Option<i64>)> =
            vec![(vec![first_event], registered_by)];
        let mut facts = ComplaintFacts::default();
        let mut t = received;
        let mut run = |this: &mut Self,
                       state: &mut ComplaintState,
                       facts: &mut ComplaintFacts,
                       now: DateTime<Utc>,
                       role: Role,
                       command: Command|
         -> Option<()> {
            let staff_id = matches!(role, Role::Handler | Role::Supervisor).then_some(staff);
            let ctx = complaint::Ctx {
                role,
                now,
                rules: &this.complaint_rules,
                calendar: this.calendar,
            };
            let (next, events) = complaint::machine::execute(state, command, &ctx).ok()?;
            let step = facts::complaint(
                &this.complaint_rules,
                this.calendar,
                &next,
                &events,
                staff_id,
            );
            *facts = fold_complaint(*facts, step);
            *state = next;
            steps.push((events, staff_id));
            Some(())
        };
        let outcome;
        if ending < 5 {
            t += hours(self.rng.range(20, 60));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::NotAccept {
                    reason: NotAcceptedReason::DuplicateNoNewFacts,
                    text: "同一事项正在处理中，且未提出新的事实和理由。".into(),
                },
            )?;
            outcome = ("not_accepted", "handling");
        } else if ending < 9 {
            t += hours(self.rng.range(20, 60));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::Accept,
            )?;
            t += hours(self.rng.range(24, 72));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Complainant,
                Command::Withdraw {
                    reason: "问题已与业务员协商解决。".into(),
                },
            )?;
            outcome = ("withdrawn", "handling");
        } else {
            if materials {
                t += hours(self.rng.range(3, 30));
                run(
                    self,
                    &mut state,
                    &mut facts,
                    t,
                    Role::Handler,
                    Command::RequestMaterials {
                        items: vec!["保单复印件".into()],
                    },
                )?;
                t += hours(self.rng.range(24, 72));
                run(
                    self,
                    &mut state,
                    &mut facts,
                    t,
                    Role::Complainant,
                    Command::SupplyMaterial {
                        item_id: 1,
                        attachments: Vec::new(),
                        note: "已补交。".into(),
                    },
                )?;
            }
            t += hours(self.rng.range(4, 48));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::Accept,
            )?;
            t += hours(self.rng.range(1, 6));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::StartHandling,
            )?;
            let decided = received + TimeDelta::days(decide_days) + hours(self.rng.range(0, 6));
            t = decided.max(t + hours(2));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::Decide {
                    result,
                    reasons: "经核实，已按合同约定和相关规定作出处理。".into(),
                },
            )?;
            t += hours(self.rng.range(20, 30));
            run(
                self,
                &mut state,
                &mut facts,
                t,
                Role::Handler,
                Command::Close,
            )?;
            outcome = ("decided", "complaint_decided");
        }
        if t >= self.now - TimeDelta::hours(1) {
            return None;
        }
        let id = self.next_complaint;
        self.next_complaint += 1;
        let case_number = Self::number(&mut self.rows.complaint_numbers, "TS", received);
        let holder = &self.holders[holder_index];
        let last = event_rows(id, &steps, &mut self.rows.complaint_events)?.unwrap_or(received);
        self.rows.complaints.push(json!([
            id,
            case_number,
            holder.id,
            registered_by,
            policy_id,
            channel.as_str(),
            category.as_str(),
            holder.name,
            state.status.as_str(),
            received.timestamp(),
            to_json(&filing).ok()?,
            to_json(&state).ok()?,
            steps.len(),
            received.timestamp(),
            last.timestamp(),
            facts.decider.or(facts.closer),
            facts.decided_at,
            facts.notice_met,
            facts.acceptance_met,
            facts.decision_met
        ]));
        Some(Ended {
            holder: holder_index,
            case_kind: "complaint",
            case_id: id,
            case_number,
            outcome: outcome.0,
            survey: outcome.1,
            at: last,
            handler: facts.decider.or(facts.closer),
        })
    }

    /// One claim reported in the month starting `first`; `None` when it would not have ended by
    /// now.
    fn claim(&mut self, first: NaiveDate, back: u32, n: usize) -> Option<Ended> {
        let rng = &mut self.rng;
        let day = first.checked_add_days(chrono::Days::new(rng.below(27)))?;
        let reported = at(day, 8 + rng.below(12) as u32, rng.below(60) as u32);
        let holder_index = usize::try_from(rng.below(HOLDERS as u64)).unwrap_or(0);
        let (policy_id, kind) = *rng.pick(&self.holders[holder_index].policies);
        let slow = back == SLOW_CLAIMS;
        let ending = rng.below(100);
        let decide_after = if slow {
            rng.range(40, 100)
        } else {
            rng.range(8, 46)
        };
        let amount = Money(100 * rng.range(800, 30_000));
        let staff = self.handler();
        let holder = &self.holders[holder_index];
        let report = ClaimReport {
            policy_id,
            kind,
            incident_date: day.checked_sub_days(chrono::Days::new(1 + n as u64 % 4))?,
            incident_time: None,
            place: "上海市浦东新区".into(),
            description: "示例数据：本理赔为演示用的历史记录。".into(),
            contact_phone: PhoneNumber::parse(&holder.phone).ok()?,
            fast_lane: None,
        };
        let checklist = self.checklists.for_kind(kind).clone();
        let mut state = ClaimState::reported(reported, kind, None);
        let mut steps: Vec<(Vec<claim::Event>, Option<i64>)> = vec![(
            vec![claim::Event {
                at: reported,
                by: ClaimRole::Policyholder,
                change: claim::machine::Change::Reported {
                    kind,
                    fast_lane: None,
                },
            }],
            None,
        )];
        let mut facts = ClaimFacts::default();
        let rules = self.claim_rules;
        let calendar = self.calendar;
        let mut run = |state: &mut ClaimState,
                       facts: &mut ClaimFacts,
                       now: DateTime<Utc>,
                       role: ClaimRole,
                       command: ClaimCommand|
         -> Option<()> {
            let staff_id =
                matches!(role, ClaimRole::Handler | ClaimRole::Supervisor).then_some(staff);
            let ctx = ClaimCtx {
                role,
                now,
                rules: &rules,
                calendar,
                checklist: &checklist,
            };
            let (next, events) = claim::machine::execute(state, command, &ctx).ok()?;
            *facts = fold_claim(*facts, facts::claim(&events, staff_id));
            *state = next;
            steps.push((events, staff_id));
            Some(())
        };
        run(
            &mut state,
            &mut facts,
            reported,
            ClaimRole::System,
            ClaimCommand::Accept,
        )?;
        let mut t = reported;
        let required: Vec<String> = checklist
            .slots
            .iter()
            .filter(|s| s.required)
            .map(|s| s.key.clone())
            .collect();
        let mut uploaded = Vec::new();
        let id = self.next_claim;
        for slot in &required {
            t += hours(self.rng.range(0, 3)) + TimeDelta::minutes(5);
            let document_id = format!("demo-history-{id}-{slot}");
            run(
                &mut state,
                &mut facts,
                t,
                ClaimRole::Policyholder,
                ClaimCommand::UploadDocument {
                    document: NewDocument {
                        id: document_id.clone(),
                        slot: slot.clone(),
                        file_name: format!("{slot}.jpg"),
                        content_type: "image/jpeg".into(),
                        size: 480_000,
                    },
                },
            )?;
            uploaded.push(document_id);
        }
        if ending < 3 {
            t += hours(self.rng.range(2, 24));
            run(
                &mut state,
                &mut facts,
                t,
                ClaimRole::Policyholder,
                ClaimCommand::Withdraw {
                    reason: "已与对方协商解决。".into(),
                },
            )?;
        } else {
            t += hours(self.rng.range(1, 4));
            run(
                &mut state,
                &mut facts,
                t,
                ClaimRole::Handler,
                ClaimCommand::ReviewDocuments {
                    reviews: uploaded
                        .iter()
                        .map(|d| DocumentReview {
                            document_id: d.clone(),
                            outcome: ReviewOutcome::Accepted,
                        })
                        .collect(),
                    due_on: None,
                },
            )?;
            let decided = reported + hours(decide_after);
            t = decided.max(t + hours(1));
            if ending < 11 {
                run(
                    &mut state,
                    &mut facts,
                    t,
                    ClaimRole::Handler,
                    ClaimCommand::Decide {
                        result: ClaimResult::Refused,
                        amount: None,
                        refusal_reasons: vec![RefusalReason::NotCovered],
                        text: "经审核，本次事故不属于保险责任范围。".into(),
                    },
                )?;
                t += hours(self.rng.range(1, 6));
                run(
                    &mut state,
                    &mut facts,
                    t,
                    ClaimRole::Handler,
                    ClaimCommand::NotifyRefusal,
                )?;
            } else {
                run(
                    &mut state,
                    &mut facts,
                    t,
                    ClaimRole::Handler,
                    ClaimCommand::Decide {
                        result: ClaimResult::Approved,
                        amount: Some(amount),
                        refusal_reasons: Vec::new(),
                        text: "材料齐全，同意赔付。".into(),
                    },
                )?;
                t += hours(self.rng.range(1, 5));
                run(
                    &mut state,
                    &mut facts,
                    t,
                    ClaimRole::Handler,
                    ClaimCommand::Pay {
                        lines: vec![PaymentLine {
                            label: "保险金".into(),
                            amount,
                        }],
                    },
                )?;
            }
        }
        if t >= self.now - TimeDelta::hours(1) {
            return None;
        }
        self.next_claim += 1;
        let claim_number = Self::number(&mut self.rows.claim_numbers, "LP", reported);
        let last = event_rows(id, &steps, &mut self.rows.claim_events)?.unwrap_or(reported);
        let holder = &self.holders[holder_index];
        self.rows.claims.push(json!([
            id,
            claim_number,
            holder.id,
            policy_id,
            kind.as_str(),
            state.status.as_str(),
            reported.timestamp(),
            to_json(&report).ok()?,
            to_json(&checklist).ok()?,
            to_json(&state).ok()?,
            steps.len(),
            reported.timestamp(),
            last.timestamp(),
            facts.decider.or(facts.closer),
            facts.paid_at
        ]));
        let (outcome, survey) = match state.status {
            claim::Status::Paid => ("paid", "claim"),
            claim::Status::Refused => ("refused", "claim"),
            _ => ("withdrawn", "handling"),
        };
        Some(Ended {
            holder: holder_index,
            case_kind: "claim",
            case_id: id,
            case_number: claim_number,
            outcome,
            survey,
            at: last,
            handler: facts.decider.or(facts.closer),
        })
    }

    /// The invitation of an ended case: answered four times in five (one in six of those by a
    /// phone return visit), else expired (or still open when sent lately).
    fn invitation(&mut self, end: &Ended) {
        const DAY: i64 = 86_400;
        let id = self.next_invitation;
        self.next_invitation += 1;
        let sent = end.at.timestamp();
        let now = self.now.timestamp();
        let expires = sent + 30 * DAY;
        let holder = &mut self.holders[end.holder];
        let ask_nps = holder.nps_asked_at.is_none_or(|t| sent - t >= 90 * DAY);
        if ask_nps {
            holder.nps_asked_at = Some(sent);
        }
        let holder_id = holder.id;
        let answered_at = sent + self.rng.range(2 * 3600, 5 * DAY);
        let answers = self.rng.chance(80) && answered_at < now;
        let by_visit = answers && self.rng.chance(17);
        let answered_at = if by_visit {
            sent + self.rng.range(3 * DAY, 6 * DAY).min(now - sent - 60)
        } else {
            answered_at
        };
        if !answers {
            let status = if expires < now { "expired" } else { "open" };
            let reminded = (sent + 7 * DAY < now).then_some(sent + 7 * DAY);
            self.rows.invitations.push(json!([
                id,
                holder_id,
                end.case_kind,
                end.case_id,
                end.case_number,
                end.outcome,
                end.survey,
                status,
                i64::from(ask_nps),
                sent,
                expires,
                reminded,
                null,
                null,
                null,
                null,
                null
            ]));
            if self.rng.chance(30)
                && let Some(staff) = end.handler
            {
                let visited = sent + 8 * DAY;
                if visited < now {
                    self.rows.visits.push(json!([
                        id,
                        staff,
                        "phone",
                        visited,
                        0,
                        "电话回访未接通。",
                        visited
                    ]));
                }
            }
            return;
        }
        let answered_month = months_back(
            self.today,
            DateTime::<Utc>::from_timestamp(answered_at, 0).unwrap_or_default(),
        );
        // Deterministic shares: 95% satisfied in an ordinary month, 80% in an unhappy one.
        let slot = id % 20;
        let rating: i64 = if UNHAPPY.contains(&answered_month) {
            match slot {
                0 | 7 => 3,
                13 => 2,
                19 => 1,
                s if s % 2 == 0 => 5,
                _ => 4,
            }
        } else {
            match slot {
                9 => 3,
                s if s % 3 == 0 => 4,
                _ => 5,
            }
        };
        let nps: Option<i64> = ask_nps.then(|| match rating {
            5 => 9 + self.rng.range(0, 1),
            4 => 7 + self.rng.range(0, 2),
            3 => 5 + self.rng.range(0, 2),
            _ => self.rng.range(0, 4),
        });
        let mut answers = serde_json::Map::new();
        answers.insert("satisfaction".into(), json!(rating));
        if rating <= 3 {
            let why = *self
                .rng
                .pick(&["speed", "communication", "outcome", "documents"]);
            answers.insert("went_wrong".into(), json!([why]));
        }
        if let Some(nps) = nps {
            answers.insert("recommend".into(), json!(nps));
        }
        let via = if by_visit {
            "phone"
        } else if self.rng.chance(60) {
            "portal"
        } else {
            "link"
        };
        let reminded = (answered_at > sent + 7 * DAY).then_some(sent + 7 * DAY);
        self.rows.invitations.push(json!([
            id,
            holder_id,
            end.case_kind,
            end.case_id,
            end.case_number,
            end.outcome,
            end.survey,
            "answered",
            i64::from(ask_nps),
            sent,
            expires,
            reminded,
            answered_at,
            via,
            Value::Object(answers).to_string(),
            rating,
            nps
        ]));
        if by_visit && let Some(staff) = end.handler {
            self.rows.visits.push(json!([
                id,
                staff,
                "phone",
                answered_at,
                1,
                "电话回访，客户已作答。",
                answered_at
            ]));
        }
    }

    async fn write(self, tx: &mut sqlx::SqliteConnection) -> sqlx::Result<()> {
        let rows = self.rows;
        let numbers = |map: &HashMap<String, i64>| -> Vec<Value> {
            map.iter().map(|(day, last)| json!([day, last])).collect()
        };
        bulk(
            tx,
            "complaint_numbers (day, last)",
            2,
            &numbers(&rows.complaint_numbers),
        )
        .await?;
        bulk(
            tx,
            "claim_numbers (day, last)",
            2,
            &numbers(&rows.claim_numbers),
        )
        .await?;
        bulk(
            tx,
            "complaints (id, case_number, policyholder_id, registered_by_staff, policy_id, \
                         channel, category, consumer_name, status, received_at, filing, state, \
                         version, created_at, updated_at, handler_id, decided_at, notice_met, \
                         acceptance_met, decision_met)",
            20,
            &rows.complaints,
        )
        .await?;
        bulk(
            tx,
            "complaint_events (complaint_id, seq, at, by_role, staff_id, event)",
            6,
            &rows.complaint_events,
        )
        .await?;
        bulk(
            tx,
            "claims (id, claim_number, policyholder_id, policy_id, kind, status, reported_at, \
                     report, checklist, state, version, created_at, updated_at, handler_id, \
                     paid_at)",
            15,
            &rows.claims,
        )
        .await?;
        bulk(
            tx,
            "claim_events (claim_id, seq, at, by_role, staff_id, event)",
            6,
            &rows.claim_events,
        )
        .await?;
        bulk(
            tx,
            "survey_invitations (id, policyholder_id, case_kind, case_id, case_number, outcome, \
                                 survey, status, ask_nps, sent_at, expires_at, reminded_at, \
                                 answered_at, answered_via, answers, rating, nps)",
            17,
            &rows.invitations,
        )
        .await?;
        bulk(
            tx,
            "return_visits (invitation_id, staff_id, method, visited_at, reached, note, \
                            created_at)",
            7,
            &rows.visits,
        )
        .await
    }
}

/// The complaint's facts after one more step, as the database's `COALESCE`s keep them.
/// The event rows `(case id, seq, at, by_role, staff_id, event)` of a case's steps, in order;
/// returns the time of the last (`Some(None)` when there is none), or `None` when an event
/// cannot be stored.
fn event_rows<E: StoredEvent>(
    id: i64,
    steps: &[(Vec<E>, Option<i64>)],
    rows: &mut Vec<Value>,
) -> Option<Option<DateTime<Utc>>> {
    let mut last = None;
    for (seq, (event, staff_id)) in (1_i64..).zip(
        steps
            .iter()
            .flat_map(|(events, staff_id)| events.iter().map(move |e| (e, staff_id))),
    ) {
        last = DateTime::<Utc>::from_timestamp(event.at_secs(), 0);
        rows.push(json!([
            id,
            seq,
            event.at_secs(),
            event.role(),
            staff_id,
            to_json(event).ok()?
        ]));
    }
    Some(last)
}

fn fold_complaint(before: ComplaintFacts, step: ComplaintFacts) -> ComplaintFacts {
    let handler = step
        .decider
        .or(before.decider)
        .or(before.closer)
        .or(step.closer);
    ComplaintFacts {
        decider: handler,
        closer: None,
        decided_at: step.decided_at.or(before.decided_at),
        notice_met: step.notice_met.or(before.notice_met),
        acceptance_met: step.acceptance_met.or(before.acceptance_met),
        decision_met: step.decision_met.or(before.decision_met),
    }
}

/// The claim's facts after one more step, as the database's `COALESCE`s keep them.
fn fold_claim(before: ClaimFacts, step: ClaimFacts) -> ClaimFacts {
    let handler = step
        .decider
        .or(before.decider)
        .or(before.closer)
        .or(step.closer);
    ClaimFacts {
        decider: handler,
        closer: None,
        paid_at: step.paid_at.or(before.paid_at),
    }
}
