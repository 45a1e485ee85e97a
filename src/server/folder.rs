//! Linting one connector folder for the editor: the workspace pipeline over the folder, with the
//! open buffers and cached files as its overlay, and every finding placed in the file it is about.

use super::documents::{Documents, key, path_to_uri};
use super::positions::{Encoding, Lines};
use crate::config::{Config, RuleSettings};
use crate::connector::{Connector, Profile, ProfileChoice};
use crate::diagnostic::{Diagnostic, Severity};
use crate::workspace::{LintRun, Request};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A finding as ppcert made it and as the editor shows it.
pub struct Finding {
    pub diagnostic: Diagnostic,
    pub lsp: lsp_types::Diagnostic,
}

/// One file's findings, with the text they were found in (for converting fix edits).
#[derive(Default)]
pub struct FileFindings {
    pub text: String,
    /// The text came from disk, not from the editor's buffer (see [`Lines::new`]).
    pub from_disk: bool,
    pub findings: Vec<Finding>,
}

/// The result of linting a connector folder.
pub struct FolderLint {
    pub folder: PathBuf,
    /// Under which profile, and why (none when the folder could not be checked).
    pub profile: Option<ProfileChoice>,
    /// Findings by file (absolute, canonical path); files without findings are absent.
    pub files: BTreeMap<PathBuf, FileFindings>,
    /// Every text file of the connector that was checked (with findings or without).
    pub checked: Vec<PathBuf>,
    /// Why the folder was not checked, if it was not.
    pub not_checked: Option<String>,
    /// The configuration file that applies (its own errors are published on it).
    pub config: Option<PathBuf>,
}

/// Whether `folder` holds a connector (a definition or apiProperties, in the editor or on disk).
pub fn is_connector_folder(folder: &Path, docs: &Documents) -> bool {
    let on_disk = std::fs::read_dir(folder).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| crate::connector::is_connector_marker(&e.file_name().to_string_lossy()))
    });
    on_disk
        || docs.open_paths().any(|p| {
            p.parent() == Some(&key(folder))
                && p.file_name()
                    .is_some_and(|n| crate::connector::is_connector_marker(&n.to_string_lossy()))
        })
}

pub fn lint_folder(
    folder: &Path,
    docs: &mut Documents,
    profile: Option<Profile>,
    encoding: Encoding,
) -> FolderLint {
    let folder = key(folder);
    let config_path = Config::find(&folder).map(|p| key(&p));
    let overlay = docs.overlay_for(&folder, config_path.as_deref());
    let mut out = FolderLint {
        folder: folder.clone(),
        profile: None,
        files: BTreeMap::new(),
        checked: Vec::new(),
        not_checked: None,
        config: config_path,
    };
    let request = Request {
        paths: vec![folder.clone()],
        rules: RuleSettings {
            profile,
            ..RuleSettings::default()
        },
        overlay,
        ..Request::default()
    };
    let run = match LintRun::plan(&request) {
        Ok(run) => run,
        Err(failure) => {
            out.not_checked = Some(format!("not checked: {failure}"));
            not_checked_findings(&mut out, docs);
            return out;
        }
    };
    if run.is_empty() {
        let why = run
            .notices
            .iter()
            .chain(&run.unjudged)
            .map(|n| n.message.clone())
            .next()
            .unwrap_or_else(|| "no connector found".into());
        out.not_checked = Some(format!("not checked: {why}"));
        not_checked_findings(&mut out, docs);
        return out;
    }
    let open: Vec<PathBuf> = docs.open_paths().cloned().collect();
    for (connector, linted) in run.run_keeping() {
        out.profile = Some(linted.profile.clone());
        let files: Vec<ConnectorFile> = connector_files(&connector)
            .into_iter()
            .map(|(display, path, text)| {
                let path = key(&path);
                let from_disk = !open.contains(&path);
                ConnectorFile {
                    display,
                    path,
                    text,
                    from_disk,
                }
            })
            .collect();
        out.checked = files
            .iter()
            .filter(|f| f.text.is_some())
            .map(|f| f.path.clone())
            .collect();
        // One line index per file, however many findings it has.
        let lines: Vec<Lines> = files
            .iter()
            .map(|f| Lines::new(f.text.as_deref().unwrap_or(""), encoding, f.from_disk))
            .collect();
        for diagnostic in linted.diagnostics {
            place(&mut out, &files, &lines, &connector, diagnostic);
        }
    }
    out
}

/// A file of the connector: the name findings use for it, its path and its text.
struct ConnectorFile {
    display: String,
    path: PathBuf,
    text: Option<String>,
    from_disk: bool,
}

/// The connector's files by the name findings use for them, with their text.
fn connector_files(c: &Connector) -> Vec<(String, PathBuf, Option<String>)> {
    let mut files = Vec::new();
    for f in [&c.swagger, &c.props, &c.settings].into_iter().flatten() {
        files.push((
            f.display.clone(),
            f.path.clone(),
            f.text().map(str::to_owned),
        ));
    }
    for f in [&c.readme, &c.intro, &c.script].into_iter().flatten() {
        files.push((f.display.clone(), f.path.clone(), Some(f.text.clone())));
    }
    if let Some(icon) = &c.icon {
        files.push((icon.display.clone(), icon.path.clone(), None));
    }
    files
}

/// Where a finding that is not about one of the connector's text files is shown: the
/// definition, else apiProperties, else the first file there is.
fn fallback(files: &[ConnectorFile]) -> Option<usize> {
    let named = |suffix: &str| {
        files.iter().position(|f| {
            f.text.is_some()
                && f.path
                    .to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(suffix)
        })
    };
    named(".swagger.json")
        .or_else(|| named("apiproperties.json"))
        .or_else(|| files.iter().position(|f| f.text.is_some()))
}

fn place(
    out: &mut FolderLint,
    files: &[ConnectorFile],
    all_lines: &[Lines],
    connector: &Connector,
    diagnostic: Diagnostic,
) {
    let own = files.iter().position(|f| f.display == diagnostic.file);
    let (index, elsewhere) = match own {
        Some(i) if files[i].text.is_some() => (i, false),
        _ => match fallback(files) {
            Some(i) => (i, true),
            None => return,
        },
    };
    let file = &files[index];
    let (path, text) = (&file.path, file.text.as_deref().unwrap_or(""));
    let lines = &all_lines[index];
    let range = if elsewhere {
        Range::new(Position::new(0, 0), Position::new(0, 0))
    } else {
        match diagnostic.span {
            Some((start, end)) => lines.range(start, end),
            None => Range::new(
                lines.line_char(diagnostic.line, diagnostic.column),
                lines.line_char(diagnostic.end_line, diagnostic.end_column),
            ),
        }
    };
    let mut message = diagnostic.message.clone();
    if elsewhere && diagnostic.file != connector.display {
        // Say which file it is about: it is shown on another one.
        let name = Path::new(&diagnostic.file)
            .file_name()
            .map_or(diagnostic.file.clone(), |n| {
                n.to_string_lossy().into_owned()
            });
        message = format!("{name}: {message}");
    }
    if let Some(help) = &diagnostic.help {
        message = format!("{message}\n{help}");
    }
    let mut related = related(&diagnostic, files, all_lines);
    if elsewhere
        && let Some(i) = own
        && let Some(uri) = path_to_uri(&files[i].path)
    {
        // Shown on another file: link the file it is about (an icon, say).
        related.push(DiagnosticRelatedInformation {
            location: Location::new(uri, Range::default()),
            message: format!("the finding is about {}", diagnostic.file),
        });
    }
    let lsp = lsp_types::Diagnostic {
        range,
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.rule.into())),
        code_description: Uri::from_str(&crate::rules::docs_url(diagnostic.rule))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("ppcert".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "rule": diagnostic.rule,
            "fixable": diagnostic.fix.is_some(),
        })),
    };
    let entry = out.files.entry(path.clone()).or_default();
    if entry.text.is_empty() {
        entry.text = text.to_owned();
        entry.from_disk = file.from_disk;
    }
    // A finding shown away from its place carries no fix: its edits are not for this file.
    let mut diagnostic = diagnostic;
    if elsewhere {
        diagnostic.fix = None;
    }
    entry.findings.push(Finding { diagnostic, lsp });
}

/// The other places a finding names (a cross-file finding points at the file it compares with).
fn related(
    d: &Diagnostic,
    files: &[ConnectorFile],
    all_lines: &[Lines],
) -> Vec<DiagnosticRelatedInformation> {
    d.related
        .iter()
        .filter_map(|r| {
            let index = files.iter().position(|f| f.display == r.file)?;
            let (path, lines) = (&files[index].path, &all_lines[index]);
            let range = match r.span {
                Some((s, e)) => lines.range(s, e),
                None => Range::default(),
            };
            Some(DiagnosticRelatedInformation {
                location: Location::new(path_to_uri(path)?, range),
                message: r.message.clone(),
            })
        })
        .collect()
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding ppcert makes about the run itself (no rule's), shown at `range` of `file`.
fn synthetic(code: &'static str, message: String, range: Range, severity: Severity) -> Finding {
    let diagnostic = Diagnostic {
        rule: code,
        severity,
        message: message.clone(),
        file: String::new(),
        line: range.start.line as usize + 1,
        column: 1,
        end_line: range.end.line as usize + 1,
        end_column: 1,
        pointer: String::new(),
        validator_code: None,
        help: None,
        value_path: None,
        connector: String::new(),
        profile: "",
        span: None,
        fix: None,
        related: Vec::new(),
    };
    let lsp = lsp_types::Diagnostic {
        range,
        severity: Some(self::severity(severity)),
        code: Some(NumberOrString::String(code.into())),
        source: Some("ppcert".into()),
        message,
        ..lsp_types::Diagnostic::default()
    };
    Finding { diagnostic, lsp }
}

/// An unchecked folder must not look clean: its definition, apiProperties and open files say
/// why it was not checked, and an invalid ppcert.toml gets its error where it is.
fn not_checked_findings(out: &mut FolderLint, docs: &mut Documents) {
    let why = out.not_checked.clone().unwrap_or_default();
    let mut shown: Vec<PathBuf> = docs
        .open_paths()
        .filter(|p| p.parent() == Some(out.folder.as_path()))
        .filter(|p| super::documents::role(p) == super::documents::FileRole::Connector)
        .cloned()
        .collect();
    if let Ok(entries) = std::fs::read_dir(&out.folder) {
        for e in entries.flatten() {
            if crate::connector::is_connector_marker(&e.file_name().to_string_lossy()) {
                shown.push(key(&e.path()));
            }
        }
    }
    shown.sort();
    shown.dedup();
    let top = Range::new(Position::new(0, 0), Position::new(0, 0));
    for path in shown {
        let text = docs.text(&path).unwrap_or_default();
        let from_disk = docs.get(&path).is_none();
        let entry = out.files.entry(path).or_default();
        entry.text = text;
        entry.from_disk = from_disk;
        entry
            .findings
            .push(synthetic("not-checked", why.clone(), top, Severity::Error));
    }
}

/// The findings of a configuration file itself: its error, if it has one (its syntax, an
/// unknown rule, a bad value), where it is.
pub fn config_findings(path: &Path, docs: &mut Documents, encoding: Encoding) -> FileFindings {
    let from_disk = docs.get(path).is_none();
    let Some(text) = docs.text(path) else {
        return FileFindings::default();
    };
    let mut file = FileFindings {
        text: String::new(),
        from_disk,
        findings: Vec::new(),
    };
    if let Err(error) = Config::parse(path, &text) {
        let lines = Lines::new(&text, encoding, from_disk);
        let at = lines.line_char(error.line, error.column);
        let end = lines.line_char(error.line, usize::MAX);
        let end = if end == at { at } else { end };
        file.findings.push(synthetic(
            "config",
            error.message,
            Range::new(at, end),
            Severity::Error,
        ));
    }
    file.text = text;
    file
}

impl FolderLint {
    /// Every file this result speaks for: those checked and those with findings.
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.checked.clone();
        paths.extend(self.files.keys().cloned());
        paths.sort();
        paths.dedup();
        paths
    }

    /// The findings shown for `path` (none when it has none).
    pub fn items(&self, path: &Path) -> Vec<lsp_types::Diagnostic> {
        self.files
            .get(path)
            .map(|f| f.findings.iter().map(|x| x.lsp.clone()).collect())
            .unwrap_or_default()
    }
}
