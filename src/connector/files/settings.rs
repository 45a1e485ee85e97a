//! The files a paconn `settings.json` names (`apiDefinition`, `apiProperties`, `icon`,
//! `script`), relative to its folder. Each must stay inside the connector folder, as a symbolic
//! link must: an entry like `../../etc/passwd` is reported at its line and column and the file
//! is never read.

use super::{FileProblem, JsonFile};
use crate::connector::{FileKind, display_path};
use crate::diagnostic::abbreviate;
use std::path::{Component, Path, PathBuf};

/// The entries naming files, with the kind of file each names.
pub const ENTRIES: [(&str, FileKind); 4] = [
    ("apiDefinition", FileKind::Swagger),
    ("apiProperties", FileKind::Props),
    ("icon", FileKind::Icon),
    ("script", FileKind::Script),
];

/// One entry naming a file, and the file it names when that file may be read.
pub struct Entry {
    pub kind: FileKind,
    pub path: Option<PathBuf>,
}

/// The files `settings` names, each checked: an entry that leaves `folder` or names a missing
/// file becomes a problem located at the entry.
pub fn named_files(
    settings: &JsonFile,
    folder: &Path,
    problems: &mut Vec<FileProblem>,
) -> Vec<Entry> {
    let Some(root) = settings.doc().map(|d| d.root()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, kind) in ENTRIES {
        // A wrong type or an empty value is `settings-schema`'s to report.
        let Some(node) = root.get(key) else { continue };
        let Some(value) = node.as_str().filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let mut problem = |message: String| {
            problems.push(FileProblem {
                kind,
                display: settings.display.clone(),
                message,
                named_at: Some(node.span()),
            });
        };
        let shown = abbreviate(value, 120);
        match resolve_inside(folder, value) {
            Resolved::Inside(path) if path.exists() || path.symlink_metadata().is_ok() => {
                out.push(Entry {
                    kind,
                    path: Some(path),
                })
            }
            Resolved::Inside(path) => problem(format!(
                "`{key}` names `{shown}`, which does not exist (looked for `{}`)",
                abbreviate(&display_path(&path), 200)
            )),
            Resolved::Outside => problem(format!(
                "`{key}` names `{shown}`, outside the connector folder; it was not read (a connector folder must be self-contained)"
            )),
        }
    }
    out
}

/// The definition a settings.json names, when it names one inside its folder (for `diff`, which
/// reads only the definition).
pub fn named_definition(settings: &JsonFile, folder: &Path) -> Option<PathBuf> {
    named_files(settings, folder, &mut Vec::new())
        .into_iter()
        .find(|e| e.kind == FileKind::Swagger)
        .and_then(|e| e.path)
}

enum Resolved {
    Inside(PathBuf),
    Outside,
}

/// `value` relative to `folder`, when it stays inside: lexically (no `..` out of it, no absolute
/// path elsewhere) and once links are resolved. Backslashes separate folders too (paconn runs on
/// Windows).
fn resolve_inside(folder: &Path, value: &str) -> Resolved {
    let value = value.replace('\\', "/");
    let root = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut path = root.clone();
    for component in Path::new(&value).components() {
        match component {
            Component::CurDir => {}
            Component::Normal(part) => path.push(part),
            Component::ParentDir => {
                path.pop();
            }
            // An absolute path (or a Windows drive) is fine only if it leads into the folder.
            Component::Prefix(prefix) => path = PathBuf::from(prefix.as_os_str()),
            Component::RootDir => path.push(component.as_os_str()),
        }
    }
    if !path.starts_with(&root) {
        return Resolved::Outside;
    }
    // A link on the way (the entry itself, or a folder it goes through) must not lead out either.
    let Ok(real_root) = root.canonicalize() else {
        return Resolved::Inside(path);
    };
    let mut existing = path.as_path();
    let real = loop {
        if let Ok(real) = existing.canonicalize() {
            break Some(real);
        }
        match existing.parent() {
            Some(parent) if parent.starts_with(&root) => existing = parent,
            _ => break None,
        }
    };
    match real {
        Some(real) if !real.starts_with(&real_root) => Resolved::Outside,
        _ => Resolved::Inside(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Span;
    use std::fs;

    fn span_of(settings: &JsonFile, key: &str) -> Option<Span> {
        settings.doc()?.root().get(key).map(|n| n.span())
    }

    fn settings(dir: &Path, text: &str) -> JsonFile {
        let path = dir.join("settings.json");
        fs::write(&path, text).unwrap();
        super::super::load_json(&path, dir, FileKind::Settings, &mut Vec::new())
    }

    #[test]
    fn entries_leaving_the_folder_are_refused_at_their_position() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("c");
        fs::create_dir_all(folder.join("sub")).unwrap();
        fs::write(tmp.path().join("secret.json"), "{}").unwrap();
        fs::write(folder.join("sub/apiProperties.json"), "{}").unwrap();
        let s = settings(
            &folder,
            r#"{"apiDefinition": "../secret.json", "apiProperties": "sub/../sub/apiProperties.json",
                "icon": "/etc/passwd", "script": "missing.csx"}"#,
        );
        let mut problems = Vec::new();
        let entries = named_files(&s, &folder, &mut problems);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].kind, FileKind::Props);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages[0].contains("outside the connector folder"),
            "{messages:?}"
        );
        assert_eq!(problems[0].named_at, span_of(&s, "apiDefinition"));
        assert!(
            messages[1].contains("outside the connector folder"),
            "{messages:?}"
        );
        assert!(messages[2].contains("does not exist"), "{messages:?}");
        assert_eq!(problems[2].named_at, span_of(&s, "script"));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_link_out_of_the_folder_is_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("c");
        fs::create_dir_all(&folder).unwrap();
        fs::create_dir_all(tmp.path().join("elsewhere")).unwrap();
        fs::write(tmp.path().join("elsewhere/def.json"), "{}").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("elsewhere"), folder.join("out")).unwrap();
        let s = settings(&folder, r#"{"apiDefinition": "out/def.json"}"#);
        let mut problems = Vec::new();
        assert!(named_files(&s, &folder, &mut problems).is_empty());
        assert!(
            problems[0].message.contains("outside"),
            "{}",
            problems[0].message
        );
    }
}
