//! `cargo xtask bench`: the budgets of the foundation and one-app issues, measured and compared.
//! A miss is printed, never a failure.

use std::process::Command;

use crate::cmd::{Out, Result};
use crate::install::{self, Needs};
use crate::server::{self, TestServer};
use crate::test::{BUNDLE_LIMIT_BYTES, kb};
use crate::{http, web};

const BUNDLE_GOAL_BYTES: u64 = 150_000;
const THROUGHPUT_GOAL: f64 = 20_000.0;
const P99_GOAL_MS: f64 = 5.0;
pub const DEMO_PHONE: &str = "13800138000";
/// portal-core's `api::SESSION_COOKIE`.
const SESSION_COOKIE: &str = "portal_session";

pub fn bench() -> Result {
    let mut out = Out::stream();
    install::install(
        &mut out,
        Needs {
            browser: true,
            load_generator: true,
            test_runner: false,
        },
    )?;
    web::build_web(&mut out)?;
    server::build(&mut out)?;

    println!("\n== Built files, route splits, first load");
    let bundle = web::bundle()?;
    for line in web::size_lines(&bundle) {
        println!("  {line}");
    }
    let total = bundle.first_load_total();
    verdict(
        "first load",
        total <= BUNDLE_GOAL_BYTES,
        &format!(
            "{:.1} KB, goal <= {:.0} KB",
            kb(total),
            kb(BUNDLE_GOAL_BYTES)
        ),
    );
    verdict(
        "first load limit",
        total <= BUNDLE_LIMIT_BYTES,
        &format!(
            "{:.1} KB, limit {:.0} KB (the test suite fails above it)",
            kb(total),
            kb(BUNDLE_LIMIT_BYTES)
        ),
    );

    let server = TestServer::start()?;
    crate::bench_web::bench_web(&mut out, &server)?;
    let cookie = log_in(&server.addr, DEMO_PHONE)?;
    let policy_id = first_policy_id(&server.addr, &cookie)?;
    let path = format!("/api/v1/policies/{policy_id}");
    println!("\n== GET {path} with a session, SQLite, wrk -t2 -c50 -d10s over loopback");
    let output = Command::new("wrk")
        .args(["-t2", "-c50", "-d10s", "--latency", "-H"])
        .arg(format!("Cookie: {cookie}"))
        .arg(format!("{}{path}", server.base_url))
        .output()
        .map_err(|e| format!("cannot run wrk: {e}"))?;
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("{report}");
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if report.contains("Non-2xx or 3xx responses") {
        println!("  note: some responses were not 2xx: the figures include errors");
    }
    let throughput = requests_per_second(&report).ok_or("no Requests/sec in wrk's report")?;
    let p99 = p99_ms(&report).ok_or("no 99% latency in wrk's report")?;
    verdict(
        "throughput",
        throughput >= THROUGHPUT_GOAL,
        &format!("{throughput:.0} req/s, goal >= {THROUGHPUT_GOAL:.0} req/s"),
    );
    verdict(
        "p99 latency",
        p99 <= P99_GOAL_MS,
        &format!("{p99:.2} ms, goal <= {P99_GOAL_MS} ms"),
    );
    drop(server);
    crate::bench_kpi::bench_kpi()?;
    crate::bench_live::bench_live()?;
    crate::bench_upload::bench_upload()
}

pub fn verdict(what: &str, met: bool, figures: &str) {
    println!("{} {what}: {figures}", if met { "PASS" } else { "MISS" });
}

/// Logs a demo policyholder in over the API; returns the `portal_session=...` cookie pair.
pub fn log_in(addr: &str, phone: &str) -> Result<String> {
    let body = serde_json::json!({ "phone": phone }).to_string();
    let otp = http::request(addr, "POST", "/api/v1/auth/otp", &[], Some(&body))?;
    let code = otp.json()?["demo_code"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "no demo_code in the OTP answer ({}): {}",
                otp.status, otp.body
            )
        })?;
    let body = serde_json::json!({ "phone": phone, "code": code }).to_string();
    let login = http::request(addr, "POST", "/api/v1/auth/login", &[], Some(&body))?;
    let prefix = format!("{SESSION_COOKIE}=");
    login
        .header_values("set-cookie")
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with(&prefix))
        .map(str::to_string)
        .ok_or_else(|| {
            format!(
                "login gave no session cookie ({}): {}",
                login.status, login.body
            )
        })
}

fn first_policy_id(addr: &str, cookie: &str) -> Result<i64> {
    let list = http::request(addr, "GET", "/api/v1/policies", &[("Cookie", cookie)], None)?;
    let json = list.json()?;
    let items = json.get("items").unwrap_or(&json);
    items
        .as_array()
        .and_then(|items| items.first())
        .and_then(|policy| policy["id"].as_i64())
        .ok_or_else(|| {
            format!(
                "no policy in GET /api/v1/policies ({}): {}",
                list.status, list.body
            )
        })
}

fn requests_per_second(report: &str) -> Option<f64> {
    report
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
}

/// The 99th percentile of wrk's latency distribution, in milliseconds.
fn p99_ms(report: &str) -> Option<f64> {
    let value = report
        .lines()
        .find_map(|l| l.trim().strip_prefix("99%"))?
        .trim();
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        _ => return None,
    };
    Some(number * factor)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:8080/api/v1/policies/1
  Latency Distribution
     50%  820.00us
     75%    1.10ms
     90%    1.60ms
     99%    3.52ms
  240000 requests in 10.00s, 100.00MB read
Requests/sec:  24000.51
Transfer/sec:     10.00MB
";

    #[test]
    fn reads_throughput_and_p99_from_wrk() {
        assert_eq!(requests_per_second(REPORT), Some(24000.51));
        assert!((p99_ms(REPORT).unwrap() - 3.52).abs() < 1e-9);
        assert!((p99_ms("     99%  900.00us").unwrap() - 0.9).abs() < 1e-9);
    }
}
