//! Human-readable output.

use super::excerpt::Excerpt;
pub use super::excerpt::Source;
use crate::connector::Connector;
use crate::diagnostic::abbreviate;
use crate::diagnostic::{Diagnostic, Severity};
use anstyle::{AnsiColor, Style};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};
use std::fmt::Write as _;

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Cyan.on_default().bold(),
    }
}

/// `file:line:col: error[rule] message`, one per line.
pub fn render_concise(diags: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    };
    for d in diags {
        let location = paint(
            Style::new().bold(),
            &format!("{}:{}:{}:", d.file, d.line, d.column),
        );
        let label = paint(
            severity_style(d.severity),
            &format!("{}[{}]", d.severity, d.rule),
        );
        let _ = write!(out, "{location} {label} {}", d.message);
        if let Some(code) = d.validator_code {
            let _ = write!(
                out,
                " {}",
                paint(Style::new().dimmed(), &format!("(validator: {code})"))
            );
        }
        if let Some(path) = &d.value_path {
            let _ = write!(
                out,
                " {}",
                paint(Style::new().dimmed(), &format!("(ValuePath: {path})"))
            );
        }
        out.push('\n');
    }
    out
}

struct Report<'a> {
    diag: &'a Diagnostic,
    /// The lines around the finding, when its file's text is at hand.
    source: Option<Excerpt<'a>>,
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}
impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.diag.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let mut help = self.diag.help.clone().unwrap_or_default();
        if let Some(code) = self.diag.validator_code {
            if !help.is_empty() {
                help.push('\n');
            }
            let _ = write!(
                help,
                "Microsoft's Swagger Validator reports this as `{code}`"
            );
        }
        if let Some(path) = &self.diag.value_path {
            if !help.is_empty() {
                help.push('\n');
            }
            let _ = write!(help, "ValuePath: {path}");
        }
        if self.source.is_none() {
            if !help.is_empty() {
                help.push('\n');
            }
            let _ = write!(help, "in {}", self.diag.file);
        }
        (!help.is_empty()).then(|| Box::new(help) as Box<dyn std::fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, end) = self.source.as_ref()?.label;
        let label = (!self.diag.pointer.is_empty())
            .then(|| abbreviate(&self.diag.pointer, 200).into_owned());
        Some(Box::new(std::iter::once(LabeledSpan::new(
            label,
            start,
            end.saturating_sub(start),
        ))))
    }
}

/// Each finding with a source snippet, through miette's graphical handler.
pub fn render_full(
    connector: &Connector,
    diags: &[Diagnostic],
    color: bool,
    width: usize,
) -> String {
    render_with(diags, color, width, |file| source_of(connector, file))
}

/// Like [`render_full`], for findings in the connector's files or in `files` (display, text,
/// lines): a solution's XML and JSON files.
pub fn render_full_in(
    connector: &Connector,
    files: &[(&str, &str, &crate::json::LineIndex)],
    diags: &[Diagnostic],
    color: bool,
    width: usize,
) -> String {
    render_with(diags, color, width, |file| {
        source_of(connector, file).or_else(|| {
            files
                .iter()
                .find(|(name, _, _)| *name == file)
                .map(|(name, text, lines)| Source { name, text, lines })
        })
    })
}

/// Like [`render_full`], for findings in the given files.
pub fn render_full_sources(
    sources: &[Source<'_>],
    diags: &[Diagnostic],
    color: bool,
    width: usize,
) -> String {
    render_with(diags, color, width, |file| {
        sources.iter().find(|s| s.name == file).copied()
    })
}

/// `text` with every character of `span` but line breaks replaced by `*`s of the same byte length.
fn mask(text: &str, (start, end): (usize, usize)) -> String {
    let end = end.min(text.len());
    let start = start.min(end);
    let (Some(before), Some(value), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return "*".repeat(text.len());
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(before);
    for c in value.chars() {
        if c == '\n' || c == '\r' {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
    }
    out.push_str(after);
    out
}

fn render_with<'a>(
    diags: &'a [Diagnostic],
    color: bool,
    width: usize,
    source_of: impl Fn(&'a str) -> Option<Source<'a>>,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1);
    let mut out = String::new();
    let mut snippets: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut compact = Vec::new();
    for d in diags {
        // The same warning a hundred times over is one thing to learn: after a few snippets, the
        // rest of a rule's warnings take one line each. Errors always get their snippet.
        let shown = snippets.entry(d.rule).or_insert(0);
        if d.severity != Severity::Error && *shown >= SNIPPETS_PER_RULE {
            out.push_str(&render_concise(std::slice::from_ref(d), color));
            compact.push(d.rule);
            continue;
        }
        *shown += 1;
        // A finding about a secret shows where it is, never what it is: the underlined value
        // is masked in the snippet (same bytes, so lines and columns stay true).
        let masked: Option<String> = d
            .span
            .filter(|_| crate::rules::quotes_secrets(d.rule))
            .and_then(|span| Some(mask(source_of(&d.file)?.text, span)));
        let source = d.span.and_then(|span| {
            let mut source = source_of(&d.file)?;
            if let Some(text) = &masked {
                source.text = text;
            }
            Some(Excerpt::new(source, span, 1))
        });
        let report = Report { diag: d, source };
        let _ = handler.render_report(&mut out, &report);
        out.push('\n');
    }
    if !compact.is_empty() {
        compact.sort_unstable();
        compact.dedup();
        let names: Vec<String> = compact.iter().map(|r| format!("`{r}`")).collect();
        let _ = writeln!(
            out,
            "(after {SNIPPETS_PER_RULE} snippets, further findings of {} are shown on one line each)\n",
            names.join(", ")
        );
    }
    out
}

/// Snippets shown per rule and connector before the rule's further warnings go on one line each.
const SNIPPETS_PER_RULE: usize = 3;

fn source_of<'a>(c: &'a Connector, display: &'a str) -> Option<Source<'a>> {
    for f in [&c.swagger, &c.props, &c.settings].into_iter().flatten() {
        if f.display == display {
            return Some(Source {
                name: display,
                text: f.text()?,
                lines: f.lines()?,
            });
        }
    }
    for f in [&c.readme, &c.intro, &c.script].into_iter().flatten() {
        if f.display == display && f.readable {
            return Some(Source {
                name: display,
                text: &f.text,
                lines: &f.lines,
            });
        }
    }
    None
}
