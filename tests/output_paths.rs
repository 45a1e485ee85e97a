//! Paths in every output format are relative, with forward slashes, on every platform: what the
//! SARIF spec, GitHub's annotations and the documentation promise. On Windows (the release
//! workflow runs this suite on windows-latest) a path built with `Path::display` would show
//! backslashes here; an input named with backslashes must come out the same.

use std::process::Command;

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn assert_relative_slashed(where_: &str, path: &str) {
    assert!(!path.contains('\\'), "{where_}: backslash in `{path}`");
    assert!(!path.starts_with('/'), "{where_}: absolute `{path}`");
    let bytes = path.as_bytes();
    assert!(
        !(bytes.len() > 1 && bytes[1] == b':'),
        "{where_}: drive letter in `{path}`"
    );
    assert!(path.starts_with("samples/failing/"), "{where_}: `{path}`");
}

#[test]
fn every_format_writes_relative_forward_slash_paths() {
    let inputs: &[&str] = if cfg!(windows) {
        &["samples\\failing", "samples/failing"]
    } else {
        &["samples/failing"]
    };
    for input in inputs {
        let json: serde_json::Value =
            serde_json::from_str(&run(&["lint", "--format", "json", input])).unwrap();
        let diags = json["diagnostics"].as_array().unwrap();
        assert!(!diags.is_empty());
        for d in diags {
            assert_relative_slashed("json", d["file"].as_str().unwrap());
        }

        let sarif: serde_json::Value =
            serde_json::from_str(&run(&["lint", "--format", "sarif", input])).unwrap();
        for r in sarif["runs"][0]["results"].as_array().unwrap() {
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert_relative_slashed("sarif", uri);
        }

        for line in run(&["lint", "--format", "github", input]).lines() {
            if let Some(rest) = line
                .strip_prefix("::error file=")
                .or(line.strip_prefix("::warning file="))
            {
                assert_relative_slashed("github", rest.split(',').next().unwrap());
            }
        }

        for line in run(&["lint", "--format", "concise", input]).lines() {
            if line.starts_with("samples") {
                let file = line.split(".json:").next().unwrap();
                assert_relative_slashed("concise", file);
            }
        }
    }
}
