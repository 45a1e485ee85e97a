//! Turning the user's PATH arguments into connector targets.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One connector to lint: its folder and, where known, the exact files that make it up.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub folder: PathBuf,
    /// Set when the user named a file explicitly (a definition, apiProperties.json, a paconn
    /// settings.json, readme.md, ...): only that file (and what a settings.json names) is read,
    /// and rules about the folder's layout do not apply.
    pub explicit: Option<ExplicitFiles>,
    /// Set when the target is a Dataverse solution or certification package, not a folder.
    pub solution: Option<SolutionSource>,
}

/// Where a solution input is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SolutionSource {
    /// A solution zip or a certification package.
    Zip(PathBuf),
    /// A SolutionPackager / `pac solution unpack` folder: the folder holding `Other/Solution.xml`.
    Unpacked(PathBuf),
    /// Dataverse Git integration's YAML source, which ppcert does not read.
    GitYaml(PathBuf),
}

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ExplicitFiles {
    pub swagger: Option<PathBuf>,
    pub props: Option<PathBuf>,
    pub settings: Option<PathBuf>,
    pub icon: Option<PathBuf>,
    pub script: Option<PathBuf>,
    pub readme: Option<PathBuf>,
    pub intro: Option<PathBuf>,
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
    discover_including(path, None)
}

/// Like [`discover`], also finding the solution inputs `probe` recognises.
pub fn discover_including(path: &Path, probe: Option<SolutionProbe>) -> io::Result<Vec<Target>> {
    let meta = fs::metadata(path)?;
    if !meta.is_dir() {
        // Not only regular files: a FIFO or a link to a device named as a connector file is
        // reported by the loader's checks, like the same entry in a folder.
        return Ok(vec![file_target(path)?]);
    }
    let mut found = Vec::new();
    walk(path, &mut found, 0, probe)?;
    found.sort();
    Ok(found)
}

/// What a file named on the command line is, by its name (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedFileKind {
    Definition,
    Props,
    Settings,
    Readme,
    Intro,
    Script,
    Icon,
}

/// The kind of connector file `name` is, or `None` when ppcert does not know it. Any other
/// `.json` file is read as a definition: `ppcert diff old.json new.json` names them freely.
pub fn named_file_kind(name: &str) -> Option<NamedFileKind> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "settings.json" => NamedFileKind::Settings,
        "apiproperties.json" => NamedFileKind::Props,
        "readme.md" => NamedFileKind::Readme,
        "intro.md" => NamedFileKind::Intro,
        "icon.png" => NamedFileKind::Icon,
        "script.cs" => NamedFileKind::Script,
        _ if lower.ends_with(".csx") => NamedFileKind::Script,
        _ if lower.ends_with(".json") => NamedFileKind::Definition,
        _ => return None,
    })
}

/// Why a file named on the command line is not linted: ppcert does not know what it is.
fn not_a_connector_file(path: &Path) -> io::Error {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let hint = if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        "an OpenAPI 3 description becomes a connector with `ppcert convert`"
    } else {
        "ppcert reads connector folders and their files: a definition (*.json), apiProperties.json, \
         settings.json, readme.md, intro.md, script.csx and icon.png"
    };
    io::Error::new(
        io::ErrorKind::InvalidInput,
        NotAConnectorFile(hint.to_owned()),
    )
}

/// The error [`discover`] gives for a file it does not understand.
#[derive(Debug)]
struct NotAConnectorFile(String);

impl std::fmt::Display for NotAConnectorFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a connector file ({})", self.0)
    }
}

impl std::error::Error for NotAConnectorFile {}

/// The message for an error of [`discover`] on `path`, as the command line prints it.
pub fn describe_discover_error(path: &Path, error: &io::Error) -> String {
    let shown = crate::diagnostic::abbreviate(&path.to_string_lossy(), 200).into_owned();
    if error
        .get_ref()
        .is_some_and(|e| e.downcast_ref::<NotAConnectorFile>().is_some())
    {
        format!("`{shown}` is {error}")
    } else {
        format!("cannot read `{shown}`: {error}")
    }
}

fn file_target(path: &Path) -> io::Result<Target> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.to_ascii_lowercase().ends_with(".zip") {
        return Ok(Target {
            folder,
            explicit: None,
            solution: Some(SolutionSource::Zip(path.to_path_buf())),
        });
    }
    let Some(kind) = named_file_kind(name) else {
        return Err(not_a_connector_file(path));
    };
    let mut files = ExplicitFiles::default();
    let named = Some(path.to_path_buf());
    match kind {
        // The files a settings.json names are resolved when it is loaded, where a bad entry
        // becomes a finding at its line and column.
        NamedFileKind::Settings => files.settings = named,
        NamedFileKind::Props => files.props = named,
        NamedFileKind::Definition => files.swagger = named,
        NamedFileKind::Readme => files.readme = named,
        NamedFileKind::Intro => files.intro = named,
        NamedFileKind::Script => files.script = named,
        NamedFileKind::Icon => files.icon = named,
    }
    Ok(Target {
        folder,
        explicit: Some(files),
        solution: None,
    })
}

/// How a walk recognises solution inputs: given by the solution module, which sits above this one.
#[derive(Clone, Copy)]
pub struct SolutionProbe {
    /// A folder that is a solution's source, and which kind, given the names of its entries when
    /// they could be read.
    pub folder: fn(&Path, Option<&[String]>) -> Option<SolutionSource>,
    /// Whether a zip found in a tree is a solution or package.
    pub zip: fn(&Path) -> bool,
}

fn walk(
    dir: &Path,
    found: &mut Vec<Target>,
    depth: usize,
    probe: Option<SolutionProbe>,
) -> io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    // The folder is read once, for the solution probe and for what follows.
    let entries = fs::read_dir(dir).map(|entries| entries.flatten().collect::<Vec<_>>());
    let names = entries.as_ref().ok().map(|entries| {
        (entries.iter())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    });
    if let Some(source) = probe.and_then(|p| (p.folder)(dir, names.as_deref())) {
        found.push(Target {
            folder: dir.to_path_buf(),
            explicit: None,
            solution: Some(source),
        });
        return Ok(());
    }
    let mut subdirs = Vec::new();
    let mut is_connector = false;
    let mut zips = Vec::new();
    for entry in entries? {
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
        } else if name.to_ascii_lowercase().ends_with(".zip") && ft.is_file() {
            zips.push(entry.path());
        }
    }
    if is_connector {
        found.push(Target {
            folder: dir.to_path_buf(),
            explicit: None,
            solution: None,
        });
    }
    // Zips found in a tree are linted when they are solutions or certification packages;
    // other zips are none of ppcert's business.
    for zip in zips {
        if probe.is_some_and(|p| (p.zip)(&zip)) {
            found.push(Target {
                folder: dir.to_path_buf(),
                explicit: None,
                solution: Some(SolutionSource::Zip(zip)),
            });
        }
    }
    for sub in subdirs {
        // A sub-folder that cannot be read is skipped, not fatal: the rest of the tree is still linted.
        let _ = walk(&sub, found, depth + 1, probe);
    }
    Ok(())
}
