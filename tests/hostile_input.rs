//! What an outside mutation fuzzer found (issue 10, item 7), one regression test each: huge
//! minified lines in the `full` format, files named on the command line skipping the loader's
//! checks, settings.json reading outside its folder, unbounded option files, SARIF for
//! `convert`, and `diff` stopping silently at its bounds.

#[path = "support/sarif.rs"]
mod sarif_support;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs ppcert in `dir`; a run that has not ended after a minute is killed and fails the test
/// (a hang is the bug, not slowness: every run here takes well under a second).
fn ppcert(dir: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        out.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        err.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ppcert {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let o = Output {
        status,
        stdout: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    };
    assert!(
        !text(&o.stderr).contains("panicked"),
        "ppcert {args:?} panicked: {}",
        text(&o.stderr)
    );
    o
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn minified_definition(pad: usize) -> String {
    let path = Path::new(ROOT).join(
        "samples/failing/independent-publisher-connectors/Bad Weather/apiDefinition.swagger.json",
    );
    let doc: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    let rest = serde_json::to_string(&doc).unwrap();
    format!("{{\"x-padding\":\"{}\",{}", "p".repeat(pad), &rest[1..])
}

fn longest_line(s: &str) -> usize {
    s.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// The columns named in the headers of the `full` format's snippets (`[file:line:col]`).
fn snippet_columns(out: &str) -> Vec<usize> {
    out.lines()
        .filter_map(|l| l.split_once("─[")?.1.strip_suffix(']'))
        .filter_map(|loc| loc.rsplit(':').next()?.parse().ok())
        .collect()
}

// ------------------------------------------------------------------ full format

#[test]
fn findings_past_column_65535_print_a_window_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("min");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("apiDefinition.swagger.json"),
        minified_definition(70_000),
    )
    .unwrap();
    let o = ppcert(
        tmp.path(),
        &[
            "lint",
            "--isolated",
            "--profile",
            "independent-publisher",
            "min",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    let columns = snippet_columns(&out);
    assert!(
        columns.iter().any(|&c| c > 65_535),
        "no finding past column 65,535: {columns:?}\n{out}"
    );
    assert!(out.contains('…'), "{out}");
    assert!(
        longest_line(&out) < 300,
        "a snippet line of {} characters",
        longest_line(&out)
    );
    assert!(out.len() < 30_000, "{} bytes", out.len());

    // diff, on the same line: a change at the far end of it.
    fs::write(tmp.path().join("old.json"), minified_definition(70_000)).unwrap();
    let new = minified_definition(70_000).replace("\"city\"", "\"town\"");
    fs::write(tmp.path().join("new.json"), new).unwrap();
    let o = ppcert(tmp.path(), &["diff", "old.json", "new.json"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(snippet_columns(&out).iter().any(|&c| c > 65_535), "{out}");
    assert!(longest_line(&out) < 300);

    // convert: an OpenAPI 3 document on one line.
    let mut api = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Wide", "version": "1.0", "description": "d".repeat(70_000)},
        "servers": [{"url": "https://api.contoso.com"}],
        "paths": {"/items": {"get": {"responses": {"200": {"description": "OK", "links": {"next": {"operationId": "x"}}}}}}}
    });
    api["paths"]["/items"]["get"]["callbacks"] = serde_json::json!({"cb": {}});
    fs::write(tmp.path().join("wide.json"), api.to_string()).unwrap();
    let o = ppcert(tmp.path(), &["convert", "wide.json", "--out", "wide"]);
    let out = text(&o.stdout);
    assert!(snippet_columns(&out).iter().any(|&c| c > 65_535), "{out}");
    assert!(longest_line(&out) < 300);
}

#[test]
fn ten_megabyte_lines_print_kilobytes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certified-connectors/Wide");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("apiDefinition.swagger.json"),
        minified_definition(10_000_000),
    )
    .unwrap();
    fs::write(
        dir.join("intro.md"),
        format!("# {}\n\nText.\n", "H".repeat(10_000_000)),
    )
    .unwrap();
    let o = ppcert(tmp.path(), &["lint", "--isolated", "certified-connectors"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        snippet_columns(&out)
            .iter()
            .filter(|&&c| c > 10_000_000)
            .count()
            >= 5,
        "{out}"
    );
    assert!(out.contains("intro.md:1:1"), "{out}");
    assert!(out.len() < 100_000, "{} bytes of output", out.len());
    assert!(longest_line(&out) < 300);
}

// ------------------------------------------------------------------ SARIF

#[test]
fn convert_sarif_lists_the_convert_rule_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let input: PathBuf = Path::new(ROOT).join("tests/fixtures/convert/petstore.yaml");
    let o = ppcert(
        tmp.path(),
        &[
            "convert",
            "--format",
            "sarif",
            "--lint",
            input.to_str().unwrap(),
            "--out",
            "out",
        ],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run = &sarif["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"].as_str().unwrap().starts_with("convert-"))
    );
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = r["ruleIndex"]
            .as_u64()
            .unwrap_or_else(|| panic!("{id} has no ruleIndex"));
        assert_eq!(rules[index as usize], id);
    }
    let validator = jsonschema::validator_for(&sarif_support::sarif_schema()).unwrap();
    let errors = sarif_support::sarif_errors(&validator, &sarif);
    assert!(errors.is_empty(), "{errors:#?}");
}
