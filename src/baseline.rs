//! Baselines: adopt ppcert on a repository with legacy findings. `--write-baseline FILE` records
//! today's findings; `--baseline FILE` reports only findings that are not in it.
//!
//! Findings are matched by [fingerprint](crate::fingerprint), which ignores line numbers, so edits
//! that move lines keep old findings matched. Paths are stored relative to the baseline's folder, so
//! the file works from any working directory and on any machine.

use crate::connector::read_named_text;
use crate::diagnostic::{Diagnostic, abbreviate};
use crate::fingerprint::fingerprint;
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
    /// How many times each fingerprint was recorded.
    counts: HashMap<String, usize>,
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
        let mut counts = HashMap::new();
        for entry in file.findings {
            *counts.entry(entry.fingerprint).or_insert(0) += 1;
        }
        Ok((Baseline { counts }, base_of(path)))
    }

    /// Keeps only findings that are not in the baseline (each recorded finding absorbs one).
    pub fn filter(&mut self, base: &Path, diags: &mut Vec<Diagnostic>) {
        diags.retain(|d| match self.counts.get_mut(&key(base, d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        });
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
