//! What a diff rule holds while it runs: both documents, the reading, and the way to report.

use crate::connector::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::json::{JsonDoc, JsonRef};
use crate::rules::RuleMeta;
use crate::swagger::Swagger;
use crate::swagger::pairs::{Field, FieldKind};

/// Whose reading of a change sets the severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reading {
    /// What Microsoft's change validator reports on a pull request (the default).
    #[default]
    Validator,
    /// The effect on saved flows and apps (`--lenient`).
    Lenient,
}

/// Where the findings go: the connector they belong to and how they are read.
#[derive(Debug, Clone)]
pub struct DiffContext {
    /// The connector folder as shown to the user.
    pub connector: String,
    pub profile: Profile,
    pub reading: Reading,
}

pub struct DiffChecker<'c> {
    old_doc: &'c JsonDoc,
    old_file: &'c str,
    new_doc: &'c JsonDoc,
    new_file: &'c str,
    context: &'c DiffContext,
    rule: Option<&'static RuleMeta>,
    diagnostics: Vec<Diagnostic>,
}

impl<'c> DiffChecker<'c> {
    pub(crate) fn new(old: &'c Swagger, new: &'c Swagger, context: &'c DiffContext) -> Self {
        DiffChecker {
            old_doc: old.doc,
            old_file: &old.file.display,
            new_doc: new.doc,
            new_file: &new.file.display,
            context,
            rule: None,
            diagnostics: Vec::new(),
        }
    }

    /// A checker over two apiProperties.json files.
    pub(crate) fn for_files(
        old: &'c crate::connector::JsonFile,
        old_doc: &'c JsonDoc,
        new: &'c crate::connector::JsonFile,
        new_doc: &'c JsonDoc,
        context: &'c DiffContext,
    ) -> Self {
        DiffChecker {
            old_doc,
            old_file: &old.display,
            new_doc,
            new_file: &new.display,
            context,
            rule: None,
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn begin(&mut self, rule: &'static RuleMeta) {
        self.rule = Some(rule);
    }

    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn reading(&self) -> Reading {
        self.context.reading
    }

    pub fn is_lenient(&self) -> bool {
        self.context.reading == Reading::Lenient
    }

    pub fn profile(&self) -> Profile {
        self.context.profile
    }

    /// The current rule's severity in the current reading.
    pub fn severity(&self) -> Severity {
        let rule = self.rule.expect("severity asked outside a rule");
        match self.context.reading {
            Reading::Validator => rule.severity,
            Reading::Lenient => rule.lenient.unwrap_or(rule.severity),
        }
    }

    /// Reports a change at `at` (a node of either version: the old one for removals, the new one
    /// otherwise), with the ValuePath Microsoft's change validator prints for it (empty when the
    /// change has none).
    pub fn report(
        &mut self,
        at: JsonRef<'_>,
        value_path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report_span(at, at.span(), value_path.into(), message.into())
    }

    /// Like [`report`](Self::report), pointing at the key `at` hangs from (an operation's method,
    /// a path template).
    pub fn report_key(
        &mut self,
        at: JsonRef<'_>,
        value_path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report_span(at, at.key_span(), value_path.into(), message.into())
    }

    /// Reports a change of a whole field at its most telling place: a parameter's `name`, a
    /// property's key, else the field's site.
    pub fn report_field(
        &mut self,
        field: &Field<'_>,
        value_path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (at, span) = match field.kind {
            FieldKind::Parameter => {
                let at = if field.site.has("$ref") {
                    field.site.get("$ref")
                } else {
                    field.node.get("name")
                }
                .unwrap_or(field.site);
                (at, at.span())
            }
            FieldKind::Property => (field.site, field.site.key_span()),
            FieldKind::SchemaRoot | FieldKind::Items => (field.site, field.site.key_span()),
        };
        self.report_span(at, span, value_path.into(), message.into())
    }

    fn report_span(
        &mut self,
        at: JsonRef<'_>,
        span: crate::json::Span,
        value_path: String,
        message: String,
    ) -> &mut Diagnostic {
        let rule = self.rule.expect("report called outside a rule");
        let doc = at.doc();
        let file = if std::ptr::eq(doc, self.old_doc) && !std::ptr::eq(doc, self.new_doc) {
            self.old_file
        } else {
            self.new_file
        };
        let text = doc.source();
        let (line, column) = doc.lines().line_col(text, span.start as usize);
        let (end_line, end_column) = doc.lines().line_col(text, span.end as usize);
        let severity = self.severity();
        self.diagnostics.push(Diagnostic {
            rule: rule.id,
            severity,
            message,
            file: file.to_owned(),
            line,
            column,
            end_line,
            end_column,
            pointer: at.pointer(),
            validator_code: None,
            help: None,
            connector: self.context.connector.clone(),
            profile: self.context.profile.as_str(),
            span: Some((span.start as usize, span.end as usize)),
            fix: None,
            related: Vec::new(),
            value_path: Some(value_path).filter(|p| !p.is_empty()),
        });
        self.diagnostics
            .last_mut()
            .expect("just pushed")
            .bound_text()
    }
}
