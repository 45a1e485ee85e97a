//! `ppcert diff` and `ppcert lint --base` as users and CI scripts see them: exit codes, formats,
//! the lenient reading, lenient parsing, and the git base read from a real repository.

#[path = "support/git.rs"]
mod git_support;
use git_support::commit_all;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CONTOSO: &str = "samples/certified-connectors/Contoso Tasks";
const FABRIKAM: &str = "samples/independent-publisher-connectors/Fabrikam Weather";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("ppcert runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "ppcert panicked:\n{err}");
    o
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn definition(sample: &str) -> Value {
    let path = manifest().join(sample).join("apiDefinition.swagger.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn write(path: &Path, value: &Value) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

fn report_schema() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(manifest().join("schemas/ppcert-report.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn json_report(o: &Output) -> Value {
    let report: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}:\n{}\n{}", out(o), err(o)));
    let errors: Vec<String> = report_schema()
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    report
}

/// `ListTasks` removed, a required query parameter added to `CreateTask`.
fn breaking_edit(mut d: Value) -> Value {
    let paths = d["paths"].as_object_mut().unwrap();
    paths["/projects/{projectId}/tasks"]
        .as_object_mut()
        .unwrap()
        .remove("get");
    paths["/projects/{projectId}/tasks"]["post"]["parameters"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "name": "region", "in": "query", "required": true, "type": "string",
            "x-ms-summary": "Region", "description": "The region."
        }));
    d
}

#[test]
fn two_files_exit_codes_and_locations() {
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old.json"), tmp.path().join("new.json"));
    write(&old, &definition(CONTOSO));
    write(&new, &breaking_edit(definition(CONTOSO)));

    let same = run_in(tmp.path(), &["diff", "old.json", "old.json"]);
    assert_eq!(same.status.code(), Some(0), "{}", err(&same));
    assert_eq!(
        out(&same),
        "No changes that affect existing flows (1 connector compared).\n\
         Profile: certified (inferred: x-ms-connector-metadata in the definition).\n"
    );

    let o = run_in(
        tmp.path(),
        &["diff", "--format", "concise", "old.json", "new.json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    insta::assert_snapshot!("diff_two_files_concise", out(&o));

    let o = run_in(tmp.path(), &["diff", "old.json", "new.json"]);
    insta::assert_snapshot!("diff_two_files_full", out(&o));

    let report = json_report(&run_in(
        tmp.path(),
        &["diff", "--format", "json", "old.json", "new.json"],
    ));
    let diags = report["diagnostics"].as_array().unwrap();
    let removed = diags
        .iter()
        .find(|d| d["rule"] == "operation-removed")
        .expect("removal reported");
    assert_eq!(
        removed["file"], "old.json",
        "removals point into the old file"
    );
    assert_eq!(removed["value_path"], "operation/ListTasks");
    assert_eq!(
        removed["pointer"],
        "/paths/~1projects~1{projectId}~1tasks/get/operationId"
    );
    let added = diags
        .iter()
        .find(|d| d["rule"] == "input-added-required")
        .expect("new required input reported");
    assert_eq!(added["file"], "new.json");
    assert_eq!(added["value_path"], "operation/CreateTask/parameter/region");
    assert_eq!(report["summary"]["errors"], 2);

    // Usage errors exit 2.
    let o = run_in(tmp.path(), &["diff", "old.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("expected OLD and NEW"), "{}", err(&o));
    let o = run_in(tmp.path(), &["diff", "old.json", "missing.json"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run_in(
        tmp.path(),
        &["diff", "--select", "no-such-rule", "old.json", "new.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    // Selecting and ignoring rules.
    let o = run_in(
        tmp.path(),
        &[
            "diff",
            "--format",
            "concise",
            "--ignore",
            "operation-removed",
            "old.json",
            "new.json",
        ],
    );
    assert!(!out(&o).contains("operation-removed"));
    assert!(out(&o).contains("input-added-required"));
}

#[test]
fn lenient_reading_changes_severities() {
    let tmp = tempfile::tempdir().unwrap();
    let mut d = definition(CONTOSO);
    write(&tmp.path().join("old.json"), &d);
    // A format dropped from a published input: the validator reports it, flows hardly notice.
    d["paths"]["/projects/{projectId}/tasks"]["get"]["parameters"][1]
        .as_object_mut()
        .unwrap()
        .remove("format");
    write(&tmp.path().join("new.json"), &d);

    let strict = run_in(
        tmp.path(),
        &["diff", "--format", "concise", "old.json", "new.json"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        out(&strict).contains("error[input-format-changed]"),
        "{}",
        out(&strict)
    );
    assert!(
        out(&strict).contains("(ValuePath: operation/ListTasks/parameter/top/format)"),
        "{}",
        out(&strict)
    );

    let lenient = run_in(
        tmp.path(),
        &[
            "diff",
            "--lenient",
            "--format",
            "concise",
            "old.json",
            "new.json",
        ],
    );
    assert_eq!(lenient.status.code(), Some(0));
    assert!(
        out(&lenient).contains("warning[input-format-changed]"),
        "{}",
        out(&lenient)
    );
    let deny = run_in(
        tmp.path(),
        &[
            "diff",
            "--lenient",
            "--deny-warnings",
            "old.json",
            "new.json",
        ],
    );
    assert_eq!(deny.status.code(), Some(1));
}

#[test]
fn trailing_commas_are_accepted_and_broken_json_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let text =
        fs::read_to_string(manifest().join(CONTOSO).join("apiDefinition.swagger.json")).unwrap();
    fs::write(tmp.path().join("old.json"), &text).unwrap();
    // As PowerShell's ConvertFrom-Json does, the upstream pipeline accepts trailing commas.
    let commas = text.replacen("\"https\"", "\"https\",", 1);
    assert_ne!(commas, text);
    fs::write(tmp.path().join("commas.json"), commas).unwrap();
    let o = run_in(tmp.path(), &["diff", "old.json", "commas.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));

    fs::write(tmp.path().join("broken.json"), &text[..text.len() / 2]).unwrap();
    let o = run_in(
        tmp.path(),
        &["diff", "--format", "concise", "old.json", "broken.json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("error[json-valid] invalid JSON"),
        "{}",
        out(&o)
    );
}

#[test]
fn trees_of_connectors_are_paired_by_path() {
    let tmp = tempfile::tempdir().unwrap();
    for side in ["v1", "v2"] {
        for sample in [CONTOSO, FABRIKAM] {
            let rel = sample.strip_prefix("samples/").unwrap();
            write(
                &tmp.path()
                    .join(side)
                    .join(rel)
                    .join("apiDefinition.swagger.json"),
                &definition(sample),
            );
        }
    }
    let edited = tmp
        .path()
        .join("v2/certified-connectors/Contoso Tasks/apiDefinition.swagger.json");
    write(&edited, &breaking_edit(definition(CONTOSO)));
    write(
        &tmp.path()
            .join("v2/certified-connectors/Brand New/apiDefinition.swagger.json"),
        &definition(CONTOSO),
    );
    let o = run_in(tmp.path(), &["diff", "--format", "concise", "v1", "v2"]);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("diff_trees", out(&o));
}

/// Two versions of an independent publisher's folder outside the repository layout: diff reads
/// the new version's apiProperties.json to tell the track (the definition's metadata is the
/// same for both), so the rules only independent publishers have run, here a renamed title.
#[test]
fn an_independent_publisher_outside_the_layout_is_diffed_as_one() {
    let tmp = tempfile::tempdir().unwrap();
    let props = fs::read_to_string(manifest().join(FABRIKAM).join("apiProperties.json")).unwrap();
    let mut renamed = definition(FABRIKAM);
    renamed["info"]["title"] = Value::from("Fabrikam Weather Pro");
    for (side, d) in [("v1", definition(FABRIKAM)), ("v2", renamed)] {
        write(
            &tmp.path().join(side).join("apiDefinition.swagger.json"),
            &d,
        );
        fs::write(tmp.path().join(side).join("apiProperties.json"), &props).unwrap();
    }
    let o = run_in(tmp.path(), &["diff", "--format", "json", "v1", "v2"]);
    let report = json_report(&o);
    assert_eq!(
        report["summary"]["profiles"][0]["profile"], "independent-publisher",
        "{report}"
    );
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert!(rules.contains(&"ip-title-immutable"), "{rules:?}");
    assert_eq!(o.status.code(), Some(1));
    // The definitions named alone are compared alone, judged by the apiProperties.json beside
    // the new one; without it, the definition says only that it is a submission.
    let args = [
        "diff",
        "--format",
        "json",
        "v1/apiDefinition.swagger.json",
        "v2/apiDefinition.swagger.json",
    ];
    let report = json_report(&run_in(tmp.path(), &args));
    let p = &report["summary"]["profiles"][0];
    assert_eq!(p["profile"], "independent-publisher", "{report}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .ends_with("beside the definition")
    );
    fs::remove_file(tmp.path().join("v2/apiProperties.json")).unwrap();
    let report = json_report(&run_in(tmp.path(), &args));
    assert_eq!(report["summary"]["profiles"][0]["profile"], "certified");
}

// ------------------------------------------------------------------ git

/// A repository holding the two clean samples, committed; then Contoso's definition edited in
/// the work tree, a new connector added, and Fabrikam deleted.
fn repository() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = git2::Repository::init(tmp.path()).unwrap();
    for sample in [CONTOSO, FABRIKAM] {
        let rel = sample.strip_prefix("samples/").unwrap();
        for entry in fs::read_dir(manifest().join(sample)).unwrap().flatten() {
            let to = tmp.path().join(rel).join(entry.file_name());
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(entry.path(), to).unwrap();
        }
    }
    commit_all(&repo, "connectors");
    write(
        &tmp.path()
            .join("certified-connectors/Contoso Tasks/apiDefinition.swagger.json"),
        &breaking_edit(definition(CONTOSO)),
    );
    write(
        &tmp.path()
            .join("certified-connectors/Newcomer/apiDefinition.swagger.json"),
        &definition(CONTOSO),
    );
    fs::remove_dir_all(
        tmp.path()
            .join("independent-publisher-connectors/Fabrikam Weather"),
    )
    .unwrap();
    tmp
}

#[test]
fn base_revision_from_git() {
    let repo = repository();
    let o = run_in(
        repo.path(),
        &["diff", "--base", "HEAD", "--format", "concise"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    insta::assert_snapshot!("diff_base_concise", out(&o));

    let report = json_report(&run_in(
        repo.path(),
        &["diff", "--base", "HEAD", "--format", "json"],
    ));
    let removed = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "operation-removed")
        .unwrap()
        .clone();
    assert_eq!(
        removed["file"],
        "HEAD:certified-connectors/Contoso Tasks/apiDefinition.swagger.json"
    );
    assert_eq!(report["summary"]["connectors"], 2);
    assert_eq!(
        report["summary"]["notes"][0]["message"],
        "new connector: nothing to compare"
    );
    assert_eq!(
        report["summary"]["deleted_connectors"][0],
        "independent-publisher-connectors/Fabrikam Weather"
    );

    // From a subfolder, naming one connector.
    let o = run_in(
        &repo.path().join("certified-connectors"),
        &[
            "diff",
            "--base",
            "HEAD",
            "--format",
            "concise",
            "Contoso Tasks",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("HEAD:certified-connectors/Contoso Tasks/apiDefinition.swagger.json"));

    // Annotations cannot point into `HEAD:...`: removals move to the new file, old place quoted.
    let o = run_in(
        repo.path(),
        &["diff", "--base", "HEAD", "--format", "github"],
    );
    let annotation = out(&o)
        .lines()
        .find(|l| l.contains("operation-removed"))
        .unwrap()
        .to_owned();
    assert!(
        annotation.starts_with(
            "::error file=certified-connectors/Contoso Tasks/apiDefinition.swagger.json,line=1,"
        ),
        "{annotation}"
    );
    assert!(
        annotation.contains("(at HEAD%3Acertified-connectors")
            || annotation.contains("(at HEAD:certified-connectors"),
        "{annotation}"
    );

    // A revision that does not exist is a failure, not an empty result.
    let o = run_in(repo.path(), &["diff", "--base", "no-such-branch"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--base no-such-branch"), "{}", err(&o));
}

#[test]
fn lint_base_lints_and_diffs_even_definitions_with_errors() {
    let repo = repository();
    let o = run_in(
        repo.path(),
        &["lint", "--base", "HEAD", "--format", "concise"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    insta::assert_snapshot!("lint_base_concise", out(&o));

    // A definition that fails validation is compared too; the note says the pipeline would stop
    // at its errors first.
    let path = repo
        .path()
        .join("certified-connectors/Contoso Tasks/apiDefinition.swagger.json");
    let mut d = breaking_edit(definition(CONTOSO));
    d["info"]["title"] = "Contoso Tasks and Projects for Everyone".into();
    write(&path, &d);
    let o = run_in(
        repo.path(),
        &[
            "lint",
            "--base",
            "HEAD",
            "--format",
            "concise",
            "certified-connectors/Contoso Tasks",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(text.contains("title-max-length"), "{text}");
    assert!(text.contains("operation-removed"), "{text}");
    assert!(
        text.contains("the definition has 1 error, at which the upstream pipeline would stop"),
        "{text}"
    );
}

/// A clone of PowerPlatformConnectors: `repository()` with an `upstream` remote whose `dev` is
/// the committed state, and HEAD on a branch of its own.
fn clone_of_upstream() -> tempfile::TempDir {
    let repo_dir = repository();
    let repo = git2::Repository::open(repo_dir.path()).unwrap();
    repo.remote(
        "upstream",
        "https://github.com/microsoft/PowerPlatformConnectors.git",
    )
    .unwrap();
    let head = repo.head().unwrap().peel_to_commit().unwrap().id();
    repo.reference("refs/remotes/upstream/dev", head, true, "fetched")
        .unwrap();
    repo_dir
}

#[test]
fn lint_compares_changed_connectors_with_upstream_dev_by_itself() {
    let repo = clone_of_upstream();
    let folder = "certified-connectors/Contoso Tasks";
    let o = run_in(repo.path(), &["lint", "--format", "concise", folder]);
    let text = out(&o);
    assert!(text.contains("operation-removed"), "{text}\n{}", out(&o));
    assert!(
        text.contains("merge base of upstream/dev and HEAD"),
        "{text}"
    );

    // --no-base skips the comparison; so does `base = false` in ppcert.toml.
    let o = run_in(
        repo.path(),
        &["lint", "--no-base", "--format", "concise", folder],
    );
    assert!(!out(&o).contains("operation-removed"), "{}", out(&o));
    fs::write(repo.path().join("ppcert.toml"), "base = false\n").unwrap();
    let o = run_in(repo.path(), &["lint", "--format", "concise", folder]);
    assert!(!out(&o).contains("operation-removed"), "{}", out(&o));
    // A configured revision is used instead of the remote's dev.
    fs::write(repo.path().join("ppcert.toml"), "base = \"HEAD\"\n").unwrap();
    let o = run_in(repo.path(), &["lint", "--format", "concise", folder]);
    assert!(out(&o).contains("operation-removed"), "{}", out(&o));
    assert!(
        out(&o).contains("merge base of HEAD and HEAD"),
        "{}",
        out(&o)
    );
    // A revision that does not exist is said, and the lint still runs.
    fs::write(
        repo.path().join("ppcert.toml"),
        "base = \"no-such-branch\"\n",
    )
    .unwrap();
    let o = run_in(repo.path(), &["lint", "--format", "concise", folder]);
    assert!(
        out(&o).contains("breaking changes not checked: cannot compare with no-such-branch"),
        "{}",
        out(&o)
    );
    assert!(!out(&o).contains("operation-removed"), "{}", out(&o));
}

#[test]
fn lint_without_an_upstream_remote_compares_nothing() {
    // A repository without a PowerPlatformConnectors remote: plain lint, no note.
    let repo = repository();
    let o = run_in(
        repo.path(),
        &[
            "lint",
            "--format",
            "concise",
            "certified-connectors/Contoso Tasks",
        ],
    );
    assert!(!out(&o).contains("operation-removed"), "{}", out(&o));
    assert!(!out(&o).contains("merge base"), "{}", out(&o));
}

#[test]
fn diff_rules_are_listed_and_explained() {
    let o = run_in(&manifest(), &["rules"]);
    let listing = out(&o);
    let line = listing
        .lines()
        .find(|l| l.starts_with("input-type-changed "))
        .unwrap();
    assert!(line.contains(" diff "), "{line}");
    let o = run_in(&manifest(), &["explain", "input-enum-values-removed"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out(&o).contains("## What it checks"), "{}", out(&o));
    assert!(out(&o).contains("pull/2539"), "{}", out(&o));
}

#[test]
fn bad_input_is_a_finding_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let text =
        fs::read_to_string(manifest().join(CONTOSO).join("apiDefinition.swagger.json")).unwrap();
    fs::write(tmp.path().join("old.json"), &text).unwrap();
    // A byte-order mark is tolerated.
    fs::write(tmp.path().join("bom.json"), format!("\u{feff}{text}")).unwrap();
    let o = run_in(tmp.path(), &["diff", "old.json", "bom.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // A binary file is reported with its name and nothing is compared.
    fs::write(tmp.path().join("binary.json"), b"\x00\x01\x02PNG").unwrap();
    let o = run_in(
        tmp.path(),
        &["diff", "--format", "concise", "old.json", "binary.json"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("binary.json:1:1: error[file-readable] is a binary file"),
        "{}",
        out(&o)
    );
    // An old version that is not JSON is a note: there is nothing to hold against the author.
    fs::write(tmp.path().join("broken.json"), "{ \"swagger\": ").unwrap();
    let o = run_in(tmp.path(), &["diff", "broken.json", "old.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("is not valid JSON (1:14"), "{}", out(&o));
}

#[test]
fn lint_follows_a_renamed_folder_and_names_a_deleted_connector() {
    let repo = clone_of_upstream();
    // The connector moves to a new folder (untracked, as after `mv`) with a small edit: an
    // operationId renamed in place, which git still sees as the same file.
    let before = repo.path().join("certified-connectors/Contoso Tasks");
    let after = repo.path().join("certified-connectors/Contoso Work");
    fs::rename(&before, &after).unwrap();
    let original =
        fs::read_to_string(manifest().join(CONTOSO).join("apiDefinition.swagger.json")).unwrap();
    fs::write(
        after.join("apiDefinition.swagger.json"),
        original.replacen("\"ListTasks\"", "\"ListAllTasks\"", 1),
    )
    .unwrap();
    let o = run_in(
        repo.path(),
        &[
            "lint",
            "--format",
            "concise",
            "certified-connectors/Contoso Work",
        ],
    );
    let text = out(&o);
    assert!(text.contains("operation-id-changed"), "{text}");
    assert!(
        text.contains("git sees the folder as moved from `certified-connectors/Contoso Tasks`"),
        "the old version is read where it was: {text}"
    );
    assert!(!text.contains("new connector"), "{text}");
    // From the root: the deleted connector is named (the moved folder's old path too: it is gone).
    let o = run_in(repo.path(), &["lint", "--format", "concise", "."]);
    let text = out(&o);
    assert!(
        text.contains("`independent-publisher-connectors/Fabrikam Weather` was deleted"),
        "{text}"
    );
}
