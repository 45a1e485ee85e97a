//! What a solution rule holds while it runs: the input, the profile and strictness it is judged
//! under, and the way to report a finding at a place in any of its files.

use crate::connector::{Connector, JsonFile, Profile};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json::JsonRef;
use crate::rules::RuleMeta;
use crate::solution::{At, Input, Loc};

/// How closely package checks follow `ConnectorPackageValidator.ps1`.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Strictness {
    /// Every check the script makes, worded better; its checks that real certified packages
    /// fail (a flow solution without its own copy of the connector) are warnings.
    #[default]
    Default,
    /// The script's exact verdicts: what it rejects is an error.
    Ps,
}

pub struct SolutionChecker<'a> {
    input: &'a Input,
    profile: Profile,
    strictness: Strictness,
    /// The connector's PR folder beside a package, for drift.
    folder: Option<&'a Connector>,
    rule: Option<&'static RuleMeta>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> SolutionChecker<'a> {
    pub(crate) fn new(
        input: &'a Input,
        profile: Profile,
        strictness: Strictness,
        folder: Option<&'a Connector>,
    ) -> Self {
        SolutionChecker {
            input,
            profile,
            strictness,
            folder,
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

    pub fn input(&self) -> &'a Input {
        self.input
    }
    pub fn profile(&self) -> Profile {
        self.profile
    }
    /// Judged for certification (a package, or a solution under a certification profile).
    pub fn for_certification(&self) -> bool {
        self.profile != Profile::Custom
    }
    pub fn strictness(&self) -> Strictness {
        self.strictness
    }
    /// The connector's PR folder (`apiDefinition.swagger.json`, ...) the package sits in or was
    /// given with.
    pub fn folder(&self) -> Option<&'a Connector> {
        self.folder
    }

    /// Reports a finding at a place in one of the input's text files.
    pub fn report_at(&mut self, at: Loc, message: impl Into<String>) -> &mut Diagnostic {
        let input = self.input;
        let d = self.push(input.display.clone(), message.into());
        crate::solution::connectors::place(d, at, &input.sources);
        d
    }

    /// Reports a finding about a whole file, folder or archive (`display` as shown to the user).
    pub fn report_path(&mut self, display: &str, message: impl Into<String>) -> &mut Diagnostic {
        self.push(display.to_owned(), message.into())
    }

    /// Reports a finding where a problem was recorded while reading.
    pub fn report_problem(&mut self, at: &At, message: impl Into<String>) -> &mut Diagnostic {
        match at {
            At::Loc(loc) => self.report_at(*loc, message),
            At::Path(p) => self.report_path(p, message),
        }
    }

    /// Reports a finding on a JSON value of one of the solution's JSON files (flows, connection
    /// parameters, environment variable values).
    pub fn report_json(
        &mut self,
        file: &JsonFile,
        at: JsonRef<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let doc = at.doc();
        let span = at.span();
        let (l, c) = doc.lines().line_col(doc.source(), span.start as usize);
        let (el, ec) = doc.lines().line_col(doc.source(), span.end as usize);
        let pointer = at.pointer();
        let d = self.push(file.display.clone(), message.into());
        (d.line, d.column, d.end_line, d.end_column) = (l, c, el, ec);
        d.span = Some((span.start as usize, span.end as usize));
        d.pointer = pointer;
        d
    }

    fn push(&mut self, file: String, message: String) -> &mut Diagnostic {
        let rule = self.rule.expect("report called outside a rule");
        self.diagnostics.push(Diagnostic {
            rule: rule.id,
            severity: rule.severity,
            message,
            file,
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            pointer: String::new(),
            validator_code: None,
            help: None,
            value_path: None,
            connector: self.input.display.clone(),
            profile: self.profile.as_str(),
            span: None,
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
pub(crate) fn clamp_heuristic(meta: &RuleMeta, d: &mut Diagnostic) {
    if meta.lint == crate::rules::LintKind::Heuristic {
        d.severity = d.severity.min(Severity::Warning);
    }
}
