//! The fuzz harness: a deterministic mutation loop over every input kind, run through the real
//! binary. cargo-fuzz needs nightly; this runs on stable, in `cargo test`.
//!
//! Seeds are the repository's own inputs (samples/ and tests/fixtures/): definitions,
//! apiProperties, settings.json, readmes, intros, scripts, icons and OpenAPI 3 JSON/YAML, plus a
//! few ppcert.toml files and a baseline written by ppcert. Each iteration mutates some of them
//! (bytes, tokens, splices, JSON structure, encodings, PNG chunks, huge runs, `$ref` graphs, YAML
//! alias bombs) and checks, for `lint` (a folder and a named file), `diff`, `convert`, `--config`
//! and `--baseline`:
//!
//! - no panic, no crash, no hang (a run over two minutes fails), memory under 2 GiB (`ulimit -v`);
//! - output bounded by the number of findings, in every format;
//! - valid JSON, and SARIF valid against the official schema, when asked;
//! - a located finding for every bad file (one the independent oracles — serde_json, UTF-8
//!   decoding, the png crate — reject), inside the file's lines;
//! - the healthy connector next to the mutated one still linted, with exactly its own findings.
//!
//! `cargo test --test fuzz` runs a short budget. `PPCERT_FUZZ_ITERS=2000 cargo test --release
//! --test fuzz -- --nocapture` runs a long one and prints the inputs tried per kind;
//! `PPCERT_FUZZ_SEED` changes the seed. A failure names its iteration and seed: replay it alone
//! with `PPCERT_FUZZ_SEED=<seed> PPCERT_FUZZ_ONLY=<iteration> PPCERT_FUZZ_KEEP=1`, which keeps
//! its inputs on disk.

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/sarif.rs"]
mod sarif_support;

use mutate::Rng;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Iterations per test in `cargo test`, unless PPCERT_FUZZ_ITERS says otherwise.
const DEFAULT_ITERS: usize = 150;

/// The iterations to run: `0..PPCERT_FUZZ_ITERS`, or just PPCERT_FUZZ_ONLY (to replay one).
fn iterations() -> std::ops::Range<usize> {
    let only = std::env::var("PPCERT_FUZZ_ONLY")
        .ok()
        .and_then(|v| v.parse().ok());
    if let Some(i) = only {
        return i..i + 1;
    }
    let n = std::env::var("PPCERT_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_ITERS);
    0..n
}

/// The working folder of one test, removed at the end unless PPCERT_FUZZ_KEEP is set: then it
/// is kept (and named on stderr), to look at the inputs of a failure.
struct Workspace {
    path: std::path::PathBuf,
    _removed_on_drop: Option<tempfile::TempDir>,
}

impl Workspace {
    fn new(test: &str) -> Workspace {
        let tmp = tempfile::tempdir().unwrap();
        if std::env::var_os("PPCERT_FUZZ_KEEP").is_some() {
            let path = tmp.keep();
            eprintln!("fuzz {test}: inputs kept in {}", path.display());
            return Workspace {
                path,
                _removed_on_drop: None,
            };
        }
        Workspace {
            path: tmp.path().to_path_buf(),
            _removed_on_drop: Some(tmp),
        }
    }
    fn path(&self) -> &Path {
        &self.path
    }
}

fn seed() -> u64 {
    std::env::var("PPCERT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00C0_FFEE)
}

/// The generator for one iteration of one test: replayable from the seed and the iteration.
fn rng_for(test: u64, iteration: usize) -> Rng {
    let mut rng = Rng::new(seed() ^ test.wrapping_mul(0x9E37_79B9) ^ (iteration as u64) << 32);
    rng.next();
    rng
}

// ------------------------------------------------------------------ running ppcert

/// Runs ppcert in `dir` under a 2 GiB address-space limit, two worker threads and a two-minute
/// watchdog. Fails on a hang, a crash (a signal) or a panic.
fn ppcert(dir: &Path, args: &[&str], context: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_ppcert");
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("ulimit -v 2097152; exec \"$0\" \"$@\"")
            .arg(bin)
            .args(args);
        c
    } else {
        let mut c = Command::new(bin);
        c.args(args);
        c
    };
    let mut child = command
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "2")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let err_reader = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{context}: `ppcert {}` hung", shown(args));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let o = Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.code().is_some() && !stderr.contains("panicked"),
        "{context}: `ppcert {}` crashed ({}): {}",
        shown(args),
        o.status,
        &stderr[..stderr.len().min(4000)]
    );
    o
}

fn shown(args: &[&str]) -> String {
    args.iter()
        .map(|a| if a.len() > 80 { &a[..80] } else { a })
        .collect::<Vec<_>>()
        .join(" ")
}

fn exit(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn json_of(o: &Output, context: &str) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        let out = String::from_utf8_lossy(&o.stdout);
        panic!("{context}: not JSON ({e}): {}", &out[..out.len().min(2000)])
    })
}

/// At most this much output per finding, plus a fixed allowance (SARIF carries the catalogue
/// of rules, about 600 KB): snippets, messages and pointers are bounded, so output grows with
/// the number of findings, never with the size of the input.
fn assert_bounded(o: &Output, findings: usize, format: &str, context: &str) {
    let fixed = if format == "sarif" { 1 << 20 } else { 64 << 10 };
    let limit = fixed + 10 * 1024 * findings;
    assert!(
        o.stdout.len() <= limit,
        "{context}: {} bytes of output for {findings} findings",
        o.stdout.len()
    );
    assert!(
        o.stderr.len() <= 16 * 1024,
        "{context}: {} bytes on stderr",
        o.stderr.len()
    );
}

fn assert_valid_sarif(o: &Output, validator: &jsonschema::Validator, context: &str) -> usize {
    let sarif = json_of(o, context);
    let errors = sarif_support::sarif_errors(validator, &sarif);
    assert!(errors.is_empty(), "{context}: invalid SARIF: {errors:#?}");
    let run = &sarif["runs"][0];
    let listed: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    let results = run["results"].as_array().unwrap();
    for r in results {
        let id = r["ruleId"].as_str().unwrap_or_default();
        assert!(
            listed.contains(&id),
            "{context}: `{id}` is not in tool.driver.rules"
        );
    }
    results.len()
}

// ------------------------------------------------------------------ seeds

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Definition,
    Props,
    Settings,
    Readme,
    Intro,
    Script,
    Icon,
    Config,
    Baseline,
    OpenApiJson,
    OpenApiYaml,
}

impl Kind {
    const CONNECTOR_FILES: [Kind; 7] = [
        Kind::Definition,
        Kind::Props,
        Kind::Settings,
        Kind::Readme,
        Kind::Intro,
        Kind::Script,
        Kind::Icon,
    ];

    fn file_name(self) -> &'static str {
        match self {
            Kind::Definition => "apiDefinition.swagger.json",
            Kind::Props => "apiProperties.json",
            Kind::Settings => "settings.json",
            Kind::Readme => "readme.md",
            Kind::Intro => "intro.md",
            Kind::Script => "script.csx",
            Kind::Icon => "icon.png",
            Kind::Config => "ppcert.toml",
            Kind::Baseline => "baseline.json",
            Kind::OpenApiJson => "openapi.json",
            Kind::OpenApiYaml => "openapi.yaml",
        }
    }

    fn is_json(self) -> bool {
        matches!(self, Kind::Definition | Kind::Props | Kind::Settings)
    }
}

fn collect(dir: &Path, out: &mut BTreeMap<Kind, Vec<Vec<u8>>>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
            continue;
        }
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_ascii_lowercase();
        let in_convert = path.components().any(|c| c.as_os_str() == "convert");
        let kind = match name.as_str() {
            "apidefinition.swagger.json" | "old.json" | "new.json" => Kind::Definition,
            "apiproperties.json" => Kind::Props,
            "settings.json" => Kind::Settings,
            "readme.md" => Kind::Readme,
            "intro.md" => Kind::Intro,
            n if n.ends_with(".csx") => Kind::Script,
            n if n.ends_with(".png") => Kind::Icon,
            n if in_convert && n.ends_with(".json") => Kind::OpenApiJson,
            n if in_convert && (n.ends_with(".yaml") || n.ends_with(".yml")) => Kind::OpenApiYaml,
            _ => continue,
        };
        // Symlinks and other odd fixtures are tested elsewhere; seeds are plain files.
        if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            out.entry(kind).or_default().push(fs::read(&path).unwrap());
        }
    }
}

const CONFIG_SEEDS: [&str; 3] = [
    "select = [\"swagger\", \"props\"]\nignore = [\"title-max-length\"]\nprofile = \"certified\"\n\n[severity]\n\"description-length\" = \"warning\"\n\n[[overrides]]\npaths = [\"**/Healthy\"]\nextend-select = [\"readme\"]\n",
    "exclude = [\"**/nothing\"]\nextend-select = [\"ALL\"]\n",
    "",
];

fn seeds() -> BTreeMap<Kind, Vec<Vec<u8>>> {
    let mut seeds = BTreeMap::new();
    collect(&Path::new(ROOT).join("samples"), &mut seeds);
    collect(&Path::new(ROOT).join("tests/fixtures"), &mut seeds);
    seeds.insert(
        Kind::Config,
        CONFIG_SEEDS.iter().map(|s| s.as_bytes().to_vec()).collect(),
    );
    for kind in [
        Kind::Definition,
        Kind::Props,
        Kind::Settings,
        Kind::Readme,
        Kind::Intro,
        Kind::Script,
        Kind::Icon,
        Kind::OpenApiJson,
        Kind::OpenApiYaml,
    ] {
        assert!(seeds.contains_key(&kind), "no seed of {kind:?}");
    }
    seeds
}

/// A mutated input of `kind`: a seed, changed one to four times.
fn mutated(rng: &mut Rng, kind: Kind, seeds: &BTreeMap<Kind, Vec<Vec<u8>>>) -> Vec<u8> {
    let donors = &seeds[&kind];
    let mut data = rng.pick(donors).clone();
    for _ in 0..1 + rng.below(4) {
        let structural = kind.is_json() || matches!(kind, Kind::Baseline | Kind::OpenApiJson);
        let roll = rng.below(10);
        if kind == Kind::Icon {
            match roll {
                0..=2 => data = mutate::random_png(rng),
                3..=5 => mutate::mutate_png(rng, &mut data),
                _ => mutate::mutate_bytes(rng, &mut data, donors),
            }
            continue;
        }
        match roll {
            0..=3 if structural => {
                if !mutate::mutate_json(rng, &mut data) {
                    mutate::mutate_bytes(rng, &mut data, donors);
                }
            }
            0 if kind == Kind::OpenApiYaml => {
                data.extend_from_slice(mutate::alias_bomb(8 + rng.below(30)).as_bytes());
            }
            6 => mutate::mutate_encoding(rng, &mut data),
            _ => mutate::mutate_bytes(rng, &mut data, donors),
        }
    }
    data
}

// ------------------------------------------------------------------ oracles

/// Whether an independent reader rejects the file, which ppcert must then report. `None` when
/// the oracle cannot tell (nesting deeper than serde_json follows).
fn is_bad(kind: Kind, bytes: &[u8]) -> Option<bool> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match kind {
        _ if kind.is_json() => match serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            Ok(_) => Some(false),
            Err(e) if e.to_string().contains("recursion limit") => None,
            Err(_) => Some(true),
        },
        Kind::Readme | Kind::Intro | Kind::Script => {
            Some(std::str::from_utf8(body).is_err() || body.contains(&0))
        }
        Kind::Icon => {
            let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            decoder.set_limits(png::Limits { bytes: 64 << 20 });
            let Ok(mut reader) = decoder.read_info() else {
                return Some(true);
            };
            // A decompression bomb is bad without decoding it (and the icon rules say so by
            // its dimensions).
            let size = reader.output_buffer_size().filter(|&n| n <= 64 << 20);
            let Some(size) = size else {
                return Some(true);
            };
            let mut buf = vec![0; size];
            Some(reader.next_frame(&mut buf).is_err())
        }
        _ => None,
    }
}

fn line_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Each diagnostic about `file` lies inside it; and if the oracle rejects the file, there is one.
fn assert_located(
    diags: &[Value],
    display: &str,
    kind: Kind,
    bytes: &[u8],
    profile_dir: &str,
    context: &str,
) {
    let about: Vec<&Value> = diags.iter().filter(|d| d["file"] == display).collect();
    for d in &about {
        let (line, column) = (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
        assert!(
            line >= 1 && column >= 1 && line <= line_count(bytes),
            "{context}: `{display}` has {} lines, a finding points at {line}:{column}: {d}",
            line_count(bytes)
        );
    }
    // Icons are judged only by the certified profile's icon rules.
    if kind == Kind::Icon && profile_dir != "certified-connectors" {
        return;
    }
    if is_bad(kind, bytes) == Some(true) {
        let rules: &[&str] = match kind {
            Kind::Definition => &["file-readable", "swagger-valid-json"],
            Kind::Props | Kind::Settings => &["file-readable", "json-valid"],
            Kind::Icon => &["file-readable", "icon-"],
            _ => &["file-readable"],
        };
        assert!(
            about.iter().any(|d| {
                let rule = d["rule"].as_str().unwrap();
                rules.iter().any(|r| rule.starts_with(r))
            }),
            "{context}: `{display}` is bad ({kind:?}) but has no finding of {rules:?}: {about:?}"
        );
    }
}

/// The findings of the healthy connector, as (rule, severity, file, line, column, message).
fn healthy_findings(diags: &[Value]) -> Vec<String> {
    let mut out: Vec<String> = diags
        .iter()
        .filter(|d| d["connector"].as_str().unwrap().ends_with("/Healthy"))
        .map(|d| {
            // The same connector under another root folder: compare the path below it.
            let file = d["file"].as_str().unwrap();
            let file = file.split_once('/').map_or(file, |(_, rest)| rest);
            format!(
                "{} {} {file}:{}:{} {}",
                d["rule"], d["severity"], d["line"], d["column"], d["message"]
            )
        })
        .collect();
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Inputs tried per kind, and how many of them were rejected (bad for the oracle, or exit 2).
type Tried = BTreeMap<Kind, (usize, usize)>;

fn count(tried: &mut Tried, kind: Kind, rejected: bool) {
    let entry = tried.entry(kind).or_insert((0, 0));
    entry.0 += 1;
    entry.1 += usize::from(rejected);
}

fn report(test: &str, tried: &Tried, runs: usize) {
    let per_kind: Vec<String> = tried
        .iter()
        .map(|(k, (n, bad))| format!("{k:?} {n} ({bad} rejected)"))
        .collect();
    eprintln!(
        "fuzz {test}: {runs} ppcert runs; inputs tried per kind: {}",
        per_kind.join(", ")
    );
}

const PROFILE_DIRS: [&str; 3] = [
    "certified-connectors",
    "independent-publisher-connectors",
    "custom-connectors",
];

// ------------------------------------------------------------------ the loops

/// Connector files: a mutated connector next to a healthy one, linted as a folder (JSON, then
/// SARIF, full, concise or github), one mutated file named alone, and mutated definitions
/// compared with `diff` both ways.
#[test]
fn fuzz_connector_files() {
    let seeds = seeds();
    let validator = jsonschema::validator_for(&sarif_support::sarif_schema()).unwrap();
    let tmp = Workspace::new("fuzz_connector_files");
    let certified = Path::new(ROOT).join("samples/certified-connectors/Contoso Tasks");
    let ip = Path::new(ROOT).join("samples/independent-publisher-connectors/Fabrikam Weather");

    // What the healthy connector gives alone, per profile folder.
    let mut expected = BTreeMap::new();
    for dir in PROFILE_DIRS {
        let root = format!("alone-{dir}");
        copy_dir(
            &certified,
            &tmp.path().join(&root).join(dir).join("Healthy"),
        );
        let o = ppcert(
            tmp.path(),
            &["lint", "--isolated", "--format", "json", &root],
            dir,
        );
        let diags = json_of(&o, dir)["diagnostics"].as_array().unwrap().clone();
        expected.insert(dir, healthy_findings(&diags));
    }

    let mut tried = Tried::new();
    let mut runs = PROFILE_DIRS.len();
    for i in iterations() {
        let mut rng = rng_for(1, i);
        let context = format!(
            "fuzz_connector_files iteration {i} (PPCERT_FUZZ_SEED={})",
            seed()
        );
        let work = tmp.path().join(format!("i{i}"));
        let profile_dir = *rng.pick(&PROFILE_DIRS);
        let repo = work.join("repo").join(profile_dir);
        copy_dir(&certified, &repo.join("Healthy"));
        let mutant = repo.join("Mutant");
        copy_dir(
            if profile_dir == PROFILE_DIRS[1] {
                &ip
            } else {
                &certified
            },
            &mutant,
        );
        fs::write(
            mutant.join("settings.json"),
            rng.pick(&seeds[&Kind::Settings]),
        )
        .unwrap();
        fs::write(mutant.join("script.csx"), rng.pick(&seeds[&Kind::Script])).unwrap();
        let mut changed: Vec<(Kind, Vec<u8>)> = Vec::new();
        for kind in Kind::CONNECTOR_FILES {
            if rng.chance(35) {
                changed.push((kind, mutated(&mut rng, kind, &seeds)));
            }
        }
        if changed.is_empty() {
            let kind = *rng.pick(&Kind::CONNECTOR_FILES);
            changed.push((kind, mutated(&mut rng, kind, &seeds)));
        }
        for (kind, bytes) in &changed {
            fs::write(mutant.join(kind.file_name()), bytes).unwrap();
            count(&mut tried, *kind, is_bad(*kind, bytes) == Some(true));
        }

        // The folder, as JSON.
        let o = ppcert(
            &work,
            &["lint", "--isolated", "--format", "json", "repo"],
            &context,
        );
        runs += 1;
        assert!(matches!(exit(&o), 0 | 1), "{context}: exit {}", exit(&o));
        let report_json = json_of(&o, &context);
        let diags = report_json["diagnostics"].as_array().unwrap();
        assert_bounded(&o, diags.len(), "json", &context);
        assert_eq!(
            report_json["summary"]["connectors"], 2,
            "{context}: both connectors linted"
        );
        assert_eq!(
            healthy_findings(diags),
            expected[profile_dir],
            "{context}: the healthy connector's findings changed"
        );
        let base = format!("repo/{profile_dir}/Mutant");
        for (kind, bytes) in &changed {
            let display = format!("{base}/{}", kind.file_name());
            assert_located(diags, &display, *kind, bytes, profile_dir, &context);
        }

        // The same folder in another format.
        let format = *rng.pick(&["sarif", "full", "concise", "github"]);
        let o = ppcert(
            &work,
            &["lint", "--isolated", "--format", format, "repo"],
            &context,
        );
        runs += 1;
        assert!(
            matches!(exit(&o), 0 | 1),
            "{context}: {format}: exit {}",
            exit(&o)
        );
        assert_bounded(&o, diags.len(), format, &format!("{context} ({format})"));
        if format == "sarif" {
            let results = assert_valid_sarif(&o, &validator, &context);
            assert_eq!(results, diags.len(), "{context}: SARIF and JSON disagree");
        }

        // One mutated file, named alone.
        let (kind, bytes) = rng.pick(&changed);
        let named = format!("{base}/{}", kind.file_name());
        let o = ppcert(
            &work,
            &["lint", "--isolated", "--format", "json", &named],
            &context,
        );
        runs += 1;
        assert!(
            matches!(exit(&o), 0 | 1),
            "{context}: {named}: exit {}",
            exit(&o)
        );
        let named_diags = json_of(&o, &context)["diagnostics"]
            .as_array()
            .unwrap()
            .clone();
        assert_bounded(&o, named_diags.len(), "json", &context);
        if *kind != Kind::Settings {
            assert_located(
                &named_diags,
                &named,
                *kind,
                bytes,
                profile_dir,
                &format!("{context} (named)"),
            );
        }

        // A mutated definition, compared both ways with the original.
        if let Some((_, bytes)) = changed.iter().find(|(k, _)| *k == Kind::Definition) {
            fs::copy(
                certified.join("apiDefinition.swagger.json"),
                work.join("original.json"),
            )
            .unwrap();
            fs::write(work.join("mutated.json"), bytes).unwrap();
            for (old, new) in [
                ("original.json", "mutated.json"),
                ("mutated.json", "original.json"),
            ] {
                let o = ppcert(&work, &["diff", "--format", "json", old, new], &context);
                runs += 1;
                assert!(
                    matches!(exit(&o), 0 | 1),
                    "{context}: diff {old} {new}: exit {}",
                    exit(&o)
                );
                let n = json_of(&o, &context)["diagnostics"]
                    .as_array()
                    .unwrap()
                    .len();
                assert_bounded(&o, n, "json", &format!("{context} (diff)"));
                let format = *rng.pick(&["sarif", "full", "concise"]);
                let o = ppcert(&work, &["diff", "--format", format, old, new], &context);
                runs += 1;
                assert!(
                    matches!(exit(&o), 0 | 1),
                    "{context}: diff {format}: exit {}",
                    exit(&o)
                );
                assert_bounded(&o, n, format, &format!("{context} (diff {format})"));
                if format == "sarif" {
                    assert_eq!(assert_valid_sarif(&o, &validator, &context), n);
                }
            }
        }
        if tmp._removed_on_drop.is_some() {
            let _ = fs::remove_dir_all(&work);
        }
    }
    report("connector files", &tried, runs);
}

/// ppcert.toml given with --config, and baselines given with --baseline: either the run goes on
/// with valid output, or it stops with exit 2 and a short error that says where (the config's
/// line:column) or which file.
#[test]
fn fuzz_configuration_and_baseline() {
    let seeds_map = seeds();
    let tmp = Workspace::new("fuzz_configuration_and_baseline");
    let target = tmp.path().join("certified-connectors/Healthy");
    copy_dir(
        &Path::new(ROOT).join("samples/failing/certified-connectors"),
        &target.join(".."),
    );
    copy_dir(
        &Path::new(ROOT).join("samples/certified-connectors/Contoso Tasks"),
        &target,
    );
    let o = ppcert(
        tmp.path(),
        &[
            "lint",
            "--isolated",
            "--write-baseline",
            "seed-baseline.json",
            "certified-connectors",
        ],
        "baseline seed",
    );
    assert_eq!(exit(&o), 0);
    let mut seeds = seeds_map.clone();
    seeds.insert(
        Kind::Baseline,
        vec![fs::read(tmp.path().join("seed-baseline.json")).unwrap()],
    );

    let mut tried = Tried::new();
    let mut runs = 1;
    for i in iterations() {
        let mut rng = rng_for(2, i);
        let context = format!(
            "fuzz_configuration_and_baseline iteration {i} (PPCERT_FUZZ_SEED={})",
            seed()
        );
        for kind in [Kind::Config, Kind::Baseline] {
            let bytes = mutated(&mut rng, kind, &seeds);
            let file = format!("i{i}-{}", kind.file_name());
            fs::write(tmp.path().join(&file), &bytes).unwrap();
            let flag = if kind == Kind::Config {
                "--config"
            } else {
                "--baseline"
            };
            let o = ppcert(
                tmp.path(),
                &[
                    "lint",
                    "--format",
                    "json",
                    flag,
                    &file,
                    "certified-connectors",
                ],
                &context,
            );
            runs += 1;
            count(&mut tried, kind, exit(&o) == 2);
            let stderr = String::from_utf8_lossy(&o.stderr);
            match exit(&o) {
                0 | 1 => {
                    let n = json_of(&o, &context)["diagnostics"]
                        .as_array()
                        .unwrap()
                        .len();
                    assert_bounded(&o, n, "json", &context);
                }
                2 => {
                    assert_bounded(&o, 0, "json", &context);
                    assert!(
                        stderr.contains(&file),
                        "{context}: the error does not name `{file}`: {stderr}"
                    );
                    if kind == Kind::Config {
                        // `file:line:column: message`
                        let located =
                            stderr
                                .split(&format!("{file}:"))
                                .nth(1)
                                .is_some_and(|rest| {
                                    let mut parts = rest.splitn(3, ':');
                                    parts.next().is_some_and(|l| l.parse::<u64>().is_ok())
                                        && parts.next().is_some_and(|c| c.parse::<u64>().is_ok())
                                });
                        assert!(
                            located,
                            "{context}: the config error has no line:column: {stderr}"
                        );
                    }
                }
                code => panic!("{context}: exit {code}: {stderr}"),
            }
        }
    }
    report("configuration and baseline", &tried, runs);
}

/// OpenAPI 3 documents, JSON and YAML, converted (sometimes with --lint, sometimes as SARIF):
/// valid output, and a located finding in the input whenever nothing could be written.
#[test]
fn fuzz_openapi3_inputs() {
    let seeds = seeds();
    let validator = jsonschema::validator_for(&sarif_support::sarif_schema()).unwrap();
    let tmp = Workspace::new("fuzz_openapi3_inputs");
    let mut tried = Tried::new();
    let mut runs = 0;
    for i in iterations() {
        let mut rng = rng_for(3, i);
        let context = format!(
            "fuzz_openapi3_inputs iteration {i} (PPCERT_FUZZ_SEED={})",
            seed()
        );
        let kind = if rng.chance(50) {
            Kind::OpenApiJson
        } else {
            Kind::OpenApiYaml
        };
        let bytes = mutated(&mut rng, kind, &seeds);
        let input = format!("i{i}-{}", kind.file_name());
        fs::write(tmp.path().join(&input), &bytes).unwrap();
        let format = if rng.chance(25) { "sarif" } else { "json" };
        let mut args = vec![
            "convert", &input, "--out", "out", "--force", "--format", format,
        ];
        if rng.chance(30) {
            args.push("--lint");
        }
        let o = ppcert(tmp.path(), &args, &context);
        runs += 1;
        count(&mut tried, kind, exit(&o) == 2);
        assert!(matches!(exit(&o), 0..=2), "{context}: exit {}", exit(&o));
        if format == "sarif" {
            let n = assert_valid_sarif(&o, &validator, &context);
            assert_bounded(&o, n, "sarif", &context);
            continue;
        }
        let diags = json_of(&o, &context)["diagnostics"]
            .as_array()
            .unwrap()
            .clone();
        assert_bounded(&o, diags.len(), "json", &context);
        for d in diags.iter().filter(|d| d["file"] == input.as_str()) {
            let line = d["line"].as_u64().unwrap();
            assert!(
                line >= 1 && line <= line_count(&bytes),
                "{context}: finding at line {line}: {d}"
            );
        }
        if exit(&o) == 2 {
            assert!(
                diags.iter().any(|d| d["file"] == input.as_str()
                    && d["severity"] == "error"
                    && d["rule"].as_str().unwrap().starts_with("convert-")),
                "{context}: nothing converted, and no error located in the input: {diags:?}"
            );
        }
    }
    report("OpenAPI 3 inputs", &tried, runs);
}
