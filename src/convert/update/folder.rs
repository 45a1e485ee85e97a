//! The previous connector folder, read; and the updated folder, written — into a new folder
//! (the author's files copied byte for byte) or in place over the previous one (only the
//! definition replaced).

use super::super::tree::J;
use super::super::{Output, PROPS_FILE, README_FILE, Syntax, parse, tree};
use crate::connector::{FileKind, JsonFile, display_path};
use std::path::{Path, PathBuf};

/// The files of a connector folder, besides the definition, that `--update` keeps as they are.
const KEPT: [&str; 6] = [
    "apiProperties.json",
    "readme.md",
    "intro.md",
    "icon.png",
    "script.csx",
    "settings.json",
];

/// The previous version of the connector.
pub struct Previous {
    pub folder: PathBuf,
    /// The folder as shown.
    pub display: String,
    /// The definition's file name in the folder (written back under the same name, so a
    /// settings.json naming it stays right).
    pub definition_name: String,
    /// The definition as read (for the breaking-change comparison and its snippets).
    pub file: JsonFile,
    pub tree: J,
    /// The other connector files: (name in the folder, path).
    pub files: Vec<(String, PathBuf)>,
    /// Entries of the folder that are not connector files (not copied to a new folder).
    pub others: Vec<String>,
    /// The previous apiProperties.json, when it is readable JSON.
    pub props: Option<serde_json::Value>,
}

impl Previous {
    /// Reads PREVIOUS: a folder holding a connector definition that is valid JSON. When `out`
    /// is the same folder (an update in place), the definition is shown as
    /// `previous:<path>`, as `--base` shows `REV:<path>`: findings about removals point into a
    /// text the file no longer holds.
    pub fn read(folder: &Path, out: &Path) -> Result<Previous, String> {
        let display = display_path(folder);
        let entries = std::fs::read_dir(folder).map_err(|e| {
            if folder.is_file() {
                format!("--update `{display}` is a file; give the previous connector's folder")
            } else {
                format!("--update `{display}`: {e}")
            }
        })?;
        let mut names: Vec<(String, bool)> = entries
            .flatten()
            .map(|e| {
                let regular = e.file_type().is_ok_and(|t| t.is_file());
                (e.file_name().to_string_lossy().into_owned(), regular)
            })
            .collect();
        names.sort();
        let regular = |n: &&(String, bool)| n.1;
        let definition_name = names
            .iter()
            .filter(regular)
            .find(|(n, _)| n == super::super::SWAGGER_FILE)
            .or_else(|| {
                names.iter().filter(regular).find(|(n, _)| {
                    n.eq_ignore_ascii_case(super::super::SWAGGER_FILE)
                })
            })
            .or_else(|| {
                let mut others = names
                    .iter()
                    .filter(regular)
                    .filter(|(n, _)| n.to_ascii_lowercase().ends_with(".swagger.json"));
                others.next().filter(|_| others.next().is_none())
            })
            .map(|(n, _)| n.clone())
            .ok_or_else(|| {
                format!(
                    "--update `{display}` holds no connector definition (apiDefinition.swagger.json)"
                )
            })?;
        let path = folder.join(&definition_name);
        let bytes = crate::connector::read_named_file(&path, crate::connector::MAX_READ_BYTES)
            .map_err(|e| {
                format!(
                    "the previous definition `{}` {}",
                    display_path(&path),
                    e.describe(crate::connector::MAX_READ_BYTES)
                )
            })?;
        let mut problems = Vec::new();
        let shown = if is_same_folder(out, folder) {
            format!("previous:{}", display_path(&path))
        } else {
            display_path(&path)
        };
        let file = JsonFile::from_bytes(FileKind::Swagger, &path, shown, bytes, &mut problems);
        if let Some(p) = problems.first() {
            return Err(format!(
                "the previous definition `{}` {}",
                p.display, p.message
            ));
        }
        let text = file.text().unwrap_or_default();
        let tree = match parse::parse(text, Syntax::Json) {
            Ok(p) if p.root.is_object() => J::from_node(&p.root),
            Ok(_) => {
                return Err(format!(
                    "the previous definition `{}` is not a JSON object",
                    display_path(&path)
                ));
            }
            Err(e) => {
                let (line, col) = crate::json::LineIndex::new(text).line_col(text, e.offset);
                return Err(format!(
                    "the previous definition `{}` is not valid JSON ({line}:{col}: {}); fix it before updating",
                    display_path(&path),
                    e.message
                ));
            }
        };
        let mut files = Vec::new();
        let mut others = Vec::new();
        for (name, is_file) in &names {
            if *name == definition_name {
                continue;
            }
            if *is_file && KEPT.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                files.push((name.clone(), folder.join(name)));
            } else {
                others.push(name.clone());
            }
        }
        let props = files
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(PROPS_FILE))
            .and_then(|(_, p)| std::fs::read(p).ok())
            .and_then(|b| {
                let text = String::from_utf8_lossy(&b).into_owned();
                serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
            });
        Ok(Previous {
            folder: folder.to_path_buf(),
            display,
            definition_name,
            file,
            tree,
            files,
            others,
            props,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.files.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

/// Whether `out` is the previous folder itself.
pub fn is_same_folder(out: &Path, previous: &Path) -> bool {
    match (dunce::canonicalize(out), dunce::canonicalize(previous)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// What writing the updated folder did.
#[derive(Debug, Default, serde::Serialize)]
pub struct Files {
    /// Files written from the conversion (the definition; apiProperties.json and readme.md when
    /// the previous version had none).
    pub written: Vec<String>,
    /// The previous version's files copied unchanged into a new folder.
    pub copied: Vec<String>,
    /// In place: the previous version's files, left untouched.
    pub untouched: Vec<String>,
    /// Entries of the previous folder that are not connector files, not copied.
    pub not_copied: Vec<String>,
    /// Connector files already in the output folder that the previous version does not have:
    /// left as they were (with --force).
    pub left: Vec<String>,
}

/// Writes the updated connector into `out`: in place when it is the previous folder (the
/// definition replaced atomically, nothing else touched), else into a new folder holding the
/// previous version's files, refusing files already there unless `force`.
pub fn write(
    out: &Path,
    previous: &Previous,
    swagger: &str,
    generated: &Output,
    force: bool,
) -> Result<Files, String> {
    let in_place = is_same_folder(out, &previous.folder);
    let mut files = Files::default();
    let mut plan: Vec<(String, Source)> = vec![(
        previous.definition_name.clone(),
        Source::Text(swagger.to_owned()),
    )];
    for (name, text) in [
        (PROPS_FILE, &generated.props),
        (README_FILE, &generated.readme),
    ] {
        if !previous.has(name) {
            plan.push((name.to_owned(), Source::Text(text.clone())));
        }
    }
    if in_place {
        files.untouched = previous.files.iter().map(|(n, _)| n.clone()).collect();
    } else {
        for (name, path) in &previous.files {
            plan.push((name.clone(), Source::Copy(path.clone())));
        }
        files.not_copied = previous.others.clone();
    }
    if !in_place {
        check_existing(out, &plan, force)?;
        files.left = KEPT
            .iter()
            .chain([&super::super::SWAGGER_FILE])
            .filter(|k| !plan.iter().any(|(n, _)| n.eq_ignore_ascii_case(k)))
            .filter(|k| out.join(k).exists())
            .map(|k| (*k).to_owned())
            .collect();
    }
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create `{}`: {e}", display_path(out)))?;
    for (name, source) in plan {
        let path = out.join(&name);
        match source {
            Source::Text(text) => {
                replace(&path, text.as_bytes())?;
                files.written.push(name);
            }
            Source::Copy(from) => {
                let bytes = std::fs::read(&from)
                    .map_err(|e| format!("cannot read `{}`: {e}", display_path(&from)))?;
                replace(&path, &bytes)?;
                files.copied.push(name);
            }
        }
    }
    Ok(files)
}

enum Source {
    Text(String),
    Copy(PathBuf),
}

fn check_existing(out: &Path, plan: &[(String, Source)], force: bool) -> Result<(), String> {
    // Seen without following links or opening anything: opening a FIFO to write blocks until
    // someone reads it, and a link would write outside the folder.
    let mut existing = Vec::new();
    for (name, _) in plan {
        let Ok(meta) = std::fs::symlink_metadata(out.join(name)) else {
            continue;
        };
        if !meta.file_type().is_file() {
            return Err(format!(
                "`{}` is not a regular file (a folder, link, FIFO or device); nothing was written",
                display_path(&out.join(name))
            ));
        }
        existing.push(name.as_str());
    }
    if !force && !existing.is_empty() {
        return Err(format!(
            "`{}` already holds {}; nothing was written (use --force to overwrite, or give the previous folder as --out to update it in place)",
            display_path(out),
            existing.join(", ")
        ));
    }
    Ok(())
}

/// Writes `path` through a temporary file in the same folder, so an interrupted write never
/// leaves the author's file half written.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.ppcert-update"));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write `{}`: {e}", display_path(path))
        })
}

/// The pretty text of the merged definition, as convert writes definitions.
pub fn text(tree: &J) -> String {
    tree::to_pretty(tree)
}
