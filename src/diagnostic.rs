//! A finding: which rule, how severe, what, and exactly where.

use serde::Serialize;
use std::fmt;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding. `line`/`column` are 1-based; `span` is the byte range used for snippets.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Path of the file as shown to the user.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// RFC 6901 pointer into the file's JSON; empty for the whole file or non-JSON files.
    pub pointer: String,
    /// The Microsoft Swagger Validator code this finding corresponds to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validator_code: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// For changes found by `ppcert diff`: the path Microsoft's change validator prints for the
    /// change (`operation/<operationId>/parameter/<name>/...`), so CI messages can be matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_path: Option<String>,
    /// The connector folder, as shown to the user.
    pub connector: String,
    pub profile: &'static str,
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
    /// What would mend it, as edits of `file` with their safety.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::fix::Fix>,
    /// Other places the finding is about: the file a cross-file finding compares with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// Another place a finding points at.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// Path of the file as shown to the user.
    pub file: String,
    #[serde(skip)]
    pub span: Option<(usize, usize)>,
    pub message: String,
}

impl Diagnostic {
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
    pub fn code(&mut self, code: &'static str) -> &mut Self {
        self.validator_code = Some(code);
        self
    }
    pub fn fix(&mut self, fix: crate::fix::Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
    /// Attaches `fix` when there is one.
    /// Points at another place the finding is about.
    pub fn related(
        &mut self,
        file: impl Into<String>,
        span: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            file: file.into(),
            span,
            message: message.into(),
        });
        self
    }
    pub fn fix_if(&mut self, fix: Option<crate::fix::Fix>) -> &mut Self {
        if fix.is_some() {
            self.fix = fix;
        }
        self
    }
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(bound(help.into()));
        self
    }
    /// The finding with its text fields cut to [`MAX_TEXT_CHARS`]: a message that quotes a
    /// 10 MB value of bad input must not print 10 MB (or hold it once per finding).
    /// Drops the texts (message, help, paths, the fix's edits) once the finding has been rendered,
    /// keeping what totals need: rule, severity, place, and whether a fix is safe. A run over a
    /// thousand connectors then holds each finding once, as output, not twice.
    pub fn shed_text(&mut self) {
        self.message = String::new();
        self.file = String::new();
        self.pointer = String::new();
        self.connector = String::new();
        self.help = None;
        self.value_path = None;
        self.related = Vec::new();
        if let Some(fix) = &mut self.fix {
            fix.title = String::new();
            fix.edits = Vec::new();
        }
    }

    pub fn bound_text(&mut self) -> &mut Self {
        self.message = bound(std::mem::take(&mut self.message));
        self.pointer = bound(std::mem::take(&mut self.pointer));
        self.value_path = self.value_path.take().map(bound);
        self
    }
}

/// Something said about a path rather than at a place in a file: an input that could not be
/// judged, or how the run treated a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathNote {
    pub path: String,
    pub message: String,
}

/// A place inside an archive is written `Package.zip!/PkgAssets/Flow.zip!/Workflows/x.json`:
/// the file on disk, then each entry inside it. Returns the file on disk and the rest, or `None`
/// for an ordinary path.
pub fn split_nested(file: &str) -> Option<(&str, &str)> {
    file.split_once("!/")
}

/// `n word`, with an `s` unless n is 1.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The longest message, pointer, ValuePath or help a finding carries.
pub const MAX_TEXT_CHARS: usize = 2000;

fn bound(text: String) -> String {
    if text.len() <= MAX_TEXT_CHARS {
        return text;
    }
    abbreviate(&text, MAX_TEXT_CHARS).into_owned()
}

/// `value` cut to its first `max` characters, with `…` and how long it really is, for messages
/// that quote what the user wrote: a 20 MB value must not become a 20 MB line.
pub fn abbreviate(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        None => std::borrow::Cow::Borrowed(value),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters)",
            &value[..cut],
            value.chars().count()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::abbreviate;

    #[test]
    fn long_values_are_cut() {
        assert_eq!(abbreviate("short", 10), "short");
        assert_eq!(abbreviate("éééé", 2), "éé… (4 characters)");
    }
}
