//! Files named on the command line: each kind is linted with its own rules, a file ppcert does
//! not understand is said to be so (exit 2), and a named file goes through the same checks as in
//! its folder — including the files a paconn `settings.json` names.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn ppcert(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The findings of a `--format json` run, as (rule, file, line, column, message).
fn findings(o: &Output) -> Vec<(String, String, u64, u64, String)> {
    let report: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const DEFINITION: &str = r#"{"swagger": "2.0", "info": {"title": "Named", "version": "1.0"}, "host": "api.contoso.com", "paths": {}}"#;

#[test]
fn files_ppcert_does_not_understand_are_refused_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("solution.zip"),
        b"PK\x03\x04\x14\x00\x00\x00 not a connector",
    )
    .unwrap();
    // A zip is read as a solution or package: one that cannot be opened is a located error.
    let o = ppcert(tmp.path(), &["lint", "solution.zip", "--format", "concise"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).starts_with("solution.zip:1:1: error[zip-readable]"),
        "{}",
        stdout(&o)
    );
    assert_eq!(stdout(&o).matches("error[").count(), 1, "{}", stdout(&o));
    fs::write(tmp.path().join("logo.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    fs::write(tmp.path().join("notes.txt"), "hello").unwrap();
    fs::write(tmp.path().join("openapi.yaml"), "openapi: 3.0.0\n").unwrap();
    for (file, says) in [
        ("logo.png", "not a connector file"),
        ("notes.txt", "not a connector file"),
        ("openapi.yaml", "ppcert convert"),
    ] {
        let o = ppcert(tmp.path(), &["lint", file]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{file}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            stderr(&o).contains(&format!("`{file}` is not a connector file")),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
    // Next to a good connector, a broken zip still makes the run fail, with its finding.
    fs::create_dir_all(tmp.path().join("good")).unwrap();
    fs::write(
        tmp.path().join("good/apiDefinition.swagger.json"),
        DEFINITION,
    )
    .unwrap();
    let o = ppcert(tmp.path(), &["lint", "good", "solution.zip"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("zip-readable"), "{}", stdout(&o));
    // A zip under a definition's name is read, found binary and reported: it never passes.
    fs::copy(
        tmp.path().join("solution.zip"),
        tmp.path().join("solution.json"),
    )
    .unwrap();
    let o = ppcert(tmp.path(), &["lint", "--format", "json", "solution.json"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        findings(&o)
            .iter()
            .any(|f| f.0 == "file-readable" && f.4.contains("binary"))
    );
    // diff too.
    let o = ppcert(
        tmp.path(),
        &["diff", "solution.zip", "good/apiDefinition.swagger.json"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ppcert diff does not compare"),
        "{}",
        stderr(&o)
    );
}

/// A connector folder under `certified-connectors/` holding the given files.
fn certified(root: &Path, files: &[(&str, &[u8])]) -> std::path::PathBuf {
    let dir = root.join("certified-connectors/Named");
    fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).unwrap();
    }
    dir
}

#[test]
fn readme_intro_script_icon_and_properties_named_alone_get_their_own_rules() {
    let tmp = tempfile::tempdir().unwrap();
    certified(
        tmp.path(),
        &[
            ("readme.md", b""),
            ("intro.md", b"# Contoso\n\nNothing else.\n"),
            (
                "script.csx",
                b"public class Script : ScriptBase { public override async Task<HttpResponseMessage> ExecuteAsync() { var c = new HttpClient(); return null; } }\n",
            ),
            ("icon.png", b"GIF89a not a png"),
            ("apiProperties.json", b"{\"properties\": {}}"),
        ],
    );
    let expect = [
        ("readme.md", "readme-"),
        ("intro.md", "intro-structure"),
        ("script.csx", "script-no-new-httpclient"),
        ("icon.png", "icon-required-certified"),
        ("apiProperties.json", "props-"),
    ];
    for (file, rule) in expect {
        let path = format!("certified-connectors/Named/{file}");
        let o = ppcert(
            tmp.path(),
            &["lint", "--format", "json", "--isolated", &path],
        );
        let found = findings(&o);
        assert!(
            found.iter().any(|f| f.0.starts_with(rule)),
            "{file}: expected a `{rule}` finding, got {found:?}"
        );
        // Never parsed as a definition, and only the named file is judged.
        assert!(
            found.iter().all(|f| f.1.ends_with(file)),
            "{file}: findings about other files: {found:?}"
        );
        assert!(
            !found
                .iter()
                .any(|f| f.0.starts_with("swagger-") || f.0 == "json-valid"),
            "{file}: read as a definition: {found:?}"
        );
    }
    // diff compares definitions only: a readme named as one side is refused, not compared with
    // the definition next to it.
    let readme = "certified-connectors/Named/readme.md";
    let o = ppcert(tmp.path(), &["diff", readme, readme]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("is not a connector definition"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_settings_entry_naming_a_missing_file_is_reported_at_the_entry() {
    let tmp = tempfile::tempdir().unwrap();
    let settings = "{\n  \"apiProperties\": \"apiProperties.json\",\n  \"apiDefinition\": \"apiDefinitoin.swagger.json\"\n}\n";
    let dir = certified(
        tmp.path(),
        &[
            ("settings.json", settings.as_bytes()),
            ("apiProperties.json", b"{\"properties\": {}}"),
        ],
    );
    let o = ppcert(
        &dir,
        &["lint", "--format", "json", "--isolated", "settings.json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let found = findings(&o);
    let missing = found
        .iter()
        .find(|f| f.0 == "file-readable")
        .unwrap_or_else(|| panic!("no file-readable finding: {found:?}"));
    assert_eq!(
        (missing.1.as_str(), missing.2, missing.3),
        ("settings.json", 3, 20)
    );
    assert!(
        missing
            .4
            .contains("`apiDefinitoin.swagger.json`, which does not exist"),
        "{}",
        missing.4
    );
    // The entries that are fine are still linted.
    assert!(
        found.iter().any(|f| f.1 == "apiProperties.json"),
        "{found:?}"
    );
}
