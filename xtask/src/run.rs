//! `cargo xtask run`: build everything and start the portal in demo mode.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::cmd::{self, Out, Result};
use crate::install::{self, Needs};
use crate::{server, signal, web};

pub fn run() -> Result {
    let mut out = Out::stream();
    install::install(&mut out, Needs::RUN)?;
    println!("building the web app (cargo xtask build-web)");
    web::build_web(&mut out)?;
    println!("building the server (cargo build --release -p portal-server)");
    server::build(&mut out)?;

    let addr = std::env::var("PORTAL_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let demo = match std::env::var("PORTAL_DEMO") {
        Ok(value) => ["1", "true", "yes", "on"].contains(&value.to_ascii_lowercase().as_str()),
        Err(_) => true,
    };
    let mut command = Command::new(server::binary());
    command.current_dir(cmd::root());
    if std::env::var_os("PORTAL_DEMO").is_none() {
        command.env("PORTAL_DEMO", "true");
    }
    // A year of closed cases with survey answers, so the KPIs show real figures.
    if std::env::var_os("PORTAL_DEMO_HISTORY").is_none() {
        command.env("PORTAL_DEMO_HISTORY", "true");
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", server::binary().display()))?;
    signal::forward_to(child.id());

    // A server bound to every interface is still reached over loopback from here.
    let local = match addr.rsplit_once(':') {
        Some(("0.0.0.0" | "[::]", port)) => format!("127.0.0.1:{port}"),
        _ => addr.clone(),
    };
    let started = Instant::now();
    while !server::is_healthy(&local) {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the server exited at start ({status})"));
        }
        if started.elapsed() > Duration::from_secs(60) {
            println!("the server has not answered /api/v1/health yet; still waiting for it");
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    println!();
    println!("  The portal runs at http://{local}   (Ctrl-C stops it)");
    if demo {
        println!();
        println!("  Demo accounts (the login screen shows the code in demo mode):");
        println!("    policyholder  13800138000  张伟");
        println!("    policyholder  13900139000  李娜");
        println!("    staff         handler / handler-demo        (handler)");
        println!("    staff         supervisor / supervisor-demo  (supervisor)");
    }
    println!();
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the server exited ({status})"))
    }
}
