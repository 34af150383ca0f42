//! Running commands, with their output either streamed or kept in a log file.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An error message for the person at the terminal.
pub type Result<T = (), E = String> = std::result::Result<T, E>;

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The cargo that runs us (set by `cargo run`), else `cargo` on PATH.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// A command line as it would be typed.
pub fn describe(cmd: &Command) -> String {
    let mut line = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        line.push(' ');
        line.push_str(&arg.to_string_lossy());
    }
    line
}

/// The trimmed stdout of a command that succeeds; `None` if it fails or does not exist.
pub fn stdout_of(cmd: &mut Command) -> Option<String> {
    let output = cmd.stderr(std::process::Stdio::null()).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Whether the current user is root (apt-get then needs no sudo).
pub fn is_root() -> bool {
    stdout_of(Command::new("id").arg("-u")).is_some_and(|uid| uid == "0")
}

/// Where a step's commands write: the terminal, or a log file read back at the end of the step.
pub struct Out {
    log: Option<(File, PathBuf)>,
}

impl Out {
    /// Everything goes straight to the terminal.
    pub fn stream() -> Out {
        Out { log: None }
    }

    /// Everything goes to `path` (created afresh).
    pub fn to_file(path: &Path) -> Result<Out> {
        let file =
            File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(Out {
            log: Some((file, path.to_path_buf())),
        })
    }

    /// The log file, if output is kept.
    pub fn log_path(&self) -> Option<&Path> {
        self.log.as_ref().map(|(_, path)| path.as_path())
    }

    /// A line from xtask itself: always on the terminal, and in the log if there is one.
    pub fn say(&mut self, line: &str) {
        if self.log.is_some() {
            println!("{line}");
        }
        self.note(line);
    }

    /// A line for the log only (or the terminal when streaming).
    pub fn note(&mut self, line: &str) {
        match &mut self.log {
            Some((file, _)) => {
                let _ = writeln!(file, "{line}");
            }
            None => println!("{line}"),
        }
    }

    /// Runs a command to completion; an error names it and its exit status.
    pub fn run(&mut self, cmd: &mut Command) -> Result {
        let shown = describe(cmd);
        self.note(&format!("$ {shown}"));
        if let Some((file, _)) = &self.log {
            let stdout = file.try_clone().map_err(|e| e.to_string())?;
            let stderr = file.try_clone().map_err(|e| e.to_string())?;
            cmd.stdout(stdout).stderr(stderr);
        }
        match cmd.status() {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(format!("`{shown}` failed ({status})")),
            Err(e) => Err(format!("`{shown}` could not start: {e}")),
        }
    }
}
