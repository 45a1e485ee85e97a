//! `--format json`: one document, `{"version": 1, "diagnostics": [...], "summary": {...}}`.
//! The field names are a contract; `schemas/ppcert-report.schema.json` describes them.

use super::{Statistics, Summary};
use crate::diagnostic::Diagnostic;
use std::io::{self, Write};

/// One diagnostic as a JSON object (rendered on the worker thread that linted its connector).
pub fn render_json_diagnostic(d: &Diagnostic) -> String {
    serde_json::to_string(d).unwrap_or_default()
}

/// Writes the whole document from diagnostics already rendered as JSON objects.
pub fn write_json_report<'a>(
    out: &mut dyn Write,
    rendered: impl IntoIterator<Item = &'a str>,
    summary: &Summary,
    statistics: Option<&Statistics>,
) -> io::Result<()> {
    write_json_report_with(out, rendered, summary, statistics, None)
}

/// [`write_json_report`] with one more top-level member (`name`, a JSON value), such as
/// `convert --update`'s `update` report.
pub fn write_json_report_with<'a>(
    out: &mut dyn Write,
    rendered: impl IntoIterator<Item = &'a str>,
    summary: &Summary,
    statistics: Option<&Statistics>,
    extra: Option<(&str, &str)>,
) -> io::Result<()> {
    write!(
        out,
        "{{\"version\":1,\"tool\":{{\"name\":\"ppcert\",\"version\":\"{}\"}},\"diagnostics\":[",
        env!("CARGO_PKG_VERSION")
    )?;
    let mut first = true;
    for chunk in rendered.into_iter().filter(|c| !c.is_empty()) {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(chunk.as_bytes())?;
    }
    write!(
        out,
        "],\"summary\":{}",
        serde_json::to_string(summary).unwrap_or_default()
    )?;
    if let Some(stats) = statistics {
        write!(
            out,
            ",\"statistics\":{}",
            serde_json::to_string(&stats.rows()).unwrap_or_default()
        )?;
    }
    if let Some((name, value)) = extra {
        write!(
            out,
            ",{}:{value}",
            serde_json::to_string(name).unwrap_or_default()
        )?;
    }
    writeln!(out, "}}")
}
