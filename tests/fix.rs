//! `ppcert lint --fix`, `--diff`, `--unsafe-fixes`, `--fix-only`: the edits findings carry,
//! applied to copies of real files. Formatting elsewhere (indentation, key order, CRLF, a BOM,
//! the trailing newline) must survive byte for byte; a second `--fix` must change nothing; and on
//! the corpus, fixing never adds an error or a breaking change.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn ppcert(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn rules_found(dir: &Path, path: &str) -> Vec<String> {
    let out = ppcert(dir, &["lint", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

/// Lines of `before` and `after` that differ, as (line number, before, after).
fn changed_lines(before: &str, after: &str) -> Vec<(usize, String, String)> {
    assert_eq!(
        before.split('\n').count(),
        after.split('\n').count(),
        "a fix must not add or remove lines here"
    );
    before
        .split('\n')
        .zip(after.split('\n'))
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, a.to_owned(), b.to_owned()))
        .collect()
}

#[test]
fn fix_mends_only_the_findings_lines_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/failing"),
        &tmp.path().join("failing"),
    );
    let def = tmp.path().join(
        "failing/certified-connectors/Contoso Legacy API Connector/apiDefinition.swagger.json",
    );
    let props = tmp
        .path()
        .join("failing/independent-publisher-connectors/Bad Weather/apiProperties.json");
    let (def_before, props_before) = (
        std::fs::read_to_string(&def).unwrap(),
        std::fs::read_to_string(&props).unwrap(),
    );
    let before = rules_found(tmp.path(), "failing");
    assert!(before.iter().any(|r| r == "basepath-slash"));
    assert!(before.iter().any(|r| r == "props-brand-color-ip"));

    // --diff shows, writes nothing, exits 1.
    let out = ppcert(tmp.path(), &["lint", "--diff", "failing"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("-  \"basePath\": \"v2\",\n+  \"basePath\": \"/v2\","),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&def).unwrap(), def_before);

    let out = ppcert(tmp.path(), &["lint", "--fix", "failing"]);
    assert_eq!(out.status.code(), Some(1), "errors without fixes remain");
    let said = text(&out.stderr);
    assert!(
        said.contains("Fixed 6 findings in 2 files (basepath-slash: 1, path-param-required: 1, path-param-url-encoding: 1, props-brand-color-ip: 1, schemes-http-only: 1, swagger-valid-json: 1)."),
        "{said}"
    );
    let def_after = std::fs::read_to_string(&def).unwrap();
    // The basePath line changed, the `ws` scheme went, a path parameter became required and got
    // its encoding, the trailing comma went; every other line is as it was.
    let removed: Vec<&str> = def_before
        .lines()
        .filter(|l| !def_after.lines().any(|m| m == *l))
        .collect();
    let added: Vec<&str> = def_after
        .lines()
        .filter(|l| !def_before.lines().any(|m| m == *l))
        .collect();
    assert_eq!(
        removed,
        ["  \"basePath\": \"v2\",", "    \"https\",", "    \"ws\""],
        "{def_after}"
    );
    assert_eq!(
        added,
        [
            "  \"basePath\": \"/v2\",",
            "    \"https\"",
            "            \"type\": \"string\",",
            "            \"required\": true,",
            "            \"x-ms-url-encoding\": \"single\"",
            "  ]"
        ],
        "{def_after}"
    );
    assert_eq!(
        changed_lines(&props_before, &std::fs::read_to_string(&props).unwrap()).len(),
        1
    );
    let after = rules_found(tmp.path(), "failing");
    assert!(
        !after
            .iter()
            .any(|r| r == "basepath-slash" || r == "props-brand-color-ip")
    );
    assert_eq!(after.len(), before.len() - 6, "no finding added");
    // Idempotent.
    let out = ppcert(tmp.path(), &["lint", "--fix-only", "failing"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("Fixed nothing"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&def).unwrap(), def_after);
}

#[test]
fn crlf_bom_and_unsafe_fixes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certified-connectors/Tasks");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/certified-connectors/Contoso Tasks"),
        &dir,
    );
    let def = dir.join("apiDefinition.swagger.json");
    let original = std::fs::read_to_string(&def).unwrap();
    let broken = original
        .replacen("\"basePath\": \"/", "\"basePath\": \"", 1)
        .replacen(
            "\"summary\": \"List tasks\"",
            "\"summary\": \"List tasks.\"",
            1,
        )
        .replacen(
            "\"summary\": \"Create a task\"",
            "\"summary\": \"Create a task \"",
            1,
        )
        .replace('\n', "\r\n");
    assert_ne!(broken, original.replace('\n', "\r\n"));
    std::fs::write(&def, format!("\u{feff}{broken}")).unwrap();

    let out = ppcert(tmp.path(), &["lint", "--fix", "certified-connectors/Tasks"]);
    assert!(
        text(&out.stderr).contains("1 more finding fixable with `--fix --unsafe-fixes`"),
        "{}",
        text(&out.stderr)
    );
    let fixed = std::fs::read_to_string(&def).unwrap();
    assert!(fixed.starts_with('\u{feff}'), "the BOM stays");
    assert!(!fixed.replace("\r\n", "").contains('\n'), "CRLF stays");
    assert!(
        fixed.contains("\"summary\": \"Create a task\""),
        "trailing space: safe"
    );
    assert!(
        fixed.contains("\"summary\": \"List tasks.\""),
        "trailing period: unsafe, not applied"
    );
    let out = ppcert(
        tmp.path(),
        &[
            "lint",
            "--fix",
            "--unsafe-fixes",
            "certified-connectors/Tasks",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let fixed = std::fs::read_to_string(&def).unwrap();
    assert_eq!(fixed, format!("\u{feff}{}", original.replace('\n', "\r\n")));
}

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn errors_by_rule(dir: &Path) -> std::collections::BTreeMap<(String, String), usize> {
    let out = ppcert(dir, &["lint", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut m = std::collections::BTreeMap::new();
    for d in v["diagnostics"].as_array().unwrap() {
        if d["severity"] == "error" {
            *m.entry((
                d["connector"].as_str().unwrap().to_owned(),
                d["rule"].as_str().unwrap().to_owned(),
            ))
            .or_insert(0) += 1;
        }
    }
    m
}

#[test]
fn the_corpus_fixed_gains_no_error_stays_valid_and_fixes_once() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("corpus");
    copy_tree(&corpus, &copy);
    let before = errors_by_rule(&copy);
    let changed_definitions = |copy: &Path| -> Vec<(PathBuf, PathBuf)> {
        walk(copy)
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n == "apiDefinition.swagger.json")
            })
            .map(|p| (corpus.join(p.strip_prefix(copy).unwrap()), p))
            .filter(|(original, p)| std::fs::read(original).unwrap() != std::fs::read(p).unwrap())
            .collect()
    };

    // Safe fixes: `ppcert diff` of each changed definition against the original finds no
    // breaking change.
    let out = ppcert(&copy, &["lint", "--fix", "--format", "concise", "."]);
    eprintln!(
        "safe: {}",
        text(&out.stderr)
            .lines()
            .find(|l| l.starts_with("Fixed"))
            .unwrap_or("")
    );
    for (original, path) in changed_definitions(&copy) {
        let out = ppcert(
            &copy,
            &["diff", original.to_str().unwrap(), path.to_str().unwrap()],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            path.display(),
            text(&out.stdout)
        );
    }

    // Then the unsafe ones too.
    let out = ppcert(
        &copy,
        &[
            "lint",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "concise",
            ".",
        ],
    );
    eprintln!(
        "unsafe too: {}",
        text(&out.stderr)
            .lines()
            .find(|l| l.starts_with("Fixed"))
            .unwrap_or("")
    );
    let after = errors_by_rule(&copy);
    for (key, n) in &after {
        assert!(
            before.get(key).copied().unwrap_or(0) >= *n,
            "fixing added {key:?} errors"
        );
    }
    // Every JSON file that was strict JSON still is (some corpus files carry trailing commas,
    // which ppcert reads and fixes keep), and a second pass fixes nothing.
    let strict = |b: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b))
            .is_ok()
    };
    for path in walk(&copy) {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_ascii_lowercase();
        if name == "apidefinition.swagger.json" || name == "apiproperties.json" {
            let bytes = std::fs::read(&path).unwrap();
            let original = std::fs::read(corpus.join(path.strip_prefix(&copy).unwrap())).unwrap();
            if bytes != original && strict(&original) {
                assert!(strict(&bytes), "{} is no longer valid JSON", path.display());
            }
        }
    }
    let out = ppcert(&copy, &["lint", "--fix-only", "--unsafe-fixes", "."]);
    assert!(
        text(&out.stdout).contains("Fixed nothing"),
        "{}",
        text(&out.stdout)
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// `--diff` and `--fix-only` never exit 0 over an input they could not judge: nothing in it was
/// checked, so nothing in it was fixed.
#[test]
fn diff_and_fix_only_exit_2_on_inputs_not_judged() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    for args in [
        ["lint", "--diff", "missing"],
        ["lint", "--fix-only", "missing"],
        ["lint", "--diff", "empty"],
        ["lint", "--fix-only", "empty"],
    ] {
        let out = ppcert(tmp.path(), &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        let said = text(&out.stdout) + &text(&out.stderr);
        assert!(said.contains(args[2]), "{args:?} names the input: {said}");
        assert!(!said.to_lowercase().contains("passed"), "{said}");
    }
}
