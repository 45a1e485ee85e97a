//! The command line as users and CI scripts see it: output formats, exit codes, colours.

use std::path::Path;
use std::process::{Command, Output};

const CLEAN_CERTIFIED: &str = "samples/certified-connectors/Contoso Tasks";
const CLEAN_IP: &str = "samples/independent-publisher-connectors/Fabrikam Weather";
const FAILING_IP: &str = "samples/failing/independent-publisher-connectors/Bad Weather";

fn ppcert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env("COLUMNS", "100")
        .output()
        .expect("ppcert runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn no_panic(o: &Output) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "ppcert panicked:\n{err}");
}

#[test]
fn clean_samples_pass_with_zero_findings() {
    for (sample, profile) in [
        (
            CLEAN_CERTIFIED,
            "certified (from path: certified-connectors/)",
        ),
        (
            CLEAN_IP,
            "independent-publisher (from path: independent-publisher-connectors/)",
        ),
    ] {
        let o = ppcert(&["lint", "--format", "concise", "--color", "never", sample]);
        no_panic(&o);
        assert_eq!(o.status.code(), Some(0), "{sample}:\n{}", stdout(&o));
        assert_eq!(
            stdout(&o),
            format!("All checks passed (1 connector).\nProfile: {profile}.\n")
        );
    }
}

#[test]
fn failing_samples_exit_1_with_findings() {
    let o = ppcert(&[
        "lint",
        "--format",
        "concise",
        "--color",
        "never",
        "samples/failing",
    ]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("concise_failing_samples", stdout(&o));
}

#[test]
fn full_format_shows_snippets() {
    let o = ppcert(&["lint", "--color", "never", FAILING_IP]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!("full_failing_ip_sample", stdout(&o));
}

#[test]
fn json_format_is_one_document_matching_its_schema() {
    let o = ppcert(&["lint", "--format", "json", "samples"]);
    no_panic(&o);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/ppcert-report.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["connectors"], 4);
    let mut report = report;
    report["tool"]["version"] = "[version]".into();
    insta::assert_json_snapshot!("json_samples", report);
}

#[test]
fn statistics_count_per_rule() {
    let o = ppcert(&[
        "lint",
        "--statistics",
        "--color",
        "never",
        "samples/failing",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    let first = text.lines().next().expect("a row");
    let count: usize = first
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .expect("count first");
    assert!(count >= 1);
    let json = ppcert(&[
        "lint",
        "--statistics",
        "--format",
        "json",
        "samples/failing",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let total: u64 = v["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    let s = &v["summary"];
    assert_eq!(
        total,
        s["errors"].as_u64().unwrap()
            + s["warnings"].as_u64().unwrap()
            + s["infos"].as_u64().unwrap()
    );
}

#[test]
fn exit_codes() {
    // Usage and I/O failures are 2, like ruff and cargo.
    assert_eq!(ppcert(&["lint", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(
        ppcert(&["lint", "--select", "no-such-rule", CLEAN_IP])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        ppcert(&["lint", "--format", "yaml", CLEAN_IP])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(ppcert(&["explain", "no-such-rule"]).status.code(), Some(2));
    assert_eq!(ppcert(&["lint", "samples/failing"]).status.code(), Some(1));
    // Selecting away every rule that fires leaves exit 0.
    let o = ppcert(&[
        "lint",
        "--select",
        "title-max-length",
        "--quiet",
        CLEAN_CERTIFIED,
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "", "--quiet prints no summary");
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let o = ppcert(&["lint", "--format", "json", "samples/failing"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let warning_rule = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["severity"] == "warning")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["connector"].as_str().unwrap().to_owned(),
            )
        });
    let Some((rule, connector)) = warning_rule else {
        panic!("the failing samples should produce a warning")
    };
    assert_eq!(
        ppcert(&["lint", "--select", &rule, &connector])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        ppcert(&["lint", "--select", &rule, "--deny-warnings", &connector])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn colours_follow_the_flag_and_no_color() {
    let esc = |o: &Output| o.stdout.contains(&0x1b);
    assert!(esc(&ppcert(&[
        "lint", "--color", "always", "--format", "concise", FAILING_IP
    ])));
    assert!(
        !esc(&ppcert(&["lint", "--format", "concise", FAILING_IP])),
        "no colour into a pipe"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_ppcert"))
        .args(["lint", "--format", "concise", FAILING_IP])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!esc(&o));
}

#[test]
fn rules_and_explain() {
    let o = ppcert(&["rules", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rules.len() >= 170);
    let manual = rules.iter().find(|r| r["id"] == "title-unique").unwrap();
    assert_eq!(manual["status"], "reminder");
    let text = stdout(&ppcert(&["rules"]));
    assert!(text.contains("title-max-length") && text.contains("reminder"));

    let o = ppcert(&["explain", "title-max-length"]);
    assert_eq!(o.status.code(), Some(0));
    let doc = stdout(&o);
    for part in [
        "# title-max-length",
        "## What it checks",
        "## Example",
        "FieldLengthExceeded",
    ] {
        assert!(doc.contains(part), "missing {part:?} in:\n{doc}");
    }
}

/// A copy of the clean certified sample under `certified-connectors/` in a temporary folder, with
/// its definition's `"host": "api.contoso.com",` line replaced.
fn certified_sample_with_host(host_line: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certified-connectors/Contoso Tasks");
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(CLEAN_CERTIFIED).unwrap().flatten() {
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let def = dir.join("apiDefinition.swagger.json");
    let text = std::fs::read_to_string(&def).unwrap();
    let old = "  \"host\": \"api.contoso.com\",\n";
    assert!(text.contains(old));
    std::fs::write(&def, text.replace(old, host_line)).unwrap();
    tmp
}

#[test]
fn a_certified_connector_without_a_valid_host_fails() {
    let concise = |tmp: &tempfile::TempDir, extra: &[&str]| {
        let path = tmp.path().join("certified-connectors/Contoso Tasks");
        let mut args = vec!["lint", "--format", "concise", "--color", "never"];
        args.extend_from_slice(extra);
        args.push(path.to_str().unwrap());
        let o = ppcert(&args);
        no_panic(&o);
        o
    };
    let missing = certified_sample_with_host("");
    let o = concise(&missing, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("error[host-required] the definition has no `host`"),
        "{}",
        stdout(&o)
    );
    // Custom connectors get their host from the maker portal's wizard.
    let o = concise(&missing, &["--profile", "custom"]);
    assert!(!stdout(&o).contains("host-required"), "{}", stdout(&o));

    let query = certified_sample_with_host("  \"host\": \"api.contoso.com?tenant=1\",\n");
    let o = concise(&query, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o)
            .contains("error[host-valid] host `api.contoso.com?tenant=1` is not a bare host name"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn explain_takes_what_authors_paste() {
    // A rule id, whatever its case.
    let o = ppcert(&["explain", "Title-Max-Length"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("# title-max-length\n"),
        "{}",
        stdout(&o)
    );

    // A validator code: the rules that report it; with one rule, its documentation too.
    let o = ppcert(&["explain", "hostnamenotvalid"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("`HostNameNotValid` is a code of Microsoft's Swagger Validator"),
        "{text}"
    );
    assert!(text.contains("  host-valid  error"), "{text}");
    assert!(text.contains("# host-valid\n"), "{text}");
    let o = ppcert(&["explain", "FieldLengthExceeded"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    for rule in ["title-max-length", "param-summary-required"] {
        assert!(text.contains(&format!("  {rule} ")), "{text}");
    }
    assert!(text.contains("`ppcert explain <rule>`"), "{text}");

    // A convert finding: what it means, and the rules that check the same thing.
    let o = ppcert(&["explain", "convert-default-response-schema"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.starts_with("# convert-default-response-schema\n"),
        "{text}"
    );
    assert!(text.contains("Severity: warning"), "{text}");
    assert!(text.contains("  default-response-no-schema "), "{text}");

    // A typo: exit 2 and the nearest names.
    let o = ppcert(&["explain", "titel-max-lenght"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `title-max-length`?"), "{err}");
    let o = ppcert(&["explain", "FieldLength"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("`FieldLengthExceeded`") && err.contains("`FieldLengthNotInRange`"),
        "{err}"
    );
    let o = ppcert(&["explain", "HostNameNotVaild"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("did you mean `HostNameNotValid`?"), "{err}");
}

#[test]
fn single_definition_file_and_settings_json() {
    // A definition file alone: folder-layout rules (readme, required files) do not apply.
    let def = format!("{CLEAN_CERTIFIED}/apiDefinition.swagger.json");
    let o = ppcert(&["lint", "--format", "json", "--profile", "certified", &def]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["connectors"], 1);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{v:#}");

    // A paconn settings.json names the files it belongs with.
    let settings = format!("{FAILING_IP}/settings.json");
    let o = ppcert(&[
        "lint",
        "--format",
        "json",
        "--profile",
        "independent-publisher",
        &settings,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: std::collections::BTreeSet<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("apiDefinition.swagger.json")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("apiProperties.json")),
        "{files:?}"
    );
}

/// docs/rules.md is generated from the rule metadata and doc comments; it must be current.
#[test]
fn rules_reference_is_up_to_date() {
    let generated = stdout(&ppcert(&["rules", "--format", "markdown"]));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
}

#[test]
fn a_connector_named_twice_is_linted_once() {
    let o = ppcert(&[
        "lint",
        "--format",
        "json",
        CLEAN_IP,
        "samples/independent-publisher-connectors",
        CLEAN_IP,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["connectors"], 1);
}

/// A tree of `n` copies of the failing sample (`Bad Weather 00`, `Bad Weather 01`, …).
fn tree_of_failing_copies(n: usize) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(FAILING_IP);
    for i in 0..n {
        let to = tmp.path().join(format!("Bad Weather {i:02}"));
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }
    tmp
}

/// A lint run of `tree`, planned with the default settings.
fn planned(tree: &tempfile::TempDir) -> ppcert::workspace::LintRun {
    let request = ppcert::workspace::Request {
        paths: vec![tree.path().to_path_buf()],
        ..Default::default()
    };
    ppcert::workspace::LintRun::plan(&request).unwrap()
}

#[test]
fn findings_are_handed_over_in_order_while_later_connectors_are_linted() {
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;
    let tree = tree_of_failing_copies(24);
    let run = planned(&tree);
    let name = |j: &ppcert::workspace::Judged| j.connector.name.clone();
    let whole = run.run(name);
    assert_eq!(whole.len(), 24);

    // The last connector's rendering waits until the first connector's findings have been
    // handed over: a run that handed results over only at its end would never get there.
    let first_handed_over = (Mutex::new(false), Condvar::new());
    let waited_in_vain = Mutex::new(false);
    let mut order = Vec::new();
    let streamed = run.run_each(
        |j| {
            if j.connector.name.ends_with(" 23") {
                let (done, signal) = &first_handed_over;
                let done = done.lock().unwrap();
                let (done, _) = signal
                    .wait_timeout_while(done, Duration::from_secs(60), |d| !*d)
                    .unwrap();
                *waited_in_vain.lock().unwrap() |= !*done;
            }
            name(j)
        },
        |r| {
            order.push(std::mem::take(&mut r.rendered));
            let (done, signal) = &first_handed_over;
            *done.lock().unwrap() = true;
            signal.notify_all();
        },
    );
    assert!(
        !*waited_in_vain.lock().unwrap(),
        "the first connector was not handed over before the last was rendered"
    );
    // Every result once, in the order of the run, with what `run` returns for it.
    let expected: Vec<String> = whole.iter().map(|r| r.rendered.clone()).collect();
    assert_eq!(order, expected);
    assert_eq!(streamed.len(), whole.len());
    for (s, w) in streamed.iter().zip(&whole) {
        assert_eq!(s.connector, w.connector);
        assert!(s.rendered.is_empty(), "taken by the handler");
        let rules = |r: &ppcert::workspace::Linted<String>| {
            r.diagnostics
                .iter()
                .map(|d| (d.rule, d.line, d.column, d.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(rules(s), rules(w));
        assert!(!rules(s).is_empty());
    }
}

#[test]
fn a_reader_that_stops_early_leaves_the_run_and_its_exit_code_alone() {
    use std::io::Read;
    let tree = tree_of_failing_copies(40);
    for format in ["json", "full"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ppcert"))
            .args(["lint", "--format", format])
            .arg(tree.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read the start of the output, then close the pipe (as `| head` does).
        let mut start = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut start).unwrap();
        let o = child.wait_with_output().unwrap();
        no_panic(&o);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.to_lowercase().contains("broken pipe"), "{err}");
        assert_eq!(o.status.code(), Some(1), "{format}: {err}");
    }
}

#[test]
fn a_run_started_from_a_worker_of_a_one_thread_pool_finishes() {
    let tree = tree_of_failing_copies(3);
    let run = planned(&tree);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut handed_over = 0;
    let results = pool.install(|| run.run_each(|_| (), |_| handed_over += 1));
    assert_eq!((results.len(), handed_over), (3, 3));
}

/// One connector is linted on the calling thread, with a thread of its own for the files' rules
/// when its definition is large, and side by side on a worker of the pool: the findings are
/// the same each way, for a small definition and a large one.
#[test]
fn one_connector_gets_the_same_findings_on_and_off_the_pool() {
    use ppcert::connector::{Connector, Profile, discover};
    use ppcert::lint::{RuleSelector, RuleSet, lint};
    let tree = tree_of_failing_copies(2);
    // The second copy's definition grows past 256 KB with a long description.
    let large = tree
        .path()
        .join("Bad Weather 01/apiDefinition.swagger.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&large).unwrap()).unwrap();
    doc["info"]["description"] = "The weather of the day. ".repeat(12_000).into();
    std::fs::write(&large, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let set = RuleSet::new(&RuleSelector::default());
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let targets = discover(tree.path()).unwrap();
    assert_eq!(targets.len(), 2);
    let mut sizes: Vec<u64> = Vec::new();
    for target in &targets {
        let connector = Connector::load(target, Some(Profile::IndependentPublisher));
        let size = connector.swagger.as_ref().unwrap().size;
        let off = serde_json::to_string(&lint(&connector, &set)).unwrap();
        let on = pool.install(|| serde_json::to_string(&lint(&connector, &set)).unwrap());
        assert_eq!(off, on, "{size} bytes");
        // Findings of both sides: the files' rules (the readme's) and the definition's.
        let has = |rule: &str| off.contains(&format!("\"rule\":\"{rule}\""));
        assert!(
            has("readme-sections-ip") && has("param-summary-required"),
            "{size}: {off}"
        );
        sizes.push(size);
    }
    sizes.sort();
    assert!(sizes[0] < 256 * 1024 && sizes[1] >= 256 * 1024, "{sizes:?}");
}

/// On Linux (glibc) the executable is linked at a fixed address (build.rs, `-no-pie`): the
/// dynamic loader relocating a position-independent one took about a third of every start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_linux_executable_is_not_relocated_at_each_start() {
    use std::io::Read;
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_ppcert"))
        .and_then(|mut f| f.read_exact(&mut header))
        .expect("the executable's ELF header");
    assert_eq!(&header[..4], b"\x7fELF");
    // e_type: 2 is a fixed-address executable, 3 a position-independent one (or a library).
    let e_type = u16::from_le_bytes([header[16], header[17]]);
    assert_eq!(
        e_type, 2,
        "ppcert was linked position-independent (ELF type {e_type})"
    );
    let o = ppcert(&["--version"]);
    assert!(o.status.success() && stdout(&o).starts_with("ppcert "));
}

/// On Linux (glibc) the code `--version` and a lint run comes first, in a section of its own
/// (build.rs, `link/hot-text.ld`): scattered, it cost a page fault per 64 KB window touched.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_linux_executable_has_its_hot_code_first() {
    let elf = std::fs::read(env!("CARGO_BIN_EXE_ppcert")).expect("the executable");
    let u16_at = |i: usize| u16::from_le_bytes(elf[i..i + 2].try_into().unwrap()) as usize;
    let u32_at = |i: usize| u32::from_le_bytes(elf[i..i + 4].try_into().unwrap()) as usize;
    let u64_at = |i: usize| u64::from_le_bytes(elf[i..i + 8].try_into().unwrap()) as usize;
    // ELF64 section headers: the table's offset, entry size, count and the names' section.
    let (table, entry, count, names) = (u64_at(0x28), u16_at(0x3A), u16_at(0x3C), u16_at(0x3E));
    let header = |i: usize| table + i * entry;
    let names_at = u64_at(header(names) + 0x18);
    // (name, address, size) of each section.
    let sections: Vec<(String, usize, usize)> = (0..count)
        .map(|i| {
            let name = &elf[names_at + u32_at(header(i))..];
            let end = name.iter().position(|&b| b == 0).unwrap();
            let name = String::from_utf8_lossy(&name[..end]).into_owned();
            (name, u64_at(header(i) + 0x10), u64_at(header(i) + 0x20))
        })
        .collect();
    let find = |wanted: &str| sections.iter().find(|(name, ..)| name == wanted);
    let hot = find(".text.hot").expect("a .text.hot section");
    let text = find(".text").expect("a .text section");
    assert!(hot.2 > 256 * 1024, "the hot code is {} bytes", hot.2);
    assert!(hot.1 < text.1, "the hot code comes before the rest");
}
