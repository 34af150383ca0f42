//! `cargo xtask build-web`: the release build of the web app, precompressed for the server.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, Out, Result};

/// Files the server may send precompressed.
const COMPRESSIBLE: [&str; 6] = ["html", "css", "js", "wasm", "svg", "json"];
/// What a phone downloads on its first visit.
const FIRST_LOAD: [&str; 4] = ["html", "css", "js", "wasm"];

/// `trunk build --release --offline` with the npm binaryen first on PATH, then `.br` and `.gz`
/// siblings of every compressible file in dist/.
pub fn build_web(out: &mut Out) -> Result {
    let root = cmd::root();
    let tools = root.join("tools/node_modules/.bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(tools).chain(std::env::split_paths(&path)))
        .map_err(|e| e.to_string())?;
    out.run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .env("PATH", path)
            .current_dir(&root),
    )?;
    let dist = root.join("dist");
    let files = files_with(&dist, &COMPRESSIBLE)?;
    for file in &files {
        precompress(file)?;
    }
    out.note(&format!(
        "wrote .br and .gz of {} files in {}",
        files.len(),
        dist.display()
    ));
    Ok(())
}

/// One file of the first load: its path under dist/, its size, its brotli size.
pub struct Asset {
    pub name: String,
    pub bytes: u64,
    pub brotli_bytes: u64,
}

/// index.html with every CSS, JS and wasm file of dist/, smallest first.
pub fn first_load() -> Result<Vec<Asset>> {
    let dist = cmd::root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err(format!(
            "{} has no index.html: run cargo xtask build-web",
            dist.display()
        ));
    }
    let mut assets = Vec::new();
    for file in files_with(&dist, &FIRST_LOAD)? {
        if file.extension().is_some_and(|e| e == "html") && file != dist.join("index.html") {
            continue;
        }
        let content = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        assets.push(Asset {
            name: file
                .strip_prefix(&dist)
                .unwrap_or(&file)
                .display()
                .to_string(),
            bytes: content.len() as u64,
            brotli_bytes: brotli(&content)?.len() as u64,
        });
    }
    assets.sort_by_key(|a| a.brotli_bytes);
    Ok(assets)
}

/// Every file under `dir` whose extension is one of `extensions`.
fn files_with(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            found.extend(files_with(&path, extensions)?);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn precompress(file: &Path) -> Result {
    let content = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let sibling = |suffix: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let write = |path: PathBuf, bytes: Vec<u8>| {
        std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(sibling(".br"), brotli(&content)?)?;
    write(sibling(".gz"), gzip(&content)?)
}

/// Brotli at maximum quality and window.
fn brotli(content: &[u8]) -> Result<Vec<u8>> {
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 24);
    writer.write_all(content).map_err(|e| e.to_string())?;
    writer.flush().map_err(|e| e.to_string())?;
    Ok(writer.into_inner())
}

fn gzip(content: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(content).map_err(|e| e.to_string())?;
    encoder.finish().map_err(|e| e.to_string())
}
