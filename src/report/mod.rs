//! Rendering findings: `full` (source snippets, via miette), `concise` (one line each) and `json`.
//!
//! Rendering happens per connector on the worker thread that linted it, while its sources are
//! still in memory; the main thread only prints the rendered text in a stable order.

mod excerpt;
mod github;
mod human;
mod json;
mod sarif;
mod text;

pub use github::render_github;
pub use human::{Source, render_concise, render_full, render_full_in, render_full_sources};
pub use json::{
    JsonReport, render_json_diagnostic, render_json_diagnostics, write_json_report,
    write_json_report_with,
};
pub use sarif::{RuleCatalog, uri_path, write_sarif, write_sarif_run};
pub use text::{
    Digest, render_pair, sort_for_reading, write_digest, write_notes, write_profiles,
    write_statistics, write_unjudged,
};

pub use crate::diagnostic::PathNote;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Each finding with its source snippet.
    Full,
    /// One line per finding: `file:line:col: severity[rule] message`.
    Concise,
    /// One JSON document (see `schemas/ppcert-report.schema.json`).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations); the default when GITHUB_ACTIONS=true.
    Github,
}

/// Totals over a run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub connectors: usize,
    /// Solution inputs checked (certification packages, solution zips, unpacked solutions), by
    /// kind; the connectors they carry are counted in `connectors`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub solution_inputs: BTreeMap<&'static str, usize>,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Connectors with at least one error.
    pub failed_connectors: usize,
    /// With --changed-since: connector folders the change deleted (nothing to lint).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deleted_connectors: Vec<String>,
    /// Connectors that were not compared (diff), and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The profile each connector was judged under, and what decided it.
    pub profiles: Vec<ConnectorProfile>,
    /// Inputs that could not be judged (a missing path, a folder with no connector, a file that
    /// is not a connector file): the run exits 2.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unjudged: Vec<PathNote>,
    /// How the run was shaped: paths excluded by the configuration, connectors that look like
    /// submissions but are judged as custom.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<PathNote>,
    /// Connectors found inside the given folders but excluded by ppcert.toml.
    #[serde(skip_serializing_if = "is_zero")]
    pub excluded_connectors: usize,
    /// Findings not shown because of `--severity`.
    #[serde(skip_serializing_if = "is_zero")]
    pub hidden: usize,
    /// With --baseline: how many findings it suppressed and how many of its entries are stale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<crate::baseline::Counts>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The profile one connector was judged under.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ConnectorProfile {
    pub connector: String,
    #[serde(flatten)]
    pub profile: crate::connector::ProfileChoice,
}

/// Why a connector was not compared.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Note {
    pub connector: String,
    pub message: String,
}

impl Summary {
    /// Whether at least one connector was checked and nothing kept an input from being judged:
    /// the only case in which a run may say that everything passed.
    pub fn is_complete(&self) -> bool {
        (self.connectors > 0 || !self.solution_inputs.is_empty()) && self.unjudged.is_empty()
    }

    /// Counts a solution input (its own findings: archives, package, solutions, flows).
    pub fn add_input<'a>(
        &mut self,
        kind: &'static str,
        diags: impl IntoIterator<Item = &'a Diagnostic>,
    ) {
        *self.solution_inputs.entry(kind).or_default() += 1;
        self.add(diags);
        self.connectors -= 1;
    }

    /// "2 connectors in 1 certification package", "1 connector", "1 solution zip".
    pub fn checked(&self) -> String {
        let mut parts = Vec::new();
        if self.connectors > 0 || self.solution_inputs.is_empty() {
            parts.push(crate::diagnostic::plural(self.connectors, "connector"));
        }
        let inputs: Vec<String> = self
            .solution_inputs
            .iter()
            .map(|(kind, n)| crate::diagnostic::plural(*n, kind))
            .collect();
        match (parts.is_empty(), inputs.is_empty()) {
            (_, true) => parts.join(""),
            (true, false) => inputs.join(", "),
            (false, false) => format!("{} and {}", parts.join(""), inputs.join(", ")),
        }
    }

    pub fn add<'a>(&mut self, diags: impl IntoIterator<Item = &'a Diagnostic>) {
        self.connectors += 1;
        let mut failed = false;
        for d in diags {
            match d.severity {
                Severity::Error => {
                    self.errors += 1;
                    failed = true;
                }
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.failed_connectors += usize::from(failed);
    }
}

/// Counts per rule and severity, for `--statistics` (a rule whose findings have several
/// severities gets one row each).
#[derive(Debug, Default)]
pub struct Statistics {
    counts: BTreeMap<(&'static str, Severity), usize>,
}

#[derive(serde::Serialize)]
pub struct StatRow {
    pub rule: &'static str,
    pub severity: Severity,
    pub count: usize,
    pub summary: &'static str,
}

impl Statistics {
    pub fn add<'a>(&mut self, diags: impl IntoIterator<Item = &'a Diagnostic>) {
        for d in diags {
            *self.counts.entry((d.rule, d.severity)).or_insert(0) += 1;
        }
    }
    /// Rows, most frequent first.
    pub fn rows(&self) -> Vec<StatRow> {
        let mut rows: Vec<StatRow> = self
            .counts
            .iter()
            .map(|((rule, severity), count)| StatRow {
                rule,
                severity: *severity,
                count: *count,
                summary: crate::rules::find(rule).map_or("", |r| r.meta.summary),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then(a.rule.cmp(b.rule))
                .then(b.severity.cmp(&a.severity))
        });
        rows
    }
}
