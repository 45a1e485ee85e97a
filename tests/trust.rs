//! A green must be true: every case in which ppcert used to say "All checks passed" about something
//! it did not check, and the profile shown with every judgement.

#[path = "support/git.rs"]
mod git;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CLEAN_CERTIFIED: &str = "samples/certified-connectors/Contoso Tasks";
const CLEAN_IP: &str = "samples/independent-publisher-connectors/Fabrikam Weather";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ppcert_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("COLUMNS", "100")
        .output()
        .expect("ppcert runs")
}

fn ppcert(args: &[&str]) -> Output {
    ppcert_in(&root(), args)
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_not_green(o: &Output) {
    let text = out(o);
    assert!(
        !text.contains("All checks passed"),
        "a false green:\n{text}\n{}",
        err(o)
    );
}

/// Copies a connector folder (files only) to `to`.
fn copy_connector(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn an_empty_folder_is_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    let o = ppcert(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert_not_green(&o);
    assert!(out(&o).contains("Nothing checked"), "{}", out(&o));
    assert!(err(&o).contains("no connector found"), "{}", err(&o));
}

#[test]
fn a_missing_path_next_to_a_good_connector_exits_2_without_passed() {
    let o = ppcert(&["lint", CLEAN_CERTIFIED, "samples/no-such-connector"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert_not_green(&o);
    assert!(
        out(&o).contains("1 path could not be checked"),
        "{}",
        out(&o)
    );
    assert!(
        err(&o).contains("`samples/no-such-connector`")
            && err(&o).to_lowercase().contains("no such file"),
        "{}",
        err(&o)
    );
    // The good connector was still checked.
    assert!(out(&o).contains("1 connector"), "{}", out(&o));
}

#[test]
fn the_json_summary_lists_what_could_not_be_judged() {
    let o = ppcert(&[
        "lint",
        "--format",
        "json",
        CLEAN_CERTIFIED,
        "samples/no-such-connector",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let unjudged = v["summary"]["unjudged"].as_array().unwrap();
    assert_eq!(unjudged.len(), 1);
    assert_eq!(unjudged[0]["path"], "samples/no-such-connector");
}

/// A repository-shaped folder with a ppcert.toml that excludes `certified-connectors/Old*`.
fn with_exclusion() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let certified = dir.path().join("certified-connectors");
    copy_connector(&root().join(CLEAN_CERTIFIED), &certified.join("OldOne"));
    copy_connector(&root().join(CLEAN_CERTIFIED), &certified.join("NewOne"));
    std::fs::write(
        dir.path().join("ppcert.toml"),
        "exclude = [\"certified-connectors/Old*\"]\n",
    )
    .unwrap();
    dir
}

#[test]
fn an_excluded_path_named_explicitly_is_checked_and_said_to_be_excluded() {
    let dir = with_exclusion();
    let o = ppcert_in(dir.path(), &["lint", "certified-connectors/OldOne"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(
        text.contains("excluded by `certified-connectors/Old*`") && text.contains("checked anyway"),
        "{text}"
    );
    assert!(text.contains("1 connector"), "{text}");
}

#[test]
fn force_exclude_skips_an_excluded_path_and_says_nothing_was_checked() {
    let dir = with_exclusion();
    let o = ppcert_in(
        dir.path(),
        &["lint", "--force-exclude", "certified-connectors/OldOne"],
    );
    // Excluded on purpose (pre-commit names files): not a failure, and not a pass either.
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_not_green(&o);
    let text = out(&o);
    assert!(text.contains("not checked: excluded by"), "{text}");
    assert!(text.contains("Nothing checked"), "{text}");
}

#[test]
fn excluded_connectors_inside_a_tree_are_counted_not_linted() {
    let dir = with_exclusion();
    let o = ppcert_in(dir.path(), &["lint", "--format", "json", "."]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["connectors"], 1);
    assert_eq!(v["summary"]["excluded_connectors"], 1);
}

/// A git repository holding two certified connectors, committed; returns it and a connector path.
fn repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let certified = dir.path().join("certified-connectors");
    copy_connector(&root().join(CLEAN_CERTIFIED), &certified.join("Contoso"));
    copy_connector(&root().join(CLEAN_CERTIFIED), &certified.join("Other"));
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/notes.md"), "notes\n").unwrap();
    let repo = git2::Repository::init(dir.path()).unwrap();
    git::commit_all(&repo, "init");
    let contoso = certified.join("Contoso");
    (dir, contoso)
}

/// The `(rule, JSON pointer)` pairs of a JSON report: the same wherever it was run from (paths
/// are relative to the current folder, so they are left out).
fn findings(o: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out(o), err(o)));
    let mut found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let rule = d["rule"].as_str().unwrap().to_string();
            (rule, d["pointer"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    found.sort();
    found
}

#[test]
fn changed_since_finds_the_same_connectors_from_any_folder() {
    let (dir, contoso) = repository();
    // Break the title of one connector.
    let def = contoso.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&def).unwrap();
    let broken = text.replacen(
        "\"title\": \"",
        "\"title\": \"A title far too long for the rule ",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&def, broken).unwrap();

    let from = |dir: &Path| {
        let o = ppcert_in(
            dir,
            &["lint", "--changed-since", "HEAD", "--format", "json"],
        );
        assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
        findings(&o)
    };
    let at_root = from(dir.path());
    assert!(
        at_root.contains(&("title-max-length".into(), "/info/title".into())),
        "{at_root:?}"
    );
    assert_eq!(from(&contoso), at_root, "from inside the connector folder");
    assert_eq!(
        from(&dir.path().join("docs")),
        at_root,
        "from another folder"
    );
    assert_eq!(
        from(&dir.path().join("certified-connectors")),
        at_root,
        "from the connectors' parent"
    );
}

#[test]
fn base_finds_the_same_old_versions_from_any_folder() {
    let (dir, contoso) = repository();
    // Remove one operation: a breaking change only the old version can show.
    let def = contoso.join("apiDefinition.swagger.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&def).unwrap()).unwrap();
    let paths = doc["paths"].as_object_mut().unwrap();
    let first = paths.keys().next().unwrap().clone();
    paths.remove(&first);
    std::fs::write(&def, serde_json::to_string_pretty(&doc).unwrap()).unwrap();

    let from = |dir: &Path| {
        let o = ppcert_in(dir, &["diff", "--base", "HEAD", "--format", "json"]);
        findings(&o)
    };
    let at_root = from(dir.path());
    assert!(
        at_root.iter().any(|(r, _)| r == "operation-removed"),
        "{at_root:?}"
    );
    assert_eq!(from(&contoso), at_root, "from inside the connector folder");
    assert_eq!(
        from(&dir.path().join("docs")),
        at_root,
        "from another folder"
    );
}

#[test]
fn the_profile_ends_the_text_output() {
    let o = ppcert(&["lint", "--format", "concise", CLEAN_CERTIFIED]);
    let text = out(&o);
    assert_eq!(
        text.lines().last(),
        Some("Profile: certified (from path: certified-connectors/)."),
        "{text}"
    );
}

#[test]
fn the_profile_is_in_json_and_sarif() {
    let o = ppcert(&["lint", "--format", "json", CLEAN_IP]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &v["summary"]["profiles"][0];
    assert_eq!(p["profile"], "independent-publisher");
    assert_eq!(p["source"], "path");
    assert_eq!(p["detail"], "independent-publisher-connectors");

    let o = ppcert(&["lint", "--format", "sarif", CLEAN_IP]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &v["runs"][0]["properties"]["profiles"][0];
    assert_eq!(
        p["profile"], "independent-publisher",
        "no profiles in the SARIF run"
    );
    assert_eq!(p["source"], "path");
}

#[test]
fn a_connector_outside_the_layout_is_inferred_from_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Weather");
    copy_connector(&root().join(CLEAN_IP), &folder);
    let o = ppcert(&["lint", "--format", "json", folder.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &v["summary"]["profiles"][0];
    assert_eq!(p["profile"], "independent-publisher", "{p}");
    assert_eq!(p["source"], "inferred");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("brand colour #da3b01"),
        "{p}"
    );
    // Every finding was judged under that profile.
    for d in v["diagnostics"].as_array().unwrap() {
        assert_eq!(d["profile"], "independent-publisher");
    }
    let o = ppcert(&["lint", "--format", "concise", folder.to_str().unwrap()]);
    assert!(
        out(&o).ends_with(
            "Profile: independent-publisher (inferred: the independent-publisher brand colour #da3b01 in apiProperties.json).\n"
        ),
        "{}",
        out(&o)
    );
}

/// A certified connector carries `publisher` and `stackOwner` as an independent publisher's
/// does: outside the layout it is still judged certified, and its brand colour left alone.
#[test]
fn a_certified_connector_outside_the_layout_is_inferred_certified() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Contoso Tasks");
    copy_connector(&root().join(CLEAN_CERTIFIED), &folder);
    let props = std::fs::read_to_string(folder.join("apiProperties.json")).unwrap();
    assert!(props.contains("\"stackOwner\"") && props.contains("\"publisher\""));
    let o = ppcert(&["lint", "--format", "json", folder.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &v["summary"]["profiles"][0];
    assert_eq!(p["profile"], "certified", "{p}");
    assert_eq!(p["source"], "inferred");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let o = ppcert(&["lint", "--fix", "--unsafe-fixes", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_eq!(
        std::fs::read_to_string(folder.join("apiProperties.json")).unwrap(),
        props
    );
}

/// Files of one connector named one by one are that connector, once, judged with all of them;
/// a file of a folder also named whole adds nothing; two definitions of one folder stay two.
#[test]
fn files_of_one_connector_named_one_by_one_are_one_connector() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Weather");
    copy_connector(&root().join(CLEAN_IP), &folder);
    let summary = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "json"];
        all.extend_from_slice(args);
        let o = ppcert_in(dir.path(), &all);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["summary"].clone()
    };
    let s = summary(&[
        "Weather/apiDefinition.swagger.json",
        "Weather/apiProperties.json",
    ]);
    assert_eq!(s["connectors"], 1, "{s}");
    let p = &s["profiles"][0];
    assert_eq!(p["profile"], "independent-publisher", "{s}");
    assert!(p["detail"].as_str().unwrap().contains("#da3b01"), "{s}");
    // The definition alone: the apiProperties.json beside it still tells the track.
    let s = summary(&["Weather/apiDefinition.swagger.json"]);
    let p = &s["profiles"][0];
    assert_eq!(p["profile"], "independent-publisher", "{s}");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .ends_with("beside the definition"),
        "{s}"
    );
    let s = summary(&["Weather/apiProperties.json", "Weather", "Weather/readme.md"]);
    assert_eq!(s["connectors"], 1, "{s}");
    std::fs::copy(
        folder.join("apiDefinition.swagger.json"),
        folder.join("Other.swagger.json"),
    )
    .unwrap();
    let s = summary(&[
        "Weather/apiDefinition.swagger.json",
        "Weather/Other.swagger.json",
    ]);
    assert_eq!(s["connectors"], 2, "{s}");
}

#[test]
fn a_submission_under_custom_connectors_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("custom-connectors").join("Contoso");
    copy_connector(&root().join(CLEAN_CERTIFIED), &folder);
    let o = ppcert(&["lint", "--format", "concise", folder.to_str().unwrap()]);
    let text = out(&o);
    assert!(
        text.contains(
            "linted as custom (from path: custom-connectors/), but it looks like a submission"
        ),
        "{text}"
    );
    assert!(text.contains("[[overrides]]"), "{text}");
    assert!(
        text.contains("Profile: custom (from path: custom-connectors/)."),
        "{text}"
    );
}

#[test]
fn the_profile_flag_and_config_are_named_as_the_reason() {
    let o = ppcert(&[
        "lint",
        "--format",
        "concise",
        "--profile",
        "custom",
        CLEAN_CERTIFIED,
    ]);
    assert!(
        out(&o).contains("Profile: custom (from --profile)."),
        "{}",
        out(&o)
    );

    let dir = tempfile::tempdir().unwrap();
    copy_connector(&root().join(CLEAN_CERTIFIED), &dir.path().join("C"));
    std::fs::write(dir.path().join("ppcert.toml"), "profile = \"certified\"\n").unwrap();
    let o = ppcert_in(dir.path(), &["lint", "--format", "concise", "C"]);
    assert!(
        out(&o).contains("Profile: certified (from ppcert.toml)."),
        "{}",
        out(&o)
    );
}

#[test]
fn severity_shows_only_what_is_asked_and_never_claims_a_pass() {
    let failing = "samples/failing";
    let all = ppcert(&["lint", "--format", "json", failing]);
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let total = v["diagnostics"].as_array().unwrap().len();
    let errors = v["summary"]["errors"].as_u64().unwrap() as usize;
    assert!(errors > 0 && total > errors);

    let o = ppcert(&["lint", "--format", "json", "--severity", "error", failing]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let shown = v["diagnostics"].as_array().unwrap();
    assert_eq!(shown.len(), errors);
    assert!(shown.iter().all(|d| d["severity"] == "error"));
    assert_eq!(
        v["summary"]["hidden"].as_u64().unwrap() as usize,
        total - errors
    );

    // A connector with only warnings, shown with --severity error: no findings shown, no pass.
    let o = ppcert(&[
        "lint",
        "--format",
        "concise",
        "--severity",
        "error",
        "--profile",
        "certified",
        CLEAN_IP,
    ]);
    let text = out(&o);
    if text.contains("below --severity") {
        assert_not_green(&o);
    }
}

#[test]
fn errors_come_first_in_the_text_formats() {
    let o = ppcert(&["lint", "--format", "concise", "samples/failing"]);
    let text = out(&o);
    // Within each connector, no error follows a warning.
    let mut last: Option<(String, bool)> = None;
    for line in text
        .lines()
        .filter(|l| l.contains(": error[") || l.contains(": warning["))
    {
        let connector = line.split("/apiDefinition").next().unwrap_or(line);
        let connector = connector.split("/readme").next().unwrap_or(connector);
        let connector = connector.split("/settings").next().unwrap_or(connector);
        let is_error = line.contains(": error[");
        if let Some((c, was_error)) = &last
            && c == connector
        {
            assert!(*was_error || !is_error, "an error after a warning:\n{text}");
        }
        last = Some((connector.to_string(), is_error));
    }
}

#[test]
fn long_outputs_end_with_a_digest() {
    let o = ppcert(&["lint", "--format", "concise", "samples/failing"]);
    let text = out(&o);
    let digest = text.find("Most frequent:").expect("a digest");
    let summary = text.find("Found ").unwrap();
    assert!(digest < summary, "{text}");
    assert!(text.contains("ppcert explain "), "{text}");
    // A short output has none.
    let o = ppcert(&[
        "lint",
        "--format",
        "concise",
        "--select",
        "title-max-length",
        "samples/failing",
    ]);
    assert!(!out(&o).contains("Most frequent:"), "{}", out(&o));
}

#[test]
fn diff_with_nothing_to_compare_is_not_a_pass() {
    let (dir, _) = repository();
    let o = ppcert_in(dir.path(), &["diff", "--base", "HEAD"]);
    let text = out(&o);
    assert!(!text.contains("No changes that affect"), "{text}");
    assert!(text.contains("Nothing compared"), "{text}");
}

#[test]
fn the_full_format_keeps_every_finding_but_not_every_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("certified-connectors").join("Many");
    copy_connector(&root().join(CLEAN_CERTIFIED), &folder);
    let def = folder.join("apiDefinition.swagger.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&def).unwrap()).unwrap();
    // Eight operations whose path parameter lacks x-ms-url-encoding: eight warnings of one rule.
    for i in 0..8 {
        doc["paths"][format!("/things{i}/{{id}}")] = serde_json::json!({
            "get": {
                "operationId": format!("GetThing{i}"),
                "summary": format!("Get thing {i}"),
                "description": "Gets one thing by its identifier.",
                "x-ms-visibility": "important",
                "parameters": [{
                    "name": "id", "in": "path", "required": true, "type": "string",
                    "x-ms-summary": "Thing ID", "description": "The identifier of the thing."
                }],
                "responses": { "200": { "description": "The thing.", "schema": { "type": "object", "properties": { "id": { "type": "string", "x-ms-summary": "ID", "description": "The identifier." } } } } }
            }
        });
    }
    std::fs::write(&def, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let path = folder.to_str().unwrap();
    let json = ppcert(&["lint", "--format", "json", path]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let count = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "path-param-url-encoding")
        .count();
    assert_eq!(count, 8, "{}", out(&json));

    let full = ppcert(&["lint", "--color", "never", path]);
    let text = out(&full);
    let snippets = text
        .matches("path parameter `id` does not declare `x-ms-url-encoding`")
        .count();
    let one_liners = text.matches(": warning[path-param-url-encoding]").count();
    // Each finding is there once: three with a snippet, the rest on one line each.
    assert_eq!(snippets, 8, "{text}");
    assert_eq!(one_liners, 5, "{text}");
    assert!(
        text.contains("further findings of `path-param-url-encoding` are shown on one line each"),
        "{text}"
    );
}

#[test]
fn unsaved_contents_override_the_disk() {
    use ppcert::workspace::{LintRun, Overlay, Request};
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("certified-connectors").join("Contoso");
    copy_connector(&root().join(CLEAN_CERTIFIED), &folder);
    let def = folder.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&def).unwrap();
    let edited = text.replacen(
        "\"title\": \"",
        "\"title\": \"A title far too long for the rule ",
        1,
    );
    let rules_of = |overlay: Overlay| {
        let request = Request {
            paths: vec![folder.clone()],
            overlay,
            ..Request::default()
        };
        let run = LintRun::plan(&request).unwrap();
        let results = run.run(|_| ());
        assert_eq!(results.len(), 1);
        results[0]
            .diagnostics
            .iter()
            .map(|d| d.rule)
            .collect::<Vec<_>>()
    };
    assert!(!rules_of(Overlay::default()).contains(&"title-max-length"));
    let overlay = Overlay::new([(def.clone(), edited.into_bytes())]);
    assert!(rules_of(overlay).contains(&"title-max-length"));
    // The disk was not touched.
    assert_eq!(std::fs::read_to_string(&def).unwrap(), text);
}

#[test]
fn a_pass_under_an_inferred_profile_is_not_all_checks_passed() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Weather");
    copy_connector(&root().join(CLEAN_IP), &folder);
    let o = ppcert(&["lint", "--format", "concise", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_not_green(&o);
    assert!(
        out(&o).contains("judged under a profile inferred from the files for it"),
        "{}",
        out(&o)
    );
    // Pinned, the same connector passes outright.
    let o = ppcert(&[
        "lint",
        "--format",
        "concise",
        "--profile",
        "independent-publisher",
        folder.to_str().unwrap(),
    ]);
    assert!(
        out(&o).starts_with("All checks passed (1 connector)."),
        "{}",
        out(&o)
    );
}

#[test]
fn spelling_accepts_the_project_words_of_ppcert_toml() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("certified-connectors").join("Contoso");
    copy_connector(&root().join(CLEAN_CERTIFIED), &folder);
    let def = folder.join("apiDefinition.swagger.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&def).unwrap()).unwrap();
    doc["info"]["description"] =
        "Contoso Tasks keeps the tasks of your team in Flowr, the planner of Contoso.".into();
    std::fs::write(&def, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let args = ["lint", "--select", "spelling", "--format", "concise"];
    let o = ppcert_in(
        dir.path(),
        &[&args[..], &[folder.to_str().unwrap()]].concat(),
    );
    assert!(
        out(&o).contains("`Flowr` looks misspelt: did you mean `Flow`?"),
        "{}",
        out(&o)
    );
    std::fs::write(
        dir.path().join("ppcert.toml"),
        "[spelling]\nwords = [\"flowr\"]\n",
    )
    .unwrap();
    let o = ppcert_in(
        dir.path(),
        &[&args[..], &[folder.to_str().unwrap()]].concat(),
    );
    assert!(!out(&o).contains("Flowr"), "{}", out(&o));
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // A misspelt key is a configuration error, not a silent no-op.
    std::fs::write(
        dir.path().join("ppcert.toml"),
        "[spelling]\nword = [\"flowr\"]\n",
    )
    .unwrap();
    let o = ppcert_in(
        dir.path(),
        &[&args[..], &[folder.to_str().unwrap()]].concat(),
    );
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
}
