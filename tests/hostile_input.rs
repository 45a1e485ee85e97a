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

fn findings(o: &Output) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&o.stdout), text(&o.stderr)));
    report["diagnostics"].as_array().unwrap().clone()
}

fn has(found: &[serde_json::Value], rule: &str, part: &str) -> bool {
    found
        .iter()
        .any(|d| d["rule"] == rule && d["message"].as_str().unwrap().contains(part))
}

/// The failing independent-publisher sample's definition as one line, after a first member of
/// `pad` characters, so that all its findings sit past that column.
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

// ------------------------------------------------------------------ named files

#[test]
fn a_file_named_on_the_command_line_gets_the_loaders_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    fs::create_dir_all(&dir).unwrap();
    let utf16: Vec<u8> = "{\"swagger\": \"2.0\"}"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf32: Vec<u8> = "{\"swagger\": \"2.0\"}"
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    let with_bom = [&[0xFF, 0xFE][..], &utf16].concat();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "binary",
            b"\x00\x01\x02\xff garbage \x00".to_vec(),
            "binary",
        ),
        ("utf16", utf16, "UTF-16"),
        ("utf16-bom", with_bom, "UTF-16"),
        ("utf32", utf32, "UTF-32"),
        ("nul", vec![0u8; 4096], "binary"),
    ];
    for (name, bytes, says) in &cases {
        for file in [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "script.csx",
        ] {
            let case = dir.join(name);
            fs::create_dir_all(&case).unwrap();
            fs::write(case.join(file), bytes).unwrap();
            let path = format!("c/{name}/{file}");
            let o = ppcert(
                tmp.path(),
                &["lint", "--format", "json", "--isolated", &path],
            );
            assert_eq!(o.status.code(), Some(1), "{path}: {}", text(&o.stdout));
            assert!(
                has(&findings(&o), "file-readable", says),
                "{path}: {}",
                text(&o.stdout)
            );
        }
    }
    // Over the read limit (a sparse file: nothing is written to disk).
    let big = dir.join("big");
    fs::create_dir_all(&big).unwrap();
    let f = fs::File::create(big.join("apiDefinition.swagger.json")).unwrap();
    f.set_len(33 * 1024 * 1024).unwrap();
    let o = ppcert(
        tmp.path(),
        &[
            "lint",
            "--format",
            "json",
            "c/big/apiDefinition.swagger.json",
        ],
    );
    assert!(
        has(&findings(&o), "file-readable", "MiB"),
        "{}",
        text(&o.stdout)
    );

    #[cfg(unix)]
    {
        fs::write(
            tmp.path().join("secret.json"),
            "{\"secret\": \"TOP-SECRET-VALUE\"}",
        )
        .unwrap();
        let linked = dir.join("linked");
        fs::create_dir_all(&linked).unwrap();
        std::os::unix::fs::symlink(
            tmp.path().join("secret.json"),
            linked.join("apiDefinition.swagger.json"),
        )
        .unwrap();
        std::os::unix::fs::symlink("/dev/zero", linked.join("apiProperties.json")).unwrap();
        for file in ["apiDefinition.swagger.json", "apiProperties.json"] {
            let path = format!("c/linked/{file}");
            let o = ppcert(tmp.path(), &["lint", "--format", "json", &path]);
            assert_eq!(o.status.code(), Some(1), "{path}");
            assert!(
                has(
                    &findings(&o),
                    "file-readable",
                    "outside the connector folder"
                ),
                "{path}: {}",
                text(&o.stdout)
            );
            assert!(!text(&o.stdout).contains("TOP-SECRET"));
        }
        // A device named directly is not a connector.
        let o = ppcert(tmp.path(), &["lint", "/dev/zero"]);
        assert_eq!(o.status.code(), Some(2));
    }
}

#[test]
fn settings_json_naming_bad_files_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("binary.json"), b"\x00\x01garbage").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.json")).unwrap();
    for (entry, says) in [
        ("missing.json", "does not exist"),
        ("binary.json", "binary"),
        #[cfg(unix)]
        ("zero.json", "outside the connector folder"),
    ] {
        fs::write(
            dir.join("settings.json"),
            format!("{{\"apiDefinition\": \"{entry}\"}}"),
        )
        .unwrap();
        let o = ppcert(tmp.path(), &["lint", "--format", "json", "c/settings.json"]);
        assert_eq!(o.status.code(), Some(1), "{entry}: {}", text(&o.stdout));
        assert!(
            has(&findings(&o), "file-readable", says),
            "{entry}: {}",
            text(&o.stdout)
        );
    }
}

// ------------------------------------------------------------------ settings.json entries

#[test]
fn settings_entries_never_read_outside_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("private");
    fs::create_dir_all(&secret).unwrap();
    let secret_def = "{\"swagger\": \"2.0\",\n\"info\": TOP-SECRET-LINE\n}";
    fs::write(secret.join("apiDefinition.swagger.json"), secret_def).unwrap();
    let dir = tmp.path().join("repo/c");
    fs::create_dir_all(&dir).unwrap();
    let absolute = secret.join("apiDefinition.swagger.json");
    let settings = format!(
        "{{\n  \"apiDefinition\": \"../../private/apiDefinition.swagger.json\",\n  \"apiProperties\": {}\n}}\n",
        serde_json::Value::from(absolute.to_string_lossy().into_owned())
    );
    fs::write(dir.join("settings.json"), settings).unwrap();
    for format in ["full", "concise", "json", "sarif", "github"] {
        let o = ppcert(&dir, &["lint", "--format", format, "settings.json"]);
        assert_eq!(o.status.code(), Some(1), "{format}: {}", text(&o.stdout));
        let all = text(&o.stdout) + &text(&o.stderr);
        assert!(
            !all.contains("TOP-SECRET"),
            "{format} printed the outside file:\n{all}"
        );
        assert!(all.contains("outside the connector"), "{format}: {all}");
    }
    let o = ppcert(&dir, &["lint", "--format", "json", "settings.json"]);
    let located: Vec<(u64, u64)> = findings(&o)
        .iter()
        .filter(|d| d["rule"] == "file-readable")
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(located, vec![(2, 20), (3, 20)]);
}

// ------------------------------------------------------------------ option files

#[test]
fn option_files_are_bounded_and_errors_do_not_repeat_huge_values() {
    let tmp = tempfile::tempdir().unwrap();
    let samples = Path::new(ROOT).join("samples");
    let samples = samples.to_str().unwrap();
    #[cfg(unix)]
    for args in [
        vec!["lint", "--config", "/dev/zero", samples],
        vec!["lint", "--baseline", "/dev/zero", samples],
        vec!["diff", "--config", "/dev/zero", samples, samples],
        vec!["convert", "/dev/zero", "--out", "out"],
    ] {
        let o = ppcert(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o.stderr));
        let err = text(&o.stderr) + &text(&o.stdout);
        assert!(err.contains("a device"), "{args:?}: {err}");
    }
    // Too large: refused before reading.
    let big = tmp.path().join("big.toml");
    fs::File::create(&big)
        .unwrap()
        .set_len(2 * 1024 * 1024)
        .unwrap();
    let o = ppcert(tmp.path(), &["lint", "--config", "big.toml", samples]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("over the 1 MiB"),
        "{}",
        text(&o.stderr)
    );

    // Bad values are quoted, not repeated whole.
    let huge = "x".repeat(900_000);
    fs::write(
        tmp.path().join("bad.toml"),
        format!("select = [\"{huge}\"]\n"),
    )
    .unwrap();
    fs::write(
        tmp.path().join("bad2.toml"),
        format!("profile = [\"{huge}\"]\n"),
    )
    .unwrap();
    let baseline = format!("{{\"version\": 1, \"tool\": \"t\", \"findings\": \"{huge}\"}}");
    fs::write(tmp.path().join("baseline.json"), baseline).unwrap();
    for args in [
        vec!["lint", "--config", "bad.toml", samples],
        vec!["lint", "--config", "bad2.toml", samples],
        vec!["lint", "--baseline", "baseline.json", samples],
        vec!["lint", "--select", &huge[..100_000], samples],
    ] {
        let o = ppcert(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
        assert!(
            o.stderr.len() < 10_000,
            "{} bytes of error for {:?}",
            o.stderr.len(),
            &args[..2]
        );
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().unwrap().success();
    assert!(ok, "mkfifo");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_explicitly_is_read_and_one_in_the_output_folder_never_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    // `--config <(...)`: read, and its settings apply.
    let fifo = tmp.path().join("config.fifo");
    mkfifo(&fifo);
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        fs::write(writer_path, "ignore = [\"ALL\"]\n").unwrap();
    });
    let samples = Path::new(ROOT).join("samples/failing");
    let o = ppcert(
        tmp.path(),
        &["lint", "--config", "config.fifo", samples.to_str().unwrap()],
    );
    writer.join().unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );

    // `convert --force` into a folder where a FIFO sits in place of a connector file.
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    mkfifo(&out.join("apiDefinition.swagger.json"));
    let input = Path::new(ROOT).join("tests/fixtures/convert/petstore.yaml");
    let o = ppcert(
        tmp.path(),
        &[
            "convert",
            input.to_str().unwrap(),
            "--out",
            "out",
            "--force",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("not a regular file"),
        "{}",
        text(&o.stderr)
    );
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

// ------------------------------------------------------------------ diff bounds

#[test]
fn diff_says_where_it_stopped() {
    let fixtures = Path::new(ROOT).join("tests/fixtures/diff-limit-reached");
    for case in ["fail-depth", "fail-shared-schemas", "fail-all-of-chain"] {
        let dir = fixtures.join(case);
        let o = ppcert(&dir, &["diff", "--format", "json", "old.json", "new.json"]);
        assert!(
            has(
                &findings(&o),
                "diff-limit-reached",
                "the comparison stopped at"
            ),
            "{case}: {}",
            text(&o.stdout)
        );
        let o = ppcert(&dir, &["diff", "old.json", "new.json"]);
        assert!(
            !text(&o.stdout).contains("No changes that affect existing flows"),
            "{case}"
        );
    }
}

// ------------------------------------------------------------------ found by tests/fuzz.rs

/// An invalid value 30 schemas down: openapiv3's untagged enums retried every variant at every
/// level above it, doubling the time per level (found by the fuzz harness as a hang), in a
/// component schema and in the schema of a parameter whose name starts with `x-`.
#[test]
fn convert_finds_a_bad_schema_deep_down_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let mut schema = serde_json::json!("not a schema");
    for _ in 0..30 {
        schema = serde_json::json!({"type": "object", "properties": {"p": schema}});
    }
    let deepest = "/properties/p".repeat(30);
    let parameter = serde_json::json!({"name": "x-token", "in": "header", "schema": schema});
    for (components, pointer) in [
        (
            serde_json::json!({"schemas": {"Deep": schema}}),
            format!("/components/schemas/Deep{deepest}"),
        ),
        (
            serde_json::json!({"parameters": {"x-token": parameter}}),
            format!("/components/parameters/x-token/schema{deepest}"),
        ),
    ] {
        let api = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "Deep", "version": "1.0"},
            "servers": [{"url": "https://api.contoso.com"}],
            "paths": {},
            "components": components
        });
        fs::write(tmp.path().join("deep.json"), api.to_string()).unwrap();
        let o = ppcert(
            tmp.path(),
            &[
                "convert",
                "--format",
                "json",
                "deep.json",
                "--out",
                "out",
                "--force",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        assert!(
            findings(&o)
                .iter()
                .any(|d| d["rule"] == "convert-invalid-element" && d["pointer"] == pointer),
            "{pointer}: {}",
            text(&o.stdout)
        );
    }
}

/// A NUL byte 800 KB into a script passed as text: only the first 64 KiB were searched.
#[test]
fn a_nul_far_into_a_text_file_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("apiDefinition.swagger.json"),
        r#"{"swagger": "2.0", "info": {"title": "Nul", "version": "1.0"}, "paths": {}}"#,
    )
    .unwrap();
    let mut script = "// comment\n".repeat(80_000).into_bytes();
    script.push(0);
    fs::write(dir.join("script.csx"), &script).unwrap();
    let o = ppcert(tmp.path(), &["lint", "--format", "json", "--isolated", "c"]);
    assert!(
        has(&findings(&o), "file-readable", "binary"),
        "{}",
        text(&o.stdout)
    );
}
