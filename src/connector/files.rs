//! Reading a connector's files. Nothing here fails: every problem is recorded for a rule to report.

pub mod settings;

use super::bounded::encoding_problem;
use super::discover::Target;
use super::{Connector, FileKind, FolderEntry, Overlay, Profile, display_path};
use crate::json::{self, JsonDoc, LineIndex, ParseError, Span};
use std::fs;
use std::path::{Path, PathBuf};

/// Files larger than this are not read (the size rules still see their size).
pub const MAX_READ_BYTES: u64 = 32 * 1024 * 1024;

/// A problem reading a file, reported by the `file-readable` rule.
#[derive(Debug, Clone)]
pub struct FileProblem {
    pub kind: FileKind,
    pub display: String,
    pub message: String,
    /// Where `settings.json` names the file, when the problem comes from that entry: the finding
    /// points there.
    pub named_at: Option<Span>,
}

/// A JSON file of the connector: its text and either its parse tree or why it does not parse.
pub struct JsonFile {
    pub kind: FileKind,
    pub path: PathBuf,
    pub display: String,
    pub size: u64,
    /// Byte offset of the first byte that is not UTF-8 (the text was decoded lossily).
    pub invalid_utf8_at: Option<usize>,
    content: JsonContent,
}

enum JsonContent {
    Parsed(JsonDoc),
    Invalid {
        text: String,
        lines: LineIndex,
        error: ParseError,
    },
    Unavailable,
}

impl JsonFile {
    pub fn doc(&self) -> Option<&JsonDoc> {
        match &self.content {
            JsonContent::Parsed(d) => Some(d),
            _ => None,
        }
    }
    pub fn syntax_error(&self) -> Option<&ParseError> {
        match &self.content {
            JsonContent::Invalid { error, .. } => Some(error),
            _ => None,
        }
    }
    /// The text, when it could be read.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            JsonContent::Parsed(d) => Some(d.source()),
            JsonContent::Invalid { text, .. } => Some(text),
            JsonContent::Unavailable => None,
        }
    }
    pub fn lines(&self) -> Option<&LineIndex> {
        match &self.content {
            JsonContent::Parsed(d) => Some(d.lines()),
            JsonContent::Invalid { lines, .. } => Some(lines),
            JsonContent::Unavailable => None,
        }
    }
}

/// A text file (readme, intro, script).
pub struct TextFile {
    pub kind: FileKind,
    pub path: PathBuf,
    pub display: String,
    pub size: u64,
    pub invalid_utf8_at: Option<usize>,
    /// Empty when the file could not be read.
    pub text: String,
    pub lines: LineIndex,
    pub readable: bool,
}

/// A binary file (the icon).
pub struct BinaryFile {
    pub path: PathBuf,
    pub display: String,
    pub size: u64,
    /// Empty when the file could not be read.
    pub bytes: Vec<u8>,
    pub readable: bool,
}

/// Reads a file's bytes, refusing what would hurt: paths that leave the connector folder through a
/// symlink, non-files, and files over the read limit.
fn read_bytes(
    path: &Path,
    folder: &Path,
    kind: FileKind,
    problems: &mut Vec<FileProblem>,
    overlay: Option<&Overlay>,
) -> Option<(Vec<u8>, u64)> {
    if let Some(bytes) = overlay.and_then(|o| o.get(path)) {
        return Some((bytes.clone(), bytes.len() as u64));
    }
    let display = display_path(path);
    let mut problem = |message: String| {
        problems.push(FileProblem {
            kind,
            display: display.clone(),
            message,
            named_at: None,
        });
        None
    };
    let link_meta = fs::symlink_metadata(path);
    let is_link = link_meta.as_ref().is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        match (fs::canonicalize(path), fs::canonicalize(folder)) {
            (Ok(target), Ok(root)) if target.starts_with(&root) => {}
            (Ok(target), _) => {
                // Show the link as written: the resolved absolute path depends on the machine.
                let shown = fs::read_link(path).unwrap_or(target);
                return problem(format!(
                    "is a symbolic link to `{}`, outside the connector folder; it was not read",
                    shown.display()
                ));
            }
            (Err(e), _) => {
                return problem(format!("is a symbolic link that cannot be followed: {e}"));
            }
        }
    }
    // What is not a link has the same metadata followed or not.
    let meta = match if is_link {
        fs::metadata(path)
    } else {
        link_meta
    } {
        Ok(m) => m,
        Err(e) => return problem(format!("cannot be read: {e}")),
    };
    if !meta.is_file() {
        return problem("is not a regular file".into());
    }
    if meta.len() > MAX_READ_BYTES {
        return problem(format!(
            "is {} bytes, over the {} MiB ppcert reads; it was not linted",
            meta.len(),
            MAX_READ_BYTES >> 20
        ));
    }
    match super::bounded::read_at_most(path, MAX_READ_BYTES) {
        Ok(bytes) => {
            let size = bytes.len() as u64;
            Some((bytes, size))
        }
        Err(e) => problem(format!("{}; it was not linted", e.describe(MAX_READ_BYTES))),
    }
}

/// Decodes bytes as UTF-8, lossily; returns the offset of the first invalid byte if any.
fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    }
}

/// The apiProperties.json beside a definition on disk, if there is one (any case).
pub fn read_props_beside(definition: &Path, problems: &mut Vec<FileProblem>) -> Option<JsonFile> {
    let folder = definition.parent().filter(|p| !p.as_os_str().is_empty())?;
    let name = std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.eq_ignore_ascii_case("apiProperties.json"))
        .min()?;
    Some(load_json(
        &folder.join(name),
        folder,
        FileKind::Props,
        problems,
    ))
}

pub fn load_json(
    path: &Path,
    folder: &Path,
    kind: FileKind,
    problems: &mut Vec<FileProblem>,
) -> JsonFile {
    load_json_from(path, folder, kind, problems, None)
}

fn load_json_from(
    path: &Path,
    folder: &Path,
    kind: FileKind,
    problems: &mut Vec<FileProblem>,
    overlay: Option<&Overlay>,
) -> JsonFile {
    let display = display_path(path);
    match read_bytes(path, folder, kind, problems, overlay) {
        Some((bytes, _)) => JsonFile::from_bytes(kind, path, display, bytes, problems),
        None => JsonFile {
            kind,
            path: path.to_path_buf(),
            display,
            size: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            invalid_utf8_at: None,
            content: JsonContent::Unavailable,
        },
    }
}

/// Records why `bytes` are not UTF-8 text at all (UTF-16, UTF-32, binary), if they are not.
fn not_utf8(
    bytes: &[u8],
    kind: FileKind,
    display: String,
    expected: &str,
    problems: &mut Vec<FileProblem>,
) -> bool {
    let Some(problem) = encoding_problem(bytes) else {
        return false;
    };
    problems.push(FileProblem {
        kind,
        display,
        message: problem.describe(expected),
        named_at: None,
    });
    true
}

impl JsonFile {
    /// A JSON file from bytes already read (from disk, or from git's object database), shown to
    /// the user as `display`.
    pub fn from_bytes(
        kind: FileKind,
        path: &Path,
        display: String,
        bytes: Vec<u8>,
        problems: &mut Vec<FileProblem>,
    ) -> JsonFile {
        let mut file = JsonFile {
            kind,
            path: path.to_path_buf(),
            display: display.clone(),
            size: bytes.len() as u64,
            invalid_utf8_at: None,
            content: JsonContent::Unavailable,
        };
        if not_utf8(&bytes, kind, display, "JSON", problems) {
            return file;
        }
        let (text, invalid) = decode(bytes);
        file.invalid_utf8_at = invalid;
        file.content = match json::parse(text) {
            Ok(doc) => JsonContent::Parsed(doc),
            Err((error, text)) => JsonContent::Invalid {
                lines: LineIndex::new(&text),
                text,
                error,
            },
        };
        file
    }
}

fn load_text(
    path: &Path,
    folder: &Path,
    kind: FileKind,
    problems: &mut Vec<FileProblem>,
    overlay: Option<&Overlay>,
) -> TextFile {
    let display = display_path(path);
    match read_bytes(path, folder, kind, problems, overlay) {
        Some((bytes, size)) => {
            let mut file = TextFile::from_bytes(kind, path, display, bytes, problems);
            file.size = size;
            file
        }
        None => TextFile {
            kind,
            path: path.to_path_buf(),
            display,
            size: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
            invalid_utf8_at: None,
            text: String::new(),
            lines: LineIndex::default(),
            readable: false,
        },
    }
}

fn load_binary(
    path: &Path,
    folder: &Path,
    kind: FileKind,
    problems: &mut Vec<FileProblem>,
    overlay: Option<&Overlay>,
) -> BinaryFile {
    let mut file = BinaryFile {
        path: path.to_path_buf(),
        display: display_path(path),
        size: fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        bytes: Vec::new(),
        readable: false,
    };
    if let Some((bytes, size)) = read_bytes(path, folder, kind, problems, overlay) {
        file.size = size;
        file.bytes = bytes;
        file.readable = true;
    }
    file
}

/// Picks the entry named `name` (any case), preferring the exact spelling. A folder by that name
/// is returned too (files first), so that it is reported rather than ignored.
fn find_entry<'a>(entries: &'a [FolderEntry], name: &str) -> Option<&'a FolderEntry> {
    let exact = |dir: bool| entries.iter().find(|e| e.is_dir == dir && e.name == name);
    let any_case = |dir: bool| {
        entries
            .iter()
            .find(|e| e.is_dir == dir && e.name.eq_ignore_ascii_case(name))
    };
    exact(false)
        .or_else(|| any_case(false))
        .or_else(|| exact(true))
        .or_else(|| any_case(true))
}

fn list_folder(folder: &Path) -> Vec<FolderEntry> {
    let Ok(read) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut entries: Vec<FolderEntry> = read
        .filter_map(Result::ok)
        .map(|e| {
            let meta = fs::metadata(e.path()).ok();
            FolderEntry {
                name: e.file_name().to_string_lossy().into_owned(),
                is_dir: meta.as_ref().is_some_and(|m| m.is_dir()),
                size: meta.map_or(0, |m| m.len()),
            }
        })
        .collect();
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    entries
}

pub(super) fn load_connector(
    target: &Target,
    profile_override: Option<Profile>,
    overlay: Option<&Overlay>,
) -> Connector {
    let folder = &target.folder;
    let mut problems = Vec::new();
    let display = display_path(folder);
    let name = std::path::absolute(folder)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| display.clone());
    let profile = profile_override.unwrap_or_else(|| Profile::detect(folder));
    let mut c = Connector::empty(folder.clone(), display, name, profile);
    c.single_file = target.explicit.is_some();
    if let Some(files) = &target.explicit {
        let mut files = files.clone();
        let json = |p: &Option<PathBuf>, kind, problems: &mut Vec<FileProblem>| {
            p.as_ref()
                .map(|p| load_json_from(p, folder, kind, problems, overlay))
        };
        c.settings = json(&files.settings, FileKind::Settings, &mut problems);
        if let Some(settings) = &c.settings {
            for entry in settings::named_files(settings, folder, &mut problems) {
                let slot = match entry.kind {
                    FileKind::Swagger => &mut files.swagger,
                    FileKind::Props => &mut files.props,
                    FileKind::Icon => &mut files.icon,
                    _ => &mut files.script,
                };
                *slot = slot.take().or(entry.path);
            }
        }
        c.swagger = json(&files.swagger, FileKind::Swagger, &mut problems);
        c.props = json(&files.props, FileKind::Props, &mut problems);
        let text = |p: &Option<PathBuf>, kind, problems: &mut Vec<FileProblem>| {
            p.as_ref()
                .map(|p| load_text(p, folder, kind, problems, overlay))
        };
        c.readme = text(&files.readme, FileKind::Readme, &mut problems);
        c.intro = text(&files.intro, FileKind::Intro, &mut problems);
        c.script = text(&files.script, FileKind::Script, &mut problems);
        c.icon = files
            .icon
            .as_ref()
            .map(|p| load_binary(p, folder, FileKind::Icon, &mut problems, overlay));
        c.problems = problems;
        return c;
    }
    let entries = list_folder(folder);
    let path_of = |e: &FolderEntry| folder.join(&e.name);
    let swagger = find_entry(&entries, "apiDefinition.swagger.json").or_else(|| {
        // A misnamed definition (e.g. `MyService.swagger.json`) is still linted; `pr-file-names-exact` says why it must be renamed.
        entries
            .iter()
            .find(|e| !e.is_dir && e.name.to_ascii_lowercase().ends_with(".swagger.json"))
    });
    c.swagger = swagger.map(|e| {
        load_json_from(
            &path_of(e),
            folder,
            FileKind::Swagger,
            &mut problems,
            overlay,
        )
    });
    c.props = find_entry(&entries, "apiProperties.json")
        .map(|e| load_json_from(&path_of(e), folder, FileKind::Props, &mut problems, overlay));
    c.settings = find_entry(&entries, "settings.json").map(|e| {
        load_json_from(
            &path_of(e),
            folder,
            FileKind::Settings,
            &mut problems,
            overlay,
        )
    });
    c.readme = find_entry(&entries, "readme.md").map(|e| {
        load_text(
            &path_of(e),
            folder,
            FileKind::Readme,
            &mut problems,
            overlay,
        )
    });
    c.intro = find_entry(&entries, "intro.md")
        .map(|e| load_text(&path_of(e), folder, FileKind::Intro, &mut problems, overlay));
    let script = find_entry(&entries, "script.csx")
        .or_else(|| {
            entries
                .iter()
                .find(|e| !e.is_dir && e.name.to_ascii_lowercase().ends_with(".csx"))
        })
        .or_else(|| find_entry(&entries, "script.cs"));
    c.script = script.map(|e| {
        load_text(
            &path_of(e),
            folder,
            FileKind::Script,
            &mut problems,
            overlay,
        )
    });
    c.icon = find_entry(&entries, "icon.png")
        .map(|e| load_binary(&path_of(e), folder, FileKind::Icon, &mut problems, overlay));
    c.entries = entries;
    c.problems = problems;
    c
}

impl TextFile {
    /// A text file from bytes already read (an editor's unsaved buffer), shown as `display`.
    pub fn from_bytes(
        kind: FileKind,
        path: &Path,
        display: String,
        bytes: Vec<u8>,
        problems: &mut Vec<FileProblem>,
    ) -> TextFile {
        let mut file = TextFile {
            kind,
            path: path.to_path_buf(),
            display: display.clone(),
            size: bytes.len() as u64,
            invalid_utf8_at: None,
            text: String::new(),
            lines: LineIndex::default(),
            readable: false,
        };
        if not_utf8(&bytes, kind, display, "text", problems) {
            return file;
        }
        let (text, invalid) = decode(bytes);
        file.lines = LineIndex::new(&text);
        file.text = text;
        file.invalid_utf8_at = invalid;
        file.readable = true;
        file
    }
}
