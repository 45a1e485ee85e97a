//! `ppcert convert`: an OpenAPI 3 description (JSON or YAML) to a connector folder —
//! `apiDefinition.swagger.json` (Swagger 2.0 with the `x-ms-*` extensions kept), a starting
//! `apiProperties.json` and a `readme.md` skeleton — with every loss of information reported as
//! a finding located in the input (line:column and JSON pointer).
//!
//! The pipeline:
//! 1. [`parse`] reads JSON (ppcert's span-aware parser) or YAML (saphyr) into one ordered tree
//!    with spans, so both inputs are located the same way;
//! 2. [`read`] rewrites OpenAPI 3.1-only constructs into their 3.0 form (reported), then reads
//!    the document with the `openapiv3` crate piece by piece (the info, each server, path item,
//!    operation and component), so one invalid part is reported and left out instead of failing
//!    the whole file; whatever the 3.0 model does not hold is reported as dropped;
//! 3. [`write`] and [`schema`] build the Swagger 2.0 document from the model, looking at the
//!    input tree only for what the model drops on purpose (keys next to `$ref`); what both need
//!    (the conversion's state, schema views, `$ref` handling) is in [`writer`], below both;
//! 4. [`extras`] derives `apiProperties.json` and `readme.md`.
//!
//! The finding ids are listed in [`ids`] (and by `ppcert convert --help`). [`update`] is
//! `--update`: the conversion laid under the author's edits of a previous connector version.

mod extras;
pub mod ids;
mod parse;
mod prune;
mod read;
mod schema;
mod servers;
mod text;
mod tree;
pub mod update;
mod write;
mod writer;

pub use parse::Syntax;

use crate::connector::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::json::{LineIndex, Span};
use tree::Node;

/// What the conversion needs to know besides the text.
#[derive(Debug, Clone)]
pub struct Options {
    /// The input path as shown in findings.
    pub input: String,
    /// The output folder as shown in findings (their `connector` field).
    pub connector: String,
    /// The certification track the connector is meant for (brand colour, findings' `profile`).
    pub profile: Profile,
    pub syntax: Syntax,
}

/// The three files of the connector folder.
#[derive(Debug, Clone)]
pub struct Output {
    pub swagger: String,
    pub props: String,
    pub readme: String,
}

/// The file names written into the output folder.
pub const SWAGGER_FILE: &str = "apiDefinition.swagger.json";
pub const PROPS_FILE: &str = "apiProperties.json";
pub const README_FILE: &str = "readme.md";

pub struct Conversion {
    /// `None` when the input is unusable (not JSON/YAML, not OpenAPI 3): nothing to write.
    pub output: Option<Output>,
    /// Findings in input order; those about generated files (brand colour, readme) come last.
    pub diagnostics: Vec<Diagnostic>,
}

/// Converts `text`. Never panics on bad input: problems are findings.
pub fn convert(text: &str, opts: &Options) -> Conversion {
    let lines = LineIndex::new(text);
    let mut rep = Reporter {
        file: &opts.input,
        text,
        lines: &lines,
        root: None,
        connector: &opts.connector,
        profile: opts.profile.as_str(),
        diags: Vec::new(),
    };
    let parsed = match parse::parse(text, opts.syntax) {
        Ok(p) => p,
        Err(e) => {
            let span = Span::new(e.offset, e.offset);
            rep.at_span(
                ids::INPUT_SYNTAX,
                span,
                "",
                format!("not valid {}: {}", opts.syntax.name(), e.message),
            );
            return rep.finish(None);
        }
    };
    let mut root = parsed.root;
    for (span, message) in parsed.notes {
        rep.at_span(ids::DUPLICATE_KEY, span, "", message);
    }
    let version = match check_version(&root) {
        Ok(v) => v,
        Err((span, pointer, message, help)) => {
            rep.at_span(ids::NOT_OPENAPI3, span, &pointer, message)
                .help(help);
            return rep.finish(None);
        }
    };
    let notes = read::normalize(&mut root, version);
    let pruned = prune::invalid_subschemas(&mut root);
    rep.root = Some(&root);
    for n in notes {
        rep.at_span(ids::OPENAPI31, n.span, &n.pointer, n.message);
    }
    for n in pruned {
        rep.at_span(ids::INVALID_ELEMENT, n.span, &n.pointer, n.message);
    }
    let api = read::read(&root, &mut rep, version);
    let out = write::write(&api, &root, &mut rep, opts);
    let props_text = tree::to_pretty(&out.props);
    let readme = extras::readme(&out);
    let swagger = tree::to_pretty(&out.swagger);
    rep.sort();
    extras::output_notes(&mut rep, opts, &props_text, &readme);
    rep.finish(Some(Output {
        swagger,
        props: props_text,
        readme,
    }))
}

/// The major.minor of the input, or why it is not an OpenAPI 3 document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V30,
    /// 3.1 or later: read as 3.0.
    V31,
}

type NotOpenApi = (Span, String, String, String);

fn check_version(root: &Node) -> Result<Version, NotOpenApi> {
    if !root.is_object() {
        return Err((
            root.span,
            String::new(),
            "the document is not an object".into(),
            "an OpenAPI description is an object with `openapi`, `info` and `paths`".into(),
        ));
    }
    match root.get("openapi") {
        Some(v) => {
            let s = match &v.value {
                tree::Value::String(s) => s.clone(),
                tree::Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            if s.starts_with("3.0") {
                Ok(Version::V30)
            } else if s.starts_with("3.") {
                Ok(Version::V31)
            } else {
                Err((
                    v.span,
                    "/openapi".into(),
                    format!("`openapi` is `{s}`; ppcert converts OpenAPI 3.0 and 3.1"),
                    "write the OpenAPI version as a string such as \"3.0.3\"".into(),
                ))
            }
        }
        None if root.get("swagger").is_some() => Err((
            root.get("swagger").map_or(root.span, |s| s.key_span),
            "/swagger".into(),
            "this is already a Swagger 2.0 definition: there is nothing to convert".into(),
            "check it with `ppcert lint`".into(),
        )),
        None => Err((
            root.span,
            String::new(),
            "no `openapi` field: this is not an OpenAPI 3 description".into(),
            "an OpenAPI 3 description starts with `openapi: 3.0.3` (or another 3.x version)".into(),
        )),
    }
}

/// Builds findings located in the input.
pub(crate) struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    lines: &'a LineIndex,
    root: Option<&'a Node>,
    connector: &'a str,
    profile: &'static str,
    diags: Vec<Diagnostic>,
}

impl Reporter<'_> {
    /// A finding about the value at `pointer` (or about its key, with `key`); a pointer that
    /// does not exist in the input is located at its deepest existing ancestor.
    pub fn at(
        &mut self,
        id: &'static str,
        pointer: &str,
        key: bool,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (span, pointer) = match self.root {
            Some(root) => {
                let (node, reached) = root.deepest(pointer);
                let exact = reached.len() == pointer.len();
                (
                    if key && exact {
                        node.key_span
                    } else {
                        node.span
                    },
                    reached,
                )
            }
            None => (Span::default(), pointer.to_owned()),
        };
        self.at_span(id, span, &pointer, message)
    }

    pub fn at_span(
        &mut self,
        id: &'static str,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let (line, column) = self.lines.line_col(self.text, span.start as usize);
        let (end_line, end_column) = self.lines.line_col(self.text, span.end as usize);
        let severity = ids::find(id).map_or(Severity::Warning, |c| c.severity);
        self.diags.push(Diagnostic {
            rule: id,
            severity,
            message: message.into(),
            file: self.file.to_owned(),
            line,
            column,
            end_line,
            end_column,
            pointer: pointer.to_owned(),
            validator_code: None,
            value_path: None,
            help: None,
            connector: self.connector.to_owned(),
            profile: self.profile,
            span: Some((span.start as usize, span.end as usize)),
            fix: None,
            related: Vec::new(),
        });
        let last = self.diags.len() - 1;
        self.diags[last].bound_text()
    }

    /// A finding about a file written to the output folder (`file` as shown, its text, and
    /// the byte offset of what it is about).
    pub fn in_output(
        &mut self,
        id: &'static str,
        file: String,
        text: &str,
        offset: usize,
        pointer: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let lines = LineIndex::new(text);
        let (line, column) = lines.line_col(text, offset);
        let severity = ids::find(id).map_or(Severity::Warning, |c| c.severity);
        self.diags.push(Diagnostic {
            rule: id,
            severity,
            message: message.into(),
            file,
            line,
            column,
            end_line: line,
            end_column: column,
            pointer: pointer.to_owned(),
            validator_code: None,
            value_path: None,
            help: None,
            connector: self.connector.to_owned(),
            profile: self.profile,
            span: None,
            fix: None,
            related: Vec::new(),
        });
        let last = self.diags.len() - 1;
        self.diags[last].bound_text()
    }

    fn sort(&mut self) {
        self.diags.sort_by_key(|d| (d.line, d.column));
        // The same finding twice (a shared component met through two references) is one finding.
        self.diags.dedup_by(|a, b| {
            a.rule == b.rule && a.pointer == b.pointer && a.message == b.message && a.line == b.line
        });
    }

    fn finish(mut self, output: Option<Output>) -> Conversion {
        if output.is_none() {
            self.sort();
        }
        Conversion {
            output,
            diagnostics: self.diags,
        }
    }
}

/// Appends one RFC 6901 token to a pointer, returning the new pointer.
pub(crate) fn join(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    crate::json::push_pointer_token(&mut out, token);
    out
}
