//! `cargo xtask bench-kpi` (also the last-but-one step of `cargo xtask bench`): the supervisors'
//! KPI endpoints over 100,000 closed cases. The release server first makes a demo database with
//! the demo history (migrations, demo accounts, a year of real cases); the bench then adds
//! 40,000 complaints, 60,000 claims, one survey invitation each (four in five answered) and
//! 150,000 policies in one `sqlite3` transaction (recursive CTEs; the cases' JSON columns are
//! copied from a history case, their KPI facts spread over the last 12 months), starts the
//! server again on that file and times each endpoint sequentially over loopback: p50 and p99
//! against the budget.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::bench::verdict;
use crate::cmd::{Out, Result};
use crate::http;
use crate::server::{self, TestServer};

/// The budget of every KPI endpoint: p99 at most this.
const P99_BUDGET_MS: f64 = 500.0;
/// Requests timed per endpoint (after one warm-up request).
const REQUESTS: usize = 40;
const COMPLAINTS: u32 = 40_000;
const CLAIMS: u32 = 60_000;
const POLICIES: u32 = 150_000;

/// Builds the server, then [`bench_kpi`].
pub fn bench_kpi_alone() -> Result {
    let mut out = Out::stream();
    crate::install::install(
        &mut out,
        crate::install::Needs {
            browser: false,
            load_generator: true,
            test_runner: false,
        },
    )?;
    server::build(&mut out)?;
    bench_kpi()
}

/// The bench itself (the release server must be built).
pub fn bench_kpi() -> Result {
    let which = Command::new("sqlite3")
        .arg("-version")
        .stdout(Stdio::null())
        .status();
    if !which.is_ok_and(|s| s.success()) {
        return Err(
            "the KPI bench needs the sqlite3 command (cargo xtask install installs it)".into(),
        );
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("portal-kpi-bench-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(dir: &std::path::Path) -> Result {
    let db = dir.join("portal.db");
    let url = format!("sqlite://{}", db.display());
    let env = [
        ("PORTAL_DATABASE_URL", url.as_str()),
        ("PORTAL_DEMO_HISTORY", "true"),
    ];
    println!("\n== KPIs over {} closed cases", COMPLAINTS + CLAIMS);
    // The first start migrates and seeds the demo and its history; it is stopped on drop.
    let started = Instant::now();
    drop(TestServer::start_with(&env)?);
    println!(
        "  a fresh demo database with its year of history: server healthy after {:.2} s (budget < 2 s)",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    fill(&db)?;
    println!(
        "  database: {} complaints, {} claims, their invitations and {} policies added in {:.1} s ({:.0} MB)",
        COMPLAINTS,
        CLAIMS,
        POLICIES,
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&db)
            .map(|m| m.len() as f64 / 1e6)
            .unwrap_or(0.0)
    );
    let server = TestServer::start_with(&env)?;
    let cookie = staff_cookie(&server.addr)?;
    let today = chrono_free_today();
    let months = format!("from={}&to={}", month_back(today, 11), month_back(today, 0));
    let endpoints = [
        format!("/api/v1/staff/kpis?{months}"),
        format!("/api/v1/staff/kpis?{months}&by=case_kind"),
        format!("/api/v1/staff/kpis?{months}&by=channel"),
        format!("/api/v1/staff/kpis?{months}&by=handler"),
        "/api/v1/staff/kpis?period=quarter&by=channel".to_owned(),
        format!("/api/v1/staff/kpis.csv?{months}&by=handler"),
    ];
    println!(
        "  GET, one request at a time over loopback, {REQUESTS} timed after one warm-up; budget p99 <= {P99_BUDGET_MS:.0} ms"
    );
    for path in &endpoints {
        let headers = [("Cookie", cookie.as_str())];
        let first = http::request(&server.addr, "GET", path, &headers, None)?;
        if first.status != 200 {
            return Err(format!("{path}: {} {}", first.status, first.body));
        }
        let mut times = Vec::with_capacity(REQUESTS);
        let cpu_before = cpu_ms(server.pid());
        for _ in 0..REQUESTS {
            let t = Instant::now();
            let response = http::request(&server.addr, "GET", path, &headers, None)?;
            times.push(t.elapsed());
            if response.status != 200 {
                return Err(format!("{path}: {}", response.status));
            }
        }
        let cpu = match (cpu_before, cpu_ms(server.pid())) {
            (Some(before), Some(after)) => {
                format!(
                    ", server CPU {:.0} ms/request",
                    (after - before) / REQUESTS as f64
                )
            }
            _ => String::new(),
        };
        let (p50, p99) = (percentile(&mut times, 50), percentile(&mut times, 99));
        verdict(
            path,
            p99 <= P99_BUDGET_MS,
            &format!(
                "p50 {p50:.1} ms, p99 {p99:.1} ms ({} KB{cpu}), budget p99 <= {P99_BUDGET_MS:.0} ms",
                first.body.len() / 1024
            ),
        );
    }
    drop(server);
    Ok(())
}

/// The CPU time (user + system) a process has used so far, in milliseconds, from
/// `/proc/<pid>/stat` (Linux; clock ticks of 10 ms): what a request costs, whatever else the
/// machine is doing.
fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state.
    Some((ticks(11)? + ticks(12)?) * 10.0)
}

/// The nearest-rank percentile of the times, in milliseconds.
fn percentile(times: &mut [Duration], p: usize) -> f64 {
    times.sort();
    let rank = (p * times.len()).div_ceil(100).max(1);
    times
        .get(rank - 1)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Logs the demo supervisor in; returns the `portal_session=...` pair.
fn staff_cookie(addr: &str) -> Result<String> {
    let body =
        serde_json::json!({ "username": "supervisor", "password": "supervisor-demo" }).to_string();
    let login = http::request(addr, "POST", "/api/v1/auth/staff/login", &[], Some(&body))?;
    login
        .header_values("set-cookie")
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with("portal_session="))
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "staff login gave no cookie ({}): {}",
                login.status, login.body
            )
        })
}

/// Today in China as (year, month).
fn chrono_free_today() -> (i64, i64) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
        + 8 * 3600;
    // Civil from days (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

/// `YYYY-MM`, `back` months before (year, month).
fn month_back((year, month): (i64, i64), back: i64) -> String {
    let index = year * 12 + (month - 1) - back;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Adds the cases, invitations and policies in one transaction with the sqlite3 shell.
fn fill(db: &PathBuf) -> Result {
    let sql = format!(
        "PRAGMA foreign_keys = ON;
BEGIN;
CREATE TEMP TABLE base AS SELECT
  (SELECT MAX(id) FROM complaints) AS complaint,
  (SELECT MAX(id) FROM claims) AS claim,
  (SELECT MIN(id) FROM policyholders WHERE phone LIKE '1700000%') AS holder,
  (SELECT MIN(id) FROM policies) AS policy,
  (SELECT filing FROM complaints WHERE status = 'closed' LIMIT 1) AS filing,
  (SELECT state FROM complaints WHERE status = 'closed' LIMIT 1) AS complaint_state,
  (SELECT report FROM claims WHERE status = 'paid' LIMIT 1) AS report,
  (SELECT checklist FROM claims WHERE status = 'paid' LIMIT 1) AS checklist,
  (SELECT state FROM claims WHERE status = 'paid' LIMIT 1) AS claim_state,
  CAST(strftime('%s', 'now') AS INTEGER) AS now,
  (SELECT COUNT(*) FROM staff) AS staff;
INSERT INTO policies (policyholder_id, number, product_name, kind, status, insured_name,
                      starts_on, ends_on, sum_insured, premium)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {POLICIES})
SELECT base.holder + i % 300, 'PB' || printf('%09d', i), '压测保单', 'medical', 'in_force', '压测',
       date('now', '-' || (400 + i % 300) || ' days'), date('now', '+' || (400 + i % 700) || ' days'),
       10000000, 50000
FROM n, base;
INSERT INTO complaints (id, case_number, policyholder_id, policy_id, channel, category,
                        consumer_name, status, received_at, filing, state, version, created_at,
                        updated_at, handler_id, decided_at, notice_met, acceptance_met,
                        decision_met)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {COMPLAINTS}),
t AS (SELECT i, base.now - 3600 - (i * 31536000 / {COMPLAINTS}) - 20 * 86400 AS received FROM n, base)
SELECT base.complaint + i, 'TB' || printf('%09d', i), base.holder + i % 300, NULL,
       CASE i % 7 WHEN 0 THEN 'hotline' WHEN 1 THEN 'letter' WHEN 2 THEN 'email'
                  WHEN 3 THEN 'on_site' ELSE 'online' END,
       'service_attitude', '压测', 'closed', received, base.filing, base.complaint_state, 6,
       received, received + 10 * 86400, 1 + i % base.staff, received + (4 + i % 9) * 86400,
       CASE WHEN i % 5 = 0 THEN 1 END, 1, i % 40 <> 0
FROM t, base;
INSERT INTO claims (id, claim_number, policyholder_id, policy_id, kind, status, reported_at,
                    report, checklist, state, version, created_at, updated_at, handler_id,
                    paid_at)
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {CLAIMS}),
t AS (SELECT i, base.now - 3600 - (i * 31536000 / {CLAIMS}) - 5 * 86400 AS reported FROM n, base)
SELECT base.claim + i, 'LB' || printf('%09d', i), base.holder + i % 300, base.policy + i % 900,
       'medical', 'paid', reported, base.report, base.checklist, base.claim_state, 12, reported,
       reported + 86400, 1 + i % base.staff, reported + (6 + (i * 37) % 70) * 3600
FROM t, base;
INSERT INTO survey_invitations (policyholder_id, case_kind, case_id, case_number, outcome,
                                survey, status, ask_nps, sent_at, expires_at, answered_at,
                                answered_via, answers, rating, nps)
SELECT c.policyholder_id, 'complaint', c.id, c.case_number, 'decided', 'complaint_decided',
       CASE WHEN c.id % 5 = 0 THEN 'expired' ELSE 'answered' END, 1,
       c.updated_at, c.updated_at + 30 * 86400,
       CASE WHEN c.id % 5 <> 0 THEN c.updated_at + (1 + c.id % 4) * 86400 END,
       CASE WHEN c.id % 5 <> 0 THEN 'portal' END,
       CASE WHEN c.id % 5 <> 0 THEN '{{\"satisfaction\":5}}' END,
       CASE WHEN c.id % 5 = 0 THEN NULL WHEN c.id % 10 = 1 THEN 3 WHEN c.id % 3 = 0 THEN 4 ELSE 5 END,
       CASE WHEN c.id % 5 <> 0 THEN c.id % 11 END
FROM complaints c, base WHERE c.id > base.complaint;
INSERT INTO survey_invitations (policyholder_id, case_kind, case_id, case_number, outcome,
                                survey, status, ask_nps, sent_at, expires_at, answered_at,
                                answered_via, answers, rating, nps)
SELECT l.policyholder_id, 'claim', l.id, l.claim_number, 'paid', 'claim',
       CASE WHEN l.id % 5 = 0 THEN 'expired' ELSE 'answered' END, 1,
       l.paid_at, l.paid_at + 30 * 86400,
       CASE WHEN l.id % 5 <> 0 THEN l.paid_at + (1 + l.id % 4) * 86400 END,
       CASE WHEN l.id % 5 <> 0 THEN 'link' END,
       CASE WHEN l.id % 5 <> 0 THEN '{{\"satisfaction\":4}}' END,
       CASE WHEN l.id % 5 = 0 THEN NULL WHEN l.id % 10 = 1 THEN 2 WHEN l.id % 3 = 0 THEN 4 ELSE 5 END,
       CASE WHEN l.id % 5 <> 0 THEN (l.id * 7) % 11 END
FROM claims l, base WHERE l.id > base.claim;
COMMIT;
PRAGMA optimize;
"
    );
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run sqlite3: {e}"))?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().ok_or("no stdin for sqlite3")?;
        stdin
            .write_all(sql.as_bytes())
            .map_err(|e| format!("sqlite3: {e}"))?;
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("sqlite3: {e}"))?;
    let errors = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() || !errors.trim().is_empty() {
        return Err(format!(
            "sqlite3 could not fill the bench database: {errors}"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_back_cross_years() {
        assert_eq!(month_back((2026, 12), 11), "2026-01");
        assert_eq!(month_back((2026, 3), 11), "2025-04");
        assert_eq!(month_back((2026, 1), 0), "2026-01");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut times: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert!((percentile(&mut times, 50) - 50.0).abs() < 1e-9);
        assert!((percentile(&mut times, 99) - 99.0).abs() < 1e-9);
        let mut few: Vec<Duration> = (1..=40).map(Duration::from_millis).collect();
        assert!((percentile(&mut few, 99) - 40.0).abs() < 1e-9);
    }
}
