//! `cargo xtask build-web`: the release build of the web app's entry apps, merged into dist/ and
//! precompressed for the server.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cmd::{self, Out, Result};

/// Files the server may send precompressed.
const COMPRESSIBLE: [&str; 6] = ["html", "css", "js", "wasm", "svg", "json"];
/// What a phone downloads to start an entry app, besides the html.
const LOAD: [&str; 3] = ["css", "js", "wasm"];
/// The entry the first visit opens: the one the budget is about.
pub const FIRST_ENTRY: &str = "index.html";

/// Every root `*.html` with a `<link data-trunk rel="rust">` is built by
/// `trunk build <entry> --release --offline --dist <its own dir>` (the npm binaryen first on
/// PATH); the results are merged into dist/ (hashed names do not collide; shared files such as
/// boot.js are identical), then every compressible file gets `.br` and `.gz` siblings.
pub fn build_web(out: &mut Out) -> Result {
    let root = cmd::root();
    let tools = root.join("tools/node_modules/.bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let path = std::env::join_paths(std::iter::once(tools).chain(std::env::split_paths(&path)))
        .map_err(|e| e.to_string())?;
    let entries = entries(&root)?;
    if !entries.iter().any(|e| e == FIRST_ENTRY) {
        return Err(format!("{} has no {FIRST_ENTRY} entry", root.display()));
    }
    let builds = cmd::target_dir().join("web-entries");
    let mut built = Vec::new();
    for entry in &entries {
        let stem = entry.trim_end_matches(".html");
        let entry_dist = builds.join(stem);
        out.run(
            Command::new("trunk")
                .args(["build", entry, "--release", "--offline", "--dist"])
                .arg(&entry_dist)
                .env("PATH", &path)
                .current_dir(&root),
        )?;
        built.push(entry_dist);
    }
    let dist = root.join("dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    }
    for (entry, entry_dist) in entries.iter().zip(&built) {
        merge(entry_dist, &dist, Some(entry))?;
    }
    let files = files_with(&dist, &COMPRESSIBLE)?;
    for file in &files {
        precompress(file)?;
    }
    out.note(&format!(
        "built {}; wrote .br and .gz of {} files in {}",
        entries.join(", "),
        files.len(),
        dist.display()
    ));
    Ok(())
}

/// The root `*.html` files that Trunk builds a Rust app for, sorted.
fn entries(root: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let listing = std::fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))?;
    for item in listing {
        let path = item.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !path.is_file() || !name.ends_with(".html") {
            continue;
        }
        let html =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if has_rust_link(&html) {
            found.push(name.to_owned());
        }
    }
    found.sort();
    Ok(found)
}

/// Whether the page has a `<link data-trunk rel="rust" …>`.
fn has_rust_link(html: &str) -> bool {
    html.split("<link").skip(1).any(|rest| {
        let tag = rest.split('>').next().unwrap_or("");
        tag.contains("data-trunk") && (tag.contains("rel=\"rust\"") || tag.contains("rel='rust'"))
    })
}

/// Copies the files of one entry's build into dist/, its page (Trunk always writes `index.html`)
/// under the entry's own name; a name both builds wrote must hold the same bytes (shared static
/// files), anything else is a collision.
fn merge(from: &Path, to: &Path, page: Option<&str>) -> Result {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let listing = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for item in listing {
        let source = item.map_err(|e| e.to_string())?.path();
        let Some(name) = source.file_name() else {
            continue;
        };
        if source.is_dir() {
            merge(&source, &to.join(name), None)?;
            continue;
        }
        let target = match page {
            Some(page) if name == "index.html" => to.join(page),
            _ => to.join(name),
        };
        let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        if let Ok(existing) = std::fs::read(&target) {
            if existing != bytes {
                return Err(format!(
                    "{} differs between two entry builds",
                    target.display()
                ));
            }
            continue;
        }
        std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(())
}

/// One file an entry loads: its path under dist/, its size, its brotli size.
pub struct Asset {
    pub name: String,
    pub bytes: u64,
    pub brotli_bytes: u64,
}

/// What opening one entry downloads: the html and the CSS, JS and wasm it names.
pub struct EntryLoad {
    pub entry: String,
    /// Smallest first.
    pub assets: Vec<Asset>,
}

impl EntryLoad {
    /// Brotli bytes of every asset.
    pub fn total(&self) -> u64 {
        self.assets.iter().map(|a| a.brotli_bytes).sum()
    }
}

/// The first load: index.html and the files it names.
pub fn first_load() -> Result<EntryLoad> {
    entry_load(&cmd::root().join("dist"), FIRST_ENTRY)
}

/// Every entry of dist/ (its top-level html files), index.html first.
pub fn entry_loads() -> Result<Vec<EntryLoad>> {
    let dist = cmd::root().join("dist");
    let mut names: Vec<String> = std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e}: run cargo xtask build-web", dist.display()))?
        .filter_map(|item| item.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".html"))
        .collect();
    names.sort_by_key(|name| (name != FIRST_ENTRY, name.clone()));
    names.iter().map(|name| entry_load(&dist, name)).collect()
}

/// `entry` (a html file of dist/) with the CSS, JS and wasm files it references (the loader
/// boot.js reads the app's JS and wasm from `data-js` and `data-wasm`).
fn entry_load(dist: &Path, entry: &str) -> Result<EntryLoad> {
    let page = dist.join(entry);
    let html = std::fs::read_to_string(&page)
        .map_err(|e| format!("{}: {e}: run cargo xtask build-web", page.display()))?;
    let mut names = vec![entry.to_owned()];
    for reference in references(&html) {
        let name = reference.trim_start_matches('/').to_owned();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut assets = Vec::new();
    for name in names {
        let file = dist.join(&name);
        let content = std::fs::read(&file)
            .map_err(|e| format!("{} names {name}, which is not there: {e}", page.display()))?;
        assets.push(Asset {
            name,
            bytes: content.len() as u64,
            brotli_bytes: brotli(&content)?.len() as u64,
        });
    }
    assets.sort_by_key(|a| a.brotli_bytes);
    Ok(EntryLoad {
        entry: entry.to_owned(),
        assets,
    })
}

/// Same-site CSS, JS and wasm paths in `href`, `src`, `data-js` and `data-wasm` attributes
/// (quoted or not: Trunk's minified html leaves quotes out).
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=", "src=", "data-js=", "data-wasm="] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + attribute.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            let path = value.split(['?', '#']).next().unwrap_or("");
            let is_load = Path::new(path)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| LOAD.contains(&e));
            if is_load && !path.contains("://") && !path.starts_with("//") {
                found.push(path.to_owned());
            }
        }
    }
    found
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_a_page_with_a_trunk_rust_link() {
        assert!(has_rust_link(
            r#"<head><link data-trunk rel="rust" data-bin="complaints"></head>"#
        ));
        assert!(!has_rust_link(
            r#"<link data-trunk rel="css" href="a.css">"#
        ));
        assert!(!has_rust_link(r#"<link rel="rust">"#));
    }

    #[test]
    fn the_files_a_minified_page_loads_are_found() {
        let html = "<script data-js=/app-01.js data-wasm=/app-01_bg.wasm src=/boot.js \
                    type=module></script><link href=/main-02.css rel=stylesheet>\
                    <link href=/favicon.svg rel=icon><link href=\"/app-01.js\" rel=modulepreload>\
                    <a href=\"https://cdn.example/x.js\"></a>";
        assert_eq!(
            references(html),
            [
                "/main-02.css",
                "/app-01.js",
                "/boot.js",
                "/app-01.js",
                "/app-01_bg.wasm"
            ]
        );
    }
}
