//! ppcert as a CI gate: SARIF, GitHub annotations, configuration, baselines, --changed-since,
//! the GitHub Action's script, and --watch.

#[path = "support/git.rs"]
mod git_support;
#[path = "support/sarif.rs"]
mod sarif_support;
use git_support::commit_all;
use sarif_support::sarif_schema;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ppcert"));
    c.env_remove("GITHUB_ACTIONS")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    c
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("ppcert runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A copy of the samples in a temporary folder, to edit freely.
fn sample_tree() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&samples(), tmp.path());
    tmp
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", text(&o.stdout), text(&o.stderr)))
}

fn diagnostics(o: &Output) -> Vec<serde_json::Value> {
    json(o)["diagnostics"].as_array().unwrap().clone()
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_validates_against_the_official_schema() {
    let o = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["lint", "--format", "sarif", "samples"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let schema = sarif_schema();
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And it deserializes into the typed model.
    let _: serde_sarif::sarif::Sarif = serde_json::from_value(sarif.clone()).expect("typed SARIF");

    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in rules {
        for key in [
            "id",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
            "defaultConfiguration",
        ] {
            assert!(!rule[key].is_null(), "rule {} lacks {key}", rule["id"]);
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("samples/failing/"),
            "repository-relative: {uri}"
        );
        assert!(!uri.contains(' '), "percent-encoded: {uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(r["partialFingerprints"]["ppcert/v2"].is_string());
    }
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let tree = sample_tree();
    let connector = tree
        .path()
        .join("failing/independent-publisher-connectors/Bad Weather");
    let fingerprints = || -> Vec<String> {
        let o = run_in(
            tree.path(),
            &["lint", "--format", "sarif", "--isolated", "failing"],
        );
        let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut f: Vec<String> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["ppcert/v2"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        f.sort();
        f
    };
    let before = fingerprints();
    let swagger = connector.join("apiDefinition.swagger.json");
    let original = fs::read_to_string(&swagger).unwrap();
    fs::write(
        &swagger,
        format!("\n\n\n{}", original.replace("\n", "\n  ")),
    )
    .unwrap();
    assert_eq!(before, fingerprints());
}

// ---------------------------------------------------------------- GitHub annotations

#[test]
fn github_format_is_chosen_on_github_actions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let auto = bin()
        .args([
            "lint",
            "samples/failing/independent-publisher-connectors/Bad Weather",
        ])
        .current_dir(dir)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let out = text(&auto.stdout);
    assert!(
        out.lines().all(|l| l.starts_with("::error ")
            || l.starts_with("::warning ")
            || l.starts_with("::notice ")),
        "{out}"
    );
    assert!(out.contains("file=samples/failing/independent-publisher-connectors/Bad Weather/"));
    insta::assert_snapshot!("github_bad_weather", out);
}

// ---------------------------------------------------------------- configuration

#[test]
fn config_selects_ignores_overrides_and_excludes() {
    let tree = sample_tree();
    let root = tree.path();
    let all = diagnostics(&run_in(root, &["lint", "--format", "json", "failing"]));
    let bad_weather_rules: std::collections::BTreeSet<String> = all
        .iter()
        .filter(|d| d["connector"].as_str().unwrap().contains("Bad Weather"))
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    assert!(bad_weather_rules.len() >= 2);
    let first = bad_weather_rules.iter().next().unwrap().clone();

    fs::write(
        root.join("ppcert.toml"),
        format!(
            "ignore = [\"{first}\"]\n\n[severity]\n\"title-max-length\" = \"warning\"\n\n[[overrides]]\npaths = [\"failing/certified-connectors/*\"]\nprofile = \"custom\"\n"
        ),
    )
    .unwrap();
    let with_config = diagnostics(&run_in(root, &["lint", "--format", "json", "failing"]));
    assert!(
        with_config.iter().all(|d| d["rule"] != first.as_str()),
        "ignored rule still reported"
    );
    assert!(
        with_config
            .iter()
            .filter(|d| d["rule"] == "title-max-length")
            .all(|d| d["severity"] == "warning")
    );
    assert!(
        with_config
            .iter()
            .filter(|d| d["connector"].as_str().unwrap().contains("Contoso Legacy"))
            .all(|d| d["profile"] == "custom"),
        "override sets the profile"
    );

    // --isolated ignores the file; --config names another one.
    let isolated = diagnostics(&run_in(
        root,
        &["lint", "--format", "json", "--isolated", "failing"],
    ));
    assert_eq!(isolated.len(), all.len());
    fs::write(root.join("other.toml"), "select = [\"title-max-length\"]\n").unwrap();
    let other = diagnostics(&run_in(
        root,
        &[
            "lint",
            "--format",
            "json",
            "--config",
            "other.toml",
            "failing",
        ],
    ));
    assert!(other.iter().all(|d| d["rule"] == "title-max-length"));

    // exclude
    fs::write(
        root.join("ppcert.toml"),
        "exclude = [\"failing/independent-publisher-connectors/*\"]\n",
    )
    .unwrap();
    let excluded = json(&run_in(root, &["lint", "--format", "json", "failing"]));
    assert_eq!(excluded["summary"]["connectors"], 1);

    // The nearest file wins.
    fs::write(
        root.join("failing/ppcert.toml"),
        "select = [\"swagger-valid-json\"]\n",
    )
    .unwrap();
    let nearest = diagnostics(&run_in(root, &["lint", "--format", "json", "failing"]));
    assert!(
        nearest.iter().all(|d| d["rule"] == "swagger-valid-json"),
        "{nearest:?}"
    );
}

#[test]
fn config_errors_point_at_their_line_and_column() {
    let tree = sample_tree();
    let root = tree.path();
    let cases = [
        (
            "select = [\"ALL\"]\nignre = [\"x\"]\n",
            ":2:1:",
            "unknown field `ignre`",
        ),
        (
            "ignore = [\n  \"title-max-length\",\n  \"no-such-rule\",\n]\n",
            ":3:3:",
            "unknown rule or rule group `no-such-rule`",
        ),
        (
            "[severity]\n\"title-max-length\" = \"fatal\"\n",
            ":2:22:",
            "unknown severity `fatal`",
        ),
        (
            "[severity]\n\"nope\" = \"error\"\n",
            ":2:1:",
            "unknown rule `nope`",
        ),
        ("profile = \"gold\"\n", ":1:11:", "unknown profile `gold`"),
        (
            "[[overrides]]\npaths = [\"a/[\"]\n",
            ":2:10:",
            "invalid glob",
        ),
        (
            "[[overrides]]\npaths = [\"a\"]\nfoo = 1\n",
            ":3:1:",
            "unknown field `foo`",
        ),
    ];
    for (config, position, message) in cases {
        fs::write(root.join("ppcert.toml"), config).unwrap();
        let o = run_in(root, &["lint", "failing"]);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{config}: {err}");
        assert!(
            err.contains(&format!("ppcert.toml{position}")),
            "{config}: expected {position} in {err}"
        );
        assert!(
            err.contains(message),
            "{config}: expected {message:?} in {err}"
        );
    }
}

#[test]
fn config_schema_is_valid_json_schema_and_accepts_a_full_example() {
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ppcert-config.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let example: serde_json::Value = toml::from_str::<toml::Value>(
        "select = [\"ALL\"]\nignore = [\"readme-*\"]\nextend-select = [\"swagger\"]\nexclude = [\"custom-connectors/*\"]\nprofile = \"certified\"\n[severity]\n\"title-max-length\" = \"warning\"\n[[overrides]]\npaths = [\"certified-connectors/Old*\"]\nignore = [\"contact-required\"]\n",
    )
    .map(|v| serde_json::to_value(v).unwrap())
    .unwrap();
    assert!(validator.is_valid(&example));
    let bad = serde_json::json!({"selct": ["ALL"]});
    assert!(!validator.is_valid(&bad));
}

// ---------------------------------------------------------------- baselines

#[test]
fn baseline_hides_known_findings_survives_moved_lines_and_forgets_fixed_ones() {
    let tree = sample_tree();
    let root = tree.path();
    let o = run_in(
        root,
        &[
            "lint",
            "--write-baseline",
            "ppcert-baseline.json",
            "failing",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let baseline: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("ppcert-baseline.json")).unwrap())
            .unwrap();
    let recorded = baseline["findings"].as_array().unwrap().len();
    assert!(recorded > 5);

    let o = run_in(
        root,
        &[
            "lint",
            "--format",
            "json",
            "--baseline",
            "ppcert-baseline.json",
            "failing",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(diagnostics(&o).len(), 0);

    // Edits that move every line keep the baseline matching.
    let swagger = root
        .join("failing/independent-publisher-connectors/Bad Weather/apiDefinition.swagger.json");
    let original = fs::read_to_string(&swagger).unwrap();
    fs::write(
        &swagger,
        format!("\n\n{}", original.replace("\n", "\n    ")),
    )
    .unwrap();
    let o = run_in(
        root,
        &[
            "lint",
            "--format",
            "json",
            "--baseline",
            "ppcert-baseline.json",
            "failing",
        ],
    );
    assert_eq!(diagnostics(&o).len(), 0, "{:#?}", diagnostics(&o));

    // A new problem is reported, and only it.
    let clean =
        root.join("independent-publisher-connectors/Fabrikam Weather/apiDefinition.swagger.json");
    let text_before = fs::read_to_string(&clean).unwrap();
    fs::write(
        &clean,
        text_before.replace(
            "\"Fabrikam Weather\"",
            "\"Fabrikam Weather Forecasts And Alerts\"",
        ),
    )
    .unwrap();
    let o = run_in(
        root,
        &[
            "lint",
            "--format",
            "json",
            "--baseline",
            "ppcert-baseline.json",
            "failing",
            "independent-publisher-connectors",
        ],
    );
    let new = diagnostics(&o);
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "title-max-length");
    assert_eq!(o.status.code(), Some(1));

    // Fixing a finding and rewriting the baseline drops it.
    fs::remove_file(
        root.join("failing/independent-publisher-connectors/Bad Weather/settings.json"),
    )
    .unwrap();
    run_in(
        root,
        &[
            "lint",
            "--write-baseline",
            "ppcert-baseline.json",
            "failing",
        ],
    );
    let rewritten: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("ppcert-baseline.json")).unwrap())
            .unwrap();
    assert!(rewritten["findings"].as_array().unwrap().len() < recorded);
}

#[test]
fn baseline_counts_what_it_suppressed_and_its_stale_entries() {
    let tree = sample_tree();
    let root = tree.path();
    run_in(root, &["lint", "--write-baseline", "base.json", "failing"]);
    let recorded = serde_json::from_str::<serde_json::Value>(
        &fs::read_to_string(root.join("base.json")).unwrap(),
    )
    .unwrap()["findings"]
        .as_array()
        .unwrap()
        .len();
    let summary = |args: &[&str]| {
        let mut all = vec!["lint", "--format", "json", "--baseline", "base.json"];
        all.extend_from_slice(args);
        let report = json(&run_in(root, &all));
        let schema: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ppcert-report.schema.json"),
            )
            .unwrap(),
        )
        .unwrap();
        assert!(
            jsonschema::validator_for(&schema)
                .unwrap()
                .is_valid(&report),
            "{report:#}"
        );
        report["summary"]["baseline"].clone()
    };
    assert_eq!(
        summary(&["failing"]),
        serde_json::json!({"suppressed": recorded, "stale": 0})
    );
    let o = run_in(
        root,
        &[
            "lint",
            "--format",
            "concise",
            "--baseline",
            "base.json",
            "failing",
        ],
    );
    assert!(
        text(&o.stdout).starts_with(&format!(
            "Baseline: {recorded} findings suppressed, 0 entries stale.\nAll checks passed (2 connectors).\n"
        )),
        "{}",
        text(&o.stdout)
    );
    // Without --baseline, no such field or line.
    let o = run_in(root, &["lint", "--format", "json", "failing"]);
    assert!(json(&o)["summary"].get("baseline").is_none());

    // Fixing the too-long title leaves its entry stale.
    let def = root
        .join("failing/independent-publisher-connectors/Bad Weather/apiDefinition.swagger.json");
    let original = fs::read_to_string(&def).unwrap();
    assert!(original.contains("\"title\": \"Bad Weather (Independent Publisher)\""));
    fs::write(
        &def,
        original.replace(
            "\"title\": \"Bad Weather (Independent Publisher)\"",
            "\"title\": \"Bad Weather\"",
        ),
    )
    .unwrap();
    let fixed = summary(&["failing"]);
    let stale = fixed["stale"].as_u64().unwrap() as usize;
    assert!(stale >= 1, "{fixed}");
    assert_eq!(
        fixed["suppressed"].as_u64().unwrap() as usize,
        recorded - stale
    );
    let o = run_in(
        root,
        &[
            "lint",
            "--format",
            "full",
            "--baseline",
            "base.json",
            "failing",
        ],
    );
    assert!(
        text(&o.stdout).contains(&format!(
            "Baseline: {} findings suppressed, {stale} entr",
            recorded - stale
        )),
        "{}",
        text(&o.stdout)
    );
    // Only what the run checked can be stale: not another connector, nor another rule.
    assert_eq!(
        summary(&["failing/certified-connectors"])["stale"],
        serde_json::json!(0)
    );
    assert_eq!(
        summary(&["--select", "title-max-length", "failing"])["stale"],
        serde_json::json!(1)
    );
    assert_eq!(
        summary(&["--select", "props-brand-color-ip", "failing"])["stale"],
        serde_json::json!(0)
    );
}

/// A connector whose findings' messages hold numbers that change when something else changes:
/// the definition's size, and how many more output summaries of a schema are not Title Case.
fn connector_with_volatile_messages(root: &Path) -> PathBuf {
    let dir = root.join("certified-connectors/Big");
    copy_dir(&samples().join("certified-connectors/Contoso Tasks"), &dir);
    let def = dir.join("apiDefinition.swagger.json");
    let text = fs::read_to_string(&def).unwrap();
    let mut edited = text.replacen(
        '{',
        &format!("{{\n  \"x-padding\": \"{}\",", "a".repeat(1_100_000)),
        1,
    );
    for (from, to) in [
        (
            "\"x-ms-summary\": \"Task ID\"",
            "\"x-ms-summary\": \"task id\"",
        ),
        ("\"x-ms-summary\": \"Done\"", "\"x-ms-summary\": \"done\""),
        (
            "\"x-ms-summary\": \"Due Date\"",
            "\"x-ms-summary\": \"due date\"",
        ),
    ] {
        assert!(edited.contains(from));
        edited = edited.replacen(from, to, 1);
    }
    fs::write(&def, edited).unwrap();
    def
}

/// Editing one character anywhere never brings back a finding the baseline recorded, except at
/// the edited value itself: fingerprints hold no sizes, counts or positions.
#[test]
fn an_edit_elsewhere_never_resurfaces_a_baselined_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let def = connector_with_volatile_messages(root);
    let o = run_in(root, &["lint", "--write-baseline", "base.json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let baseline: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("base.json")).unwrap()).unwrap();
    let recorded: Vec<(String, String)> = baseline["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap().to_owned(),
                e["pointer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for rule in ["swagger-max-size", "response-property-strings"] {
        assert!(
            recorded.iter().any(|(r, _)| r == rule),
            "{rule} not in {recorded:?}"
        );
    }
    let original = fs::read_to_string(&def).unwrap();
    let lint = || {
        diagnostics(&run_in(
            root,
            &["lint", "--format", "json", "--baseline", "base.json", "."],
        ))
    };
    // Edits, each one character: (description, new text, line edited (1-based), if any finding there is allowed).
    let mut edits: Vec<(String, String, Option<usize>)> = vec![
        (
            "one more byte of padding".into(),
            original.replacen("\"aaaa", "\"aaaaa", 1),
            None,
        ),
        (
            "another output summary fixed".into(),
            original.replacen(
                "\"x-ms-summary\": \"done\"",
                "\"x-ms-summary\": \"Done\"",
                1,
            ),
            None,
        ),
    ];
    for (i, line) in original.lines().enumerate() {
        if line.len() > 1000 || !line.trim_end().trim_end_matches(',').ends_with('"') {
            continue;
        }
        let cut = line.trim_end().trim_end_matches(',').len() - 1;
        let mut edited_line = line.to_owned();
        edited_line.insert(cut, 'x');
        let new: Vec<&str> = original
            .lines()
            .enumerate()
            .map(|(j, l)| if j == i { edited_line.as_str() } else { l })
            .collect();
        edits.push((
            format!("`x` appended to line {}", i + 1),
            new.join("\n") + "\n",
            Some(i + 1),
        ));
    }
    assert!(edits.len() > 50, "{}", edits.len());
    for (what, text, line) in &edits {
        fs::write(&def, text).unwrap();
        for d in lint() {
            let at_edit = line.is_some_and(|l| d["line"].as_u64() == Some(l as u64));
            let resurfaced = recorded
                .iter()
                .any(|(r, p)| d["rule"] == r.as_str() && d["pointer"] == p.as_str());
            assert!(
                at_edit || !resurfaced,
                "{what}: a baselined finding came back: {d:#}"
            );
        }
    }
}

// ---------------------------------------------------------------- --changed-since

#[test]
fn changed_since_lints_exactly_the_changed_connectors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let clean = samples().join("independent-publisher-connectors/Fabrikam Weather");
    for i in 0..12 {
        copy_dir(
            &clean,
            &root.join(format!("independent-publisher-connectors/Weather {i:02}")),
        );
    }
    let repo = git2::Repository::init(root).unwrap();
    commit_all(&repo, "twelve connectors");
    let base = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch("base", &base, false).unwrap();
    // A committed change, an unstaged change, a new untracked connector and a deleted one.
    let ip = root.join("independent-publisher-connectors");
    let edit = |n: &str| {
        let f = ip.join(n).join("apiDefinition.swagger.json");
        let t = fs::read_to_string(&f).unwrap();
        fs::write(
            &f,
            t.replace(
                "\"Fabrikam Weather\"",
                "\"Fabrikam Weather Forecasts And Alerts\"",
            ),
        )
        .unwrap();
    };
    edit("Weather 03");
    commit_all(&repo, "edit 03");
    edit("Weather 07");
    fs::write(ip.join("Weather 09/readme.md"), "# Weather\n").unwrap();
    copy_dir(&clean, &ip.join("Weather New"));
    fs::remove_dir_all(ip.join("Weather 11")).unwrap();

    let o = run_in(
        root,
        &["lint", "--format", "json", "--changed-since", "base"],
    );
    let report = json(&o);
    let mut linted: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["connector"].as_str().unwrap().to_owned())
        .collect();
    linted.sort();
    linted.dedup();
    assert_eq!(report["summary"]["connectors"], 4, "{report:#}");
    assert!(
        linted.iter().any(|c| c.ends_with("Weather 03"))
            && linted.iter().any(|c| c.ends_with("Weather 07")),
        "{linted:?}"
    );
    assert_eq!(
        report["summary"]["deleted_connectors"],
        serde_json::json!(["independent-publisher-connectors/Weather 11"])
    );

    // From a subdirectory, the same connectors.
    let sub = run_in(
        &ip,
        &["lint", "--format", "json", "--changed-since", "base"],
    );
    assert_eq!(json(&sub)["summary"]["connectors"], 4);
    // Nothing changed since HEAD but the working tree edits: 07, 09, New (and the deletion).
    let head = run_in(
        root,
        &["lint", "--format", "json", "--changed-since", "HEAD"],
    );
    assert_eq!(json(&head)["summary"]["connectors"], 3);
    // A bad revision is a usage error.
    assert_eq!(
        run_in(root, &["lint", "--changed-since", "no-such-branch"])
            .status
            .code(),
        Some(2)
    );
}

// ---------------------------------------------------------------- the GitHub Action's script

#[test]
fn action_script_runs_with_inputs_from_the_environment() {
    let tree = sample_tree();
    let root = tree.path();
    let outputs = root.join("github-output.txt");
    let o = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
        .current_dir(root)
        .env("PPCERT", env!("CARGO_BIN_EXE_ppcert"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("INPUT_PATHS", "failing\nindependent-publisher-connectors")
        .env("INPUT_FORMAT", "github")
        .env("INPUT_UPLOAD_SARIF", "true")
        .env("INPUT_SARIF_FILE", "out.sarif")
        .env("INPUT_ARGS", "--deny-warnings")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("::error file=failing/"));
    let written = fs::read_to_string(&outputs).unwrap();
    assert!(
        written.contains("exit-code=1") && written.contains("sarif-file=out.sarif"),
        "{written}"
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");

    // With a baseline of everything, the gate passes.
    run_in(root, &["lint", "--write-baseline", "base.json", "failing"]);
    let o = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
        .current_dir(root)
        .env("PPCERT", env!("CARGO_BIN_EXE_ppcert"))
        .env("GITHUB_OUTPUT", &outputs)
        .env("INPUT_PATHS", "failing")
        .env("INPUT_BASELINE", "base.json")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
}

// ---------------------------------------------------------------- --watch

#[test]
fn watch_relints_on_change_and_exits_cleanly_on_ctrl_c() {
    use std::io::{BufRead, BufReader};
    let tree = sample_tree();
    let connector = tree
        .path()
        .join("independent-publisher-connectors/Fabrikam Weather");
    let mut child = bin()
        .args(["lint", "--watch", "--format", "concise"])
        .arg(&connector)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait_for = |needle: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while std::time::Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(std::time::Duration::from_millis(100))
                && line.contains(needle)
            {
                return true;
            }
        }
        false
    };
    assert!(wait_for("All checks passed"), "first run");
    let swagger = connector.join("apiDefinition.swagger.json");
    let t = fs::read_to_string(&swagger).unwrap();
    fs::write(
        &swagger,
        t.replace(
            "\"Fabrikam Weather\"",
            "\"Fabrikam Weather Forecasts And Alerts\"",
        ),
    )
    .unwrap();
    assert!(wait_for("title-max-length"), "re-linted after the change");
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn sarif_snapshot_of_the_results() {
    let o = run_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["lint", "--format", "sarif", "samples/failing"],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let run = &sarif["runs"][0];
    let summary = serde_json::json!({
        "version": sarif["version"],
        "rules": run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        "results": run["results"],
    });
    insta::assert_json_snapshot!("sarif_failing_results", summary);
}

// ---------------------------------------------------------------- adopting ppcert on the real corpus

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    dir.is_dir().then_some(dir)
}

#[test]
fn adopting_on_the_corpus_with_a_baseline() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("repo");
    copy_dir(&corpus, &root);
    let o = run_in(
        &root,
        &["lint", "--write-baseline", "ppcert-baseline.json", "."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run_in(
        &root,
        &[
            "lint",
            "--format",
            "json",
            "--baseline",
            "ppcert-baseline.json",
            ".",
        ],
    );
    let report = json(&o);
    assert!(report["summary"]["connectors"].as_u64().unwrap() > 1000);
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);
    assert_eq!(o.status.code(), Some(0));

    // Break one rule in one connector: exactly that finding.
    let swagger = root.join("certified-connectors/1Me Corporate/apiDefinition.swagger.json");
    let original = fs::read_to_string(&swagger).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&original).unwrap();
    let title = doc["info"]["title"].as_str().unwrap();
    fs::write(
        &swagger,
        original.replacen(
            &format!("\"{title}\""),
            "\"Onemee Corporate Directory Services\"",
            1,
        ),
    )
    .unwrap();
    let o = run_in(
        &root,
        &[
            "lint",
            "--format",
            "json",
            "--baseline",
            "ppcert-baseline.json",
            ".",
        ],
    );
    let new = diagnostics(&o);
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["rule"], "title-max-length");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn diff_sarif_validates_and_points_removals_at_the_new_file() {
    let tmp = sample_tree();
    let root = tmp.path();
    let repo = git2::Repository::init(root).unwrap();
    commit_all(&repo, "samples");
    let path = root.join("certified-connectors/Contoso Tasks/apiDefinition.swagger.json");
    let mut d: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    d["paths"]["/projects/{projectId}/tasks"]
        .as_object_mut()
        .unwrap()
        .remove("get");
    fs::write(&path, serde_json::to_string_pretty(&d).unwrap()).unwrap();

    for command in ["diff", "lint"] {
        let o = run_in(root, &[command, "--base", "HEAD", "--format", "sarif"]);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        let sarif: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{command}: {errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        let removed = results
            .iter()
            .find(|r| r["ruleId"] == "operation-removed")
            .unwrap_or_else(|| panic!("{command}: {results:#?}"));
        assert_eq!(
            removed["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "certified-connectors/Contoso%20Tasks/apiDefinition.swagger.json"
        );
        assert_eq!(removed["properties"]["valuePath"], "operation/ListTasks");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        let index = removed["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], "operation-removed");
    }

    // The action's `base` input runs the same check.
    let o = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("action/run.sh"))
        .current_dir(root)
        .env("PPCERT", env!("CARGO_BIN_EXE_ppcert"))
        .env("GITHUB_OUTPUT", root.join("github-output.txt"))
        .env("INPUT_BASE", "HEAD")
        .env("INPUT_FORMAT", "github")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("ppcert (operation-removed)"),
        "{}",
        text(&o.stdout)
    );
}

// ---------------------------------------------------------------- --shard

/// The findings of a JSON report, each as one comparable line.
fn finding_lines(o: &Output) -> Vec<String> {
    let mut lines: Vec<String> = diagnostics(o).iter().map(|d| d.to_string()).collect();
    lines.sort();
    lines
}

#[test]
fn shards_together_are_the_whole_run() {
    let tree = sample_tree();
    let root = tree.path();
    // An input that cannot be judged: reported once, by shard 1.
    fs::create_dir_all(root.join("empty")).unwrap();
    let args = ["lint", "--isolated", "--format", "json", ".", "empty"];
    let whole = run_in(root, &args);
    assert_eq!(whole.status.code(), Some(2), "{}", text(&whole.stderr));
    let whole_report = json(&whole);
    let connectors = whole_report["summary"]["connectors"].as_u64().unwrap();
    assert!(connectors >= 3, "the samples hold several connectors");

    let mut union = Vec::new();
    let mut checked = 0;
    let mut profiles = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let mut shard_args = args.to_vec();
        shard_args.extend(["--shard", &shard]);
        let o = run_in(root, &shard_args);
        let report = json(&o);
        checked += report["summary"]["connectors"].as_u64().unwrap();
        for p in report["summary"]["profiles"].as_array().unwrap() {
            profiles.push(p["connector"].as_str().unwrap().to_owned());
        }
        union.extend(finding_lines(&o));
        let unjudged = text(&o.stderr).contains("no connector found in `empty`");
        assert_eq!(unjudged, i == 1, "shard {shard}: {}", text(&o.stderr));
        assert_eq!(
            o.status.code(),
            Some(if i == 1 { 2 } else { 1 }),
            "shard {shard}"
        );
        let human = run_in(
            root,
            &shard_args
                .iter()
                .filter(|a| **a != "--format" && **a != "json")
                .copied()
                .collect::<Vec<_>>(),
        );
        assert!(
            text(&human.stdout).contains(&format!("shard {shard}")),
            "the summary says which shard was checked: {}",
            text(&human.stdout)
        );
    }
    union.sort();
    assert_eq!(
        checked, connectors,
        "every connector is in exactly one shard"
    );
    let mut whole_profiles: Vec<String> = whole_report["summary"]["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["connector"].as_str().unwrap().to_owned())
        .collect();
    whole_profiles.sort();
    profiles.sort();
    assert_eq!(profiles, whole_profiles);
    assert_eq!(union, finding_lines(&whole));

    // More shards than connectors: an empty shard says so and claims nothing.
    let o = run_in(
        root,
        &[
            "lint",
            "--isolated",
            "certified-connectors",
            "--shard",
            "9/9",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stdout).contains("Nothing checked: shard 9/9 got none of the connectors found."),
        "{}",
        text(&o.stdout)
    );
    let o = run_in(root, &["lint", "--shard", "4/3"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("is not a shard"));
}

// ---------------------------------------------------------------- the spelling cache

/// The spelling verdicts kept between runs change no finding, hold no text of the connectors,
/// and a damaged cache file is only a slower run.
#[test]
fn spelling_cache_changes_nothing_and_keeps_no_text() {
    let tree = sample_tree();
    let root = tree.path();
    let definition = root.join("certified-connectors/Contoso Tasks/apiDefinition.swagger.json");
    let edited = fs::read_to_string(&definition).unwrap().replace(
        "Lists the tasks of a project, newest first.",
        "Retrive the tasks of a Zorblaxian project, newest first.",
    );
    fs::write(&definition, edited).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let run = |cached: bool| {
        let mut c = bin();
        c.args([
            "lint",
            "--isolated",
            "--format",
            "json",
            "certified-connectors",
        ])
        .current_dir(root);
        if cached {
            c.env("PPCERT_CACHE_DIR", cache.path())
                .env_remove("PPCERT_NO_CACHE");
        } else {
            c.env("PPCERT_NO_CACHE", "1");
        }
        let o = c.output().expect("ppcert runs");
        assert_ne!(o.status.code(), Some(2), "{}", text(&o.stderr));
        o.stdout
    };
    let uncached = run(false);
    assert!(
        text(&uncached).contains("`Retrive` looks misspelt: did you mean `Retrieve`?"),
        "{}",
        text(&uncached)
    );
    let first = run(true);
    let files: Vec<PathBuf> = fs::read_dir(cache.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "one cache file: {files:?}");
    let kept = fs::read_to_string(&files[0]).unwrap();
    assert!(!kept.is_empty());
    for line in kept.lines() {
        let (hash, rest) = line.split_once(' ').expect("hash, verdict, check");
        let (verdict, check) = rest.rsplit_once(' ').expect("verdict and check");
        assert!(
            hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        assert!(
            check.len() == 8 && check.bytes().all(|b| b.is_ascii_hexdigit()),
            "{line}"
        );
        assert!(
            verdict == "=" || verdict == "-" || verdict.starts_with('+'),
            "{line}"
        );
    }
    for word in ["Retrive", "Zorblaxian", "Contoso"] {
        assert!(!kept.contains(word), "the cache holds `{word}`");
    }
    let second = run(true);
    assert_eq!(first, uncached, "a cold cache changes nothing");
    assert_eq!(second, uncached, "a warm cache changes nothing");

    // A damaged file: binary junk, truncated and malformed lines.
    let mut junk = vec![0u8, 159, 146, 150, b'\n'];
    junk.extend(b"0123456789abcdef +\nnot a line\n0123456789abcdef =x\n");
    junk.extend(kept.as_bytes().iter().take(kept.len() / 2));
    fs::write(&files[0], junk).unwrap();
    assert_eq!(run(true), uncached, "a damaged cache changes nothing");
}
