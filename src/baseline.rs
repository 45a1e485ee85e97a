//! Baselines: adopt ppcert on a repository with legacy findings. `--write-baseline FILE` records
//! today's findings; `--baseline FILE` reports only findings that are not in it.
//!
//! Findings are matched by [fingerprint](crate::fingerprint), which ignores positions and the
//! numbers in messages that other edits change (sizes, counts), so edits elsewhere keep old
//! findings matched. Paths are stored relative to the baseline's folder, so the file works from any
//! working directory and on any machine. Fingerprints are computed again from each entry's rule,
//! file, pointer and message when the file is read, so a baseline written by an older ppcert
//! keeps matching.
//!
//! A run reports how many findings the baseline suppressed and how many of its entries are stale:
//! recorded for a file that was linted, by a rule that ran on it, and matched by no finding (fixed,
//! or changed beyond recognition). Entries of connectors, files or rules the run did not look at
//! are neither.

use crate::connector::{Connector, Profile, read_named_text};
use crate::diagnostic::{Diagnostic, abbreviate};
use crate::fingerprint::{fingerprint, fingerprint_of};
use crate::rules::{LintKind, RuleEntry, RuleSelector};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Far above the baseline of a whole repository of connectors; bounds what `--baseline` reads.
pub const MAX_BASELINE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(serde::Serialize, serde::Deserialize)]
struct BaselineFile {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

#[derive(serde::Serialize, serde::Deserialize, Clone)]
struct Entry {
    fingerprint: String,
    rule: String,
    file: String,
    pointer: String,
    message: String,
}

pub struct Baseline {
    /// The entries, by fingerprint.
    slots: HashMap<String, Slot>,
    suppressed: usize,
}

/// The entries sharing one fingerprint.
struct Slot {
    /// How many were recorded and not yet matched by a finding.
    left: usize,
    rule: String,
    /// Relative to the baseline's folder, with `/` separators.
    file: String,
    /// Whether this run linted the file with the rule, so an unmatched entry is stale.
    judged: bool,
}

/// What a baseline did in a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Findings hidden because the baseline records them.
    pub suppressed: usize,
    /// Entries for files and rules this run checked that no finding matched any more.
    pub stale: usize,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        write!(
            f,
            "Baseline: {} suppressed, {} stale",
            plural(self.suppressed, "finding", "findings"),
            plural(self.stale, "entry", "entries")
        )?;
        if self.stale > 0 {
            write!(f, " (fixed; `--write-baseline` drops them)")?;
        }
        write!(f, ".")
    }
}

/// `file` (relative to the working directory) relative to `base`.
fn relative_to(base: &Path, file: &str) -> String {
    let abs = std::path::absolute(file).unwrap_or_else(|_| PathBuf::from(file));
    let rel = abs.strip_prefix(base).map(Path::to_path_buf).unwrap_or(abs);
    rel.to_string_lossy().replace('\\', "/")
}

fn base_of(path: &Path) -> PathBuf {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
}

fn key(base: &Path, d: &Diagnostic) -> String {
    fingerprint(d, &relative_to(base, &d.file))
}

/// Whether `rule` was checked on `connector` in this run.
fn ran(
    rule: &RuleEntry,
    connector: &Connector,
    profile: Profile,
    selector: &RuleSelector,
    diffed: bool,
) -> bool {
    let m = &rule.meta;
    m.applies_to(profile)
        && match m.lint {
            LintKind::Static | LintKind::Heuristic => {
                rule.check.is_some()
                    && selector.is_selected(m)
                    && crate::lint::applies_to_connector(rule, connector)
            }
            LintKind::Diff => diffed && rule.diff.is_some() && selector.for_diff().is_selected(m),
            LintKind::Manual => false,
        }
}

impl Baseline {
    pub fn load(path: &Path) -> Result<(Baseline, PathBuf), String> {
        let text = read_named_text(path, MAX_BASELINE_BYTES)
            .map_err(|why| format!("the baseline `{}` {why}", path.display()))?;
        // serde's message may quote a bad value, which can be huge.
        let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "`{}` is not a ppcert baseline: {}",
                path.display(),
                abbreviate(&e.to_string(), 300)
            )
        })?;
        let mut slots: HashMap<String, Slot> = HashMap::new();
        for entry in file.findings {
            // Recomputed rather than trusted: older releases normalised messages differently.
            let key = fingerprint_of(&entry.rule, &entry.file, &entry.pointer, &entry.message);
            slots
                .entry(key)
                .or_insert(Slot {
                    left: 0,
                    rule: entry.rule,
                    file: entry.file,
                    judged: false,
                })
                .left += 1;
        }
        Ok((
            Baseline {
                slots,
                suppressed: 0,
            },
            base_of(path),
        ))
    }

    /// Keeps only findings that are not in the baseline (each recorded finding absorbs one).
    pub fn filter(&mut self, base: &Path, diags: &mut Vec<Diagnostic>) {
        let before = diags.len();
        diags.retain(|d| match self.slots.get_mut(&key(base, d)) {
            Some(slot) if slot.left > 0 => {
                slot.left -= 1;
                false
            }
            _ => true,
        });
        self.suppressed += before - diags.len();
    }

    /// Marks the entries this run could have matched in `connector`: those of its files that
    /// were read and parsed, for the rules that ran on it (`diffed`: its definition was compared
    /// with an older version, so diff rules ran too).
    pub fn judge(
        &mut self,
        base: &Path,
        connector: &Connector,
        selector: &RuleSelector,
        diffed: bool,
    ) {
        let mut files: Vec<String> = vec![relative_to(base, &connector.display)];
        for json in [&connector.swagger, &connector.props, &connector.settings]
            .into_iter()
            .flatten()
        {
            if json.doc().is_some() && json.syntax_error().is_none() {
                files.push(relative_to(base, &json.display));
            }
        }
        for text in [&connector.readme, &connector.intro, &connector.script]
            .into_iter()
            .flatten()
        {
            if text.readable {
                files.push(relative_to(base, &text.display));
            }
        }
        if let Some(icon) = connector.icon.as_ref().filter(|i| i.readable) {
            files.push(relative_to(base, &icon.display));
        }
        for slot in self.slots.values_mut() {
            if !slot.judged
                && files.contains(&slot.file)
                && crate::rules::find(&slot.rule)
                    .is_some_and(|r| ran(r, connector, connector.profile, selector, diffed))
            {
                slot.judged = true;
            }
        }
    }

    pub fn counts(&self) -> Counts {
        Counts {
            suppressed: self.suppressed,
            stale: self
                .slots
                .values()
                .filter(|s| s.judged)
                .map(|s| s.left)
                .sum(),
        }
    }

    pub fn write(path: &Path, diags: &[Diagnostic]) -> std::io::Result<usize> {
        let base = base_of(path);
        let mut findings: Vec<Entry> = diags
            .iter()
            .map(|d| {
                let file = relative_to(&base, &d.file);
                Entry {
                    fingerprint: fingerprint(d, &file),
                    rule: d.rule.to_owned(),
                    file,
                    pointer: d.pointer.clone(),
                    message: d.message.clone(),
                }
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.file, &a.rule, &a.pointer, &a.fingerprint).cmp(&(
                &b.file,
                &b.rule,
                &b.pointer,
                &b.fingerprint,
            ))
        });
        let n = findings.len();
        let doc = BaselineFile {
            version: 1,
            tool: format!("ppcert {}", env!("CARGO_PKG_VERSION")),
            findings,
        };
        let text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
        std::fs::write(path, text + "\n")?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn finding(message: &str) -> Diagnostic {
        Diagnostic {
            rule: "swagger-max-size",
            severity: Severity::Error,
            message: message.to_owned(),
            file: "C/apiDefinition.swagger.json".to_owned(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 2,
            pointer: String::new(),
            validator_code: None,
            help: None,
            value_path: None,
            connector: "C".to_owned(),
            profile: "certified",
            span: None,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Entries are matched by a fingerprint computed again from their fields, so a baseline
    /// written when messages were normalised differently (or edited by hand) still matches.
    #[test]
    fn entries_match_by_their_fields_not_their_stored_fingerprint() {
        let dir = std::env::temp_dir().join(format!("ppcert-baseline-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("base.json");
        let base = base_of(&path);
        let file = relative_to(&base, "C/apiDefinition.swagger.json");
        let doc = serde_json::json!({
            "version": 1,
            "tool": "ppcert 0.0.1",
            "findings": [{
                "fingerprint": "0000000000000000",
                "rule": "swagger-max-size",
                "file": file,
                "pointer": "",
                "message": "the definition is 1,104,994 bytes; the limit is 1 MB (1,048,576 bytes)"
            }]
        });
        std::fs::write(&path, doc.to_string()).unwrap();
        let (mut baseline, base) = Baseline::load(&path).unwrap();
        let mut diags = vec![finding(
            "the definition is 1,104,995 bytes; the limit is 1 MB (1,048,576 bytes)",
        )];
        baseline.filter(&base, &mut diags);
        assert!(diags.is_empty());
        assert_eq!(
            baseline.counts(),
            Counts {
                suppressed: 1,
                stale: 0
            }
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
