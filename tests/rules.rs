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

use ppcert::connector::{Connector, FileKind, FileProblem, Profile, discover, load_json};
use ppcert::diff::source::{Comparison, compare, read_definition};
use ppcert::diff::{DiffRuleSet, Reading};
use ppcert::lint::{RuleSelector, RuleSet, lint};
use ppcert::rules::{self, LintKind};
use std::path::Path;

/// Folders of `tests/fixtures/` that hold shared inputs rather than one rule's cases:
/// `solutions/` holds the solution-zip base trees (see its README.md).
const NOT_RULE_FIXTURES: [&str; 1] = ["solutions"];

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
        // Cases of apiProperties rules hold old.props.json and new.props.json.
        props: match (
            case_dir.join("old.props.json").exists(),
            case_dir.join("new.props.json").exists(),
        ) {
            (true, true) => Some((
                load_json(
                    &case_dir.join("old.props.json"),
                    case_dir,
                    FileKind::Props,
                    &mut problems,
                ),
                load_json(
                    &case_dir.join("new.props.json"),
                    case_dir,
                    FileKind::Props,
                    &mut problems,
                ),
            )),
            _ => None,
        },
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

/// Applies the rule's fixes (safe and unsafe) to a case, in memory, as `lint --fix
/// --unsafe-fixes --diff` does: returns the snapshot text (the unified diffs, then what the rule
/// still finds) and the problems seen. Each fixed JSON file must still parse, the rule must find
/// fewer problems, and none it still finds may carry a fix (the loop would have applied it).
fn fix_case(case_dir: &Path, rule: &rules::RuleMeta, profile: Profile) -> (String, Vec<String>) {
    use ppcert::workspace::{ConfigSource, Request, fixing};
    let request = Request {
        paths: vec![case_dir.to_path_buf()],
        rules: ppcert::config::RuleSettings {
            select: Some(vec![rule.id.to_owned()]),
            profile: Some(profile),
            ..Default::default()
        },
        config: ConfigSource::Isolated,
        ..Default::default()
    };
    let mut problems = Vec::new();
    // The fixes offered, each with its applicability, which the rule's metadata must declare.
    let mut offered = std::collections::BTreeSet::new();
    if let Ok(run) = ppcert::workspace::LintRun::plan(&request) {
        for (_, linted) in run.run_keeping() {
            for fix in linted.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
                let kind = fix.applicability.as_str();
                if kind != "display-only" && !rule.fixable.contains(kind) {
                    problems.push(format!(
                        "offers a {kind} fix but says `fixable = {:?}`",
                        rule.fixable
                    ));
                }
                offered.insert(format!("{kind}: {}", fix.title));
            }
        }
    }
    let fixed = match fixing::fix(&request, true, false) {
        Ok(f) => f,
        Err(e) => return (String::new(), vec![format!("fix failed: {}", e.0)]),
    };
    if fixed.count() == 0 {
        return (String::new(), problems);
    }
    let prefix = format!("{}/", case_dir.display());
    let mut out = String::new();
    for fix in &offered {
        out += &format!("fix ({fix})\n");
    }
    for (path, display, before, after) in &fixed.files {
        let name = display.strip_prefix(&prefix).unwrap_or(display);
        out += &ppcert::fix::unified_diff(name, before, after);
        let json = path.extension().is_some_and(|e| e == "json");
        if json
            && serde_json::from_str::<serde_json::Value>(after.trim_start_matches('\u{feff}'))
                .is_err()
        {
            problems.push(format!("{name}: not valid JSON after the fix"));
        }
    }
    // What the rule finds on the fixed texts.
    let overlay = ppcert::workspace::Overlay::new(
        fixed
            .files
            .iter()
            .map(|(p, _, _, after)| (p.clone(), after.clone().into_bytes())),
    );
    let again = Request { overlay, ..request };
    let run = match ppcert::workspace::LintRun::plan(&again) {
        Ok(r) => r,
        Err(e) => return (out, vec![format!("relint failed: {}", e.0)]),
    };
    let before = lint_case(case_dir, rule, profile).lines().count();
    let mut remaining = 0;
    out += "--- after the fixes ---\n";
    for (_, linted) in run.run_keeping() {
        for d in linted.diagnostics.iter().filter(|d| d.rule == rule.id) {
            remaining += 1;
            let file = d.file.strip_prefix(&prefix).unwrap_or(&d.file);
            out += &format!("{file}:{}:{} {}\n", d.line, d.column, d.message);
            if d.fix.is_some() {
                problems.push(format!("{file}:{}: a finding still carries a fix", d.line));
            }
        }
    }
    if remaining >= before {
        problems.push(format!("the fixes left {remaining} of {before} findings"));
    }
    (out, problems)
}

#[test]
fn rule_fixtures() {
    let mut failures = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .flatten()
        .filter(|dir| !NOT_RULE_FIXTURES.contains(&dir.file_name().to_str().unwrap_or("")))
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
    let mut fixed_rules = std::collections::BTreeSet::new();
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
        if entry.meta.lint != LintKind::Diff && case.starts_with("fail") {
            let (fixes, problems) = fix_case(&case_dir, &entry.meta, profile);
            failures.extend(problems.iter().map(|p| format!("{id}/{case}: {p}")));
            if !fixes.is_empty() {
                fixed_rules.insert(id.clone());
                let fix_name = format!("{name}.fix");
                let snapshot = std::panic::catch_unwind(|| {
                    insta::with_settings!({snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false, omit_expression => true}, {
                        insta::assert_snapshot!(fix_name, fixes);
                    });
                });
                if snapshot.is_err() {
                    failures.push(format!("{id}/{case}: fix snapshot differs (see above)"));
                }
            }
        }
        let snapshot = std::panic::catch_unwind(|| {
            insta::with_settings!({snapshot_path => "snapshots/rules", prepend_module_to_snapshot => false, omit_expression => true}, {
                insta::assert_snapshot!(name, findings);
            });
        });
        if snapshot.is_err() {
            failures.push(format!("{id}/{case}: snapshot differs (see above)"));
        }
    }
    // A rule that says it fixes shows a fix on one of its fixtures, and only such rules fix.
    for r in rules::all().iter().filter(|r| r.check.is_some()) {
        let says = !r.meta.fixable.is_empty();
        if says != fixed_rules.contains(r.meta.id) {
            failures.push(format!(
                "{}: `fixable = {:?}` but its fail fixtures {} fixed",
                r.meta.id,
                r.meta.fixable,
                if says { "are not" } else { "are" }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every rule that lint or diff reports on a connector has a failing and a passing fixture.
/// Rules on solutions, packages and their archives (file `zip`, `pkg`, `solution`, `flow`,
/// `secret`) take inputs built in memory and are tested in `tests/solution_rules.rs` and the
/// other solution test files, not here.
#[test]
fn every_implemented_rule_has_fixtures() {
    let mut missing = Vec::new();
    // Rules on solutions (file = zip/pkg/solution/flow/secret) are tested in their own files.
    for r in rules::all()
        .iter()
        .filter(|r| r.is_implemented() && r.solution.is_none())
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

/// Every static or heuristic catalogue rule is implemented, except the older planned
/// certification-package rules (`pkg`) that no check covers yet.
#[test]
fn every_checkable_rule_is_implemented() {
    let missing: Vec<&str> = rules::all()
        .iter()
        .filter(|r| matches!(r.meta.lint, LintKind::Static | LintKind::Heuristic))
        .filter(|r| r.meta.file != ppcert::connector::FileKind::Pkg && !r.is_implemented())
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

// ------------------------------------------------------------ one problem, one finding

/// Pairs of rules that may report at the same place because they judge different problems there,
/// each with the reason. Any other pair meeting at one place reports one problem twice: give the
/// problem to one of them.
const DIFFERENT_PROBLEMS_AT_ONE_PLACE: &[(&str, &str, &str)] = &[
    (
        "no-product-names-in-strings",
        "operation-description-required",
        "a product name in the text; the sentence's ending",
    ),
    (
        "operation-deprecation",
        "operation-description-required",
        "the text does not say the operation is deprecated; the sentence's ending",
    ),
    (
        "operation-deprecation",
        "operation-summary-charset-strict",
        "the text does not say the operation is deprecated; characters in it",
    ),
    (
        "operation-deprecation",
        "operation-summary-trailing",
        "the text does not say the operation is deprecated; its last character",
    ),
    (
        "operation-deprecation",
        "summary-description-differ",
        "the text does not say the operation is deprecated; it repeats the summary",
    ),
    (
        "operation-description-required",
        "summary-description-differ",
        "the sentence's ending; it repeats the summary",
    ),
    (
        "operation-description-required",
        "swagger-strings-english",
        "the sentence's ending; a character or word inside it",
    ),
    (
        "output-on-200-or-201",
        "response-schema-exact",
        "the status code carrying the output; the schema's content",
    ),
    (
        "response-schema-exact",
        "single-response-schema",
        "the schema's content; how many responses have one",
    ),
    (
        "settings-not-submitted",
        "settings-schema",
        "the value is environment-specific; its format",
    ),
    (
        "summary-description-differ",
        "swagger-strings-english",
        "it repeats the summary; a character or word inside it",
    ),
    (
        "swagger-ref-targets",
        "visibility-values",
        "a key next to `$ref`; its value",
    ),
    (
        "operation-deprecation",
        "summary-not-identifier",
        "the text does not say the operation is deprecated; the text is an identifier",
    ),
    (
        "description-repeats-name",
        "swagger-strings-english",
        "it only repeats the name; a character or word inside it",
    ),
    (
        "string-whitespace",
        "summary-description-differ",
        "spaces in the text; it repeats the summary",
    ),
    (
        "string-whitespace",
        "swagger-strings-english",
        "spaces in the text; a character or word inside it",
    ),
    (
        "operation-deprecation",
        "string-whitespace",
        "the text does not say the operation is deprecated; spaces in it",
    ),
    (
        "description-length",
        "string-whitespace",
        "its length; spaces in it",
    ),
    (
        "description-sentence-case",
        "string-whitespace",
        "its first letter; spaces in it",
    ),
    (
        "param-summary-required",
        "string-whitespace",
        "its length; spaces in it",
    ),
    (
        "description-repeats-name",
        "string-whitespace",
        "it only repeats the name; spaces in it",
    ),
    (
        "response-property-strings",
        "string-whitespace",
        "its casing; spaces in it",
    ),
    (
        "description-sentence-case",
        "swagger-strings-english",
        "its first letter; a character inside it",
    ),
    (
        "description-sentence-case",
        "summary-description-differ",
        "its first letter; it repeats the summary",
    ),
    (
        "spelling",
        "string-whitespace",
        "a misspelt word; spaces in the text",
    ),
    (
        "spelling",
        "summary-description-differ",
        "a misspelt word; it repeats the summary",
    ),
    (
        "description-sentence-case",
        "spelling",
        "its first letter; a misspelt word",
    ),
    (
        "spelling",
        "swagger-strings-english",
        "a misspelt word; a character inside it",
    ),
    (
        "operation-deprecation",
        "spelling",
        "the text does not say the operation is deprecated; a misspelt word",
    ),
    (
        "description-no-product-names",
        "spelling",
        "a product name; a misspelt word",
    ),
    (
        "operationid-pascal-case",
        "operationid-unique",
        "its casing; another operation has it too",
    ),
    (
        "operation-family-rules",
        "operationid-pascal-case",
        "its family's naming; its casing",
    ),
    (
        "props-connection-parameter-names",
        "props-connection-parameter-used",
        "the characters of its name; nothing uses it",
    ),
    (
        "title-style",
        "title-trailing-alphanumeric",
        "its casing, a version marker or a glued word; its last character",
    ),
];

fn corpus() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

/// The member a finding says is missing (`has no `x``, ``a.x` is missing`): such a finding sits
/// on the object that lacks the member, but its problem is the member's, so two findings about
/// two different missing members of one object are two problems.
fn missing_member(message: &str) -> Option<&str> {
    fn quoted(rest: &str) -> Option<&str> {
        rest.strip_prefix('`')?.split('`').next()
    }
    if let Some(i) = message.find("has no `") {
        return quoted(&message[i + "has no ".len()..]);
    }
    if let Some(i) = message.find("does not declare `") {
        return quoted(&message[i + "does not declare ".len()..]);
    }
    let name = message.strip_prefix('`')?.split('`').next()?;
    message[name.len() + 2..]
        .starts_with(" is missing")
        .then(|| name.rsplit('.').next().unwrap_or(name))
}

/// The characters a finding says a text contains or ends with (`contains `,`, `.`; ...`).
fn named_chars(message: &str) -> Vec<&str> {
    let Some(i) = message
        .find("contains ")
        .or_else(|| message.find("ends with "))
    else {
        return Vec::new();
    };
    let clause = message[i..].split(';').next().unwrap_or("");
    clause
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|t| t.chars().count() == 1)
        .collect()
}

/// Findings of different rules at one place: the same file and either the same start offset or
/// the same JSON node (a key and its value, or a character inside a string, are one place),
/// refined by the member a finding says is missing.
fn overlaps(diags: &[ppcert::diagnostic::Diagnostic]) -> Vec<(&'static str, &'static str, String)> {
    use std::collections::HashMap;
    let mut at: HashMap<(String, String), Vec<&ppcert::diagnostic::Diagnostic>> = HashMap::new();
    for d in diags {
        let member = missing_member(&d.message).unwrap_or("");
        if let Some((start, _)) = d.span {
            at.entry((d.file.clone(), format!("offset {start} {member}")))
                .or_default()
                .push(d);
        }
        if !d.pointer.is_empty() {
            at.entry((d.file.clone(), format!("node {} {member}", d.pointer)))
                .or_default()
                .push(d);
        }
    }
    let mut out = Vec::new();
    for ((file, place), ds) in at {
        for (i, a) in ds.iter().enumerate() {
            for b in &ds[i + 1..] {
                if a.rule == b.rule {
                    continue;
                }
                // Two rules about characters of one text, naming different characters.
                let (ca, cb) = (named_chars(&a.message), named_chars(&b.message));
                if !ca.is_empty() && !cb.is_empty() && !ca.iter().any(|c| cb.contains(c)) {
                    continue;
                }
                let (a, b) = if a.rule < b.rule { (a, b) } else { (b, a) };
                let allowed = DIFFERENT_PROBLEMS_AT_ONE_PLACE
                    .iter()
                    .any(|(x, y, _)| *x == a.rule && *y == b.rule);
                if !allowed {
                    out.push((
                        a.rule,
                        b.rule,
                        format!(
                            "{file} {place}:\n    {}: {}\n    {}: {}",
                            a.rule, a.message, b.rule, b.message
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// Overlapping pairs, most frequent first, with one example each.
fn report_overlaps(found: Vec<(&'static str, &'static str, String)>) -> String {
    use std::collections::BTreeMap;
    let mut by_pair: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (a, b, example) in found {
        by_pair.entry((a, b)).or_default().push(example);
    }
    let mut pairs: Vec<_> = by_pair.into_iter().collect();
    pairs.sort_by_key(|(_, examples)| std::cmp::Reverse(examples.len()));
    let mut out = String::new();
    for ((a, b), examples) in &pairs {
        out += &format!("{} × ({a}, {b}), e.g. {}\n", examples.len(), examples[0]);
    }
    out
}

#[test]
fn missing_members_are_read_from_messages() {
    assert_eq!(
        missing_member("operation `GET /a` has no `summary`"),
        Some("summary")
    );
    assert_eq!(
        missing_member("`info.contact` is missing; add it"),
        Some("contact")
    );
    assert_eq!(
        missing_member("path parameter `id` does not declare `x-ms-url-encoding`"),
        Some("x-ms-url-encoding")
    );
    assert_eq!(missing_member("`info.version` is empty"), None);
    assert_eq!(missing_member("summary contains `.`"), None);
    assert_eq!(
        named_chars("summary contains `/`, `&`; none of `/ \\ <` is allowed"),
        ["/", "&"]
    );
    assert_eq!(
        named_chars("summary ends with `]`; end it with a word"),
        ["]"]
    );
    assert_eq!(
        named_chars("`summary` contains the curly quote `’` (U+2019); use `'`"),
        ["’"]
    );
    assert!(named_chars("operation `A` has no `summary`").is_empty());
}

/// One problem at one place is one finding: with every rule on, no two rules report at the same
/// place unless they judge different problems there (`DIFFERENT_PROBLEMS_AT_ONE_PLACE`). Checked
/// on every rule fixture under each profile, and on the corpus (its own profiles) when it is
/// there.
#[test]
fn one_problem_is_reported_by_one_rule() {
    let set = RuleSet::new(&RuleSelector::default());
    let mut found = Vec::new();
    let mut cases: Vec<_> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .flatten()
        .filter(|dir| !NOT_RULE_FIXTURES.contains(&dir.file_name().to_str().unwrap_or("")))
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
    for case_dir in &cases {
        for target in discover(case_dir).unwrap_or_default() {
            for profile in Profile::ALL {
                let connector = Connector::load(&target, Some(profile));
                found.extend(overlaps(&lint(&connector, &set)));
            }
        }
    }
    if let Some(corpus) = corpus() {
        use rayon::prelude::*;
        let targets = discover(&corpus).unwrap();
        let diags: Vec<Vec<_>> = targets
            .par_iter()
            .map(|t| lint(&Connector::load(t, None), &set))
            .collect();
        for d in &diags {
            found.extend(overlaps(d));
        }
    } else {
        eprintln!(
            "corpus part skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)"
        );
    }
    assert!(
        found.is_empty(),
        "one problem reported by several rules:\n{}",
        report_overlaps(found)
    );
}

/// Every rule says how it fixes, or why it cannot (issue 14): a fixable rule's doc has a
/// `## Fix safety` section; any other rule has one with a `No fix:` line, or, without a source
/// file to hold the doc, a `fix_note`.
#[test]
fn every_rule_documents_its_fix_or_why_not() {
    let mut missing = Vec::new();
    for r in rules::all() {
        let section = r
            .meta
            .doc
            .split("## Fix safety")
            .nth(1)
            .map(|rest| rest.split("\n## ").next().unwrap_or("").trim());
        let ok = match (r.meta.fixable.is_empty(), section, r.meta.fix_note) {
            (false, Some(text), _) => !text.is_empty() && !text.starts_with("No fix:"),
            (true, Some(text), _) => text.starts_with("No fix:"),
            (true, None, Some(note)) => note.starts_with("No fix:") && r.meta.doc.is_empty(),
            _ => false,
        };
        if !ok {
            missing.push(r.meta.id);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without a fix-safety line (or with one that contradicts `fixable`): {missing:?}"
    );
}
