//! Generates the rule registry from `rules/*.toml` (metadata) and `src/rules/**/<id>.rs` (checks),
//! so adding a rule touches only its own files.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "src/rules/util/spelling/affixes.rs"]
mod affixes;
#[path = "src/rules/util/spelling/table.rs"]
mod known_words_table;
#[path = "src/rules/util/spelling/trie.rs"]
mod trie;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    file: String,
    profiles: Vec<String>,
    severity: String,
    lint: String,
    summary: String,
    rationale: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    validator_codes: Vec<String>,
    /// `false`, or how safe the rule's fix is: "safe", "unsafe", or "safe and unsafe" (some of its
    /// findings get one, some the other).
    #[serde(default)]
    fixable: Fixable,
    /// Rules without a check (no source file, so no `## Fix safety` doc section): why the rule
    /// has no fix, one line starting with `No fix:`.
    #[serde(default)]
    fix_note: Option<String>,
    #[serde(default)]
    inferred: bool,
    /// Diff rules: the severity under `--lenient` (the effect on saved flows), when it differs.
    #[serde(default)]
    lenient: Option<String>,
    /// Opt-in rules: why the rule is not in the default selection.
    #[serde(default)]
    pedantic: Option<String>,
}

#[derive(serde::Deserialize, Default)]
#[serde(untagged)]
enum Fixable {
    #[default]
    No,
    Flag(bool),
    Kind(String),
}

impl Fixable {
    fn label(&self, path: &std::path::Path) -> &'static str {
        match self {
            Fixable::No | Fixable::Flag(false) => "",
            Fixable::Flag(true) => panic!(
                "{}: fixable = true must say how safe: \"safe\", \"unsafe\" or \"safe and unsafe\"",
                path.display()
            ),
            Fixable::Kind(k) => match k.as_str() {
                "safe" => "safe",
                "unsafe" => "unsafe",
                "safe and unsafe" => "safe and unsafe",
                other => panic!("{}: unknown fixable `{other}`", path.display()),
            },
        }
    }
}

/// Where the rules on solutions, packages and their archives live, and the file kinds they declare.
const SOLUTION_DIRS: &[&str] = &["zip", "pkg", "solution", "flow", "secret"];
const SOLUTION_KINDS: &[&str] = &["zip", "pkg", "solution", "flow", "secret"];

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Lint,
    Diff,
    Solution,
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| w[..1].to_uppercase() + &w[1..])
        .collect()
}

fn variant(value: &str, allowed: &[(&str, &str)], what: &str, file: &Path) -> String {
    allowed
        .iter()
        .find(|(k, _)| *k == value)
        .map(|(_, v)| v.to_string())
        .unwrap_or_else(|| panic!("{}: unknown {what} `{value}`", file.display()))
}

fn rule_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            // `src/rules/util/` holds helpers shared by several rules, not rules.
            if path.file_name().is_some_and(|n| n != "util") {
                rule_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "mod.rs")
            && path.parent() != Some(Path::new("src/rules"))
        {
            out.push(path);
        }
    }
}

fn module_doc(source: &str) -> String {
    source
        .lines()
        .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// The spelling check's table of known words (see `src/rules/util/spelling/table.rs`).
fn known_words() {
    println!("cargo:rerun-if-changed=dictionaries/known-words.txt");
    let list = fs::read_to_string("dictionaries/known-words.txt").unwrap_or_default();
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("known-words.table");
    fs::write(dest, known_words_table::build(&list)).expect("write the known-words table");
}

/// en_GB's entries that en_US lacks (same affix file): a word en_GB accepts through an entry
/// en_US has too is accepted by en_US first, so the spelling check loses nothing and parses a
/// tenth of the list.
fn en_gb_only() -> String {
    println!("cargo:rerun-if-changed=dictionaries/en_US.dic");
    println!("cargo:rerun-if-changed=dictionaries/en_GB.dic");
    let us = fs::read_to_string("dictionaries/en_US.dic").unwrap_or_default();
    let gb = fs::read_to_string("dictionaries/en_GB.dic").unwrap_or_default();
    let us: std::collections::HashSet<&str> = us.lines().skip(1).collect();
    let only: Vec<&str> = gb.lines().skip(1).filter(|l| !us.contains(l)).collect();
    let mut out = format!("{}\n", only.len());
    for line in only {
        out.push_str(line);
        out.push('\n');
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("en_GB-only.dic");
    fs::write(dest, &out).expect("write en_GB-only.dic");
    out
}

/// The trie of near words (`src/rules/util/spelling/trie.rs`, read in `spelling/near.rs`): every
/// form of every entry of en_US and en_GB under the affix file, and the word lists with their
/// plurals, lower-cased, each with the dictionary lines it comes from. It must hold every word the
/// checker accepts, in any case, with every line that forms it: the spelling check trusts a miss,
/// and builds small dictionaries of those lines. So the affix file may use nothing that forms
/// more words than `affixes::forms` derives, and the build stops if it does.
fn near_words(gb_only: &str) {
    println!("cargo:rerun-if-changed=dictionaries");
    let read = |name: &str| fs::read_to_string(format!("dictionaries/{name}")).unwrap_or_default();
    let aff = read("en_US.aff");
    for line in aff.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let unsupported = match fields.first().copied() {
            Some("PFX" | "SFX") => fields.get(3).is_some_and(|add| add.contains('/')),
            Some(
                "COMPOUNDFLAG" | "COMPOUNDBEGIN" | "COMPOUNDMIDDLE" | "COMPOUNDLAST"
                | "COMPOUNDEND" | "IGNORE" | "FULLSTRIP" | "COMPLEXPREFIXES",
            ) => true,
            // Conversions of ASCII would change words the check takes as they are.
            Some("ICONV") => fields
                .get(1)
                .is_some_and(|from| from.is_ascii() && fields.len() == 3),
            _ => false,
        };
        assert!(
            !unsupported,
            "dictionaries/en_US.aff: `{line}` forms words that spelling/affixes.rs does not derive; teach it first"
        );
    }
    let rules = affixes::affixes(&aff);
    // Each form (lower-cased) with the dictionary lines it comes from, as the byte offset of the
    // line in its file, en_GB's (the lines en_US lacks) marked by the top bit; or TERM for the
    // word lists.
    let mut entries: std::collections::BTreeMap<String, Vec<u32>> = Default::default();
    let mut forms = Vec::new();
    for (mark, dic) in [(0u32, read("en_US.dic")), (1 << 31, gb_only.to_owned())] {
        let mut offset = 0usize;
        for (i, line) in dic.split_inclusive('\n').enumerate() {
            let at = offset;
            offset += line.len();
            if i == 0 {
                continue; // the count
            }
            forms.clear();
            affixes::forms(line.trim_end_matches(['\n', '\r']), &rules, &mut forms);
            let entry = u32::try_from(at).expect("dictionary under 2 GB") | mark;
            for form in &forms {
                let list = entries.entry(form.to_lowercase()).or_default();
                if list.last() != Some(&entry) {
                    list.push(entry);
                }
            }
        }
    }
    const TERM: u32 = u32::MAX;
    for list in [read("software-terms.txt"), read("companies.txt")] {
        for line in list.lines().map(str::trim) {
            if !line.is_empty() && !line.starts_with('#') {
                for form in [line.to_lowercase(), format!("{line}s").to_lowercase()] {
                    let list = entries.entry(form).or_default();
                    if !list.contains(&TERM) {
                        list.push(TERM);
                    }
                }
            }
        }
    }
    let mut blob: Vec<u32> = Vec::new();
    let mut tags = Vec::new();
    for list in entries.values() {
        tags.push(u32::try_from(blob.len()).expect("small"));
        blob.push(u32::try_from(list.len()).expect("small"));
        blob.extend(list);
    }
    let words: Vec<&[u8]> = entries.keys().map(|w| w.as_bytes()).collect();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    fs::write(out.join("near-words.trie"), trie::build(&words, &tags)).expect("write the trie");
    let blob: Vec<u8> = blob.iter().flat_map(|e| e.to_le_bytes()).collect();
    fs::write(out.join("near-words.entries"), blob).expect("write the near words' entries");
}

/// Names the spelling verdicts a build gives (`src/rules/util/spelling/disk.rs`): a hash of the
/// word lists, the spelling code and the locked dependencies (spellbook's version among them).
fn spelling_build() {
    let mut inputs: Vec<PathBuf> = ["dictionaries", "src/rules/util/spelling"]
        .iter()
        .flat_map(|d| {
            fs::read_dir(d)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
        })
        .collect();
    inputs.push(PathBuf::from("Cargo.lock"));
    inputs.sort();
    let mut bytes = Vec::new();
    for path in &inputs {
        println!("cargo:rerun-if-changed={}", path.display());
        bytes.extend(path.to_string_lossy().as_bytes());
        bytes.extend(fs::read(path).unwrap_or_default());
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("spelling-build.txt");
    fs::write(dest, format!("{:016x}", known_words_table::hash(&bytes))).expect("write");
}

/// Links the `ppcert` executable on Linux (glibc) at a fixed address rather than as a
/// position-independent one. A position-independent executable is relocated by the dynamic loader
/// at every start: about 36,000 relocations, which also copy on write the megabyte of vtables and
/// static tables they point from. That was 0.8 ms of a 2.4 ms `ppcert --version` and more than a
/// fifth of a one-connector lint on the benchmark machine. Shared libraries and the stack and heap
/// are still placed at random; the tests and the benchmarks run this same executable.
fn link_at_a_fixed_address() {
    if target_is_linux_glibc() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Whether the executable is built for Linux with glibc, where both link-time layouts apply.
fn target_is_linux_glibc() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu"
}

/// Links the code `ppcert --version`, a lint, a diff and a convert run first on Linux (glibc),
/// through `link/hot-text.ld` (written by `.ci/tools/hot-text`, which says why and how). The
/// kernel maps code 64 KB at a time, on first touch: in the compiler's order a one-connector lint
/// touched about 100 such windows, each a page fault; laid out together, about 40. The script
/// only names input sections (GNU ld and LLD read it alike); a name it lacks is linked as before.
fn link_hot_text_first() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("link/hot-text.ld");
    println!("cargo:rerun-if-changed=link/hot-text.ld");
    if target_is_linux_glibc() && script.is_file() {
        // -Xlinker pairs rather than -Wl,-T,path: a comma in the path would split it.
        for arg in ["-Xlinker", "-T", "-Xlinker"] {
            println!("cargo:rustc-link-arg-bins={arg}");
        }
        println!("cargo:rustc-link-arg-bins={}", script.display());
    }
}

fn main() {
    link_at_a_fixed_address();
    link_hot_text_first();
    spelling_build();
    known_words();
    let gb_only = en_gb_only();
    near_words(&gb_only);
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    std::env::set_current_dir(&manifest).unwrap();

    let mut metas = BTreeMap::new();
    for entry in fs::read_dir("rules").unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = fs::read_to_string(&path).unwrap();
            let meta: Meta =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(
                path.file_stem().unwrap().to_str().unwrap(),
                meta.id,
                "{}: the file name must be the rule id",
                path.display()
            );
            metas.insert(meta.id.clone(), (meta, path));
        }
    }

    let mut checks = BTreeMap::new();
    let mut files = Vec::new();
    rule_files(Path::new("src/rules"), &mut files);
    for path in files {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let id = stem.replace('_', "-");
        assert!(
            metas.contains_key(&id),
            "{}: no metadata for rule `{id}` (add rules/{id}.toml)",
            path.display()
        );
        let source = fs::read_to_string(&path).unwrap();
        assert!(
            source.contains(&format!("pub struct {}", pascal(&id))),
            "{}: must define `pub struct {}`",
            path.display(),
            pascal(&id)
        );
        let is_diff = path.starts_with("src/rules/diff");
        let is_solution = SOLUTION_DIRS
            .iter()
            .any(|d| path.starts_with(format!("src/rules/{d}")));
        assert_eq!(
            is_solution,
            SOLUTION_KINDS.contains(&metas[&id].0.file.as_str()),
            "{}: rules on solutions and packages (file = {:?}) live in src/rules/{{{}}}/, and only they do",
            path.display(),
            SOLUTION_KINDS,
            SOLUTION_DIRS.join(",")
        );
        assert_eq!(
            is_diff,
            metas[&id].0.lint == "diff",
            "{}: diff rules (lint = \"diff\") live in src/rules/diff/, and only they do",
            path.display()
        );
        let kind = if is_diff {
            Kind::Diff
        } else if is_solution {
            Kind::Solution
        } else {
            Kind::Lint
        };
        checks.insert(id, (stem, manifest.join(&path), module_doc(&source), kind));
    }

    let mut out = String::new();
    out.push_str("mod checks {\n");
    for (stem, path, _, _) in checks.values() {
        writeln!(
            out,
            "    #[path = {:?}]\n    pub mod {stem};",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("}\n\n");
    out.push_str("use crate::connector::{FileKind, Profile};\nuse crate::diagnostic::Severity;\nuse super::{LintKind, RuleEntry, RuleMeta};\n\n");
    out.push_str("pub static RULES: &[RuleEntry] = &[\n");
    for (id, (m, path)) in &metas {
        let file = variant(
            &m.file,
            &[
                ("swagger", "Swagger"),
                ("props", "Props"),
                ("settings", "Settings"),
                ("readme", "Readme"),
                ("intro", "Intro"),
                ("script", "Script"),
                ("icon", "Icon"),
                ("pr", "Pr"),
                ("pkg", "Pkg"),
                ("zip", "Zip"),
                ("solution", "Solution"),
                ("flow", "Flow"),
                ("secret", "Secret"),
            ],
            "file kind",
            path,
        );
        let profiles: Vec<String> = m
            .profiles
            .iter()
            .map(|p| {
                let v = variant(
                    p,
                    &[
                        ("certified", "Certified"),
                        ("independent-publisher", "IndependentPublisher"),
                        ("custom", "Custom"),
                    ],
                    "profile",
                    path,
                );
                format!("Profile::{v}")
            })
            .collect();
        let severity = variant(
            &m.severity,
            &[("error", "Error"), ("warning", "Warning"), ("info", "Info")],
            "severity",
            path,
        );
        let lint = variant(
            &m.lint,
            &[
                ("static", "Static"),
                ("heuristic", "Heuristic"),
                ("manual", "Manual"),
                ("diff", "Diff"),
            ],
            "lint kind",
            path,
        );
        assert!(
            !(m.lint == "heuristic" && m.severity == "error"),
            "{}: heuristic rules report at most `warning`",
            path.display()
        );
        if let Some(note) = &m.fix_note {
            assert!(
                note.starts_with("No fix: ") && !note.contains('\n'),
                "{}: fix_note is one line starting with `No fix: `",
                path.display()
            );
            assert!(
                m.fixable.label(path).is_empty(),
                "{}: a fixable rule has no fix_note",
                path.display()
            );
            assert!(
                !checks.contains_key(id),
                "{}: rule `{id}` has a source file; say why it has no fix in its `## Fix safety` doc section, not in fix_note",
                path.display()
            );
        }
        let none = || "None".to_owned();
        let (check, diff, solution, doc) = match checks.get(id) {
            Some((stem, _, doc, kind)) => {
                let some = format!("Some(&checks::{stem}::{})", pascal(id));
                match kind {
                    Kind::Lint => (some, none(), none(), doc.clone()),
                    Kind::Diff => (none(), some, none(), doc.clone()),
                    Kind::Solution => (none(), none(), some, doc.clone()),
                }
            }
            None => (none(), none(), none(), String::new()),
        };
        let lenient = match &m.lenient {
            Some(s) => format!(
                "Some(Severity::{})",
                variant(
                    s,
                    &[("error", "Error"), ("warning", "Warning"), ("info", "Info")],
                    "lenient severity",
                    path,
                )
            ),
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "    RuleEntry {{ meta: RuleMeta {{ id: {id:?}, file: FileKind::{file}, profiles: &[{}], severity: Severity::{severity}, \
             lint: LintKind::{lint}, summary: {:?}, rationale: {:?}, sources: &{:?}, validator_codes: &{:?}, fixable: {:?}, \
             fix_note: {:?}, inferred: {}, evidence: {:?}, lenient: {lenient}, pedantic: {:?}, doc: {doc:?} }}, check: {check}, diff: {diff}, solution: {solution} }},",
            profiles.join(", "),
            m.summary,
            m.rationale,
            m.sources,
            m.validator_codes,
            m.fixable.label(path),
            m.fix_note,
            m.inferred,
            m.evidence,
            m.pedantic,
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("registry.rs");
    fs::write(dest, out).unwrap();
}
