//! Where the two versions come from: two files or folders on disk, or the working tree and the
//! git object database at a base revision.

use super::{DiffContext, DiffRuleSet, Reading};
use crate::connector::{FileKind, FileProblem, JsonFile, Profile, Target, display_path, load_json};
use crate::diagnostic::{Diagnostic, Severity};
use crate::git::{BaseFile, BaseTree};
use crate::json::Span;
use crate::swagger::Swagger;
use std::fs;
use std::path::{Path, PathBuf};

/// The definition file of a connector: the file named explicitly (or by a named settings.json;
/// `None` for another kind of file), else the folder's
/// `apiDefinition.swagger.json` (any case), else its only `*.swagger.json`.
pub fn definition_of(target: &Target) -> Option<PathBuf> {
    if let Some(files) = &target.explicit {
        if files.swagger.is_some() {
            return files.swagger.clone();
        }
        // A settings.json: the definition it names, if that stays inside its folder.
        let settings = files.settings.as_ref()?;
        let file = load_json(
            settings,
            &target.folder,
            FileKind::Settings,
            &mut Vec::new(),
        );
        return crate::connector::settings::named_definition(&file, &target.folder);
    }
    let mut names: Vec<String> = fs::read_dir(&target.folder)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| !t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let pick = names
        .iter()
        .find(|n| *n == "apiDefinition.swagger.json")
        .or_else(|| {
            names
                .iter()
                .find(|n| n.eq_ignore_ascii_case("apiDefinition.swagger.json"))
        })
        .or_else(|| {
            let mut others = names
                .iter()
                .filter(|n| n.to_ascii_lowercase().ends_with(".swagger.json"));
            let first = others.next();
            first.filter(|_| others.next().is_none())
        })?;
    Some(target.folder.join(pick))
}

/// One comparison to make: a connector's old and new definition.
pub struct Comparison {
    /// The connector folder as shown to the user.
    pub connector: String,
    pub profile: Profile,
    /// `None` when there is no old version: the connector is new.
    pub old: Option<JsonFile>,
    pub new: JsonFile,
    /// The apiProperties.json files beside the two definitions, when both exist.
    pub props: Option<(JsonFile, JsonFile)>,
    /// Problems reading either file.
    pub problems: Vec<FileProblem>,
}

/// A definition read from disk.
pub fn read_definition(path: &Path, problems: &mut Vec<FileProblem>) -> JsonFile {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    load_json(path, folder, FileKind::Swagger, problems)
}

/// A definition read from git's object database, not parsed yet (parsing happens on the worker
/// that compares it, so that a run over many connectors holds only a few parsed at a time).
pub struct BaseBytes {
    /// The work-tree file it is the base version of.
    pub path: PathBuf,
    /// `REV:path/in/the/repository`.
    pub display: String,
    pub bytes: Vec<u8>,
    /// The apiProperties.json beside it at the base revision: its work-tree path, display and
    /// bytes.
    pub props: Option<(PathBuf, String, Vec<u8>)>,
}

impl BaseBytes {
    /// The base apiProperties.json, parsed.
    pub fn parse_props(&self, problems: &mut Vec<FileProblem>) -> Option<JsonFile> {
        let (path, display, bytes) = self.props.as_ref()?;
        Some(JsonFile::from_bytes(
            FileKind::Props,
            path,
            display.clone(),
            bytes.clone(),
            problems,
        ))
    }

    pub fn parse(self, problems: &mut Vec<FileProblem>) -> JsonFile {
        JsonFile::from_bytes(
            FileKind::Swagger,
            &self.path,
            self.display,
            self.bytes,
            problems,
        )
    }
}

/// The base version of the definition at `path` (a file of the working tree); `None` when the
/// file did not exist then (or is too large, which is recorded in `problems`).
pub fn read_base_definition(
    base: &BaseTree,
    rev: &str,
    path: &Path,
    problems: &mut Vec<FileProblem>,
) -> Result<Option<BaseBytes>, git2::Error> {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let abs = match (
        abs.parent().and_then(|p| dunce::canonicalize(p).ok()),
        abs.file_name(),
    ) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => abs,
    };
    Ok(match base.read(&abs, crate::connector::MAX_READ_BYTES)? {
        BaseFile::Absent => None,
        BaseFile::TooLarge(size) => {
            let display = format!("{rev}:{}", display_path(&abs));
            problems.push(FileProblem {
                kind: FileKind::Swagger,
                display: display.clone(),
                message: format!(
                    "is {size} bytes in {rev}, over the limit ppcert reads; it was not compared"
                ),
                named_at: None,
            });
            None
        }
        BaseFile::Found(bytes, git_path) => {
            let props_path = abs.with_file_name("apiProperties.json");
            let props = match base.read(&props_path, crate::connector::MAX_READ_BYTES)? {
                BaseFile::Found(bytes, git_path) => {
                    Some((props_path, format!("{rev}:{git_path}"), bytes))
                }
                BaseFile::Absent | BaseFile::TooLarge(_) => None,
            };
            Some(BaseBytes {
                path: path.to_path_buf(),
                display: format!("{rev}:{git_path}"),
                bytes,
                props,
            })
        }
    })
}

/// What comparing one connector gave.
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Why nothing was compared, when that is the case ("new connector, nothing to compare").
    pub note: Option<String>,
}

/// Compares one connector's two versions. A new version that cannot be read is an error finding
/// (`file-readable`, `json-valid`); an old version that cannot be read is a note.
pub fn compare(c: &Comparison, set: &DiffRuleSet, reading: Reading) -> Outcome {
    let who = Who {
        connector: &c.connector,
        profile: c.profile,
        props: c.props.as_ref().map(|(old, new)| (old, new)),
    };
    compare_files(&who, c.old.as_ref(), &c.new, &c.problems, set, reading)
}

/// The connector findings belong to, and its two apiProperties.json files when both exist.
pub struct Who<'a> {
    pub connector: &'a str,
    pub profile: Profile,
    pub props: Option<(&'a JsonFile, &'a JsonFile)>,
}

/// [`compare`] for files held elsewhere (`ppcert lint --base` holds the new one in its connector).
pub fn compare_files(
    c: &Who,
    old: Option<&JsonFile>,
    new: &JsonFile,
    problems: &[FileProblem],
    set: &DiffRuleSet,
    reading: Reading,
) -> Outcome {
    let mut diagnostics = Vec::new();
    for p in problems {
        diagnostics.push(file_finding(
            c,
            "file-readable",
            &p.display,
            None,
            &p.message,
        ));
    }
    let new_sw = unreadable(new, c, &mut diagnostics)
        .then(|| Swagger::new(new))
        .flatten();
    let Some(old) = old else {
        return Outcome {
            diagnostics,
            note: Some("new connector: nothing to compare".into()),
        };
    };
    let old_sw = Swagger::new(old);
    let (Some(new_sw), Some(old_sw)) = (new_sw, old_sw) else {
        let note = old.syntax_error().map(|e| {
            let (line, col) = old
                .lines()
                .zip(old.text())
                .map_or((1, 1), |(l, t)| l.line_col(t, e.offset));
            format!(
                "the old version `{}` is not valid JSON ({line}:{col}: {}); nothing compared",
                old.display, e.message
            )
        });
        return Outcome {
            diagnostics,
            note: note
                .or_else(|| Some("the definitions could not be read; nothing compared".into())),
        };
    };
    let context = DiffContext {
        connector: c.connector.to_owned(),
        profile: c.profile,
        reading,
    };
    diagnostics.extend(super::diff(&old_sw, &new_sw, set, &context));
    if let Some((old_props, new_props)) = c.props {
        diagnostics.extend(super::diff_props(old_props, new_props, set, &context));
    }
    Outcome {
        diagnostics,
        note: None,
    }
}

/// Reports why the new definition cannot be compared; true when it can.
fn unreadable(file: &JsonFile, c: &Who, out: &mut Vec<Diagnostic>) -> bool {
    if let Some(e) = file.syntax_error() {
        let pos = file.text().zip(file.lines()).map(|(t, l)| {
            let (line, col) = l.line_col(t, e.offset);
            (line, col, Span::new(e.offset, e.offset + 1))
        });
        out.push(file_finding(
            c,
            "json-valid",
            &file.display,
            pos,
            &format!("invalid JSON: {}; nothing compared", e.message),
        ));
        return false;
    }
    file.doc().is_some()
}

fn file_finding(
    c: &Who,
    rule: &'static str,
    file: &str,
    pos: Option<(usize, usize, Span)>,
    message: &str,
) -> Diagnostic {
    let (line, column, span) = pos.map_or((1, 1, None), |(l, col, s)| (l, col, Some(s)));
    Diagnostic {
        rule,
        severity: Severity::Error,
        message: message.to_owned(),
        file: file.to_owned(),
        line,
        column,
        end_line: line,
        end_column: column + usize::from(span.is_some()),
        pointer: String::new(),
        validator_code: None,
        help: None,
        value_path: None,
        connector: c.connector.to_owned(),
        profile: c.profile.as_str(),
        span: span.map(|s| (s.start as usize, s.end as usize)),
        fix: None,
        related: Vec::new(),
    }
}
