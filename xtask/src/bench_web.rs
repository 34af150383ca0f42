//! The web app's budgets of the one-app issue, measured in Chromium against the real server:
//! what each load transfers (the end-to-end budget spec records it through the DevTools
//! protocol) and Lighthouse's mobile score and LCP for `/login`. A miss is printed, not a
//! failure (the test suite has its own, looser limits).

use std::process::Command;

use crate::bench::verdict;
use crate::cmd::{self, Out, Result};
use crate::install;
use crate::server::TestServer;
use crate::test::kb;

/// Each load the budget spec reports, with its budget in bytes (1 KB = 1000 bytes).
const BUDGETS: [(&str, u64); 6] = [
    ("/login, cold", 150_000),
    ("/complaints/{id}, cold, logged in", 220_000),
    ("/claims/{id}, cold, logged in", 220_000),
    ("/inbox, cold, logged in", 220_000),
    ("/s/{token}, cold, no session", 220_000),
    ("policies → a claim page, after login", 100_000),
];
const LIGHTHOUSE_SCORE_GOAL: f64 = 98.0;
const LCP_GOAL_MS: f64 = 1800.0;
const LIGHTHOUSE_RUNS: usize = 3;

/// One load as the budget spec reported it.
struct Load {
    name: String,
    bytes: u64,
    requests: usize,
}

/// Runs the budget spec (phone) and Lighthouse against `server`, prints the table.
pub fn bench_web(out: &mut Out, server: &TestServer) -> Result {
    println!("\n== What Chromium transfers (brotli, cold cache, API JSON not counted)");
    let loads = transfers(out, server)?;
    println!(
        "  {:<42} {:>9} {:>9} {:>9}",
        "load", "KB", "budget", "requests"
    );
    for (name, budget) in BUDGETS {
        let Some(load) = loads.iter().find(|l| l.name == name) else {
            println!("  {name:<42} not measured");
            continue;
        };
        println!(
            "  {:<42} {:>9.1} {:>9.0} {:>9}",
            load.name,
            kb(load.bytes),
            kb(budget),
            load.requests
        );
    }
    for (name, budget) in BUDGETS {
        if let Some(load) = loads.iter().find(|l| l.name == name) {
            verdict(
                name,
                load.bytes <= budget,
                &format!("{:.1} KB, budget <= {:.0} KB", kb(load.bytes), kb(budget)),
            );
        }
    }

    println!("\n== Lighthouse, mobile, /login (median of {LIGHTHOUSE_RUNS})");
    install::npm_ci(out, "tools/lighthouse")?;
    let mut scores = Vec::new();
    let mut lcps = Vec::new();
    for run in 1..=LIGHTHOUSE_RUNS {
        let (score, lcp) = lighthouse(server)?;
        println!("  run {run}: score {score:.0}, LCP {lcp:.0} ms");
        scores.push(score);
        lcps.push(lcp);
    }
    let (score, lcp) = (median(&mut scores), median(&mut lcps));
    verdict(
        "Lighthouse score",
        score >= LIGHTHOUSE_SCORE_GOAL,
        &format!("{score:.0}, goal >= {LIGHTHOUSE_SCORE_GOAL:.0}"),
    );
    verdict(
        "Lighthouse LCP",
        lcp <= LCP_GOAL_MS,
        &format!("{lcp:.0} ms, goal <= {LCP_GOAL_MS:.0} ms"),
    );
    Ok(())
}

/// The loads the end-to-end budget spec measured (it appends one JSON line per load).
fn transfers(out: &mut Out, server: &TestServer) -> Result<Vec<Load>> {
    let report = cmd::target_dir().join("budget-report.jsonl");
    let _ = std::fs::remove_file(&report);
    out.run(
        Command::new("npx")
            .args(["playwright", "test", "budget.spec.ts", "--project=phone"])
            .env("BASE_URL", &server.base_url)
            .env("BUDGET_REPORT", &report)
            .current_dir(cmd::root().join("end2end")),
    )?;
    let text = std::fs::read_to_string(&report)
        .map_err(|e| format!("{}: {e}: the budget spec wrote nothing", report.display()))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let json: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{line}: {e}"))?;
            Ok(Load {
                name: json["load"].as_str().unwrap_or_default().to_owned(),
                bytes: json["bytes"].as_u64().unwrap_or_default(),
                requests: json["transfers"].as_array().map_or(0, Vec::len),
            })
        })
        .collect()
}

/// One Lighthouse run (mobile, performance only) on `/login`: the score (0–100) and the LCP (ms).
fn lighthouse(server: &TestServer) -> Result<(f64, f64)> {
    let output = cmd::target_dir().join("lighthouse.json");
    let status = Command::new(cmd::root().join("tools/lighthouse/node_modules/.bin/lighthouse"))
        .arg(format!("{}/login", server.base_url))
        .args([
            "--quiet",
            "--only-categories=performance",
            "--form-factor=mobile",
            "--output=json",
        ])
        .arg(format!("--output-path={}", output.display()))
        .arg(
            "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
             --disable-background-networking --disable-component-update --disable-sync",
        )
        .env("CHROME_PATH", "/usr/bin/chromium")
        .status()
        .map_err(|e| format!("cannot run lighthouse: {e}"))?;
    if !status.success() {
        return Err(format!("lighthouse failed: {status}"));
    }
    let text = std::fs::read_to_string(&output).map_err(|e| e.to_string())?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let score = json["categories"]["performance"]["score"]
        .as_f64()
        .ok_or("no performance score in Lighthouse's report")?;
    let lcp = json["audits"]["largest-contentful-paint"]["numericValue"]
        .as_f64()
        .ok_or("no LCP in Lighthouse's report")?;
    Ok((score * 100.0, lcp))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_three_runs_is_the_middle_one() {
        assert_eq!(median(&mut [99.0, 91.0, 95.0]), 95.0);
        assert!(median(&mut []).is_nan());
    }
}
