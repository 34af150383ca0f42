//! `cargo xtask bench-upload` (and the end of `cargo xtask bench`): tus uploads of 1 GiB over
//! loopback to the release server and its local document store, with the server's resident memory
//! sampled from /proc while they run. The data is made on the fly. A miss is printed, never a
//! failure.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use crate::bench::{DEMO_PHONE, log_in, verdict};
use crate::cmd::{Out, Result};
use crate::http;
use crate::server::{self, TestServer};

const MIB: u64 = 1024 * 1024;
const GIB: u64 = 1024 * MIB;
/// What the web app sends per PATCH.
const PATCH_BYTES: u64 = 8 * MIB;
const GROWTH_BUDGET_ONE_MIB: f64 = 16.0;
const GROWTH_BUDGET_FOUR_MIB: f64 = 64.0;
const THROUGHPUT_BUDGET_MIB_S: f64 = 200.0;

/// One measured run.
struct Run {
    /// Until the last PATCH was answered: every byte persisted in the store.
    seconds: f64,
    /// Until every upload was `completed`: the document joined and listed.
    ready_seconds: f64,
    bytes: u64,
    baseline_kib: u64,
    peak_kib: u64,
}

impl Run {
    fn mib_per_second(&self) -> f64 {
        self.bytes as f64 / MIB as f64 / self.seconds.max(1e-9)
    }

    fn ready_mib_per_second(&self) -> f64 {
        self.bytes as f64 / MIB as f64 / self.ready_seconds.max(1e-9)
    }

    fn growth_mib(&self) -> f64 {
        self.peak_kib.saturating_sub(self.baseline_kib) as f64 / 1024.0
    }
}

pub fn bench_upload() -> Result {
    server::build(&mut Out::stream())?;
    let server = TestServer::start_with(&[("PORTAL_UPLOAD_MAX_FILE_MIB", "4096")])?;
    let cookie = log_in(&server.addr, DEMO_PHONE)?;
    // A small upload first, so that pools and buffers made once are in the baseline.
    upload(&server.addr, &cookie, 16 * MIB, PATCH_BYTES)?;

    println!("\n== tus uploads of 1 GiB over loopback, release server, local store");
    let cases: [(&str, usize, u64); 3] = [
        ("1 upload, one streaming PATCH", 1, GIB),
        ("1 upload, 8 MiB PATCHes", 1, PATCH_BYTES),
        ("4 uploads at once, 8 MiB PATCHes", 4, PATCH_BYTES),
    ];
    let mut runs = Vec::new();
    for (name, parallel, patch) in cases {
        let run = measure(&server, &cookie, parallel, patch)
            .map_err(|e| format!("{name}: {e}\n{}", server.log_tail(20)))?;
        println!(
            "  {name:<34} {:>5} MiB persisted in {:>5.2} s = {:>4.0} MiB/s, documents ready in \
             {:>5.2} s = {:>4.0} MiB/s; server RSS {:.1} -> {:.1} MiB (+{:.1} MiB)",
            run.bytes / MIB,
            run.seconds,
            run.mib_per_second(),
            run.ready_seconds,
            run.ready_mib_per_second(),
            run.baseline_kib as f64 / 1024.0,
            run.peak_kib as f64 / 1024.0,
            run.growth_mib()
        );
        runs.push((name, parallel, run));
    }
    for (name, parallel, run) in &runs {
        let budget = if *parallel == 1 {
            GROWTH_BUDGET_ONE_MIB
        } else {
            GROWTH_BUDGET_FOUR_MIB
        };
        verdict(
            &format!("upload memory, {name}"),
            run.growth_mib() <= budget,
            &format!("+{:.1} MiB, budget <= {budget} MiB", run.growth_mib()),
        );
        verdict(
            &format!("upload throughput, {name}"),
            run.mib_per_second() >= THROUGHPUT_BUDGET_MIB_S,
            &format!(
                "{:.0} MiB/s, budget >= {THROUGHPUT_BUDGET_MIB_S} MiB/s",
                run.mib_per_second()
            ),
        );
    }
    Ok(())
}

/// Uploads `parallel` files of 1 GiB at once while sampling the server's resident memory.
fn measure(server: &TestServer, cookie: &str, parallel: usize, patch: u64) -> Result<Run> {
    let pid = server.pid();
    let baseline_kib = rss_kib(pid)?;
    let peak = Arc::new(AtomicU64::new(baseline_kib));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, done) = (Arc::clone(&peak), Arc::clone(&done));
        thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Ok(kib) = rss_kib(pid) {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let started = Instant::now();
    let uploads: Vec<_> = (0..parallel)
        .map(|_| {
            let (addr, cookie) = (server.addr.clone(), cookie.to_owned());
            thread::spawn(move || upload(&addr, &cookie, GIB, patch))
        })
        .collect();
    let mut locations = Vec::new();
    let mut result = Ok(());
    for handle in uploads {
        match handle
            .join()
            .unwrap_or_else(|_| Err("an upload thread panicked".into()))
        {
            Ok(location) => locations.push(location),
            Err(error) => result = Err(error),
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if result.is_ok() {
        result = locations
            .iter()
            .try_for_each(|location| wait_completed(&server.addr, cookie, location));
    }
    let ready_seconds = started.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let _ = sampler.join();
    result?;
    Ok(Run {
        seconds,
        ready_seconds,
        bytes: GIB * parallel as u64,
        baseline_kib,
        peak_kib: peak.load(Ordering::Relaxed),
    })
}

/// Creates an upload of `size` bytes (a JPEG by its first bytes) and sends it in PATCHes;
/// returns its path.
fn upload(addr: &str, cookie: &str, size: u64, patch: u64) -> Result<String> {
    let length = size.to_string();
    let created = http::request(
        addr,
        "POST",
        "/api/v1/tus",
        &[
            ("Cookie", cookie),
            ("Tus-Resumable", "1.0.0"),
            ("Upload-Length", &length),
        ],
        None,
    )?;
    if created.status != 201 {
        return Err(format!(
            "POST /api/v1/tus: {} {}",
            created.status, created.body
        ));
    }
    let location = created
        .header_values("location")
        .next()
        .ok_or("no Location")?
        .to_owned();
    let block = data_block();
    let mut offset = 0;
    while offset < size {
        let len = patch.min(size - offset);
        send_patch(addr, cookie, &location, offset, len, &block)?;
        offset += len;
    }
    Ok(location)
}

/// Polls `GET /api/v1/tus/{id}` until the upload is `completed` (large ones are joined after the
/// last PATCH is answered).
fn wait_completed(addr: &str, cookie: &str, location: &str) -> Result {
    let started = Instant::now();
    loop {
        let status = http::request(addr, "GET", location, &[("Cookie", cookie)], None)?;
        match status.json()?["state"].as_str() {
            Some("completed") => return Ok(()),
            Some("receiving" | "assembling") if started.elapsed() < Duration::from_secs(300) => {
                thread::sleep(Duration::from_millis(10));
            }
            other => return Err(format!("{location} ended {other:?}: {}", status.body)),
        }
    }
}

/// 1 MiB that starts like a JPEG; every part of a file is made of it.
fn data_block() -> Vec<u8> {
    let mut block: Vec<u8> = (0..MIB).map(|i| (i % 251) as u8).collect();
    block[..4].copy_from_slice(b"\xFF\xD8\xFF\xE0");
    block
}

fn send_patch(
    addr: &str,
    cookie: &str,
    location: &str,
    offset: u64,
    len: u64,
    block: &[u8],
) -> Result {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("{addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(300)))
        .map_err(|e| e.to_string())?;
    let head = format!(
        "PATCH {location} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Tus-Resumable: 1.0.0\r\nUpload-Offset: {offset}\r\n\
         Content-Type: application/offset+octet-stream\r\nContent-Length: {len}\r\n\r\n"
    );
    stream
        .write_all(head.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut left = len;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        stream
            .write_all(&block[..n])
            .map_err(|e| format!("PATCH at {offset}: {e}"))?;
        left -= n as u64;
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).map_err(|e| e.to_string())?;
    let answer = String::from_utf8_lossy(&answer);
    if answer.starts_with("HTTP/1.1 204") {
        Ok(())
    } else {
        Err(format!(
            "PATCH at {offset}: {}",
            answer.lines().next().unwrap_or("no answer")
        ))
    }
}

/// The resident memory of a process, from /proc/<pid>/status.
fn rss_kib(pid: u32) -> Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("/proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no VmRSS in /proc/{pid}/status"))
}
