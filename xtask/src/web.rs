//! `cargo xtask build-web`: the web app's release build, split by route, into dist/.
//!
//! Trunk cannot split a wasm, so the whole web build is here, in this order (each stage timed):
//! 1. cargo: the raw wasm of the app's bin, with relocations (`--emit-relocs`) for the splitter,
//!    profile `wasm-release`, in a target dir of its own (`target/split`: other flags than clippy's);
//! 2. split: `wasm_split_cli_support` cuts the raw wasm at every `#[lazy_route]` (any
//!    `#[wasm_split]`) into the main module, the chunks and their loader `__wasm_split.js`; an app
//!    without lazy routes goes through it too (its main module needs the splitter's rewrite);
//! 3. bindgen: `wasm-bindgen --target web` on the split main module only;
//! 4. opt: `wasm-opt -Oz` (npm binaryen, `tools/`) on the main `_bg.wasm` and on every chunk (those
//!    through binaryen's JS API in a few processes: tools/wasm-opt-batch.mjs);
//! 5. checks (no splitter placeholder left, the main JS imports the loader) and the patch of the
//!    loader: a failed chunk download is retried, then a reload banner shows (split_loader.js);
//! 6. dist/: every JS and wasm file and `main.css` (style/main.css, then the other style/*.css by
//!    name) in `pkg-<16 hex of their SHA-256>/` (immutable: the name changes with any byte);
//!    `index.html` from the root template (its stylesheet, preloads and loader added); public/ at
//!    the root; `splits.json` (route split → chunk files); `.br` and `.gz` of every compressible
//!    file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::cmd::{self, Out, Result};
use crate::install;

/// Files the server may send precompressed.
const COMPRESSIBLE: [&str; 6] = ["html", "css", "js", "wasm", "svg", "json"];
/// What a phone downloads to start the app, besides the html.
const LOAD: [&str; 3] = ["css", "js", "wasm"];
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The root Cargo.toml's size-first profile.
const PROFILE: &str = "wasm-release";
/// The splitter reads the linker's relocations to move functions between modules.
const EMIT_RELOCS: &str = "-Clink-arg=--emit-relocs";
/// The chunk loader the splitter writes; the main module imports it under this name.
const LINK_NAME: &str = "./__wasm_split.js";
/// What a build without the splitter leaves in the JS (the page then renders nothing).
const PLACEHOLDER: &str = "__wasm_split_placeholder__";
/// The features the wasm uses, for wasm-opt (binaryen 132 from npm: Debian's 108 breaks the app).
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];
/// What wasm-opt says of every chunk.
const HARMLESS_OPT_WARNING: &str = "warning: unknown name subsection with id 3";
/// `wasm-opt -Oz` for many files in one process (in tools/).
const OPT_BATCH_SCRIPT: &str = "wasm-opt-batch.mjs";
/// The stylesheet in the content-hashed directory.
const CSS_NAME: &str = "main.css";
/// Route split → chunk files, at dist/'s root (for the size report and the end-to-end budgets).
pub const SPLITS_FILE: &str = "splits.json";
/// The content-hashed directory is `pkg-` and this many lowercase hex digits (the server knows).
const PKG_HASH_LEN: usize = 16;

/// A web app to build: a crate with a wasm bin, beside `index.html`, `style/` and `public/`.
pub struct Project {
    /// Holds the crate (or its workspace), `index.html`, `style/`, `public/`, `Cargo.lock`.
    pub dir: PathBuf,
    pub package: String,
    /// The bin target, also the name of the JS and wasm files.
    pub bin: String,
    /// Cargo's target dir for the split build; the stages' files go to `<it>/web/`.
    pub target_dir: PathBuf,
    /// The portal's `tools/`: npm binaryen (wasm-opt) and wasm-opt-batch.mjs.
    pub tools: PathBuf,
    /// The output, replaced by each build.
    pub dist: PathBuf,
}

impl Project {
    /// The portal's web app: the root crate `portal-web`.
    pub fn portal() -> Project {
        let root = cmd::root();
        Project::at(
            &root,
            "portal-web",
            "portal-web",
            cmd::target_dir().join("split"),
        )
    }

    /// Another app laid out like the portal (a spike, a test), with the portal's tools.
    pub fn at(dir: &Path, package: &str, bin: &str, target_dir: PathBuf) -> Project {
        Project {
            dir: dir.to_path_buf(),
            package: package.to_owned(),
            bin: bin.to_owned(),
            target_dir,
            tools: cmd::root().join("tools"),
            dist: dir.join("dist"),
        }
    }
}

/// Seconds each stage took.
#[derive(Default)]
struct Timings {
    cargo: f64,
    split: f64,
    bindgen: f64,
    /// Wall time of all wasm-opt runs.
    opt: f64,
    /// The main module's wasm-opt alone.
    opt_main: f64,
    /// The chunks' wasm-opt runs, added up.
    opt_chunks: f64,
    assemble: f64,
}

/// Builds the portal's web app into dist/.
pub fn build_web(out: &mut Out) -> Result {
    build(out, &Project::portal())
}

/// Builds `project` into its dist/ (see the module's documentation).
pub fn build(out: &mut Out, project: &Project) -> Result {
    let mut timings = Timings::default();
    // Two builds at once (two terminals, two people in one checkout) would write the same stage
    // files and dist/: the second waits. The lock goes with the file when this process ends.
    std::fs::create_dir_all(&project.target_dir)
        .map_err(|e| format!("{}: {e}", project.target_dir.display()))?;
    let lock_path = project.target_dir.join("build-web.lock");
    let lock =
        std::fs::File::create(&lock_path).map_err(|e| format!("{}: {e}", lock_path.display()))?;
    if lock.try_lock().is_err() {
        out.say(&format!(
            "waiting for another build-web to finish ({})",
            lock_path.display()
        ));
        lock.lock()
            .map_err(|e| format!("{}: {e}", lock_path.display()))?;
    }
    let stage = project.target_dir.join("web");
    let split_dir = stage.join("split");
    let bindgen_dir = stage.join("bindgen");
    let split_main = stage.join("main.wasm");
    reset_dir(&stage)?;

    // 1. cargo
    let started = Instant::now();
    let mut cargo = cmd::cargo();
    cargo
        .current_dir(&project.dir)
        .args(["build", "-p", &project.package, "--bin", &project.bin])
        .args([
            "--target",
            WASM_TARGET,
            "--profile",
            PROFILE,
            "--target-dir",
        ])
        .arg(&project.target_dir);
    with_relocations(&mut cargo);
    out.run(&mut cargo)?;
    timings.cargo = started.elapsed().as_secs_f64();
    let raw = project
        .target_dir
        .join(WASM_TARGET)
        .join(PROFILE)
        .join(format!("{}.wasm", project.bin));

    // 2. split
    let started = Instant::now();
    let bytes = std::fs::read(&raw).map_err(|e| format!("{}: {e}", raw.display()))?;
    let main_module = format!("./{}.js", project.bin);
    let mut options = wasm_split_cli_support::Options::new(&bytes);
    options.output_dir = &split_dir;
    options.main_out_path = &split_main;
    options.main_module = &main_module;
    options.link_name = LINK_NAME;
    out.note(&format!(
        "splitting {} into {}",
        raw.display(),
        split_dir.display()
    ));
    let split = wasm_split_cli_support::transform(options).map_err(|e| {
        format!(
            "splitting {} failed (was it linked with {EMIT_RELOCS}?): {e:?}",
            raw.display()
        )
    })?;
    let splits: BTreeMap<String, Vec<String>> = split
        .prefetch_map
        .into_iter()
        .map(|(name, stems)| (name, stems.into_iter().map(|s| s + ".wasm").collect()))
        .collect();
    timings.split = started.elapsed().as_secs_f64();

    // 3. bindgen
    let started = Instant::now();
    check_wasm_bindgen(&project.dir)?;
    out.run(
        Command::new("wasm-bindgen")
            .args(["--target", "web", "--keep-lld-exports", "--no-demangle"])
            .args(["--no-typescript", "--out-name", &project.bin, "--out-dir"])
            .arg(&bindgen_dir)
            .arg(&split_main),
    )?;
    timings.bindgen = started.elapsed().as_secs_f64();

    // 4. opt: the main module by the wasm-opt CLI; the chunks (there can be 100+, most under 1 KB:
    // a process each would mostly start binaryen) by tools/wasm-opt-batch.mjs, binaryen's JS API (same
    // output, checked byte for byte), in one batch per core. The jobs run side by side, the main
    // module (the longest) first; into `opt/`.
    let wasm_opt = project.tools.join("node_modules/.bin/wasm-opt");
    let batch_script = project.tools.join(OPT_BATCH_SCRIPT);
    for tool in [&wasm_opt, &batch_script] {
        if !tool.is_file() {
            return Err(format!(
                "{} is missing: run cargo xtask install",
                tool.display()
            ));
        }
    }
    let opt_dir = stage.join("opt");
    reset_dir(&opt_dir)?;
    let main_wasm = bindgen_dir.join(format!("{}_bg.wasm", project.bin));
    let chunks = files_with(&split_dir, &["wasm"])?;
    let mut jobs = vec![{
        let mut command = Command::new(&wasm_opt);
        command
            .arg("-Oz")
            .args(WASM_FEATURES)
            .arg(&main_wasm)
            .arg("-o")
            .arg(opt_dir.join(main_wasm.file_name().unwrap_or_default()));
        command
    }];
    let features: Vec<&str> = WASM_FEATURES
        .iter()
        .map(|f| f.trim_start_matches("--enable-"))
        .collect();
    for batch in batches(&chunks, cores()) {
        let mut command = Command::new("node");
        command
            .arg(&batch_script)
            .arg(&opt_dir)
            .arg(features.join(","))
            .args(batch);
        jobs.push(command);
    }
    let started = Instant::now();
    let runs = parallel_map(jobs, |mut command| {
        let started = Instant::now();
        let output = command.output();
        (
            cmd::describe(&command),
            output,
            started.elapsed().as_secs_f64(),
        )
    });
    timings.opt = started.elapsed().as_secs_f64();
    for (index, (shown, output, seconds)) in runs.into_iter().enumerate() {
        out.note(&format!("$ {shown}  ({seconds:.1}s)"));
        let output = output.map_err(|e| format!("`{shown}` could not start: {e}"))?;
        let mut harmless = 0;
        for stream in [&output.stdout, &output.stderr] {
            for line in String::from_utf8_lossy(stream).lines() {
                if line.starts_with(HARMLESS_OPT_WARNING) {
                    harmless += 1;
                } else if !line.trim().is_empty() {
                    out.note(line);
                }
            }
        }
        if harmless > 0 {
            out.note(&format!(
                "({harmless} × \"{HARMLESS_OPT_WARNING} …\": binaryen does not know a name \
                 subsection the splitter writes; harmless)"
            ));
        }
        if !output.status.success() {
            return Err(format!("`{shown}` failed ({})", output.status));
        }
        if index == 0 {
            timings.opt_main = seconds;
        } else {
            timings.opt_chunks += seconds;
        }
    }

    // 5. checks, loader patch
    let started = Instant::now();
    let main_js = bindgen_dir.join(format!("{}.js", project.bin));
    let uses_loader = check_js(&bindgen_dir, &split_dir, &main_js, !splits.is_empty())?;
    let loader = split_dir.join(LINK_NAME);
    if uses_loader {
        let text =
            std::fs::read_to_string(&loader).map_err(|e| format!("{}: {e}", loader.display()))?;
        let chunk_names: Vec<String> = chunks
            .iter()
            .filter_map(|c| Some(c.file_name()?.to_str()?.to_owned()))
            .collect();
        let patched = patch_split_loader(&text, &chunk_names)
            .map_err(|e| format!("{}: {e}", loader.display()))?;
        std::fs::write(&loader, patched).map_err(|e| format!("{}: {e}", loader.display()))?;
    } else {
        // No lazy route: nothing imports the loader, so it is not shipped.
        out.note("no split points (no #[lazy_route]): one wasm, no chunk loader");
        std::fs::remove_file(&loader).map_err(|e| format!("{}: {e}", loader.display()))?;
    }

    // 6. dist/
    let mut files = Vec::new();
    collect(&bindgen_dir, Path::new(""), &mut files)?;
    collect(&split_dir, Path::new(""), &mut files)?;
    files.retain(|(name, _)| name.extension() != Some("wasm".as_ref()));
    collect(&opt_dir, Path::new(""), &mut files)?;
    files.push((PathBuf::from(CSS_NAME), stylesheet(&project.dir)?));
    files.sort();
    for pair in files.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(format!(
                "wasm-bindgen and the splitter both wrote {}",
                pair[0].0.display()
            ));
        }
    }
    for chunk in splits.values().flatten() {
        if !files.iter().any(|(name, _)| name == Path::new(chunk)) {
            return Err(format!(
                "the splitter names {chunk} as a chunk, but wrote no such file"
            ));
        }
    }
    let pkg = format!("pkg-{}", content_hash(&files));
    reset_dir(&project.dist)?;
    let pkg_dir = project.dist.join(&pkg);
    for (name, bytes) in &files {
        write_file(&pkg_dir.join(name), bytes)?;
    }
    let public = project.dir.join("public");
    if public.is_dir() {
        copy_dir(&public, &project.dist)?;
    }
    let template_path = project.dir.join("index.html");
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("{}: {e}", template_path.display()))?;
    let index = index_html(&template, &pkg, &project.bin, uses_loader)
        .map_err(|e| format!("{}: {e}", template_path.display()))?;
    if project.dist.join("index.html").exists() {
        return Err(format!(
            "{} has an index.html: it would replace the app's",
            public.display()
        ));
    }
    write_file(&project.dist.join("index.html"), index.as_bytes())?;
    let manifest = serde_json::json!({ "pkg": pkg, "splits": splits });
    let manifest = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    write_file(&project.dist.join(SPLITS_FILE), manifest.as_bytes())?;
    let compressible = files_with(&project.dist, &COMPRESSIBLE)?;
    parallel_map(compressible.iter().collect(), |file| precompress(file))
        .into_iter()
        .collect::<Result<Vec<()>>>()?;
    timings.assemble = started.elapsed().as_secs_f64();

    for line in size_lines(&bundle_in(&project.dist)?) {
        out.note(&line);
    }
    out.note(&format!(
        "wrote {} ({} files in {pkg}/, {} route splits, {} chunk files; .br and .gz of {} files)",
        project.dist.display(),
        files.len(),
        splits.len(),
        chunks.len(),
        compressible.len(),
    ));
    let t = &timings;
    out.note(&format!(
        "stages: cargo {:.1}s, split {:.1}s, bindgen {:.1}s, opt {:.1}s (side by side: main {:.1}s, \
         chunks {:.1}s together), checks+dist+compression {:.1}s",
        t.cargo,
        t.split,
        t.bindgen,
        t.opt,
        t.opt_main,
        t.opt_chunks,
        t.assemble
    ));
    out.note(&format!(
        "the split costs {:.1}s of this build: the split stage {:.1}s plus the wall time wasm-opt \
         took beyond the main module's {:.1}s (chunk runs: {:.1}s of CPU)",
        t.split + (t.opt - t.opt_main).max(0.0),
        t.split,
        t.opt_main,
        t.opt_chunks
    ));
    Ok(())
}

/// Adds `--emit-relocs` to the wasm's rustc flags without dropping any the caller set: cargo takes
/// `CARGO_ENCODED_RUSTFLAGS`, else `RUSTFLAGS`, else the target's own flags, so the flag goes
/// into the first of these that is set.
fn with_relocations(cargo: &mut Command) {
    let set = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(flags) = set("CARGO_ENCODED_RUSTFLAGS") {
        cargo.env(
            "CARGO_ENCODED_RUSTFLAGS",
            format!("{flags}\x1f{EMIT_RELOCS}"),
        );
    } else if let Some(flags) = set("RUSTFLAGS") {
        cargo.env("RUSTFLAGS", format!("{flags} {EMIT_RELOCS}"));
    } else {
        let name = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";
        let flags = set(name).map(|f| f + " ").unwrap_or_default();
        cargo.env(name, format!("{flags}{EMIT_RELOCS}"));
    }
}

/// The wasm-bindgen CLI must be exactly the crate's version in the project's Cargo.lock.
fn check_wasm_bindgen(dir: &Path) -> Result {
    let wanted = install::locked_version_in(&dir.join("Cargo.lock"), "wasm-bindgen")?;
    let version = cmd::stdout_of(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "wasm-bindgen {wanted} is needed (Cargo.lock), found {:?}: run cargo xtask install",
            version
        ))
    }
}

/// A build that skipped the splitter, or whose main JS does not load the chunk loader while there
/// are splits, renders nothing in the browser: fail here instead. Whether the main JS imports the
/// loader (an app without split points does not).
fn check_js(
    bindgen_dir: &Path,
    split_dir: &Path,
    main_js: &Path,
    has_splits: bool,
) -> Result<bool> {
    let mut scripts = files_with(bindgen_dir, &["js"])?;
    scripts.extend(files_with(split_dir, &["js"])?);
    for script in &scripts {
        let text =
            std::fs::read_to_string(script).map_err(|e| format!("{}: {e}", script.display()))?;
        if text.contains(PLACEHOLDER) {
            return Err(format!(
                "{} still has {PLACEHOLDER}: the wasm did not go through the splitter",
                script.display()
            ));
        }
    }
    let text =
        std::fs::read_to_string(main_js).map_err(|e| format!("{}: {e}", main_js.display()))?;
    let uses_loader = static_imports(&text).iter().any(|i| i == LINK_NAME);
    if has_splits && !uses_loader {
        return Err(format!(
            "{} does not import {LINK_NAME}: the chunks could not load",
            main_js.display()
        ));
    }
    Ok(uses_loader)
}

/// What the splitter writes for each chunk download (`fetch(new URL("./x.wasm", import.meta.url))`).
const CHUNK_FETCH: &str = "const src = fetch(new URL(";
/// The failure branch of the splitter's `wrapAsyncCb`, which then tells Rust (and Rust panics).
const LOAD_FAILED: &str = "            console.error(e);\n            success = false;\n";

/// Makes the splitter's loader robust (text of wasm_split_cli_support 0.2.4's `js.rs` and
/// `snippets/split_wasm.js`): every chunk fetch goes through `__splitFetch` (3 attempts, after 0.5 s
/// and 1.5 s), and a load that still fails calls `__splitFailed` (the reload banner) before Rust
/// hears of it; both from split_loader.js, appended. `chunks` are the chunk files written: each
/// must be fetched exactly once. Fails if the expected text is not there (another splitter).
fn patch_split_loader(js: &str, chunks: &[String]) -> Result<String> {
    let fetches = js.matches(CHUNK_FETCH).count();
    let mut fetched: Vec<&str> = js
        .split(CHUNK_FETCH)
        .skip(1)
        .filter_map(|rest| rest.strip_prefix('"')?.split('"').next())
        .map(|url| url.trim_start_matches("./"))
        .collect();
    fetched.sort_unstable();
    let mut written: Vec<&str> = chunks.iter().map(String::as_str).collect();
    written.sort_unstable();
    if fetched.len() != fetches || fetched != written {
        return Err(format!(
            "expected one `{CHUNK_FETCH}\"./<chunk>\"` for each chunk written ({written:?}), \
             found {fetches} fetching {fetched:?}: has the splitter changed?"
        ));
    }
    if js.matches(LOAD_FAILED).count() != 1 {
        return Err(format!(
            "expected `{}` once in wrapAsyncCb: has the splitter changed?",
            LOAD_FAILED.trim()
        ));
    }
    let mut patched = js
        .replace(CHUNK_FETCH, "const src = __splitFetch(new URL(")
        .replace(
            LOAD_FAILED,
            &format!("{LOAD_FAILED}            __splitFailed();\n"),
        );
    // Its comments explain it here; every first load would download them.
    patched.push_str(
        "\n// Added by cargo xtask build-web: xtask/src/split_loader.js, comments left out.\n",
    );
    for line in include_str!("split_loader.js").lines() {
        if !line.trim_start().starts_with("//") && !line.trim().is_empty() {
            patched.push_str(line);
            patched.push('\n');
        }
    }
    Ok(patched)
}

/// style/main.css, then every other style/*.css by name, one after the other.
fn stylesheet(dir: &Path) -> Result<Vec<u8>> {
    let style = dir.join("style");
    let mut sheets = files_with(&style, &["css"])?;
    let main = Some(std::ffi::OsStr::new("main.css"));
    sheets.sort_by_key(|p| (p.file_name() != main, p.clone()));
    if sheets.first().and_then(|p| p.file_name()) != main {
        return Err(format!("{} has no main.css", style.display()));
    }
    let mut css = Vec::new();
    for sheet in sheets {
        let name = sheet
            .strip_prefix(dir)
            .unwrap_or(&sheet)
            .display()
            .to_string();
        css.extend_from_slice(format!("/* {name} */\n").as_bytes());
        css.extend(std::fs::read(&sheet).map_err(|e| format!("{}: {e}", sheet.display()))?);
        if css.last() != Some(&b'\n') {
            css.push(b'\n');
        }
    }
    Ok(css)
}

/// The first 16 hex digits of the SHA-256 of every file's name, length and bytes (sorted by name).
fn content_hash(files: &[(PathBuf, Vec<u8>)]) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in files {
        hasher.update(name.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    let mut hex = String::new();
    for byte in hasher.finalize().iter().take(PKG_HASH_LEN / 2) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The page: the template without Trunk's `<link data-trunk …>` tags, with the stylesheet, the
/// preloads of the main JS, its loader and the main wasm, and the loader script before `</head>`.
/// The wasm preload is fetched with the mode and credentials of wasm-bindgen's `fetch(path)`
/// (`as="fetch"` and `crossorigin`), so Chromium reuses it (checked).
fn index_html(template: &str, pkg: &str, bin: &str, uses_loader: bool) -> Result<String> {
    let html = strip_trunk_links(template);
    let Some(head_end) = html.find("</head>") else {
        return Err("no </head>".to_owned());
    };
    let js = format!("/{pkg}/{bin}.js");
    let wasm = format!("/{pkg}/{bin}_bg.wasm");
    let loader = format!("/{pkg}/{}", LINK_NAME.trim_start_matches("./"));
    let tags = [
        format!(r#"<link rel="stylesheet" href="/{pkg}/{CSS_NAME}">"#),
        format!(r#"<link rel="modulepreload" href="{js}">"#),
        if uses_loader {
            format!(r#"<link rel="modulepreload" href="{loader}">"#)
        } else {
            String::new()
        },
        format!(
            r#"<link rel="preload" href="{wasm}" as="fetch" type="application/wasm" crossorigin>"#
        ),
        format!(
            r#"<script type="module" src="/boot.js" data-js="{js}" data-wasm="{wasm}"></script>"#
        ),
    ];
    let mut page = html[..head_end].trim_end().to_owned();
    for tag in tags.iter().filter(|t| !t.is_empty()) {
        page.push_str("\n    ");
        page.push_str(tag);
    }
    page.push_str("\n  ");
    page.push_str(&html[head_end..]);
    Ok(page)
}

/// The html without its `<link data-trunk …>` tags (and the lines they stood alone on).
fn strip_trunk_links(html: &str) -> String {
    let mut kept = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<link") {
        let Some(len) = rest[at..].find('>') else {
            break;
        };
        let end = at + len + 1;
        if !rest[at..end].contains("data-trunk") {
            kept.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        let before = &rest[..at];
        let indent_from = before.trim_end_matches([' ', '\t']).len();
        let alone =
            before[..indent_from].ends_with('\n') || (indent_from == 0 && kept.ends_with('\n'));
        let after = &rest[end..];
        let line_rest = after.len() - after.trim_start_matches([' ', '\t']).len();
        let ends_line =
            after[line_rest..].starts_with('\n') || after[line_rest..].starts_with("\r\n");
        if alone && ends_line {
            kept.push_str(&before[..indent_from]);
            let after = &after[line_rest..];
            rest = after
                .strip_prefix("\r\n")
                .or_else(|| after.strip_prefix('\n'))
                .unwrap_or(after);
        } else {
            kept.push_str(before);
            rest = after;
        }
    }
    kept.push_str(rest);
    kept
}

/// The relative modules a JS file imports statically (`import … from "./x.js"`, `import "./x.js"`),
/// sorted; a look-alike in a comment counts too (it only errs on the side of a bigger first load).
fn static_imports(js: &str) -> Vec<String> {
    let mut found = Vec::new();
    for keyword in ["from", "import"] {
        for quote in ['"', '\''] {
            for space in ["", " "] {
                let needle = format!("{keyword}{space}{quote}.");
                let mut rest = js;
                while let Some(at) = rest.find(&needle) {
                    let before = rest[..at].chars().next_back();
                    rest = &rest[at + needle.len() - 1..];
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                        continue;
                    }
                    if let Some(path) = rest.split(quote).next()
                        && !found.iter().any(|f| f == path)
                    {
                        found.push(path.to_owned());
                    }
                }
            }
        }
    }
    found.sort();
    found
}

/// One file of the build: its path under dist/, its size, its brotli size.
pub struct Asset {
    pub name: String,
    pub bytes: u64,
    pub brotli_bytes: u64,
}

/// What dist/ holds, for the size reports.
pub struct Bundle {
    /// `pkg-<hash>`.
    pub pkg: String,
    /// Every file of dist/pkg-…/ (not the .br and .gz), by name.
    pub files: Vec<Asset>,
    /// What opening the app downloads before any chunk: index.html, the CSS, JS and wasm it
    /// names (boot.js too), and the JS the main JS imports (the chunk loader); smallest first.
    pub first_load: Vec<Asset>,
    /// Route split → its chunk files (names in `pkg`), from the splitter.
    pub splits: BTreeMap<String, Vec<String>>,
}

impl Bundle {
    /// Brotli bytes of the first load.
    pub fn first_load_total(&self) -> u64 {
        self.first_load.iter().map(|a| a.brotli_bytes).sum()
    }

    /// Brotli bytes of the chunks one split fetches (shared chunks included).
    pub fn split_total(&self, split: &str) -> u64 {
        let Some(chunks) = self.splits.get(split) else {
            return 0;
        };
        self.files
            .iter()
            .filter(|f| chunks.iter().any(|c| f.name == format!("{}/{c}", self.pkg)))
            .map(|f| f.brotli_bytes)
            .sum()
    }
}

/// The size report: every file of the build, each route split's chunks, the first load.
/// 1 KB = 1000 bytes.
pub fn size_lines(bundle: &Bundle) -> Vec<String> {
    let kb = |bytes: u64| bytes as f64 / 1000.0;
    let mut files: Vec<&Asset> = bundle.files.iter().collect();
    files.sort_by_key(|a| std::cmp::Reverse(a.brotli_bytes));
    let mut lines = vec![format!(
        "{:<60} {:>10} {:>10}",
        "file (1 KB = 1000 bytes)", "raw KB", "brotli KB"
    )];
    for asset in files {
        lines.push(format!(
            "{:<60} {:>10.1} {:>10.1}",
            asset.name,
            kb(asset.bytes),
            kb(asset.brotli_bytes)
        ));
    }
    for (split, chunks) in &bundle.splits {
        lines.push(format!(
            "split {split}: {:.1} KB brotli in {} files: {}",
            kb(bundle.split_total(split)),
            chunks.len(),
            chunks.join(" ")
        ));
    }
    let names: Vec<&str> = bundle.first_load.iter().map(|a| a.name.as_str()).collect();
    lines.push(format!(
        "first load: {:.1} KB brotli: {}",
        kb(bundle.first_load_total()),
        names.join(" ")
    ));
    lines
}

/// The portal's dist/.
pub fn bundle() -> Result<Bundle> {
    bundle_in(&cmd::root().join("dist"))
}

/// What `dist` holds: its one `pkg-*` directory, the first load of its index.html, the splits.
pub fn bundle_in(dist: &Path) -> Result<Bundle> {
    let built = |e: std::io::Error| format!("{}: {e}: run cargo xtask build-web", dist.display());
    let manifest_path = dist.join(SPLITS_FILE);
    let manifest = std::fs::read_to_string(&manifest_path).map_err(built)?;
    let manifest: serde_json::Value =
        serde_json::from_str(&manifest).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let pkg = manifest["pkg"]
        .as_str()
        .filter(|p| is_pkg_dir(p))
        .ok_or_else(|| format!("{}: no pkg", manifest_path.display()))?
        .to_owned();
    let splits: BTreeMap<String, Vec<String>> = serde_json::from_value(manifest["splits"].clone())
        .map_err(|e| format!("{}: splits: {e}", manifest_path.display()))?;
    let mut files = Vec::new();
    for file in files_with(&dist.join(&pkg), &LOAD)? {
        let name = file.strip_prefix(dist).unwrap_or(&file);
        files.push(asset(dist, &name.to_string_lossy())?);
    }
    let page = dist.join("index.html");
    let html = std::fs::read_to_string(&page).map_err(built)?;
    let mut names = vec!["index.html".to_owned()];
    let mut queue: Vec<String> = references(&html)
        .iter()
        .map(|r| r.trim_start_matches('/').to_owned())
        .collect();
    while let Some(name) = queue.pop() {
        if names.contains(&name) {
            continue;
        }
        if name.ends_with(".js") {
            let path = dist.join(&name);
            let js = std::fs::read_to_string(&path)
                .map_err(|e| format!("{} names {name}: {e}", page.display()))?;
            let dir = Path::new(&name).parent().unwrap_or(Path::new(""));
            for import in static_imports(&js) {
                let joined = dir.join(import.trim_start_matches("./"));
                queue.push(joined.to_string_lossy().into_owned());
            }
        }
        names.push(name);
    }
    let mut first_load = Vec::new();
    for name in names {
        first_load.push(asset(dist, &name)?);
    }
    first_load.sort_by_key(|a| a.brotli_bytes);
    Ok(Bundle {
        pkg,
        files,
        first_load,
        splits,
    })
}

fn is_pkg_dir(name: &str) -> bool {
    name.strip_prefix("pkg-").is_some_and(|hash| {
        hash.len() == PKG_HASH_LEN
            && hash
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// A file of dist/ and its size brotli-compressed: its `.br` sibling's (written by the same
/// build), else compressed here.
fn asset(dist: &Path, name: &str) -> Result<Asset> {
    let file = dist.join(name);
    let content = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut br = file.clone().into_os_string();
    br.push(".br");
    let brotli_bytes = match std::fs::metadata(&br) {
        Ok(meta) => meta.len(),
        Err(_) => brotli(&content)?.len() as u64,
    };
    Ok(Asset {
        name: name.to_owned(),
        bytes: content.len() as u64,
        brotli_bytes,
    })
}

/// Same-site CSS, JS and wasm paths in `href`, `src`, `data-js` and `data-wasm` attributes
/// (quoted or not).
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

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// `files` in `count` groups of about the same total size (largest first, each to the lightest
/// group); no empty group.
fn batches(files: &[PathBuf], count: usize) -> Vec<Vec<PathBuf>> {
    let mut sized: Vec<(u64, &PathBuf)> = files
        .iter()
        .map(|f| (std::fs::metadata(f).map_or(0, |m| m.len()), f))
        .collect();
    sized.sort_by(|a, b| b.cmp(a));
    let mut groups: Vec<(u64, Vec<PathBuf>)> = vec![(0, Vec::new()); count.max(1)];
    for (size, file) in sized {
        if let Some(lightest) = groups.iter_mut().min_by_key(|(total, _)| *total) {
            lightest.0 += size;
            lightest.1.push(file.clone());
        }
    }
    groups
        .into_iter()
        .map(|(_, group)| group)
        .filter(|group| !group.is_empty())
        .collect()
}

/// `f` over `items` on as many threads as there are cores, results in the order of `items`.
fn parallel_map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = cores();
    let count = items.len();
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(count))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let next = match queue.lock() {
                            Ok(mut queue) => queue.next(),
                            Err(poisoned) => poisoned.into_inner().next(),
                        };
                        let Some((index, item)) = next else {
                            break done;
                        };
                        done.push((index, f(item)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, r)| r).collect()
}

/// Empties `dir` (creating it if needed).
fn reset_dir(dir: &Path) -> Result {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every file under `dir`, by its path relative to `dir` (`prefix` joined in front).
fn collect(dir: &Path, prefix: &Path, into: &mut Vec<(PathBuf, Vec<u8>)>) -> Result {
    let listing = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for item in listing {
        let path = item.map_err(|e| e.to_string())?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if path.is_dir() {
            collect(&path, &prefix.join(name), into)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            into.push((prefix.join(name), bytes));
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    let mut files = Vec::new();
    collect(from, Path::new(""), &mut files)?;
    for (name, bytes) in files {
        write_file(&to.join(name), &bytes)?;
    }
    Ok(())
}

/// Every file under `dir` whose extension is one of `extensions`, sorted.
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
    write_file(&sibling(".br"), &brotli(&content)?)?;
    write_file(&sibling(".gz"), &gzip(&content)?)
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
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The loader wasm_split_cli_support 0.2.4 writes for one split with one chunk (trimmed).
    const LOADER: &str = r#"import { initSync } from "./portal-web.js";

function wrapAsyncCb(callee) {
    return async (callbackIndex, callbackData) => {
        let success;
        try {
            await callee();
            success = true;
        } catch (e) {
            console.error(e);
            success = false;
        } finally {
            const sharedImports = getSharedImports();
            sharedImports.__wasm_split.__indirect_function_table.get(callbackIndex)(callbackData, success);
        }
    }
}
/* claim */
const __chunk_1 = makeLoad(() => {
    const src = fetch(new URL("./chunk_1_claim.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
export const __wasm_split_load_claim = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_claim.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [__chunk_1]));
"#;

    #[test]
    fn the_loader_retries_and_reports_a_failed_chunk() {
        let chunks = [
            "split_claim.wasm".to_owned(),
            "chunk_1_claim.wasm".to_owned(),
        ];
        let patched = patch_split_loader(LOADER, &chunks).unwrap();
        assert!(!patched.contains("= fetch(new URL("));
        assert_eq!(patched.matches("= __splitFetch(new URL(").count(), 2);
        assert!(patched.contains(
            "            success = false;\n            __splitFailed();\n        } finally {"
        ));
        assert!(patched.contains("async function __splitFetch(url)"));
        assert!(patched.contains("function __splitFailed()"));
        assert!(patched.contains("网络不稳定，页面未能完整加载。"));
    }

    #[test]
    fn an_unexpected_loader_fails_the_build() {
        let chunks = [
            "split_claim.wasm".to_owned(),
            "chunk_1_claim.wasm".to_owned(),
        ];
        // A chunk written but not fetched by the expected text.
        let other_fetch = LOADER.replace(
            "const src = fetch(new URL(\"./split",
            "const src = get(\"./split",
        );
        assert!(patch_split_loader(&other_fetch, &chunks).is_err());
        // No failure branch to hook.
        let other_catch = LOADER.replace("            success = false;\n", "");
        assert!(patch_split_loader(&other_catch, &chunks).is_err());
        // A chunk fetched that was not written.
        assert!(patch_split_loader(LOADER, &chunks[..1]).is_err());
    }

    #[test]
    fn the_page_loads_the_build_and_drops_trunk_links() {
        let template = "<html>\n  <head>\n    <title>t</title>\n    \
                        <link data-trunk rel=\"css\" href=\"style/main.css\">\n    \
                        <link rel=\"icon\" href=\"/favicon.svg\">\n  </head>\n  <body></body>\n</html>\n";
        let page = index_html(template, "pkg-0123456789abcdef", "portal-web", true).unwrap();
        assert_eq!(
            page,
            "<html>\n  <head>\n    <title>t</title>\n    <link rel=\"icon\" href=\"/favicon.svg\">\n    \
             <link rel=\"stylesheet\" href=\"/pkg-0123456789abcdef/main.css\">\n    \
             <link rel=\"modulepreload\" href=\"/pkg-0123456789abcdef/portal-web.js\">\n    \
             <link rel=\"modulepreload\" href=\"/pkg-0123456789abcdef/__wasm_split.js\">\n    \
             <link rel=\"preload\" href=\"/pkg-0123456789abcdef/portal-web_bg.wasm\" as=\"fetch\" \
             type=\"application/wasm\" crossorigin>\n    \
             <script type=\"module\" src=\"/boot.js\" data-js=\"/pkg-0123456789abcdef/portal-web.js\" \
             data-wasm=\"/pkg-0123456789abcdef/portal-web_bg.wasm\"></script>\n  </head>\n  \
             <body></body>\n</html>\n"
        );
        let unsplit = index_html(template, "pkg-0123456789abcdef", "app", false).unwrap();
        assert!(!unsplit.contains("__wasm_split.js"));
        assert!(index_html("<html></html>", "pkg-0123456789abcdef", "app", true).is_err());
        assert_eq!(
            strip_trunk_links("<p><link data-trunk rel=\"css\" href=\"a.css\"> x</p>"),
            "<p> x</p>"
        );
    }

    #[test]
    fn the_content_hash_names_the_directory() {
        let files = vec![(PathBuf::from("a.js"), b"x".to_vec())];
        let hash = content_hash(&files);
        assert!(is_pkg_dir(&format!("pkg-{hash}")));
        let changed = vec![(PathBuf::from("a.js"), b"y".to_vec())];
        assert_ne!(content_hash(&changed), hash);
        assert!(!is_pkg_dir("pkg-0123456789ABCDEF"));
        assert!(!is_pkg_dir("pkg-0123"));
    }

    #[test]
    fn static_imports_of_the_generated_js_are_found() {
        let js = "import * as import1 from \"./__wasm_split.js\"\n\
                  import { a } from './snippets/x-1/inline0.js';\nimport './side.js';\n\
                  const y = await import(\"./lazy.js\");\nconst from_x = 1; // from \"./no.js\"?\n";
        assert_eq!(
            static_imports(js),
            [
                "./__wasm_split.js",
                "./no.js",
                "./side.js",
                "./snippets/x-1/inline0.js"
            ]
        );
    }

    #[test]
    fn the_files_a_page_loads_are_found() {
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
