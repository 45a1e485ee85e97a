//! Fixture tests for every rule, in the style of ruff's.
//!
//! `tests/fixtures/<rule-id>/<case>/` is a connector folder (or a folder holding connector folders).
//! Each case is linted with only that rule selected:
//! - a case named `fail*` must produce at least one finding of the rule,
//! - a case named `pass*` must produce none,
//!
//! and its findings are snapshotted in `tests/snapshots/`. A `@certified`, `@ip` or `@custom`
//! suffix on the case name sets the profile; otherwise it is the first profile the rule applies to.
//! Run with `INSTA_UPDATE=always` to write new snapshots, then review them.
//!
//! Diff rules (`ppcert diff`) have the same layout, but each case holds two definitions,
//! `old.json` and `new.json`, compared with only that rule selected:
//! - a `fail*` case must produce at least one finding of the rule at the rule's severity,
//! - a `pass*` case (an acceptable variant of the change) must produce none at that severity;
//!   findings of lower severity (say, info for an input that carries a default) are allowed and
//!   snapshotted.
//!
//! A `@lenient` suffix reads the change as `--lenient` does; suffixes combine (`fail@ip@lenient`).

use ppcert::connector::{Connector, FileProblem, Profile, discover};
use ppcert::diff::source::{Comparison, compare, read_definition};
use ppcert::diff::{DiffRuleSet, Reading};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use ppcert::rules::{self, LintKind};
use std::path::Path;

fn profile_for(case: &str, rule: &rules::RuleMeta) -> Profile {
    let suffixes: Vec<&str> = case.split('@').skip(1).collect();
    if suffixes.contains(&"certified") {
        Profile::Certified
    } else if suffixes.contains(&"ip") {
        Profile::IndependentPublisher
    } else if suffixes.contains(&"custom") {
        Profile::Custom
    } else {
        rule.profiles[0]
    }
}

fn reading_for(case: &str) -> Reading {
    if case.split('@').skip(1).any(|s| s == "lenient") {
        Reading::Lenient
    } else {
        Reading::Validator
    }
}

/// Compares `old.json` with `new.json`; returns the snapshot text and how many findings have the
/// rule's own severity in that reading.
fn diff_case(case_dir: &Path, rule: &rules::RuleMeta, case: &str) -> (String, usize) {
    let selector = RuleSelector::new(Some(vec![rule.id.to_owned()]), vec![]).unwrap();
    let set = DiffRuleSet::new(&selector);
    let reading = reading_for(case);
    let mut problems: Vec<FileProblem> = Vec::new();
    let comparison = Comparison {
        connector: case_dir.display().to_string(),
        profile: profile_for(case, rule),
        old: Some(read_definition(&case_dir.join("old.json"), &mut problems)),
        new: read_definition(&case_dir.join("new.json"), &mut problems),
        problems,
    };
    let outcome = compare(&comparison, &set, reading);
    let full = match reading {
        Reading::Validator => rule.severity,
        Reading::Lenient => rule.lenient.unwrap_or(rule.severity),
    };
    let prefix = format!("{}/", case_dir.display());
    let mut out = String::new();
    let mut at_full = 0;
    for d in &outcome.diagnostics {
        let file = d.file.strip_prefix(&prefix).unwrap_or(&d.file);
        out += &format!(
            "{file}:{}:{} {}[{}] {} {}\n    ValuePath: {}\n",
            d.line,
            d.column,
            d.severity,
            d.rule,
            d.pointer,
            d.message,
            d.value_path.as_deref().unwrap_or("-")
        );
        at_full += usize::from(d.rule == rule.id && d.severity == full);
    }
    if let Some(note) = outcome.note {
        out += &format!("note: {note}\n");
    }
    (out, at_full)
}

fn lint_case(case_dir: &Path, rule: &rules::RuleMeta, profile: Profile) -> String {
    let selector = RuleSelector::new(Some(vec![rule.id.to_owned()]), vec![]).unwrap();
    let set = RuleSet::new(&selector);
    let prefix = format!("{}/", case_dir.display());
    let mut out = String::new();
    for target in discover(case_dir).unwrap_or_default() {
        let connector = Connector::load(&target, Some(profile));
        for d in lint(&connector, &set) {
            let file = d.file.strip_prefix(&prefix).unwrap_or(&d.file);
            out += &format!(
                "{file}:{}:{} {}[{}] {} {}\n",
                d.line, d.column, d.severity, d.rule, d.pointer, d.message
            );
        }
    }
    out
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .flatten()
        .flat_map(|rule_dir| {
            std::fs::read_dir(rule_dir.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|case| case.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    for case_dir in cases {
        let case = case_dir.file_name().unwrap().to_str().unwrap().to_owned();
        let id = case_dir
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let Some(entry) = rules::find(&id) else {
            failures.push(format!("{id}: fixtures for an unknown rule"));
            continue;
        };
        let profile = profile_for(&case, &entry.meta);
        let (findings, failing) = if entry.meta.lint == LintKind::Diff {
            diff_case(&case_dir, &entry.meta, &case)
        } else {
            let findings = lint_case(&case_dir, &entry.meta, profile);
            let n = usize::from(!findings.is_empty());
            (findings, n)
        };
        if case.starts_with("fail") && failing == 0 {
            failures.push(format!(
                "{id}/{case}: expected findings at the rule's severity, got:\n{findings}"
            ));
        }
        if case.starts_with("pass") && failing > 0 {
            failures.push(format!(
                "{id}/{case}: expected no findings, got:\n{findings}"
            ));
        }
        let name = format!("{id}@{case}");
        let snapshot = std::panic::catch_unwind(|| {
            insta::with_settings!({snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false, omit_expression => true}, {
                insta::assert_snapshot!(name, findings);
            });
        });
        if snapshot.is_err() {
            failures.push(format!("{id}/{case}: snapshot differs (see above)"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule that lint or diff reports has a failing and a passing fixture.
#[test]
fn every_implemented_rule_has_fixtures() {
    let mut missing = Vec::new();
    for r in rules::all().iter().filter(|r| r.is_implemented()) {
        let dir = Path::new("tests/fixtures").join(r.meta.id);
        let cases: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if !cases.iter().any(|c| c.starts_with("fail"))
            || !cases.iter().any(|c| c.starts_with("pass"))
        {
            missing.push(r.meta.id);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a fail and a pass fixture: {missing:?}"
    );
}

/// Every static or heuristic catalogue rule is implemented, except the certification-package
/// rules (`pkg`), which belong to a later command.
#[test]
fn every_checkable_rule_is_implemented() {
    let missing: Vec<&str> = rules::all()
        .iter()
        .filter(|r| matches!(r.meta.lint, LintKind::Static | LintKind::Heuristic))
        .filter(|r| r.meta.file != ppcert::connector::FileKind::Pkg && r.check.is_none())
        .map(|r| r.meta.id)
        .collect();
    assert!(
        missing.is_empty(),
        "{} rules not implemented: {missing:?}",
        missing.len()
    );
}

/// Every rule of the breaking-change reference (34) is implemented as a diff rule.
#[test]
fn every_diff_rule_is_implemented() {
    let diff: Vec<&str> = rules::all()
        .iter()
        .filter(|r| r.meta.lint == LintKind::Diff && r.meta.evidence.starts_with("CC-"))
        .map(|r| r.meta.id)
        .collect();
    assert_eq!(diff.len(), 34, "{diff:?}");
    let missing: Vec<&&str> = diff
        .iter()
        .filter(|id| rules::find(id).is_none_or(|r| r.diff.is_none()))
        .collect();
    assert!(
        missing.is_empty(),
        "diff rules not implemented: {missing:?}"
    );
}

/// Heuristic rules never report more than a warning.
#[test]
fn heuristic_rules_default_to_warning_at_most() {
    for r in rules::all()
        .iter()
        .filter(|r| r.meta.lint == LintKind::Heuristic)
    {
        assert!(
            r.meta.severity <= ppcert::diagnostic::Severity::Warning,
            "{}",
            r.meta.id
        );
    }
}
