//! The KPI report, computed in SQL: one aggregate query per source (answers, invitations sent,
//! complaints received, complaints decided, claims paid, policies in force), each over all the
//! report's periods at once (a `periods` CTE joined to a covering index on the period's column),
//! grouped by period and breakdown group. Nothing but the counts comes back; the p90 of each
//! group is one `ORDER BY … LIMIT 1 OFFSET` query. The figures are then built by portal-core's [`Figure`] constructors.

use std::collections::{BTreeSet, HashMap};

use portal_core::Lang;
use portal_core::complaint::{Channel, LocalizedText};
use portal_core::kpi::{
    Breakdown, Figure, GroupFigures, Kpi, KpiReport, MIN_COUNT, PeriodFigures, PeriodRange,
    kpis_for, p90_rank,
};
use portal_core::survey::CaseKind;

use sqlx::Sqlite;
use sqlx::pool::PoolConnection;

use crate::db::Db;

/// The counts of one group in one period.
#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    answers: i64,
    satisfied: i64,
    nps_answers: i64,
    promoters: i64,
    detractors: i64,
    sent: i64,
    answered: i64,
    received: i64,
    decided: i64,
    timely: i64,
    paid: i64,
    paid_secs: i64,
    p90_secs: Option<i64>,
}

/// `(period index, group key)` → counts.
type Table = HashMap<(i64, String), Counts>;

/// The page cache each connection running KPI queries keeps, in KiB: the indexes a report scans
/// (a few MB for 100,000 cases) stay in memory instead of being read again from the file on every
/// request (SQLite's default is 2 MiB).
const CACHE_KIB: i64 = 16 * 1024;

/// A pooled connection with the larger page cache.
async fn connection(db: &Db) -> sqlx::Result<PoolConnection<Sqlite>> {
    let mut conn = db.acquire().await?;
    sqlx::query(&format!("PRAGMA cache_size = -{CACHE_KIB}"))
        .execute(&mut *conn)
        .await?;
    Ok(conn)
}

/// The `WITH periods(idx, lo, hi, first, last) AS (VALUES …)` prefix for `n` periods.
fn periods_cte(n: usize) -> String {
    let rows = vec!["(?, ?, ?, ?, ?)"; n].join(", ");
    format!("WITH periods(idx, lo, hi, first, last) AS (VALUES {rows})")
}

/// A query over the periods: binds each period's index, bounds and days.
fn bind_periods<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    range: &PeriodRange,
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
    for (idx, period) in (0_i64..).zip(range.periods()) {
        let (lo, hi) = period.bounds();
        query = query
            .bind(idx)
            .bind(lo)
            .bind(hi)
            .bind(period.first_day().to_string())
            .bind(period.last_day().to_string());
    }
    query
}

/// Runs `select` (a query over `periods p`, grouped) with the periods' CTE in front of it.
async fn over_periods<T>(db: &Db, range: &PeriodRange, select: &str) -> sqlx::Result<Vec<T>>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let sql = format!("{} {select}", periods_cte(range.periods().len()));
    bind_periods(sqlx::query_as(&sql), range)
        .fetch_all(&mut *connection(db).await?)
        .await
}

/// The group of a survey invitation `s`: its case's channel and handler are columns of its own
/// (kept by triggers, see migration `20261201000004_kpi_survey_groups`), so no join is needed.
fn survey_group(by: Breakdown) -> &'static str {
    match by {
        Breakdown::None => "'all'",
        Breakdown::CaseKind => "s.case_kind",
        Breakdown::Channel => "COALESCE(s.kpi_channel, 'none')",
        Breakdown::Handler => "COALESCE(CAST(s.kpi_handler_id AS TEXT), 'none')",
    }
}

/// Satisfaction and NPS, by the day answered.
async fn answers(
    db: &Db,
    range: &PeriodRange,
    by: Breakdown,
    table: &mut Table,
) -> sqlx::Result<()> {
    let group = survey_group(by);
    let select = format!(
        "SELECT p.idx, {group}, COUNT(*), COALESCE(SUM(s.rating >= 4), 0), COUNT(s.nps), \
                COALESCE(SUM(s.nps >= 9), 0), COALESCE(SUM(s.nps <= 6), 0) \
         FROM periods p \
         JOIN survey_invitations s INDEXED BY survey_invitations_kpi_answered \
           ON s.answered_at >= p.lo AND s.answered_at < p.hi \
         GROUP BY 1, 2"
    );
    let rows: Vec<(i64, String, i64, i64, i64, i64, i64)> =
        over_periods(db, range, &select).await?;
    for (idx, key, answers, satisfied, nps_answers, promoters, detractors) in rows {
        let c = table.entry((idx, key)).or_default();
        c.answers = answers;
        c.satisfied = satisfied;
        c.nps_answers = nps_answers;
        c.promoters = promoters;
        c.detractors = detractors;
    }
    Ok(())
}

/// The response rate: of the invitations sent in the period (cancelled ones left out), those
/// answered by now.
async fn sent(db: &Db, range: &PeriodRange, by: Breakdown, table: &mut Table) -> sqlx::Result<()> {
    let group = survey_group(by);
    let select = format!(
        "SELECT p.idx, {group}, COUNT(*), COALESCE(SUM(s.status = 'answered'), 0) \
         FROM periods p \
         JOIN survey_invitations s INDEXED BY survey_invitations_kpi_sent \
           ON s.sent_at >= p.lo AND s.sent_at < p.hi \
         WHERE s.status <> 'cancelled' \
         GROUP BY 1, 2"
    );
    let rows: Vec<(i64, String, i64, i64)> = over_periods(db, range, &select).await?;
    for (idx, key, sent, answered) in rows {
        let c = table.entry((idx, key)).or_default();
        c.sent = sent;
        c.answered = answered;
    }
    Ok(())
}

/// Complaints received, by the day received.
async fn received(
    db: &Db,
    range: &PeriodRange,
    by: Breakdown,
    table: &mut Table,
) -> sqlx::Result<()> {
    let group = match by {
        // No complaint rate per handler: a complaint has none when it comes in.
        Breakdown::Handler => return Ok(()),
        Breakdown::None => "'all'",
        Breakdown::CaseKind => "'complaint'",
        Breakdown::Channel => "c.channel",
    };
    let select = format!(
        "SELECT p.idx, {group}, COUNT(*) \
         FROM periods p \
         JOIN complaints c INDEXED BY complaints_by_received \
           ON c.received_at >= p.lo AND c.received_at < p.hi \
         GROUP BY 1, 2"
    );
    let rows: Vec<(i64, String, i64)> = over_periods(db, range, &select).await?;
    for (idx, key, received) in rows {
        table.entry((idx, key)).or_default().received = received;
    }
    Ok(())
}

/// Complaint timeliness, by the day of the first decision.
async fn decided(
    db: &Db,
    range: &PeriodRange,
    by: Breakdown,
    table: &mut Table,
) -> sqlx::Result<()> {
    let group = match by {
        Breakdown::None => "'all'",
        Breakdown::CaseKind => "'complaint'",
        Breakdown::Channel => "c.channel",
        Breakdown::Handler => "COALESCE(CAST(c.handler_id AS TEXT), 'none')",
    };
    let select = format!(
        "SELECT p.idx, {group}, COUNT(*), \
                COALESCE(SUM(c.decision_met = 1 AND COALESCE(c.acceptance_met, 1) = 1 \
                             AND COALESCE(c.notice_met, 1) = 1), 0) \
         FROM periods p \
         JOIN complaints c INDEXED BY complaints_by_decided \
           ON c.decided_at >= p.lo AND c.decided_at < p.hi \
         GROUP BY 1, 2"
    );
    let rows: Vec<(i64, String, i64, i64)> = over_periods(db, range, &select).await?;
    for (idx, key, decided, timely) in rows {
        let c = table.entry((idx, key)).or_default();
        c.decided = decided;
        c.timely = timely;
    }
    Ok(())
}

/// Claim handling time (report → final payment), by the day paid: the count and the sum (for
/// the mean) by one aggregate, then the 90th percentile of each period and group by nearest
/// rank, row ⌈0.9·n⌉ in the order of the durations (`ORDER BY … LIMIT 1 OFFSET rank − 1`, which
/// SQLite answers with a bounded sort), those queries spread over the pool.
async fn paid(db: &Db, range: &PeriodRange, by: Breakdown, table: &mut Table) -> sqlx::Result<()> {
    let group = match by {
        Breakdown::None => "'all'",
        Breakdown::CaseKind => "'claim'",
        Breakdown::Channel => "'online'",
        Breakdown::Handler => "COALESCE(CAST(l.handler_id AS TEXT), 'none')",
    };
    let select = format!(
        "SELECT p.idx, {group}, COUNT(*), SUM(l.paid_at - l.reported_at) \
         FROM periods p \
         JOIN claims l INDEXED BY claims_by_paid ON l.paid_at >= p.lo AND l.paid_at < p.hi \
         GROUP BY 1, 2"
    );
    let rows: Vec<(i64, String, i64, i64)> = over_periods(db, range, &select).await?;
    let periods = range.periods();
    let p90s = rows.iter().map(|(idx, key, paid, _)| {
        let bounds = usize::try_from(*idx)
            .ok()
            .and_then(|i| periods.get(i))
            .map(|p| p.bounds())
            .unwrap_or_default();
        p90(db, by, key, bounds, *paid)
    });
    let p90s = futures_util::future::try_join_all(p90s).await?;
    for ((idx, key, paid, secs), p90) in rows.into_iter().zip(p90s) {
        let c = table.entry((idx, key)).or_default();
        c.paid = paid;
        c.paid_secs = secs;
        c.p90_secs = p90;
    }
    Ok(())
}

/// The nearest-rank 90th percentile of the handling times of the `paid` claims of one group
/// paid within `[lo, hi)`.
async fn p90(
    db: &Db,
    by: Breakdown,
    key: &str,
    (lo, hi): (i64, i64),
    paid: i64,
) -> sqlx::Result<Option<i64>> {
    let (index, handler) = match (by, key) {
        (Breakdown::Handler, "none") => ("claims_by_handler_paid", "l.handler_id IS NULL AND "),
        (Breakdown::Handler, _) => ("claims_by_handler_paid", "l.handler_id = ? AND "),
        _ => ("claims_by_paid", ""),
    };
    let sql = format!(
        "SELECT l.paid_at - l.reported_at AS d FROM claims l INDEXED BY {index} \
         WHERE {handler}l.paid_at >= ? AND l.paid_at < ? ORDER BY d LIMIT 1 OFFSET ?"
    );
    let mut query = sqlx::query_scalar(&sql);
    if handler.contains('?') {
        query = query.bind(key.parse::<i64>().unwrap_or_default());
    }
    query = query.bind(lo).bind(hi);
    query
        .bind((p90_rank(paid) - 1).max(0))
        .fetch_optional(&mut *connection(db).await?)
        .await
}

/// Policies whose cover overlaps each period: those started by its last day, less those ended
/// before its first; each side counted once per distinct day (two index scans), then summed per
/// period.
async fn in_force(db: &Db, range: &PeriodRange) -> sqlx::Result<HashMap<i64, i64>> {
    // The periods' CTE goes on with the two of this query.
    let select = ", started AS MATERIALIZED ( \
             SELECT starts_on AS day, COUNT(*) AS n FROM policies INDEXED BY policies_by_cover \
             GROUP BY starts_on), \
         ended AS MATERIALIZED ( \
             SELECT ends_on AS day, COUNT(*) AS n FROM policies INDEXED BY policies_by_end \
             GROUP BY ends_on) \
         SELECT p.idx, \
                (SELECT COALESCE(SUM(n), 0) FROM started WHERE day <= p.last) \
                - (SELECT COALESCE(SUM(n), 0) FROM ended WHERE day < p.first) \
         FROM periods p";
    let rows: Vec<(i64, i64)> = over_periods(db, range, select).await?;
    Ok(rows.into_iter().collect())
}

/// The staff names, by id.
async fn staff_names(db: &Db) -> sqlx::Result<HashMap<String, String>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM staff")
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (id.to_string(), name))
        .collect())
}

fn text(zh: &str, en: &str) -> LocalizedText {
    LocalizedText {
        zh: zh.into(),
        en: en.into(),
    }
}

/// The groups of a report in display order, with their names.
fn groups(
    by: Breakdown,
    seen: &BTreeSet<String>,
    staff: &HashMap<String, String>,
) -> Vec<(String, LocalizedText)> {
    match by {
        Breakdown::None => vec![("all".into(), text("全部", "All"))],
        Breakdown::CaseKind => CaseKind::ALL
            .iter()
            .map(|k| {
                (
                    k.as_str().to_owned(),
                    text(k.label(Lang::ZhCn), k.label(Lang::En)),
                )
            })
            .collect(),
        Breakdown::Channel => {
            let mut out: Vec<(String, LocalizedText)> = Channel::ALL
                .iter()
                .filter(|c| seen.contains(c.as_str()))
                .map(|c| {
                    (
                        c.as_str().to_owned(),
                        text(c.label(Lang::ZhCn), c.label(Lang::En)),
                    )
                })
                .collect();
            for key in seen {
                if Channel::from_str_opt(key).is_none() {
                    out.push((key.clone(), text(key, key)));
                }
            }
            out
        }
        Breakdown::Handler => {
            let mut named: Vec<(String, LocalizedText)> = seen
                .iter()
                .filter(|k| *k != "none")
                .map(|k| {
                    let name = staff.get(k).cloned().unwrap_or_else(|| format!("#{k}"));
                    (k.clone(), text(&name, &name))
                })
                .collect();
            named.sort_by(|a, b| a.1.zh.cmp(&b.1.zh).then(a.0.cmp(&b.0)));
            if seen.contains("none") {
                named.push(("none".into(), text("未记录经办人", "No handler recorded")));
            }
            named
        }
    }
}

/// The figure of one KPI from a group's counts.
fn figure(kpi: Kpi, c: &Counts, in_force: i64, grouped: bool) -> Figure {
    match kpi {
        Kpi::SatisfactionRate => Figure::rate(kpi, c.satisfied, c.answers, grouped),
        Kpi::ResponseRate => Figure::rate(kpi, c.answered, c.sent, grouped),
        Kpi::Nps => Figure::nps(c.promoters, c.detractors, c.nps_answers, grouped),
        Kpi::ComplaintRate => Figure::rate(kpi, c.received, in_force, grouped),
        Kpi::ComplaintTimeliness => Figure::rate(kpi, c.timely, c.decided, grouped),
        Kpi::ClaimHandlingTime => Figure::handling_time(c.paid_secs, c.p90_secs, c.paid, grouped),
    }
}

/// The report of a range of periods with a breakdown.
pub async fn report(db: &Db, range: &PeriodRange, by: Breakdown) -> sqlx::Result<KpiReport> {
    let (mut a, mut b, mut c, mut d, mut e) = Default::default();
    let (_, _, _, _, _, in_force, staff) = tokio::try_join!(
        answers(db, range, by, &mut a),
        sent(db, range, by, &mut b),
        received(db, range, by, &mut c),
        decided(db, range, by, &mut d),
        paid(db, range, by, &mut e),
        in_force(db, range),
        staff_names(db),
    )?;
    let mut table: Table = a;
    for part in [b, c, d, e] {
        for (key, counts) in part {
            let into = table.entry(key).or_default();
            merge(into, &counts);
        }
    }
    let seen: BTreeSet<String> = table.keys().map(|(_, key)| key.clone()).collect();
    let groups = groups(by, &seen, &staff);
    let grouped = by != Breakdown::None;
    let periods = (0_i64..)
        .zip(range.periods())
        .map(|(idx, period)| {
            let in_force = in_force.get(&idx).copied().unwrap_or(0);
            PeriodFigures {
                period: period.to_string(),
                starts_on: period.first_day(),
                ends_on: period.last_day(),
                groups: groups
                    .iter()
                    .map(|(key, label)| {
                        let counts = table.get(&(idx, key.clone())).copied().unwrap_or_default();
                        GroupFigures {
                            key: key.clone(),
                            label: label.clone(),
                            figures: kpis_for(by, key)
                                .into_iter()
                                .map(|kpi| figure(kpi, &counts, in_force, grouped))
                                .collect(),
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(KpiReport {
        period: range.kind(),
        from: range.from.to_string(),
        to: range.to.to_string(),
        by,
        min_count: MIN_COUNT,
        kpis: Kpi::ALL.iter().map(|k| k.info()).collect(),
        periods,
    })
}

/// Adds the non-zero counts of one source to a group's counts.
fn merge(into: &mut Counts, from: &Counts) {
    into.answers += from.answers;
    into.satisfied += from.satisfied;
    into.nps_answers += from.nps_answers;
    into.promoters += from.promoters;
    into.detractors += from.detractors;
    into.sent += from.sent;
    into.answered += from.answered;
    into.received += from.received;
    into.decided += from.decided;
    into.timely += from.timely;
    into.paid += from.paid;
    into.paid_secs += from.paid_secs;
    into.p90_secs = into.p90_secs.or(from.p90_secs);
}
