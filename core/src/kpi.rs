//! Service KPIs (考核指标) that supervisors see: periods (a month or a quarter in China time),
//! breakdowns, the formulas of each KPI on plain rows, the figures with their targets from
//! domain.md ("Service KPIs"), the API's report and its CSV rendering. Pure: the server computes
//! the counts in SQL and builds the figures with [`Figure`]'s constructors.

use std::fmt;

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::complaint::LocalizedText;
use crate::labels::choice;

/// A breakdown group with fewer answers (or cases) than this gets no value, only a statement.
pub const MIN_COUNT: i64 = 30;

/// The most periods one report covers.
pub const MAX_PERIODS: usize = 36;

/// China time (UTC+8, no daylight saving), in seconds east of UTC.
const CHINA_OFFSET_SECS: i64 = 8 * 3600;

choice! {
    /// How long a period is.
    PeriodKind {
        /// A calendar month, written `2026-11`.
        Month = "month", "月", "Month";
        /// A calendar quarter, written `2026-Q4`.
        Quarter = "quarter", "季度", "Quarter";
    }
}

/// A month or a quarter of a year, in China time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    kind: PeriodKind,
    year: i32,
    /// 1–12 for a month, 1–4 for a quarter.
    index: u32,
}

/// The years a period may be in.
const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

impl Period {
    /// A month (1–12).
    pub fn month(year: i32, month: u32) -> Option<Period> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Period {
            kind: PeriodKind::Month,
            year,
            index: month,
        })
    }

    /// A quarter (1–4).
    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        (YEARS.contains(&year) && (1..=4).contains(&quarter)).then_some(Period {
            kind: PeriodKind::Quarter,
            year,
            index: quarter,
        })
    }

    /// The period of `kind` that contains a day.
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Option<Period> {
        match kind {
            PeriodKind::Month => Period::month(day.year(), day.month()),
            PeriodKind::Quarter => Period::quarter(day.year(), day.month0() / 3 + 1),
        }
    }

    /// Parses `2026-11` (a month) or `2026-Q4` (a quarter; `q` also accepted).
    pub fn parse(text: &str) -> Option<Period> {
        let (year, rest) = text.trim().split_once('-')?;
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            if q.len() != 1 || !digits(q) {
                return None;
            }
            Period::quarter(year, q.parse().ok()?)
        } else {
            if rest.len() != 2 || !digits(rest) {
                return None;
            }
            Period::month(year, rest.parse().ok()?)
        }
    }

    /// Month or quarter.
    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The first month of the period (1–12).
    fn first_month(self) -> u32 {
        match self.kind {
            PeriodKind::Month => self.index,
            PeriodKind::Quarter => (self.index - 1) * 3 + 1,
        }
    }

    /// The first day (China date).
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.first_month(), 1).unwrap_or_default()
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        let last = match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        };
        if self.index == last {
            Period {
                year: self.year + 1,
                index: 1,
                ..self
            }
        } else {
            Period {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// The last day (China date).
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .unwrap_or_else(|| self.first_day())
    }

    /// Its instants as unix seconds, `[start, end)`: midnight China time of the first day, and of
    /// the day after the last.
    pub fn bounds(self) -> (i64, i64) {
        let midnight = |day: NaiveDate| {
            day.and_hms_opt(0, 0, 0)
                .map_or(0, |t| t.and_utc().timestamp())
                - CHINA_OFFSET_SECS
        };
        let after = self
            .last_day()
            .checked_add_signed(TimeDelta::days(1))
            .unwrap_or_else(|| self.last_day());
        (midnight(self.first_day()), midnight(after))
    }

    /// Periods from `self` to `other` inclusive, in order: a number that orders them.
    fn ordinal(self) -> i64 {
        let per_year = match self.kind {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
        };
        i64::from(self.year) * per_year + i64::from(self.index)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{:04}-{:02}", self.year, self.index),
            PeriodKind::Quarter => write!(f, "{:04}-Q{}", self.year, self.index),
        }
    }
}

/// Why a range of periods was refused (the API's `period_invalid`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// `period` is neither `month` nor `quarter`.
    #[error("the period kind is neither month nor quarter")]
    Kind,
    /// `from` or `to` is not a period of that kind.
    #[error("not a period of the kind asked for")]
    Text,
    /// `to` is before `from`.
    #[error("the range ends before it starts")]
    Backwards,
    /// More than [`MAX_PERIODS`] periods.
    #[error("more than {MAX_PERIODS} periods")]
    TooLong,
}

/// Consecutive periods of one kind, at most [`MAX_PERIODS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRange {
    /// The first.
    pub from: Period,
    /// The last.
    pub to: Period,
}

impl PeriodRange {
    /// Parses the query `period=month|quarter&from=…&to=…`. Missing parts default to months,
    /// `to` the period containing `today`, `from` the year ending with `to` (12 months or 4
    /// quarters).
    pub fn parse(
        kind: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<PeriodRange, PeriodError> {
        let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
            None => PeriodKind::Month,
            Some(k) => PeriodKind::from_str_opt(k).ok_or(PeriodError::Kind)?,
        };
        let of_kind = |text: &str| {
            Period::parse(text)
                .filter(|p| p.kind == kind)
                .ok_or(PeriodError::Text)
        };
        let to = match to.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => of_kind(text)?,
            None => Period::containing(kind, today).ok_or(PeriodError::Text)?,
        };
        let from = match from.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => of_kind(text)?,
            None => {
                let back = match kind {
                    PeriodKind::Month => 11,
                    PeriodKind::Quarter => 3,
                };
                let mut first = to;
                for _ in 0..back {
                    first = previous(first).ok_or(PeriodError::Text)?;
                }
                first
            }
        };
        if to.ordinal() < from.ordinal() {
            return Err(PeriodError::Backwards);
        }
        if to.ordinal() - from.ordinal() >= MAX_PERIODS as i64 {
            return Err(PeriodError::TooLong);
        }
        Ok(PeriodRange { from, to })
    }

    /// Month or quarter.
    pub fn kind(&self) -> PeriodKind {
        self.from.kind
    }

    /// Every period, in order.
    pub fn periods(&self) -> Vec<Period> {
        let mut all = vec![self.from];
        let mut at = self.from;
        while at.ordinal() < self.to.ordinal() {
            at = at.next();
            all.push(at);
        }
        all
    }
}

/// The period before, if it is in range.
fn previous(p: Period) -> Option<Period> {
    let last = match p.kind {
        PeriodKind::Month => 12,
        PeriodKind::Quarter => 4,
    };
    if p.index == 1 {
        match p.kind {
            PeriodKind::Month => Period::month(p.year - 1, last),
            PeriodKind::Quarter => Period::quarter(p.year - 1, last),
        }
    } else {
        Some(Period {
            index: p.index - 1,
            ..p
        })
    }
}

choice! {
    /// How the figures of a period are split.
    Breakdown {
        /// Not split: one group, `all`.
        None = "none", "不分组", "No breakdown";
        /// By case kind: `complaint`, `claim`.
        CaseKind = "case_kind", "按案件类型", "By case kind";
        /// By channel: the complaint's channel; claims are reported online.
        Channel = "channel", "按渠道", "By channel";
        /// By handler: the staff member who decided the case (or took its closing step).
        Handler = "handler", "按经办人", "By handler";
    }
}

choice! {
    /// A service KPI.
    Kpi {
        /// Answers rating 4–5 of 5, over all answers (by the day answered).
        SatisfactionRate = "satisfaction_rate", "满意度", "Satisfaction rate";
        /// Invitations answered, over invitations sent (by the day sent; cancelled ones left out).
        ResponseRate = "response_rate", "问卷回复率", "Response rate";
        /// Net promoter score: % promoters (9–10) − % detractors (0–6) (by the day answered).
        Nps = "nps", "净推荐值", "Net promoter score";
        /// Complaints received, over policies in force during the period.
        ComplaintRate = "complaint_rate", "投诉率", "Complaint rate";
        /// Complaints whose materials notice (when one was made), acceptance and decision all
        /// met their deadlines, over complaints decided (by the day decided).
        ComplaintTimeliness = "complaint_timeliness", "投诉处理及时率", "Complaint timeliness";
        /// Hours from the report to the final payment: the mean (and the 90th percentile), over
        /// claims paid (by the day paid).
        ClaimHandlingTime = "claim_handling_time", "理赔处理时效", "Claim handling time";
    }
}

choice! {
    /// What a figure's value is measured in.
    Unit {
        /// Per cent (0–100).
        Percent = "percent", "%", "%";
        /// Points (−100 to 100).
        Points = "points", "分", "points";
        /// Hours.
        Hours = "hours", "小时", "hours";
    }
}

choice! {
    /// How a value is held against its target.
    Comparison {
        /// The value must be at least the target.
        AtLeast = "at_least", ">=", ">=";
        /// The value must be below the target.
        Below = "below", "<", "<";
        /// The value must be at most the target.
        AtMost = "at_most", "<=", "<=";
    }
}

/// A target from the company documents (domain.md, "Service KPIs").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Target {
    /// How the value is compared.
    pub comparison: Comparison,
    /// The target value, in the KPI's unit.
    pub value: f64,
}

impl Target {
    /// Whether a value meets it.
    pub fn met_by(self, value: f64) -> bool {
        match self.comparison {
            Comparison::AtLeast => value >= self.value,
            Comparison::Below => value < self.value,
            Comparison::AtMost => value <= self.value,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.comparison.as_str_symbol(), self.value)
    }
}

impl Comparison {
    fn as_str_symbol(self) -> &'static str {
        self.label(Lang::En)
    }
}

impl Kpi {
    /// What its value is measured in.
    pub fn unit(self) -> Unit {
        match self {
            Kpi::Nps => Unit::Points,
            Kpi::ClaimHandlingTime => Unit::Hours,
            _ => Unit::Percent,
        }
    }

    /// Its target in the company documents; the response rate and the NPS have none there.
    pub fn target(self) -> Option<Target> {
        let target = |comparison, value| Some(Target { comparison, value });
        match self {
            Kpi::SatisfactionRate => target(Comparison::AtLeast, 90.0),
            Kpi::ComplaintRate => target(Comparison::Below, 3.0),
            Kpi::ComplaintTimeliness => target(Comparison::AtLeast, 100.0),
            Kpi::ClaimHandlingTime => target(Comparison::AtMost, 48.0),
            Kpi::ResponseRate | Kpi::Nps => None,
        }
    }

    /// What its count (the denominator) counts, in a language.
    fn counted(self, lang: Lang) -> &'static str {
        match self {
            Kpi::SatisfactionRate | Kpi::Nps => lang.pick("份回答", "answers"),
            Kpi::ResponseRate => lang.pick("份问卷", "invitations"),
            Kpi::ComplaintRate => lang.pick("份有效保单", "policies in force"),
            Kpi::ComplaintTimeliness => lang.pick("件投诉", "complaints"),
            Kpi::ClaimHandlingTime => lang.pick("件理赔", "claims"),
        }
    }

    /// How it is computed, and where its target comes from.
    pub fn info(self) -> KpiInfo {
        let text = |zh: &str, en: &str| LocalizedText {
            zh: zh.into(),
            en: en.into(),
        };
        let (definition, target_note) = match self {
            Kpi::SatisfactionRate => (
                text(
                    "评分 4–5 分（满分 5 分）的回答占全部回答的比例，按回答日期归属期间。",
                    "Answers rating 4–5 of 5 over all answers, by the day answered.",
                ),
                text(
                    "目标 ≥ 90%（公司考核文件）。",
                    "Target >= 90% (company documents).",
                ),
            ),
            Kpi::ResponseRate => (
                text(
                    "本期发出的问卷中已回答的比例（已取消的除外），按发出日期归属期间。",
                    "Invitations answered over invitations sent (cancelled ones left out), by the day sent.",
                ),
                text(
                    "公司文件未规定目标，仅供参考。",
                    "The company documents set no target: shown for information.",
                ),
            ),
            Kpi::Nps => (
                text(
                    "推荐者（9–10 分）比例减去贬损者（0–6 分）比例，按回答日期归属期间。",
                    "% promoters (9–10) minus % detractors (0–6), by the day answered.",
                ),
                text(
                    "公司文件未规定目标，仅供参考。",
                    "The company documents set no target: shown for information.",
                ),
            ),
            Kpi::ComplaintRate => (
                text(
                    "本期收到的投诉件数除以本期内有效的保单数（保障期间与本期重叠）。",
                    "Complaints received over policies whose period of cover overlaps the period.",
                ),
                text(
                    "目标 < 3%（公司考核文件）。",
                    "Target < 3% (company documents).",
                ),
            ),
            Kpi::ComplaintTimeliness => (
                text(
                    "本期作出处理决定的投诉中，补正告知（如有）、受理和处理决定均在期限内完成的比例。",
                    "Complaints decided in the period whose materials notice (when one was made), acceptance and decision all met their deadlines.",
                ),
                text("目标 100%（监管规定）。", "Target 100% (the regulation)."),
            ),
            Kpi::ClaimHandlingTime => (
                text(
                    "本期赔付的理赔从报案到最终赔付的小时数：平均值和第 90 百分位。",
                    "Hours from the report to the final payment of claims paid in the period: the mean and the 90th percentile.",
                ),
                text(
                    "目标平均 ≤ 48 小时（公司考核文件）；第 90 百分位无目标。",
                    "Target mean <= 48 h (company documents); the 90th percentile has none.",
                ),
            ),
        };
        KpiInfo {
            kpi: self,
            label: text(self.label(Lang::ZhCn), self.label(Lang::En)),
            unit: self.unit(),
            target: self.target(),
            definition,
            target_note,
        }
    }
}

/// A KPI's description, as the report lists it once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiInfo {
    /// Which KPI.
    pub kpi: Kpi,
    /// Its name.
    pub label: LocalizedText,
    /// What its value is measured in.
    pub unit: Unit,
    /// Its target, if the documents set one.
    pub target: Option<Target>,
    /// How it is computed.
    pub definition: LocalizedText,
    /// Where the target comes from, or that there is none.
    pub target_note: LocalizedText,
}

/// One KPI of one group in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figure {
    /// Which KPI.
    pub kpi: Kpi,
    /// What the value is measured in.
    pub unit: Unit,
    /// The value, rounded to 2 decimals; absent when there is nothing to compute it from, or
    /// when a breakdown group has fewer than [`MIN_COUNT`] answers or cases (`too_few`).
    pub value: Option<f64>,
    /// Claim handling time only: the 90th percentile in hours (nearest rank), rounded.
    pub p90: Option<f64>,
    /// What is counted over `count`: satisfied answers, answered invitations, promoters minus
    /// detractors, complaints received, timely complaints. Absent for the handling time.
    pub numerator: Option<i64>,
    /// The denominator: answers, invitations sent, policies in force, complaints decided, claims
    /// paid.
    pub count: i64,
    /// The target, if the documents set one.
    pub target: Option<Target>,
    /// Whether the value meets the target; absent without a value or a target.
    pub met: Option<bool>,
    /// A breakdown group with fewer than [`MIN_COUNT`] answers or cases: no value is given.
    pub too_few: bool,
    /// Why there is no value, in both languages.
    pub statement: Option<LocalizedText>,
}

/// Rounds to 2 decimals.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// `part` of `whole` in per cent; `None` over nothing.
pub fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| 100.0 * part as f64 / whole as f64)
}

impl Figure {
    /// A figure from its value before rounding and its count; `grouped` when it belongs to a
    /// breakdown group (then fewer than [`MIN_COUNT`] gives no value).
    fn new(
        kpi: Kpi,
        value: Option<f64>,
        p90: Option<f64>,
        numerator: Option<i64>,
        count: i64,
        grouped: bool,
    ) -> Figure {
        let too_few = grouped && count < MIN_COUNT;
        let value = value.filter(|_| !too_few).map(round2);
        let p90 = p90.filter(|_| !too_few).map(round2);
        let target = kpi.target();
        let met = match (value, target) {
            (Some(v), Some(t)) => Some(t.met_by(v)),
            _ => None,
        };
        let statement = if too_few {
            Some(LocalizedText {
                zh: format!(
                    "仅 {count} {}，少于 {MIN_COUNT}，数量太少，不计算结果。",
                    kpi.counted(Lang::ZhCn)
                ),
                en: format!(
                    "Only {count} {}, fewer than {MIN_COUNT}: too few to give a figure.",
                    kpi.counted(Lang::En)
                ),
            })
        } else if value.is_none() {
            Some(LocalizedText {
                zh: format!(
                    "本期没有{}。",
                    kpi.counted(Lang::ZhCn)
                        .trim_start_matches('份')
                        .trim_start_matches('件')
                ),
                en: format!("No {} in this period.", kpi.counted(Lang::En)),
            })
        } else {
            None
        };
        Figure {
            kpi,
            unit: kpi.unit(),
            value,
            p90,
            numerator,
            count,
            target,
            met,
            too_few,
            statement,
        }
    }

    /// A rate in per cent: `numerator` of `count`.
    pub fn rate(kpi: Kpi, numerator: i64, count: i64, grouped: bool) -> Figure {
        Figure::new(
            kpi,
            percent(numerator, count),
            None,
            Some(numerator),
            count,
            grouped,
        )
    }

    /// The NPS of `count` answers with `promoters` (9–10) and `detractors` (0–6).
    pub fn nps(promoters: i64, detractors: i64, count: i64, grouped: bool) -> Figure {
        let net = promoters - detractors;
        Figure::new(
            Kpi::Nps,
            percent(net, count),
            None,
            Some(net),
            count,
            grouped,
        )
    }

    /// The claim handling time of `count` claims whose report → payment took `total_secs`
    /// together, the 90th percentile being `p90_secs`.
    pub fn handling_time(
        total_secs: i64,
        p90_secs: Option<i64>,
        count: i64,
        grouped: bool,
    ) -> Figure {
        let hours = |secs: f64| secs / 3600.0;
        let mean = (count > 0).then(|| hours(total_secs as f64 / count as f64));
        let p90 = p90_secs.map(|s| hours(s as f64));
        Figure::new(Kpi::ClaimHandlingTime, mean, p90, None, count, grouped)
    }
}

/// Satisfied answers (4 or 5) among ratings: `(satisfied, answers)`.
pub fn satisfaction(ratings: &[u8]) -> (i64, i64) {
    let satisfied = ratings.iter().filter(|r| **r >= 4).count();
    (satisfied as i64, ratings.len() as i64)
}

/// Promoters (9–10), detractors (0–6) and answers among recommendation scores.
pub fn nps(scores: &[u8]) -> (i64, i64, i64) {
    let promoters = scores.iter().filter(|s| **s >= 9).count() as i64;
    let detractors = scores.iter().filter(|s| **s <= 6).count() as i64;
    (promoters, detractors, scores.len() as i64)
}

/// Whether each of a complaint's deadlines was met (`None`: it did not apply or is not settled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeadlinesMet {
    /// The materials notice, when one was made.
    pub notice: Option<bool>,
    /// Acceptance (or not acceptance).
    pub acceptance: Option<bool>,
    /// The decision.
    pub decision: Option<bool>,
}

impl DeadlinesMet {
    /// Timely: decided in time, and no deadline that applied was missed.
    pub fn timely(self) -> bool {
        self.decision == Some(true) && self.notice != Some(false) && self.acceptance != Some(false)
    }
}

/// The 90th percentile by nearest rank: the smallest value with at least 90% of the values at or
/// below it (rank ⌈0.9·n⌉ of the sorted values).
pub fn p90(values: &[i64]) -> Option<i64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = p90_rank(sorted.len() as i64);
    usize::try_from(rank - 1)
        .ok()
        .and_then(|i| sorted.get(i).copied())
}

/// The 1-based rank of the 90th percentile among `n` sorted values: ⌈9n/10⌉.
pub fn p90_rank(n: i64) -> i64 {
    (9 * n + 9) / 10
}

/// The groups of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PeriodFigures {
    /// The period, `2026-11` or `2026-Q4`.
    pub period: String,
    /// Its first day (China date).
    pub starts_on: NaiveDate,
    /// Its last day (China date).
    pub ends_on: NaiveDate,
    /// Its groups: one (`all`) without a breakdown.
    pub groups: Vec<GroupFigures>,
}

/// The figures of one group of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupFigures {
    /// `all`; `complaint` / `claim`; a channel (`online`, `hotline`, …); a staff id, or `none`
    /// for cases no staff member decided.
    pub key: String,
    /// The group's name (the staff member's name for a handler).
    pub label: LocalizedText,
    /// The KPIs that apply to the group, in the order of [`Kpi::ALL`].
    pub figures: Vec<Figure>,
}

/// The KPIs of a range of periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KpiReport {
    /// Month or quarter.
    pub period: PeriodKind,
    /// The first period.
    pub from: String,
    /// The last period.
    pub to: String,
    /// The breakdown.
    pub by: Breakdown,
    /// A breakdown group needs this many answers or cases for a value.
    pub min_count: i64,
    /// What each KPI is and its target.
    pub kpis: Vec<KpiInfo>,
    /// Each period, in order.
    pub periods: Vec<PeriodFigures>,
}

/// The KPIs that apply to a group of a breakdown: complaint figures to complaint groups, the
/// handling time to claim groups (claims come in online), no complaint rate per handler.
pub fn kpis_for(by: Breakdown, group: &str) -> Vec<Kpi> {
    use Kpi::*;
    match (by, group) {
        (Breakdown::None, _) | (Breakdown::Channel, "online") => Kpi::ALL.to_vec(),
        (Breakdown::CaseKind, "claim") => {
            vec![SatisfactionRate, ResponseRate, Nps, ClaimHandlingTime]
        }
        (Breakdown::CaseKind | Breakdown::Channel, _) => vec![
            SatisfactionRate,
            ResponseRate,
            Nps,
            ComplaintRate,
            ComplaintTimeliness,
        ],
        (Breakdown::Handler, _) => vec![
            SatisfactionRate,
            ResponseRate,
            Nps,
            ComplaintTimeliness,
            ClaimHandlingTime,
        ],
    }
}

/// The CSV columns, in order.
pub const CSV_HEADER: &str = "period,starts_on,ends_on,group,group_label,kpi,kpi_label,unit,value,p90,numerator,count,target,met,too_few,statement";

/// The report as CSV (RFC 4180, CRLF line ends): the header, then one row per period × group ×
/// KPI, labels and statements in `lang`.
pub fn csv(report: &KpiReport, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    for period in &report.periods {
        for group in &period.groups {
            for figure in &group.figures {
                let cells = [
                    period.period.clone(),
                    period.starts_on.to_string(),
                    period.ends_on.to_string(),
                    group.key.clone(),
                    group.label.get(lang).to_owned(),
                    figure.kpi.as_str().to_owned(),
                    figure.kpi.label(lang).to_owned(),
                    figure.unit.as_str().to_owned(),
                    number(figure.value),
                    number(figure.p90),
                    figure.numerator.map(|n| n.to_string()).unwrap_or_default(),
                    figure.count.to_string(),
                    figure.target.map(|t| t.to_string()).unwrap_or_default(),
                    figure.met.map(|m| m.to_string()).unwrap_or_default(),
                    figure.too_few.to_string(),
                    figure
                        .statement
                        .as_ref()
                        .map(|s| s.get(lang).to_owned())
                        .unwrap_or_default(),
                ];
                let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                out.push_str(&line.join(","));
                out.push_str("\r\n");
            }
        }
    }
    out
}

/// A cell, quoted when it holds a comma, a quote or a line break (quotes doubled); a cell that
/// a spreadsheet would read as a formula gets a leading apostrophe.
fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '@'])
        || (text.starts_with('-') && text.parse::<f64>().is_err())
    {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_parse_and_print() {
        let month = Period::parse("2026-11").unwrap();
        assert_eq!(month.to_string(), "2026-11");
        assert_eq!(month.kind(), PeriodKind::Month);
        let quarter = Period::parse("2026-q4").unwrap();
        assert_eq!(quarter.to_string(), "2026-Q4");
        assert_eq!(quarter.kind(), PeriodKind::Quarter);
        for bad in [
            "",
            "2026",
            "2026-13",
            "2026-00",
            "2026-1",
            "2026-Q5",
            "2026-Q0",
            "26-11",
            "2026-11-01",
            "2026/11",
            "２０２６-11",
            "2026-Q",
            "2026-+1",
            "0999-01",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_period_has_china_days_and_unix_bounds() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(nov.first_day(), day(2026, 11, 1));
        assert_eq!(nov.last_day(), day(2026, 11, 30));
        // 2026-11-01 00:00 +08:00 is 2026-10-31 16:00 UTC.
        assert_eq!(nov.bounds(), (1_793_462_400, 1_796_054_400));
        let q4 = Period::parse("2026-Q4").unwrap();
        assert_eq!(
            (q4.first_day(), q4.last_day()),
            (day(2026, 10, 1), day(2026, 12, 31))
        );
        let feb = Period::parse("2028-02").unwrap();
        assert_eq!(feb.last_day(), day(2028, 2, 29));
        let dec = Period::parse("2026-12").unwrap();
        assert_eq!(dec.next().to_string(), "2027-01");
        assert_eq!(dec.bounds().1, Period::parse("2027-01").unwrap().bounds().0);
        assert_eq!(
            Period::containing(PeriodKind::Quarter, day(2026, 5, 31))
                .unwrap()
                .to_string(),
            "2026-Q2"
        );
    }

    #[test]
    fn ranges_default_to_the_year_to_today_and_refuse_nonsense() {
        let today = day(2026, 12, 1);
        let range = PeriodRange::parse(None, None, None, today).unwrap();
        assert_eq!(
            (range.from.to_string(), range.to.to_string()),
            ("2026-01".into(), "2026-12".into())
        );
        assert_eq!(range.periods().len(), 12);
        let quarters = PeriodRange::parse(Some("quarter"), None, None, today).unwrap();
        assert_eq!(quarters.from.to_string(), "2026-Q1");
        let across =
            PeriodRange::parse(Some("month"), Some("2025-11"), Some("2026-02"), today).unwrap();
        let names: Vec<String> = across.periods().iter().map(Period::to_string).collect();
        assert_eq!(names, ["2025-11", "2025-12", "2026-01", "2026-02"]);
        let longest = PeriodRange::parse(None, Some("2024-01"), Some("2026-12"), today).unwrap();
        assert_eq!(longest.periods().len(), MAX_PERIODS);
        use PeriodError::*;
        for (kind, from, to, error) in [
            (Some("week"), None, None, Kind),
            (Some("month"), Some("2026-Q1"), None, Text),
            (Some("quarter"), Some("2026-01"), Some("2026-Q2"), Text),
            (None, Some("2026-13"), None, Text),
            (None, Some("2026-05"), Some("2026-04"), Backwards),
            (None, Some("2023-12"), Some("2026-12"), TooLong),
            (Some("quarter"), Some("2010-Q1"), Some("2026-Q4"), TooLong),
        ] {
            assert_eq!(
                PeriodRange::parse(kind, from, to, today),
                Err(error),
                "{kind:?} {from:?} {to:?}"
            );
        }
    }

    #[test]
    fn satisfaction_counts_four_and_five_over_all_answers() {
        let ratings = [5, 4, 3, 5, 1, 4, 2, 5, 5, 4];
        let (satisfied, answers) = satisfaction(&ratings);
        assert_eq!((satisfied, answers), (7, 10));
        let figure = Figure::rate(Kpi::SatisfactionRate, satisfied, answers, false);
        assert_eq!(figure.value, Some(70.0));
        assert_eq!(figure.met, Some(false));
        let good = Figure::rate(Kpi::SatisfactionRate, 27, 30, true);
        assert_eq!(
            (good.value, good.met, good.too_few),
            (Some(90.0), Some(true), false)
        );
    }

    #[test]
    fn response_rate_has_no_target() {
        let answered = [true, false, true, true];
        let done = answered.iter().filter(|a| **a).count() as i64;
        let figure = Figure::rate(Kpi::ResponseRate, done, answered.len() as i64, false);
        assert_eq!(figure.value, Some(75.0));
        assert_eq!((figure.target, figure.met), (None, None));
        assert!(
            Kpi::ResponseRate
                .info()
                .target_note
                .en
                .contains("no target")
        );
    }

    #[test]
    fn nps_is_promoters_minus_detractors() {
        let scores = [10, 9, 9, 8, 7, 6, 0, 10, 3, 9];
        let (promoters, detractors, answers) = nps(&scores);
        assert_eq!((promoters, detractors, answers), (5, 3, 10));
        let figure = Figure::nps(promoters, detractors, answers, false);
        assert_eq!(figure.value, Some(20.0));
        assert_eq!(figure.numerator, Some(2));
        assert_eq!(figure.unit, Unit::Points);
        let all_detractors = Figure::nps(0, 4, 4, false);
        assert_eq!(all_detractors.value, Some(-100.0));
    }

    #[test]
    fn complaint_rate_is_below_three_per_cent_to_meet() {
        let figure = Figure::rate(Kpi::ComplaintRate, 29, 1000, false);
        assert_eq!((figure.value, figure.met), (Some(2.9), Some(true)));
        let over = Figure::rate(Kpi::ComplaintRate, 3, 100, false);
        assert_eq!((over.value, over.met), (Some(3.0), Some(false)));
    }

    #[test]
    fn timeliness_needs_every_deadline_that_applied() {
        let rows = [
            DeadlinesMet {
                notice: None,
                acceptance: Some(true),
                decision: Some(true),
            },
            DeadlinesMet {
                notice: Some(true),
                acceptance: Some(true),
                decision: Some(true),
            },
            DeadlinesMet {
                notice: Some(false),
                acceptance: Some(true),
                decision: Some(true),
            },
            DeadlinesMet {
                notice: None,
                acceptance: Some(false),
                decision: Some(true),
            },
            DeadlinesMet {
                notice: None,
                acceptance: Some(true),
                decision: Some(false),
            },
        ];
        let timely = rows.iter().filter(|r| r.timely()).count() as i64;
        assert_eq!(timely, 2);
        let figure = Figure::rate(Kpi::ComplaintTimeliness, timely, rows.len() as i64, false);
        assert_eq!((figure.value, figure.met), (Some(40.0), Some(false)));
        let all = Figure::rate(Kpi::ComplaintTimeliness, 3, 3, false);
        assert_eq!(all.met, Some(true));
        assert!(!DeadlinesMet::default().timely());
    }

    #[test]
    fn handling_time_is_a_mean_and_a_nearest_rank_p90_in_hours() {
        let hours: Vec<i64> = (1..=10).map(|h| h * 3600).collect();
        assert_eq!(p90(&hours), Some(9 * 3600));
        assert_eq!(p90(&[7]), Some(7));
        assert_eq!(p90(&[]), None);
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(p90(&eleven), Some(10));
        assert_eq!(p90_rank(20), 18);
        let total: i64 = hours.iter().sum();
        let figure = Figure::handling_time(total, p90(&hours), 10, false);
        assert_eq!((figure.value, figure.p90), (Some(5.5), Some(9.0)));
        assert_eq!(figure.met, Some(true));
        let slow = Figure::handling_time(50 * 3600 * 2, Some(60 * 3600), 2, false);
        assert_eq!((slow.value, slow.met), (Some(50.0), Some(false)));
    }

    #[test]
    fn a_small_group_says_so_instead_of_a_value() {
        let figure = Figure::rate(Kpi::SatisfactionRate, 10, 12, true);
        assert!(figure.too_few);
        assert_eq!((figure.value, figure.met), (None, None));
        let statement = figure.statement.unwrap();
        assert!(statement.en.contains("Only 12 answers"), "{}", statement.en);
        assert!(statement.zh.contains("12"));
        // The whole company's figure is given however small.
        assert!(!Figure::rate(Kpi::SatisfactionRate, 10, 12, false).too_few);
        let nothing = Figure::rate(Kpi::SatisfactionRate, 0, 0, false);
        assert_eq!(nothing.value, None);
        assert!(nothing.statement.unwrap().en.starts_with("No answers"));
    }

    #[test]
    fn groups_get_the_kpis_that_apply_to_them() {
        assert_eq!(kpis_for(Breakdown::None, "all").len(), 6);
        assert!(!kpis_for(Breakdown::CaseKind, "claim").contains(&Kpi::ComplaintRate));
        assert!(!kpis_for(Breakdown::CaseKind, "complaint").contains(&Kpi::ClaimHandlingTime));
        assert!(kpis_for(Breakdown::Channel, "online").contains(&Kpi::ClaimHandlingTime));
        assert!(!kpis_for(Breakdown::Channel, "fax").contains(&Kpi::ClaimHandlingTime));
        assert!(!kpis_for(Breakdown::Handler, "3").contains(&Kpi::ComplaintRate));
    }

    #[test]
    fn the_csv_has_a_row_per_period_group_and_kpi() {
        let group = |key: &str, figures| GroupFigures {
            key: key.into(),
            label: LocalizedText {
                zh: "投诉, 理赔".into(),
                en: "=Complaint \"x\"".into(),
            },
            figures,
        };
        let report = KpiReport {
            period: PeriodKind::Month,
            from: "2026-11".into(),
            to: "2026-11".into(),
            by: Breakdown::CaseKind,
            min_count: MIN_COUNT,
            kpis: Kpi::ALL.iter().map(|k| k.info()).collect(),
            periods: vec![PeriodFigures {
                period: "2026-11".into(),
                starts_on: day(2026, 11, 1),
                ends_on: day(2026, 11, 30),
                groups: vec![group(
                    "complaint",
                    vec![
                        Figure::rate(Kpi::SatisfactionRate, 28, 31, true),
                        Figure::rate(Kpi::ResponseRate, 3, 4, true),
                    ],
                )],
            }],
        };
        let text = csv(&report, Lang::En);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(
            lines[1],
            "2026-11,2026-11-01,2026-11-30,complaint,\"'=Complaint \"\"x\"\"\",satisfaction_rate,Satisfaction rate,percent,90.32,,28,31,>= 90,true,false,"
        );
        assert!(
            lines[2].ends_with(
                ",response_rate,Response rate,percent,,,3,4,,,true,\"Only 4 invitations, fewer than 30: too few to give a figure.\""
            ),
            "{}",
            lines[2]
        );
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[3], "");
        let zh = csv(&report, Lang::ZhCn);
        assert!(zh.contains("\"投诉, 理赔\",satisfaction_rate,满意度"));
    }
}
