//! Just enough of POSIX signals to stop the server gracefully and pass Ctrl-C on to it.

use std::sync::atomic::{AtomicI32, Ordering};

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;

unsafe extern "C" {
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
    fn kill(pid: i32, sig: i32) -> i32;
}

static CHILD: AtomicI32 = AtomicI32::new(0);

extern "C" fn forward(sig: i32) {
    let pid = CHILD.load(Ordering::SeqCst);
    if pid > 0 {
        // SAFETY: kill is async-signal-safe and takes plain integers.
        unsafe {
            kill(pid, sig);
        }
    }
}

/// From now on Ctrl-C (SIGINT) and SIGTERM reach the child `pid` instead of ending xtask, so
/// xtask waits for the child to shut down gracefully.
pub fn forward_to(pid: u32) {
    CHILD.store(i32::try_from(pid).unwrap_or(0), Ordering::SeqCst);
    // SAFETY: `forward` only reads an atomic and calls kill. Handlers reset to the default in
    // children at exec, so the child still reacts to the signals itself.
    unsafe {
        signal(SIGINT, forward);
        signal(SIGTERM, forward);
    }
}

/// Asks the process `pid` to shut down (SIGTERM).
pub fn terminate(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        // SAFETY: plain integers; a process that is already gone only yields ESRCH.
        unsafe {
            kill(pid, SIGTERM);
        }
    }
}
