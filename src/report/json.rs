//! `--format json`: one document, `{"version": 1, "diagnostics": [...], "summary": {...}}`.
//! The field names are a contract; `schemas/ppcert-report.schema.json` describes them.

use super::{Statistics, Summary};
use crate::diagnostic::Diagnostic;
use std::io::{self, Write};

/// One diagnostic as a JSON object (rendered on the worker thread that linted its connector).
pub fn render_json_diagnostic(d: &Diagnostic) -> String {
    serde_json::to_string(d).unwrap_or_default()
}

/// Diagnostics as comma-separated JSON objects, serialized into one buffer.
pub fn render_json_diagnostics<'d>(diags: impl IntoIterator<Item = &'d Diagnostic>) -> String {
    let mut out = Vec::new();
    for (i, d) in diags.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing to memory cannot fail, nor can serde_json write anything but UTF-8.
        let _ = serde_json::to_writer(&mut out, d);
    }
    String::from_utf8(out).unwrap_or_default()
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
    let mut report = JsonReport::default();
    for chunk in rendered {
        report.diagnostics(out, chunk)?;
    }
    report.finish(out, summary, statistics, extra)
}

/// A `--format json` document written piece by piece: the diagnostics as each connector's are
/// rendered (see [`render_json_diagnostic`]), then the summary.
#[derive(Default)]
pub struct JsonReport {
    started: bool,
    any: bool,
}

impl JsonReport {
    /// Writes `chunk`, diagnostics already rendered as comma-separated JSON objects (or nothing).
    pub fn diagnostics(&mut self, out: &mut dyn Write, chunk: &str) -> io::Result<()> {
        self.start(out)?;
        if chunk.is_empty() {
            return Ok(());
        }
        if self.any {
            out.write_all(b",")?;
        }
        self.any = true;
        out.write_all(chunk.as_bytes())
    }

    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(
                out,
                "{{\"version\":1,\"tool\":{{\"name\":\"ppcert\",\"version\":\"{}\"}},\"diagnostics\":[",
                env!("CARGO_PKG_VERSION")
            )?;
        }
        Ok(())
    }

    /// Ends the document with the summary (and `extra`, see [`write_json_report_with`]).
    pub fn finish(
        mut self,
        out: &mut dyn Write,
        summary: &Summary,
        statistics: Option<&Statistics>,
        extra: Option<(&str, &str)>,
    ) -> io::Result<()> {
        self.start(out)?;
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
}
