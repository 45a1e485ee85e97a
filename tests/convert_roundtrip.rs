//! The round-trip property of `ppcert convert` on the real connectors (`../shared/corpus` or
//! `$PPCERT_CORPUS`; skipped where absent): each Swagger 2.0 definition is turned into OpenAPI 3
//! here (tests/support/swagger2to3.rs), converted back with `ppcert convert`, and compared with
//! the original by `ppcert diff --format json`. A definition round-trips cleanly when diff
//! reports no finding of severity `error`. The share and the reasons for the rest are printed
//! (`cargo test --test convert_roundtrip -- --nocapture`).

#[path = "support/swagger2to3.rs"]
mod swagger2to3;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

fn definitions(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for track in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for connector in std::fs::read_dir(track.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for f in std::fs::read_dir(connector.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if f.file_name()
                    .to_string_lossy()
                    .eq_ignore_ascii_case("apiDefinition.swagger.json")
                {
                    out.push(f.path());
                }
            }
        }
    }
    out.sort();
    out
}

enum Outcome {
    /// The original is not JSON: nothing to convert.
    NotJson,
    /// `ppcert convert` refused the OpenAPI 3 document (first finding's rule).
    Refused(String),
    /// diff found no error.
    Clean,
    /// diff's error findings (rule ids).
    Breaking(Vec<String>),
    /// Something crashed.
    Crashed(String),
}

fn ppcert() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
}

fn round_trip(original: &Path) -> Outcome {
    let Ok(bytes) = std::fs::read(original) else {
        return Outcome::NotJson;
    };
    let text = String::from_utf8_lossy(&bytes);
    let Ok(sw) = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
    else {
        return Outcome::NotJson;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let input = tmp.path().join("openapi.json");
    std::fs::write(
        &input,
        serde_json::to_string_pretty(&swagger2to3::convert(&sw)).unwrap(),
    )
    .unwrap();
    let out_dir = tmp.path().join("out");
    let convert = ppcert()
        .args(["convert", "--format", "json", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&input)
        .output()
        .expect("ppcert runs");
    let stderr = String::from_utf8_lossy(&convert.stderr);
    if stderr.contains("panicked") || convert.status.code().is_none() {
        return Outcome::Crashed(format!("convert: {stderr}"));
    }
    if convert.status.code() == Some(2) {
        let report: serde_json::Value = serde_json::from_slice(&convert.stdout).unwrap_or_default();
        let rule = report["diagnostics"][0]["rule"]
            .as_str()
            .unwrap_or("?")
            .to_owned();
        return Outcome::Refused(rule);
    }
    let diff = ppcert()
        .args(["diff", "--format", "json"])
        .arg(original)
        .arg(out_dir.join("apiDefinition.swagger.json"))
        .output()
        .expect("ppcert runs");
    let stderr = String::from_utf8_lossy(&diff.stderr);
    if stderr.contains("panicked") || diff.status.code().is_none() {
        return Outcome::Crashed(format!("diff: {stderr}"));
    }
    let Ok(report) = serde_json::from_slice::<serde_json::Value>(&diff.stdout) else {
        return Outcome::Crashed(format!("diff printed no JSON: {stderr}"));
    };
    let errors: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}|{} ({})",
                d["rule"].as_str().unwrap_or("?"),
                d["message"].as_str().unwrap_or(""),
                d["value_path"].as_str().unwrap_or("")
            )
        })
        .collect();
    if errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Breaking(errors)
    }
}

#[test]
fn corpus_definitions_round_trip_through_openapi3() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let has_diff = ppcert()
        .args(["diff", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_diff {
        eprintln!("skipped: this ppcert has no `diff` command");
        return;
    }
    let defs = definitions(&dir);
    assert!(defs.len() >= 1000, "found only {} definitions", defs.len());
    let results: Vec<(PathBuf, Outcome)> = defs
        .par_iter()
        .map(|p| (p.clone(), round_trip(p)))
        .collect();
    let crashed: Vec<String> = results
        .iter()
        .filter_map(|(p, o)| match o {
            Outcome::Crashed(why) => Some(format!("{}: {why}", p.display())),
            _ => None,
        })
        .collect();
    assert!(crashed.is_empty(), "crashes:\n{}", crashed.join("\n"));

    let json: Vec<&(PathBuf, Outcome)> = results
        .iter()
        .filter(|(_, o)| !matches!(o, Outcome::NotJson))
        .collect();
    let clean = json
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Clean))
        .count();
    let mut refused: BTreeMap<&str, usize> = BTreeMap::new();
    let mut breaking_rules: BTreeMap<&str, usize> = BTreeMap::new();
    let mut breaking_defs = 0;
    for (_, o) in &json {
        match o {
            Outcome::Refused(rule) => *refused.entry(rule).or_default() += 1,
            Outcome::Breaking(rules) => {
                breaking_defs += 1;
                let mut seen: Vec<&str> = rules
                    .iter()
                    .map(|r| r.split('|').next().unwrap_or(r))
                    .collect();
                seen.sort();
                seen.dedup();
                for r in seen {
                    *breaking_rules.entry(r).or_default() += 1;
                }
            }
            _ => {}
        }
    }
    let share = clean as f64 / json.len() as f64;
    eprintln!(
        "round trip: {clean} of {} JSON definitions ({:.1} %) have no breaking change; {} are not JSON; {} refused by convert {:?}; {breaking_defs} with breaking changes, by rule (definitions): {:?}",
        json.len(),
        share * 100.0,
        results.len() - json.len(),
        refused.values().sum::<usize>(),
        refused,
        breaking_rules
    );
    for (p, o) in json
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Breaking(_)))
    {
        if let Outcome::Breaking(rules) = o {
            let first = rules[0].replacen('|', ": ", 1);
            eprintln!("  {} ({} errors), first: {first}", p.display(), rules.len());
        }
    }
    // A floor below the measured share, so a regression in convert (or diff) shows.
    assert!(
        share >= 0.80,
        "only {:.1} % round-trip cleanly",
        share * 100.0
    );
}
