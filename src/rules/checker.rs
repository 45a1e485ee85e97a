//! What a rule holds while it runs: the connector, and the way to report a finding.

use crate::connector::{Connector, JsonFile, TextFile};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Severity;
use crate::json::{JsonRef, LineIndex, Span};
use crate::rules::{LintKind, RuleMeta};

pub struct Checker<'a> {
    connector: &'a Connector,
    rule: Option<&'static RuleMeta>,
    /// Where the current rule's findings start in `diagnostics`.
    rule_start: usize,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(connector: &'a Connector) -> Self {
        Checker {
            connector,
            rule: None,
            rule_start: 0,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn begin(&mut self, rule: &'static RuleMeta) {
        self.rule = Some(rule);
        self.rule_start = self.diagnostics.len();
    }

    pub(crate) fn end(&mut self) {
        if let Some(rule) = self.rule {
            for d in &mut self.diagnostics[self.rule_start..] {
                d.severity = clamp(rule.lint, d.severity);
            }
        }
    }

    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn connector(&self) -> &'a Connector {
        self.connector
    }

    pub fn profile(&self) -> crate::connector::Profile {
        self.connector.profile
    }

    /// The JSON file a node belongs to.
    fn json_file_of(&self, node: &JsonRef<'_>) -> Option<&'a JsonFile> {
        let c = self.connector;
        [&c.swagger, &c.props, &c.settings]
            .into_iter()
            .flatten()
            .find(|f| f.doc().is_some_and(|d| std::ptr::eq(d, node.doc())))
    }

    /// Reports a finding on a JSON value.
    pub fn report(&mut self, at: JsonRef<'_>, message: impl Into<String>) -> &mut Diagnostic {
        self.report_node(at, at.span(), message)
    }

    /// Reports a finding on the key a JSON value hangs from (for "this property should not be here").
    pub fn report_key(&mut self, at: JsonRef<'_>, message: impl Into<String>) -> &mut Diagnostic {
        self.report_node(at, at.key_span(), message)
    }

    fn report_node(
        &mut self,
        at: JsonRef<'_>,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let file = self
            .json_file_of(&at)
            .map(|f| f.display.clone())
            .unwrap_or_default();
        let doc = at.doc();
        self.push(
            file,
            Some((doc.source(), doc.lines())),
            Some(span),
            at.pointer(),
            message.into(),
        )
    }

    /// Reports a finding at a byte span of a JSON file, e.g. a syntax error.
    pub fn report_json_span(
        &mut self,
        file: &JsonFile,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let text = file.text().zip(file.lines());
        let display = file.display.clone();
        self.push(display, text, Some(span), String::new(), message.into())
    }

    /// Reports a finding at a byte range of a text file.
    pub fn report_text(
        &mut self,
        file: &TextFile,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let display = file.display.clone();
        let text = file.readable.then_some((file.text.as_str(), &file.lines));
        self.push(display, text, Some(span), String::new(), message.into())
    }

    /// Reports a finding about a whole file or folder (`display` as shown to the user), at 1:1.
    pub fn report_path(&mut self, display: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.push(
            display.to_owned(),
            None,
            None,
            String::new(),
            message.into(),
        )
    }

    fn push(
        &mut self,
        file: String,
        text: Option<(&str, &LineIndex)>,
        span: Option<Span>,
        pointer: String,
        message: String,
    ) -> &mut Diagnostic {
        let rule = self.rule.expect("report called outside a rule");
        let (line, column, end_line, end_column) = match (text, span) {
            (Some((text, lines)), Some(span)) => {
                let (l, c) = lines.line_col(text, span.start as usize);
                let (el, ec) = lines.line_col(text, span.end as usize);
                (l, c, el, ec)
            }
            _ => (1, 1, 1, 1),
        };
        self.diagnostics.push(Diagnostic {
            rule: rule.id,
            severity: rule.severity,
            message,
            file,
            line,
            column,
            end_line,
            end_column,
            pointer,
            validator_code: rule
                .validator_codes
                .first()
                .copied()
                .filter(|_| rule.validator_codes.len() == 1),
            help: None,
            value_path: None,
            connector: self.connector.display.clone(),
            profile: self.connector.profile.as_str(),
            span: span
                .filter(|_| text.is_some())
                .map(|s| (s.start as usize, s.end as usize)),
            fix: None,
            related: Vec::new(),
        });
        self.diagnostics
            .last_mut()
            .expect("just pushed")
            .bound_text()
    }
}

/// Heuristic rules never report more than a warning: they can be wrong.
fn clamp(kind: LintKind, severity: Severity) -> Severity {
    if kind == LintKind::Heuristic {
        severity.min(Severity::Warning)
    } else {
        severity
    }
}
