//! The text around the findings, shared by `lint` and `diff`: notes, inputs that could not be
//! judged, the profile line, `--statistics` and the digest that ends long outputs.

use super::{Source, Statistics, Summary};
use crate::connector::JsonFile;
use crate::diagnostic::{Diagnostic, Severity, plural};
use std::collections::BTreeMap;
use std::io::{self, Write};

fn styled(color: bool, style: anstyle::Style, text: &str) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

fn severity_style(severity: Severity) -> anstyle::Style {
    match severity {
        Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
        Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
        Severity::Info => anstyle::AnsiColor::Cyan.on_default().bold(),
    }
}

/// Findings in reading order: errors first, then warnings, then infos; by file and position
/// within each.
pub fn sort_for_reading(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (b.severity, &a.file, a.line, a.column, a.rule)
            .cmp(&(a.severity, &b.file, b.line, b.column, b.rule))
    });
}

/// Renders diff findings between two files already loaded.
pub fn render_pair(
    diags: &[Diagnostic],
    old: Option<&JsonFile>,
    new: &JsonFile,
    format: super::Format,
    color: bool,
    width: usize,
) -> String {
    use super::Format;
    match format {
        Format::Full => {
            let sources: Vec<Source> = [old, Some(new)]
                .into_iter()
                .flatten()
                .filter_map(|f| {
                    Some(Source {
                        name: &f.display,
                        text: f.text()?,
                        lines: f.lines()?,
                    })
                })
                .collect();
            super::render_full_sources(&sources, diags, color, width)
        }
        Format::Concise => super::render_concise(diags, color),
        Format::Github => super::render_github(diags),
        Format::Json => super::render_json_diagnostics(diags),
        Format::Sarif => String::new(),
    }
}

/// The notes of a run: connectors not compared and why, deleted connectors, notices.
pub fn write_notes(out: &mut dyn Write, summary: &Summary, deleted_verb: &str) -> io::Result<()> {
    for n in &summary.notices {
        if n.path.is_empty() {
            writeln!(out, "note: {}.", n.message)?;
        } else {
            writeln!(out, "note: `{}`: {}.", n.path, n.message)?;
        }
    }
    for n in &summary.notes {
        writeln!(out, "`{}`: {}.", n.connector, n.message)?;
    }
    for d in &summary.deleted_connectors {
        writeln!(out, "`{d}` was deleted: nothing to {deleted_verb}.")?;
    }
    if let Some(counts) = &summary.baseline {
        writeln!(out, "{counts}")?;
    }
    Ok(())
}

/// Inputs that could not be judged, one `error:` line each (for stderr); each message names its
/// path.
pub fn write_unjudged(out: &mut dyn Write, summary: &Summary, color: bool) -> io::Result<()> {
    let label = styled(color, severity_style(Severity::Error), "error");
    for u in &summary.unjudged {
        writeln!(out, "{label}: {}", u.message)?;
    }
    Ok(())
}

/// The last line: which profile each connector was judged under, and why. Connectors that share
/// a profile and a reason are counted together; a group of three or fewer is named.
pub fn write_profiles(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    if summary.profiles.is_empty() {
        return Ok(());
    }
    let mut groups: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for p in &summary.profiles {
        groups
            .entry(p.profile.to_string())
            .or_default()
            .push(&p.connector);
    }
    let parts: Vec<String> = groups
        .iter()
        .map(|(choice, connectors)| {
            if summary.profiles.len() == 1 {
                choice.clone()
            } else if connectors.len() <= 3 {
                let names: Vec<String> = connectors.iter().map(|c| format!("`{c}`")).collect();
                format!("{choice} for {}", names.join(", "))
            } else {
                format!("{choice} for {}", plural(connectors.len(), "connector"))
            }
        })
        .collect();
    let label = if groups.len() == 1 {
        "Profile"
    } else {
        "Profiles"
    };
    writeln!(out, "{label}: {}.", parts.join("; "))
}

/// One row: count, severity (coloured), rule padded to `width`, then `tail`.
fn write_row(
    out: &mut dyn Write,
    r: &super::StatRow,
    width: usize,
    tail: &str,
    color: bool,
) -> io::Result<()> {
    let sev = styled(
        color,
        severity_style(r.severity),
        &format!("{:<7}", r.severity.as_str()),
    );
    writeln!(out, "{:>7}  {sev}  {:<width$}  {tail}", r.count, r.rule)
}

/// `--statistics`: one row per rule and severity, most frequent first.
pub fn write_statistics(out: &mut dyn Write, stats: &Statistics, color: bool) -> io::Result<()> {
    let rows = stats.rows();
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in &rows {
        write_row(out, r, width, r.summary, color)?;
    }
    Ok(())
}

/// When a digest ends the output: long outputs only.
#[derive(Debug, Clone, Copy)]
pub struct Digest {
    /// Findings shown above which the digest is printed.
    pub threshold: usize,
    /// Rules listed.
    pub rules: usize,
}

impl Default for Digest {
    fn default() -> Self {
        Digest {
            threshold: 20,
            rules: 5,
        }
    }
}

/// The short digest that ends a long output: the most frequent rules with their severity, and
/// where to go next.
pub fn write_digest(
    out: &mut dyn Write,
    stats: &Statistics,
    shown: usize,
    digest: Digest,
    color: bool,
) -> io::Result<()> {
    if shown <= digest.threshold {
        return Ok(());
    }
    let rows = stats.rows();
    writeln!(out)?;
    writeln!(out, "Most frequent:")?;
    let width = rows
        .iter()
        .take(digest.rules)
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(0);
    for r in rows.iter().take(digest.rules) {
        write_row(out, r, width, &format!("ppcert explain {}", r.rule), color)?;
    }
    if rows.len() > digest.rules {
        writeln!(
            out,
            "  … and {} more {} (`--statistics` lists them all).",
            rows.len() - digest.rules,
            if rows.len() - digest.rules == 1 {
                "rule"
            } else {
                "rules"
            }
        )?;
    }
    let has_other_than_errors = rows.iter().any(|r| r.severity != Severity::Error);
    if has_other_than_errors {
        writeln!(out, "Show only errors with `--severity error`.")?;
    }
    Ok(())
}
