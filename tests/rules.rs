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

use ppcert::connector::{Connector, Profile, discover};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use ppcert::rules::{self, LintKind};
use std::path::Path;

fn profile_for(case: &str, rule: &rules::RuleMeta) -> Profile {
    match case.rsplit_once('@').map(|(_, p)| p) {
        Some("certified") => Profile::Certified,
        Some("ip") => Profile::IndependentPublisher,
        Some("custom") => Profile::Custom,
        _ => rule.profiles[0],
    }
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
        let findings = lint_case(&case_dir, &entry.meta, profile);
        if case.starts_with("fail") && findings.is_empty() {
            failures.push(format!("{id}/{case}: expected findings, got none"));
        }
        if case.starts_with("pass") && !findings.is_empty() {
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

/// Every rule that lint reports has a failing and a passing fixture.
#[test]
fn every_linted_rule_has_fixtures() {
    let mut missing = Vec::new();
    for r in rules::all()
        .iter()
        .filter(|r| r.check.is_some() && r.meta.is_linted())
    {
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
