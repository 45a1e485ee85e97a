//! `ppcert new`: for each profile, inside a PowerPlatformConnectors layout and outside it, and
//! from OpenAPI 3 documents written for it, the new folder lints with no error under the chosen
//! profile and every placeholder in it is a `placeholder-todo` warning; refusals write nothing.
//! The OpenAPI documents are in tests/fixtures/new/ (plain files, which the rule fixtures skip).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROFILES: [&str; 3] = ["certified", "independent-publisher", "custom"];
const TRACKS: [&str; 3] = [
    "certified-connectors",
    "independent-publisher-connectors",
    "custom-connectors",
];

fn ppcert(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("NO_COLOR", "1")
        .output()
        .expect("ppcert runs");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "ppcert panicked:\n{err}");
    o
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A temporary PowerPlatformConnectors layout: the three track folders.
fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for t in TRACKS {
        std::fs::create_dir(dir.path().join(t)).unwrap();
    }
    dir
}

fn track_of(profile: &str) -> &'static str {
    TRACKS[PROFILES.iter().position(|p| *p == profile).unwrap()]
}

/// `ppcert lint --format json` on `folder` (run from `dir`, configuration files included).
fn lint(dir: &Path, folder: &Path) -> Value {
    let o = ppcert(dir, &["lint", "--format", "json", folder.to_str().unwrap()]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("lint JSON: {e}\n{}", text(&o)))
}

/// The placeholders in the folder's files, counted independently of the rule and more broadly:
/// every JSON string and every markdown line holding the word `TODO` in any form, and the
/// certified placeholder colour. A placeholder the rule does not recognise makes the counts
/// differ.
fn count_placeholders(folder: &Path) -> usize {
    fn walk(v: &Value, n: &mut usize) {
        match v {
            Value::String(s)
                if s.to_ascii_uppercase().contains("TODO") || s.eq_ignore_ascii_case("#70d0d0") =>
            {
                *n += 1;
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, n)),
            Value::Object(map) => map.values().for_each(|i| walk(i, n)),
            _ => {}
        }
    }
    let mut n = 0;
    for name in ["apiDefinition.swagger.json", "apiProperties.json"] {
        if let Ok(t) = std::fs::read_to_string(folder.join(name)) {
            walk(&serde_json::from_str(&t).unwrap(), &mut n);
        }
    }
    for name in ["readme.md", "intro.md"] {
        if let Ok(t) = std::fs::read_to_string(folder.join(name)) {
            n += t
                .lines()
                .filter(|l| l.to_ascii_uppercase().contains("TODO"))
                .count();
        }
    }
    n
}

/// What every new folder must satisfy: no error under `profile`, the profile reported as chosen
/// (for the reason `source`), every placeholder reported once as a warning.
fn check_clean(dir: &Path, folder: &Path, profile: &str, source: &str) {
    let report = lint(dir, folder);
    let diags = report["diagnostics"].as_array().unwrap();
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(
        errors.is_empty(),
        "{profile}: errors in {folder:?}: {errors:#?}"
    );
    let profiles = report["summary"]["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 1, "{report:#}");
    assert_eq!(profiles[0]["profile"], profile, "{report:#}");
    assert_eq!(profiles[0]["source"], source, "{report:#}");
    let todo: Vec<&Value> = diags
        .iter()
        .filter(|d| d["rule"] == "placeholder-todo")
        .collect();
    assert!(todo.iter().all(|d| d["severity"] == "warning"));
    assert!(todo.iter().all(|d| d["profile"] == profile));
    let expected = count_placeholders(folder);
    assert!(expected > 0, "no placeholder in {folder:?}");
    assert_eq!(
        todo.len(),
        expected,
        "{profile}: {} placeholders written, {} reported: {todo:#?}",
        expected,
        todo.len()
    );
}

fn files_of(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The files each profile gets: intro.md for the certification package, settings.json only
/// where it is not a pull-request folder, .ppcert.toml only outside a checkout.
fn expected_files(profile: &str, standalone: bool) -> Vec<String> {
    let mut names = vec![
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "readme.md",
    ];
    if profile == "custom" {
        names.push("settings.json");
    } else {
        names.push("intro.md");
    }
    if standalone {
        names.push(".ppcert.toml");
    }
    let mut names: Vec<String> = names.into_iter().map(String::from).collect();
    names.sort();
    names
}

#[test]
fn each_profile_in_a_checkout() {
    for profile in PROFILES {
        let dir = checkout();
        let o = ppcert(
            dir.path(),
            &["new", "Contoso Weather", "--profile", profile],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let folder: PathBuf = dir.path().join(track_of(profile)).join("Contoso Weather");
        assert_eq!(files_of(&folder), expected_files(profile, false));
        check_clean(dir.path(), &folder, profile, "path");
        // Nothing else was created in the checkout.
        for t in TRACKS.iter().filter(|t| **t != track_of(profile)) {
            assert!(files_of(&dir.path().join(t)).is_empty());
        }
        let out = text(&o);
        assert!(out.contains("Lint: 0 errors"), "{out}");
        assert!(
            out.contains(&format!(
                "ppcert lint \"{}/Contoso Weather\"",
                track_of(profile)
            )),
            "{out}"
        );
    }
}

#[test]
fn each_profile_outside_a_checkout() {
    for profile in PROFILES {
        let dir = tempfile::tempdir().unwrap();
        let o = ppcert(
            dir.path(),
            &["new", "Contoso Weather", "--profile", profile],
        );
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        let folder = dir.path().join("Contoso Weather");
        assert_eq!(files_of(&folder), expected_files(profile, true));
        check_clean(dir.path(), &folder, profile, "config");
    }
}

#[test]
fn out_dir_and_track_folders() {
    // --out a checkout: the track's folder under it.
    let repo = checkout();
    let cwd = tempfile::tempdir().unwrap();
    let o = ppcert(
        cwd.path(),
        &[
            "new",
            "Fabrikam",
            "--profile",
            "certified",
            "--out",
            repo.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(
        cwd.path(),
        &repo.path().join("certified-connectors/Fabrikam"),
        "certified",
        "path",
    );

    // --out anywhere else: DIR/NAME, with the profile pinned.
    let o = ppcert(
        cwd.path(),
        &[
            "new",
            "Fabrikam",
            "--profile",
            "independent-publisher",
            "--out",
            "nested/dir",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(
        cwd.path(),
        &cwd.path().join("nested/dir/Fabrikam"),
        "independent-publisher",
        "config",
    );

    // Inside a track folder the folder's name decides, and a contradicting --profile is refused.
    let track = repo.path().join("independent-publisher-connectors");
    let o = ppcert(&track, &["new", "Northwind"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(
        &track,
        &track.join("Northwind"),
        "independent-publisher",
        "path",
    );
    let o = ppcert(&track, &["new", "Woodgrove", "--profile", "custom"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!track.join("Woodgrove").exists());

    // Elsewhere, or at a checkout's root, the track must be chosen.
    let o = ppcert(cwd.path(), &["new", "Tailspin"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--profile"), "{}", text(&o));
    let o = ppcert(repo.path(), &["new", "Tailspin"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!cwd.path().join("Tailspin").exists());
}

#[test]
fn an_empty_folder_is_filled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("Contoso")).unwrap();
    let o = ppcert(dir.path(), &["new", "Contoso", "--profile", "custom"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(dir.path(), &dir.path().join("Contoso"), "custom", "config");
}

#[test]
fn refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let existing = dir.path().join("Contoso");
    std::fs::create_dir(&existing).unwrap();
    std::fs::write(existing.join("notes.txt"), "mine").unwrap();
    let o = ppcert(dir.path(), &["new", "Contoso", "--profile", "custom"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("not empty"), "{}", text(&o));
    assert_eq!(files_of(&existing), ["notes.txt"]);
    std::fs::write(dir.path().join("Plain"), "a file").unwrap();
    let o = ppcert(dir.path(), &["new", "Plain", "--profile", "custom"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let names = [
        "a<b",
        "a>b",
        "a:b",
        "a\"b",
        "a|b",
        "a?b",
        "a*b",
        "a\\b",
        "a/b",
        "Trailing.",
        "Trailing ",
        "CON",
        "nul",
        "Com1",
        "LPT9.txt",
        "",
    ];
    for name in names {
        let o = ppcert(dir.path(), &["new", name, "--profile", "custom"]);
        assert_eq!(o.status.code(), Some(2), "{name:?}: {}", text(&o));
    }
    // Titles the track refuses: refused for submissions, fine for a custom connector.
    for name in [
        "Contoso API",
        "Contoso Connector",
        "A name longer than thirty characters",
        "Contoso (Beta)",
    ] {
        for profile in ["certified", "independent-publisher"] {
            let o = ppcert(dir.path(), &["new", name, "--profile", profile]);
            assert_eq!(o.status.code(), Some(2), "{name:?}: {}", text(&o));
            assert!(text(&o).contains("title"), "{}", text(&o));
        }
    }
    assert_eq!(files_of(dir.path()), ["Contoso", "Plain"]);
    let o = ppcert(dir.path(), &["new", "Contoso API", "--profile", "custom"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(
        dir.path(),
        &dir.path().join("Contoso API"),
        "custom",
        "config",
    );
}

/// An OpenAPI 3.0 YAML description with an API key and a path parameter.
const PETS_YAML: &str = include_str!("fixtures/new/pets.yaml");

/// An OpenAPI 3.0 JSON description with OAuth 2.0 and path parameters on the path item.
const TASKS_JSON: &str = include_str!("fixtures/new/tasks.json");

/// An OpenAPI 3.1 YAML description with basic authentication, no servers and no description:
/// the host and the description stay placeholders.
const NOTES_YAML: &str = include_str!("fixtures/new/notes.yaml");

fn new_from(
    profile: &str,
    name: &str,
    file: &str,
    content: &str,
) -> (tempfile::TempDir, PathBuf, Output) {
    let dir = checkout();
    std::fs::write(dir.path().join(file), content).unwrap();
    let o = ppcert(
        dir.path(),
        &["new", name, "--profile", profile, "--from", file],
    );
    let folder = dir.path().join(track_of(profile)).join(name);
    (dir, folder, o)
}

#[test]
fn from_openapi_documents() {
    let cases = [
        ("independent-publisher", "pets.yaml", PETS_YAML),
        ("certified", "pets.yaml", PETS_YAML),
        ("certified", "tasks.json", TASKS_JSON),
        ("custom", "tasks.json", TASKS_JSON),
        ("certified", "notes.yaml", NOTES_YAML),
        ("independent-publisher", "notes.yaml", NOTES_YAML),
        ("custom", "notes.yaml", NOTES_YAML),
    ];
    for (profile, file, content) in cases {
        let (dir, folder, o) = new_from(profile, "Doc Test", file, content);
        assert_eq!(o.status.code(), Some(0), "{profile} {file}: {}", text(&o));
        check_clean(dir.path(), &folder, profile, "path");
        let swagger: Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join("apiDefinition.swagger.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            swagger["info"]["title"], "Doc Test",
            "the title is the name"
        );
        let readme = std::fs::read_to_string(folder.join("readme.md")).unwrap();
        let props = std::fs::read_to_string(folder.join("apiProperties.json")).unwrap();
        match file {
            "pets.yaml" => {
                assert_eq!(swagger["host"], "api.petstore.contoso.com");
                assert!(swagger["paths"]["/pets/{petId}"]["get"].is_object());
                assert!(
                    readme.contains("### Get a pet\nGets one pet by its identifier."),
                    "{readme}"
                );
                assert!(readme.contains("A pet store service"), "{readme}");
                assert!(props.contains("securestring"), "{props}");
                assert!(readme.contains("API key"), "{readme}");
            }
            "tasks.json" => {
                assert!(
                    swagger["securityDefinitions"]["oauth"]["type"] == "oauth2",
                    "{swagger:#}"
                );
                assert!(readme.contains("### Delete a task"), "{readme}");
                assert!(readme.contains("OAuth app"), "{readme}");
            }
            _ => {
                assert_eq!(swagger["host"], "TODO.example.com");
                assert!(
                    swagger["info"]["description"]
                        .as_str()
                        .unwrap()
                        .starts_with("TODO:")
                );
                assert!(readme.contains("### Get a note"), "{readme}");
                // The converter's findings are shown as `ppcert convert` shows them.
                assert!(text(&o).contains("convert-server-url"), "{}", text(&o));
            }
        }
        assert!(
            !text(&o).contains("convert-readme-skeleton"),
            "{}",
            text(&o)
        );
    }
}

#[test]
fn from_openapi_keeps_the_authors_problems_visible() {
    // Independent publishers may no longer use OAuth: the folder is written and the error shown.
    let (_dir, folder, o) = new_from(
        "independent-publisher",
        "Doc Test",
        "tasks.json",
        TASKS_JSON,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("error[ip-no-oauth]"), "{}", text(&o));
    assert!(folder.join("apiDefinition.swagger.json").is_file());

    // An input that is not OpenAPI 3: nothing is written.
    let (dir, folder, o) = new_from(
        "certified",
        "Doc Test",
        "swagger.json",
        r#"{"swagger": "2.0"}"#,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!folder.exists());
    assert!(files_of(&dir.path().join("certified-connectors")).is_empty());
    let o = ppcert(
        dir.path(),
        &[
            "new",
            "Doc Test",
            "--profile",
            "custom",
            "--from",
            "missing.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!dir.path().join("custom-connectors/Doc Test").exists());
}

#[test]
fn a_short_description_stays_in_a_placeholder() {
    let short = PETS_YAML.replace(
        "A pet store service that lets you list pets and fetch one by its identifier.",
        "Pets.",
    );
    let (dir, folder, o) = new_from("certified", "Doc Test", "pets.yaml", &short);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    check_clean(dir.path(), &folder, "certified", "path");
    let swagger = std::fs::read_to_string(folder.join("apiDefinition.swagger.json")).unwrap();
    assert!(
        swagger.contains("\"TODO: describe the service"),
        "{swagger}"
    );
    assert!(swagger.contains("says: Pets.)"), "{swagger}");
}

#[test]
fn a_configuration_that_overrides_the_layout_is_pointed_out() {
    // ppcert.toml beats the path: the folder lands in the track folder, but `ppcert lint` would
    // judge it otherwise, and `new` says so instead of claiming the chosen profile.
    let dir = checkout();
    std::fs::write(dir.path().join("ppcert.toml"), "profile = \"custom\"\n").unwrap();
    let o = ppcert(dir.path(), &["new", "Contoso", "--profile", "certified"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("judges the folder as custom"), "{out}");
    assert!(out.contains("error[pr-folder-by-profile]"), "{out}");
    assert!(
        dir.path()
            .join("certified-connectors/Contoso/intro.md")
            .is_file()
    );
}
