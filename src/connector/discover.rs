//! Turning the user's PATH arguments into connector targets.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One connector to lint: its folder and, where known, the exact files that make it up.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub folder: PathBuf,
    /// Set when the user named files explicitly (a definition file or a paconn settings.json):
    /// only those files are read, and rules about the folder's layout do not apply.
    pub explicit: Option<ExplicitFiles>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExplicitFiles {
    pub swagger: Option<PathBuf>,
    pub props: Option<PathBuf>,
    pub settings: Option<PathBuf>,
    pub icon: Option<PathBuf>,
    pub script: Option<PathBuf>,
}

/// Folders never searched for connectors.
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    ".github",
    ".vs",
    ".vscode",
];

/// Whether `name` marks its folder as a connector folder.
pub fn is_connector_marker(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "apidefinition.swagger.json"
        || lower == "apiproperties.json"
        || lower.ends_with(".swagger.json")
}

/// Finds the connectors named by `path`, in a stable (sorted) order.
pub fn discover(path: &Path) -> io::Result<Vec<Target>> {
    let meta = fs::metadata(path)?;
    if meta.is_file() {
        return Ok(vec![file_target(path)?]);
    }
    let mut found = Vec::new();
    walk(path, &mut found, 0)?;
    found.sort();
    Ok(found)
}

fn file_target(path: &Path) -> io::Result<Target> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut files = ExplicitFiles::default();
    if name == "settings.json" {
        files.settings = Some(path.to_path_buf());
        read_settings_entries(path, &folder, &mut files);
    } else if name == "apiproperties.json" {
        files.props = Some(path.to_path_buf());
    } else {
        files.swagger = Some(path.to_path_buf());
    }
    Ok(Target {
        folder,
        explicit: Some(files),
    })
}

/// paconn's settings.json names the other files, relative to its own folder. Problems with the
/// settings file itself are reported when it is linted, so a bad one just names nothing here.
fn read_settings_entries(settings: &Path, folder: &Path, files: &mut ExplicitFiles) {
    let Ok(text) = fs::read_to_string(settings) else {
        return;
    };
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
    else {
        return;
    };
    let entry = |key: &str| {
        value
            .get(key)
            .and_then(|v| v.as_str())
            .filter(|s| !s.is_empty())
            .map(|s| folder.join(s))
    };
    files.swagger = entry("apiDefinition");
    files.props = entry("apiProperties");
    files.icon = entry("icon");
    files.script = entry("script");
}

fn walk(dir: &Path, found: &mut Vec<Target>, depth: usize) -> io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    let mut subdirs = Vec::new();
    let mut is_connector = false;
    for entry in fs::read_dir(dir)? {
        let Ok(entry) = entry else { continue };
        let Ok(ft) = entry.file_type() else { continue };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Directory symlinks are not followed: they could loop or leave the tree.
        if ft.is_dir() {
            if !SKIP_DIRS.contains(&name.as_ref()) {
                subdirs.push(entry.path());
            }
        } else if is_connector_marker(&name) {
            is_connector = true;
        }
    }
    if is_connector {
        found.push(Target {
            folder: dir.to_path_buf(),
            explicit: None,
        });
    }
    for sub in subdirs {
        // A sub-folder that cannot be read is skipped, not fatal: the rest of the tree is still linted.
        let _ = walk(&sub, found, depth + 1);
    }
    Ok(())
}
