//! `ppcert lint` on solution inputs, end to end through the binary: certification packages,
//! solution zips and unpacked solutions built from the fixture trees of
//! `tests/fixtures/solutions/` into real zips; nested locations in every output format; inputs
//! that cannot be judged; archive attacks.

#[path = "support/sarif.rs"]
mod sarif_support;
#[path = "support/zipbuild.rs"]
mod zipbuild;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use zipbuild::*;

const PACKAGE: &str = "ContosoWidgetsCertPackage.zip";
const CONNECTOR_DEFINITION: &str = "ContosoWidgetsCertPackage.zip!/package.zip!/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip!/Connector/cwid_contoso-20widgets_openapidefinition.json";

fn ppcert(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The certification package, built into `dir`.
fn package(dir: &Path) -> PathBuf {
    let zips = materialize(&fixture("package"), dir);
    assert_eq!(zips.len(), 1, "{zips:?}");
    zips[0].clone()
}

/// The certification package with its connector definition edited.
fn package_with_definition(dir: &Path, edit: impl Fn(&str) -> String) -> PathBuf {
    let tree = dir.join("tree");
    expand(&fixture("package"), &tree);
    let definition = tree.join("ContosoWidgetsCertPackage.zip.d/package.zip.d/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip.d/Connector/cwid_contoso-20widgets_openapidefinition.json");
    let text = fs::read_to_string(&definition).unwrap();
    let edited = edit(&text);
    assert_ne!(text, edited, "the edit changed nothing");
    fs::write(&definition, edited).unwrap();
    let zips = materialize(&tree, dir);
    zips.into_iter().find(|z| z.ends_with(PACKAGE)).unwrap()
}

/// Removes the `summary` of the ListWidgets operation (a connector rule then fires).
fn without_summary(text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap();
    let mut v = v;
    for (_, item) in v["paths"].as_object_mut().unwrap() {
        for (_, op) in item.as_object_mut().unwrap() {
            if op.get("operationId").and_then(Value::as_str) == Some("ListWidgets") {
                op.as_object_mut().unwrap().remove("summary");
            }
        }
    }
    serde_json::to_string(&v).unwrap()
}

#[test]
fn a_clean_package_is_judged_with_its_connector_and_no_errors() {
    let dir = tempfile::tempdir().unwrap();
    package(dir.path());
    let o = ppcert(dir.path(), &["lint", PACKAGE, "--format", "json"]);
    let report: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
    let errors: Vec<&Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let summary = &report["summary"];
    assert_eq!(summary["connectors"], 1, "{summary}");
    assert_eq!(
        summary["solution_inputs"]["certification package"], 1,
        "{summary}"
    );
    let judged: Vec<&str> = summary["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["connector"].as_str().unwrap())
        .collect();
    assert!(
        judged.contains(&"ContosoWidgetsCertPackage.zip!/package.zip!/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip!/Connector/cwid_contoso-20widgets"),
        "{judged:?}"
    );
}

#[test]
fn a_finding_inside_a_package_is_located_through_every_level_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    package_with_definition(dir.path(), without_summary);
    let rule = "operation-summary-required";

    let concise = out(&ppcert(
        dir.path(),
        &["lint", PACKAGE, "--select", rule, "--format", "concise"],
    ));
    let line = concise
        .lines()
        .find(|l| l.contains(rule))
        .unwrap_or_else(|| panic!("no {rule} finding:\n{concise}"));
    assert!(
        line.starts_with(&format!("{CONNECTOR_DEFINITION}:1:")),
        "{line}"
    );

    let full = out(&ppcert(dir.path(), &["lint", PACKAGE, "--select", rule]));
    assert!(
        full.contains(&format!("[{CONNECTOR_DEFINITION}:1:")),
        "{full}"
    );

    let json: Value = serde_json::from_slice(
        &ppcert(
            dir.path(),
            &["lint", PACKAGE, "--select", rule, "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    let d = &json["diagnostics"][0];
    assert_eq!(d["file"], CONNECTOR_DEFINITION, "{d}");
    assert!(d["column"].as_u64().unwrap() > 1, "{d}");
    assert!(
        d["connector"]
            .as_str()
            .unwrap()
            .ends_with("!/Connector/cwid_contoso-20widgets"),
        "{d}"
    );

    let sarif: Value = serde_json::from_slice(
        &ppcert(
            dir.path(),
            &["lint", PACKAGE, "--select", rule, "--format", "sarif"],
        )
        .stdout,
    )
    .unwrap();
    let validator = jsonschema::validator_for(&sarif_support::sarif_schema()).unwrap();
    let errors = sarif_support::sarif_errors(&validator, &sarif);
    assert!(errors.is_empty(), "SARIF 2.1.0 schema: {errors:#?}");
    let result = &sarif["runs"][0]["results"][0];
    let location = &result["locations"][0];
    let uri = location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        uri.ends_with(PACKAGE),
        "the archive on disk is the artifact: {uri}"
    );
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains(CONNECTOR_DEFINITION),
        "{result}"
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        CONNECTOR_DEFINITION
    );

    let github = out(&ppcert(
        dir.path(),
        &["lint", PACKAGE, "--select", rule, "--format", "github"],
    ));
    let annotation = github.lines().find(|l| l.contains(rule)).unwrap();
    assert!(
        annotation.starts_with(&format!("::error file={PACKAGE},line=1,")),
        "{annotation}"
    );
    assert!(
        annotation.contains(&format!("(at {CONNECTOR_DEFINITION}:1:")),
        "{annotation}"
    );
}

#[test]
fn solution_zips_and_unpacked_solutions_are_found_in_a_tree_beside_connector_folders() {
    let dir = tempfile::tempdir().unwrap();
    materialize(
        &fixture("unpacked"),
        &dir.path().join("tree/src/ContosoWidgets"),
    );
    zip_file(
        &fixture("connector-solution"),
        &dir.path().join("tree/exports/ContosoWidgetsConnector.zip"),
    );
    expand(
        &fixture("paconn"),
        &dir.path().join("tree/connectors/contoso"),
    );
    // Zips that are no solution are none of ppcert's business when found in a tree.
    fs::write(
        dir.path().join("tree/exports/screenshots.zip"),
        zip_entries(&[("a.png".into(), vec![1, 2, 3])]),
    )
    .unwrap();
    let o = ppcert(dir.path(), &["lint", "tree", "--format", "json"]);
    let report: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
    let summary = &report["summary"];
    assert_eq!(summary["solution_inputs"]["solution zip"], 1, "{summary}");
    assert_eq!(
        summary["solution_inputs"]["unpacked solution"], 1,
        "{summary}"
    );
    assert_eq!(summary["connectors"], 3, "{summary}");
    let judged = summary["profiles"].to_string();
    assert!(
        judged.contains("tree/src/ContosoWidgets/Connectors/cwid_contoso-20widgets"),
        "{judged}"
    );
    assert!(
        judged
            .contains("tree/exports/ContosoWidgetsConnector.zip!/Connector/cwid_contoso-20widgets"),
        "{judged}"
    );
    assert!(!judged.contains("screenshots"), "{judged}");
    assert!(summary.get("unjudged").is_none(), "{summary}");
}

#[test]
fn a_named_zip_that_is_no_solution_cannot_be_judged() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("photos.zip"),
        zip_entries(&[("a.png".into(), vec![1, 2, 3])]),
    )
    .unwrap();
    let o = ppcert(dir.path(), &["lint", "photos.zip"]);
    assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
    assert!(
        err(&o).contains("neither a Dataverse solution"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("a.png"), "{}", err(&o));
    assert!(!out(&o).contains("All checks passed"), "{}", out(&o));

    fs::write(dir.path().join("broken.zip"), b"PK\x03\x04 not really").unwrap();
    let o = ppcert(dir.path(), &["lint", "broken.zip", "--format", "concise"]);
    assert_ne!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(!out(&o).contains("All checks passed"), "{}", out(&o));
}

#[test]
fn git_integration_yaml_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("solution-source");
    fs::create_dir_all(&yaml).unwrap();
    fs::write(yaml.join("solution.yml"), "uniquename: ContosoWidgets\n").unwrap();
    let o = ppcert(dir.path(), &["lint", "solution-source"]);
    assert_eq!(o.status.code(), Some(2), "{}{}", out(&o), err(&o));
    assert!(err(&o).contains("Git integration"), "{}", err(&o));
    assert!(err(&o).contains("pac solution"), "{}", err(&o));
}

#[test]
fn drift_between_the_package_and_its_pr_folder_is_listed_as_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("contoso");
    expand(&fixture("paconn"), &folder);
    let built = package_with_definition(&dir.path().join("build"), without_summary);
    fs::copy(&built, folder.join(PACKAGE)).unwrap();
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            "contoso",
            "--select",
            "pkg-drift",
            "--profile",
            "certified",
            "--format",
            "concise",
        ],
    );
    let text = out(&o);
    let line = text
        .lines()
        .find(|l| l.contains("pkg-drift"))
        .unwrap_or_else(|| panic!("{text}{}", err(&o)));
    assert!(line.contains("/paths/~1widgets/get/summary"), "{line}");
    assert!(
        line.contains("contoso/apiDefinition.swagger.json"),
        "{line}"
    );
}

/// Each attack is a located error on the entry, found without extracting anything.
#[test]
fn archive_attacks_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let base = || {
        vec![
            RawEntry::file(
                "solution.xml",
                "<ImportExportXml><SolutionManifest><UniqueName>A</UniqueName></SolutionManifest></ImportExportXml>",
            ),
            RawEntry::file("customizations.xml", "<ImportExportXml />"),
            RawEntry::file("[Content_Types].xml", "<Types />"),
        ]
    };
    let cases: Vec<(&str, &str, Vec<RawEntry>)> = vec![
        (
            "traversal",
            "zip-path-traversal",
            vec![RawEntry::file("../../evil.txt", "x")],
        ),
        (
            "absolute",
            "zip-path-traversal",
            vec![RawEntry::file("/etc/evil", "x")],
        ),
        (
            "drive",
            "zip-path-traversal",
            vec![RawEntry::file("C:/evil", "x")],
        ),
        (
            "backslash",
            "zip-backslash",
            vec![RawEntry::file("Connector\\x.json", "{}")],
        ),
        (
            "symlink",
            "zip-symlink",
            vec![RawEntry::symlink("Connector", "/etc")],
        ),
        (
            "ratio",
            "zip-ratio",
            vec![RawEntry::file("Workflows/huge.json", vec![b' '; 20 << 20])],
        ),
    ];
    for (name, rule, extra) in cases {
        let mut entries = base();
        entries.extend(extra);
        let file = format!("{name}.zip");
        fs::write(dir.path().join(&file), raw_zip(&entries)).unwrap();
        let o = ppcert(dir.path(), &["lint", &file, "--format", "concise"]);
        let text = out(&o);
        let line = text
            .lines()
            .find(|l| l.contains(&format!("error[{rule}]")))
            .unwrap_or_else(|| panic!("{name}: no {rule}:\n{text}{}", err(&o)));
        assert!(line.starts_with(&format!("{file}!/")), "{name}: {line}");
        assert_eq!(o.status.code(), Some(1), "{name}: {text}");
    }
    assert!(!dir.path().join("evil.txt").exists() && !Path::new("/etc/evil").exists());
}

#[test]
fn twenty_thousand_entries_stop_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<(String, Vec<u8>)> = (0..20_000)
        .map(|i| (format!("f/{i}.txt"), Vec::new()))
        .chain([
            ("solution.xml".to_owned(), b"<ImportExportXml />".to_vec()),
            (
                "customizations.xml".to_owned(),
                b"<ImportExportXml />".to_vec(),
            ),
        ])
        .collect();
    fs::write(dir.path().join("many.zip"), zip_entries(&entries)).unwrap();
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            "many.zip",
            "--format",
            "concise",
            "--select",
            "zip-entries",
        ],
    );
    assert!(
        out(&o).contains("error[zip-entries]"),
        "{}{}",
        out(&o),
        err(&o)
    );
}

#[test]
fn a_package_nested_too_deep_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    let solution = tree.join("ContosoWidgetsCertPackage.zip.d/package.zip.d/PkgAssets/ContosoWidgetsConnector_1_0_0_1.zip.d");
    fs::create_dir_all(solution.join("Other.zip.d")).unwrap();
    fs::write(solution.join("Other.zip.d/a.txt"), "x").unwrap();
    materialize(&tree, dir.path());
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            PACKAGE,
            "--format",
            "concise",
            "--select",
            "zip-depth",
        ],
    );
    let text = out(&o);
    assert!(
        text.contains("ContosoWidgetsConnector_1_0_0_1.zip!/Other.zip:1:1: error[zip-depth]"),
        "{text}{}",
        err(&o)
    );
}

/// Secrets in a package are reported where they are, in every format, without their values:
/// not in messages, not in snippets.
#[test]
fn secrets_in_a_package_are_never_printed() {
    const SECRET: &str = "sk_live_51H8xyzSECRETVALUE123";
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    let assets = tree.join("ContosoWidgetsCertPackage.zip.d/package.zip.d/PkgAssets");
    let params = assets.join("ContosoWidgetsConnector_1_0_0_1.zip.d/Connector/cwid_contoso-20widgets_connectionparameters.json");
    let text = fs::read_to_string(&params).unwrap();
    let oauth = format!(
        r#"{{"token":{{"type":"oauthSetting","oAuthSettings":{{"identityProvider":"oauth2","clientId":"00000000-0000-0000-0000-000000000000","clientSecret":"{SECRET}","scopes":[],"redirectMode":"GlobalPerConnector","properties":{{"IsFirstParty":"False"}},"customParameters":{{"authorizationUrl":{{"value":"https://login.contoso.com/authorize"}},"tokenUrl":{{"value":"https://login.contoso.com/token"}},"refreshUrl":{{"value":"https://login.contoso.com/token"}}}}}}}},"#
    );
    fs::write(&params, text.replacen('{', &oauth, 1)).unwrap();
    let flow_dir = assets.join("ContosoWidgetsFlow_1_0_0_1.zip.d/Workflows");
    for flow in fs::read_dir(&flow_dir).unwrap().flatten() {
        let text = fs::read_to_string(flow.path()).unwrap();
        let mut v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        v["properties"]["definition"]["actions"]["Call_the_partner"] = serde_json::json!({
            "type": "Http",
            "inputs": {"method": "GET", "uri": "https://partner.contoso.com/hook", "headers": {"Authorization": format!("Bearer {SECRET}")}}
        });
        fs::write(flow.path(), serde_json::to_string_pretty(&v).unwrap()).unwrap();
    }
    materialize(&tree, dir.path());
    let mut rules_seen = Vec::new();
    for format in ["full", "concise", "json", "sarif", "github"] {
        let o = ppcert(dir.path(), &["lint", PACKAGE, "--format", format]);
        let all = format!("{}{}", out(&o), err(&o));
        assert!(
            !all.contains(SECRET) && !all.contains("SECRETVALUE"),
            "{format} printed the secret:\n{all}"
        );
        if format == "concise" {
            rules_seen = all
                .lines()
                .filter_map(|l| l.split('[').nth(1)?.split(']').next())
                .map(str::to_owned)
                .collect();
        }
    }
    assert!(
        rules_seen.iter().any(|r| r == "sec-client-secret"),
        "{rules_seen:?}"
    );
    assert!(
        rules_seen.iter().any(|r| r == "sec-flow-literals"),
        "{rules_seen:?}"
    );
}

/// `--package-strictness ps` reproduces ConnectorPackageValidator.ps1: a flow solution without
/// its own copy of the connector fails; by default it is a warning (certified packages do it).
#[test]
fn ps_strictness_fails_a_flow_solution_without_the_connector() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    let flow = tree.join(
        "ContosoWidgetsCertPackage.zip.d/package.zip.d/PkgAssets/ContosoWidgetsFlow_1_0_0_1.zip.d",
    );
    fs::remove_dir_all(flow.join("Connector")).unwrap();
    let customizations = flow.join("customizations.xml");
    let text = fs::read_to_string(&customizations).unwrap();
    let start = text.find("<Connectors>").unwrap();
    let end = text.find("</Connectors>").unwrap() + "</Connectors>".len();
    fs::write(
        &customizations,
        format!("{}<Connectors />{}", &text[..start], &text[end..]),
    )
    .unwrap();
    materialize(&tree, dir.path());
    let rule = "pkg-flow-has-connector";
    let default = out(&ppcert(
        dir.path(),
        &["lint", PACKAGE, "--select", rule, "--format", "concise"],
    ));
    assert!(default.contains(&format!("warning[{rule}]")), "{default}");
    let ps = ppcert(
        dir.path(),
        &[
            "lint",
            PACKAGE,
            "--select",
            rule,
            "--format",
            "concise",
            "--package-strictness",
            "ps",
        ],
    );
    assert!(out(&ps).contains(&format!("error[{rule}]")), "{}", out(&ps));
    assert_eq!(ps.status.code(), Some(1));
    fs::write(
        dir.path().join("ppcert.toml"),
        "package-strictness = \"ps\"\n",
    )
    .unwrap();
    let configured = out(&ppcert(
        dir.path(),
        &["lint", PACKAGE, "--select", rule, "--format", "concise"],
    ));
    assert!(
        configured.contains(&format!("error[{rule}]")),
        "{configured}"
    );
}

/// Damaged packages never panic or hang: the package with bytes flipped, runs zeroed and the
/// file cut short, and with its XML and JSON texts cut at random places, each linted through the
/// whole pipeline (in process), every outcome a finding or an unjudged input.
#[test]
fn damaged_packages_are_findings_not_panics() {
    use ppcert::workspace::{LintRun, Request};
    let dir = tempfile::tempdir().unwrap();
    let clean = fs::read(package(dir.path())).unwrap();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let lint = |bytes: &[u8], i: usize| {
        let path = dir.path().join(format!("damaged-{i}.zip"));
        fs::write(&path, bytes).unwrap();
        let request = Request {
            paths: vec![path.clone()],
            ..Request::default()
        };
        let run = LintRun::plan(&request).unwrap();
        let results = run.run(|_| ());
        let judged: usize = results
            .iter()
            .map(|r| r.diagnostics.len() + r.unjudged.len())
            .sum();
        fs::remove_file(&path).unwrap();
        judged
    };
    for i in 0..300 {
        let mut bytes = clean.clone();
        match i % 3 {
            0 => {
                for _ in 0..1 + next() % 8 {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] ^= 1 << (next() % 8);
                }
            }
            1 => {
                let at = (next() as usize) % bytes.len();
                let len = ((next() as usize) % 64).min(bytes.len() - at);
                bytes[at..at + len].fill(0);
            }
            _ => bytes.truncate((next() as usize) % bytes.len()),
        }
        // Something is always said about a damaged package (the clean one has only infos and
        // warnings at most; a damaged one may also be clean if the flip hit unused bytes).
        let _ = lint(&bytes, i);
    }

    // Texts cut short inside the solutions: zips that are fine, files that are not.
    let tree = dir.path().join("tree");
    for i in 0..40 {
        let _ = fs::remove_dir_all(&tree);
        expand(&fixture("package"), &tree);
        let mut texts: Vec<PathBuf> = Vec::new();
        let mut stack = vec![tree.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "xml" || x == "json") {
                    texts.push(p);
                }
            }
        }
        texts.sort();
        let victim = &texts[(next() as usize) % texts.len()];
        let text = fs::read(victim).unwrap();
        fs::write(victim, &text[..(next() as usize) % text.len().max(1)]).unwrap();
        let built = dir.path().join("built");
        let _ = fs::remove_dir_all(&built);
        let zips = materialize(&tree, &built);
        let bytes = fs::read(&zips[0]).unwrap();
        assert!(
            lint(&bytes, 1000 + i) > 0,
            "cutting {} short went unnoticed",
            victim.display()
        );
    }
}

/// The attacks that need their headers patched: encryption, another method, duplicate names, a
/// file that is not a zip at all.
#[test]
fn patched_archives_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let base = || {
        vec![
            RawEntry::file("solution.xml", "<ImportExportXml />"),
            RawEntry::file("customizations.xml", "<ImportExportXml />"),
            RawEntry::file("[Content_Types].xml", "<Types />"),
            RawEntry::file("Workflows/flow.json", "{}"),
            RawEntry::file("Workflows/FLOW.json", "{}"),
        ]
    };
    let mut encrypted = raw_zip(&base());
    set_flags(&mut encrypted, "Workflows/flow.json", 1);
    let mut bzip2 = raw_zip(&base());
    set_method(&mut bzip2, "Workflows/flow.json", 12);
    let mut duplicate = raw_zip(&base());
    patch_bytes(
        &mut duplicate,
        b"Workflows/FLOW.json",
        b"Workflows/flow.json",
    );
    let cases = [
        ("encrypted", "zip-encrypted", encrypted, true),
        ("bzip2", "zip-method", bzip2, true),
        ("duplicate", "zip-duplicate-name", duplicate, true),
        (
            "garbage",
            "zip-readable",
            b"PK\x03\x04 this is not a zip".to_vec(),
            false,
        ),
    ];
    for (name, rule, bytes, entry) in cases {
        let file = format!("{name}.zip");
        fs::write(dir.path().join(&file), bytes).unwrap();
        let o = ppcert(dir.path(), &["lint", &file, "--format", "concise"]);
        let text = out(&o);
        let line = text
            .lines()
            .find(|l| l.contains(&format!("error[{rule}]")))
            .unwrap_or_else(|| panic!("{name}: no {rule}:\n{text}{}", err(&o)));
        let at = if entry {
            format!("{file}!/Workflows/")
        } else {
            format!("{file}:1:1")
        };
        assert!(line.starts_with(&at), "{name}: {line}");
        assert_eq!(o.status.code(), Some(1), "{name}: {text}");
    }
}

/// Managed exports of the clean solutions, and their unpacked source, are clean too.
#[test]
fn managed_variants_and_unpacked_sources_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    for solution in [
        "ContosoWidgetsConnector_1_0_0_1",
        "ContosoWidgetsFlow_1_0_0_1",
    ] {
        let manifest = tree.join(format!(
            "ContosoWidgetsCertPackage.zip.d/package.zip.d/PkgAssets/{solution}.zip.d/solution.xml"
        ));
        let text = fs::read_to_string(&manifest).unwrap();
        assert!(text.contains("<Managed>0</Managed>"));
        fs::write(
            &manifest,
            text.replace("<Managed>0</Managed>", "<Managed>1</Managed>"),
        )
        .unwrap();
    }
    materialize(&tree, dir.path());
    expand(
        &fixture("unpacked"),
        &dir.path().join("src/ContosoWidgetsConnector"),
    );
    expand(
        &fixture("unpacked-flow"),
        &dir.path().join("src/ContosoWidgetsFlow"),
    );
    for target in [PACKAGE, "src"] {
        let o = ppcert(dir.path(), &["lint", target, "--format", "json"]);
        let report: Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(&o)));
        let errors: Vec<&Value> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
        assert!(
            report["summary"].get("unjudged").is_none(),
            "{target}: {}",
            report["summary"]
        );
    }
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            PACKAGE,
            "--format",
            "concise",
            "--select",
            "pkg-managed",
        ],
    );
    assert!(out(&o).contains("info[pkg-managed]"), "{}", out(&o));
}

/// An exported zip's contents checked in as a folder (`solution.xml` at its root) are read like
/// the zip.
#[test]
fn a_folder_holding_an_exported_zips_contents_is_a_solution() {
    let dir = tempfile::tempdir().unwrap();
    expand(
        &fixture("connector-solution"),
        &dir.path().join("ContosoWidgetsConnector"),
    );
    let o = ppcert(
        dir.path(),
        &["lint", "ContosoWidgetsConnector", "--format", "json"],
    );
    let report: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", out(&o), err(&o)));
    assert_eq!(o.status.code(), Some(0), "{report:#}");
    assert_eq!(report["summary"]["connectors"], 1, "{}", report["summary"]);
    assert!(
        report["summary"]["profiles"]
            .to_string()
            .contains("ContosoWidgetsConnector/Connector/cwid_contoso-20widgets"),
        "{}",
        report["summary"]
    );
    // And a broken manifest there is placed in the folder's file.
    let manifest = dir.path().join("ContosoWidgetsConnector/solution.xml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, text.replacen("</UniqueName>", "</Unique>", 1)).unwrap();
    let o = ppcert(
        dir.path(),
        &["lint", "ContosoWidgetsConnector", "--format", "concise"],
    );
    assert!(
        out(&o).contains("ContosoWidgetsConnector/solution.xml:"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("error[sol-xml-wellformed]"), "{}", out(&o));
}

/// A package zipped by macOS Finder carries `__MACOSX/` and `.DS_Store`: the PowerShell validator
/// counts the folder and rejects the package; ppcert says what they are and how to drop them.
#[test]
fn finder_metadata_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    let outer = tree.join("ContosoWidgetsCertPackage.zip.d");
    fs::create_dir_all(outer.join("__MACOSX")).unwrap();
    fs::write(outer.join("__MACOSX/._intro.md"), b"\0\x05\x16\x07").unwrap();
    fs::write(outer.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    fs::create_dir_all(outer.join("package.zip.d/__MACOSX/PkgAssets")).unwrap();
    fs::write(
        outer.join("package.zip.d/__MACOSX/PkgAssets/._x.zip"),
        b"\0\x05\x16\x07",
    )
    .unwrap();
    materialize(&tree, dir.path());
    let o = ppcert(dir.path(), &["lint", PACKAGE, "--format", "concise"]);
    let text = out(&o);
    for rule in ["pkg-outer-no-folders", "pkg-assets-folder"] {
        let line = text
            .lines()
            .find(|l| l.contains(&format!("[{rule}]")))
            .unwrap_or_else(|| panic!("{rule}:\n{text}"));
        assert!(line.contains("macOS Finder"), "{line}");
        assert!(line.contains("zip -d"), "{line}");
    }
    let line = text
        .lines()
        .find(|l| l.contains("[pkg-outer-extra-files]") && l.contains(".DS_Store"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("macOS Finder"), "{line}");
    assert_eq!(o.status.code(), Some(1), "{text}");
}

/// `--changed-since` lints a changed package (and the PR folder it sits in) and an unpacked
/// solution one of whose files changed; unchanged solutions are left out.
#[test]
fn changed_since_finds_changed_solutions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    expand(&fixture("paconn"), &root.join("connectors/contoso"));
    package(&root.join("connectors/contoso"));
    expand(&fixture("unpacked"), &root.join("solutions/widgets"));
    expand(&fixture("unpacked"), &root.join("solutions/untouched"));
    git(&["init", "-q", "-b", "main"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "add",
        "-A",
    ]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-qm",
        "base",
    ]);

    package_with_definition(&root.join("build"), without_summary);
    fs::copy(
        root.join("build").join(PACKAGE),
        root.join("connectors/contoso").join(PACKAGE),
    )
    .unwrap();
    fs::remove_dir_all(root.join("build")).unwrap();
    let manifest = root.join("solutions/widgets/Other/Solution.xml");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(
        &manifest,
        text.replace("<Version>1.0.0.1</Version>", "<Version>1.0.0.2</Version>"),
    )
    .unwrap();

    let o = ppcert(
        root,
        &["lint", "--changed-since", "HEAD", "--format", "json"],
    );
    let report: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", out(&o), err(&o)));
    let judged = report["summary"]["profiles"].to_string();
    assert!(
        judged.contains(&format!("connectors/contoso/{PACKAGE}!/package.zip")),
        "{judged}"
    );
    assert!(judged.contains("solutions/widgets/Connectors/"), "{judged}");
    assert!(!judged.contains("untouched"), "{judged}");
    let findings = report["diagnostics"].to_string();
    assert!(
        findings.contains("operation-summary-required"),
        "{findings}"
    );
}

/// The package's `intro.md` goes with its connector: the intro rules judge it, at its place in
/// the outer zip. A plain solution has no intro, and no intro rule runs on its connectors.
#[test]
fn the_package_intro_gets_the_intro_rules() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    expand(&fixture("package"), &tree);
    fs::write(
        tree.join("ContosoWidgetsCertPackage.zip.d/intro.md"),
        "# Contoso Widgets\n\nWidgets.\n",
    )
    .unwrap();
    materialize(&tree, dir.path());
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            PACKAGE,
            "--format",
            "concise",
            "--select",
            "intro-structure",
        ],
    );
    let text = out(&o);
    assert!(
        text.contains(&format!(
            "{PACKAGE}!/intro.md:1:1: warning[intro-structure]"
        )),
        "{text}{}",
        err(&o)
    );

    zip_file(
        &fixture("connector-solution"),
        &dir.path().join("plain.zip"),
    );
    let o = ppcert(
        dir.path(),
        &[
            "lint",
            "plain.zip",
            "--format",
            "concise",
            "--select",
            "intro-required,intro-structure",
        ],
    );
    assert!(!out(&o).contains("[intro-"), "{}", out(&o));
}
