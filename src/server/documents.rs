//! What the server knows of files: the editor's open buffers, and what it read from disk (kept
//! until the file's size or modification time changes, so an unchanged file is not read again).

use crate::connector::Overlay;
use lsp_types::Uri;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::SystemTime;

/// The file names the server lints, lowercased (Windows authors do not always match case).
const CONNECTOR_FILES: [&str; 6] = [
    "apidefinition.swagger.json",
    "apiproperties.json",
    "settings.json",
    "readme.md",
    "intro.md",
    "script.csx",
];
const CONFIG_FILES: [&str; 2] = ["ppcert.toml", ".ppcert.toml"];

/// What a path is to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    /// A file of the connector folder it is in.
    Connector,
    /// A ppcert.toml: it configures every connector below its folder.
    Config,
    Other,
}

pub fn role(path: &Path) -> FileRole {
    let Some(name) = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
    else {
        return FileRole::Other;
    };
    if CONFIG_FILES.contains(&name.as_str()) {
        FileRole::Config
    } else if CONNECTOR_FILES.contains(&name.as_str())
        || name.ends_with(".swagger.json")
        || name.ends_with(".csx")
    {
        FileRole::Connector
    } else {
        FileRole::Other
    }
}

pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let url = url::Url::parse(uri.as_str()).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

/// The key files are known by: absolute, and canonical where the file exists (symlinks and, on
/// Windows, case resolve to one name).
pub fn key(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    dunce::canonicalize(&abs).unwrap_or(abs)
}

pub struct OpenDocument {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
}

struct CachedFile {
    modified: Option<SystemTime>,
    len: u64,
    bytes: Vec<u8>,
}

#[derive(Default)]
pub struct Documents {
    open: HashMap<PathBuf, OpenDocument>,
    disk: HashMap<PathBuf, CachedFile>,
    /// How many times a file was read from disk (for the tests of the cache).
    reads: usize,
}

impl Documents {
    pub fn open(&mut self, path: PathBuf, doc: OpenDocument) {
        self.open.insert(key(&path), doc);
    }

    pub fn close(&mut self, path: &Path) -> Option<OpenDocument> {
        self.open.remove(&key(path))
    }

    pub fn get(&self, path: &Path) -> Option<&OpenDocument> {
        self.open.get(&key(path))
    }

    pub fn get_mut(&mut self, path: &Path) -> Option<&mut OpenDocument> {
        self.open.get_mut(&key(path))
    }

    pub fn open_paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.open.keys()
    }

    /// The editor says a file changed on disk: read it again next time.
    pub fn forget_disk(&mut self, path: &Path) {
        self.disk.remove(&key(path));
    }

    /// Contents for loading the connector in `folder`: open buffers as the editor has them, and
    /// the folder's other files from the cache, read again only when they changed on disk.
    pub fn overlay_for(&mut self, folder: &Path, config: Option<&Path>) -> Overlay {
        let folder = key(folder);
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        for (path, doc) in &self.open {
            if path.parent() == Some(folder.as_path()) || Some(path.as_path()) == config {
                files.push((path.clone(), doc.text.clone().into_bytes()));
            }
        }
        if let Ok(entries) = std::fs::read_dir(&folder) {
            for entry in entries.flatten() {
                let path = entry.path();
                if role(&path) != FileRole::Connector || self.open.contains_key(&path) {
                    continue;
                }
                if let Some(bytes) = self.cached(&path) {
                    files.push((path, bytes));
                }
            }
        }
        Overlay::new(files)
    }

    /// The file's bytes from the cache, reading it when it is new or changed on disk. Files too
    /// large or unreadable are left to the loader, which reports why.
    fn cached(&mut self, path: &Path) -> Option<Vec<u8>> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || meta.len() > crate::connector::MAX_READ_BYTES {
            return None;
        }
        let modified = meta.modified().ok();
        if let Some(c) = self.disk.get(path)
            && c.len == meta.len()
            && c.modified == modified
            && modified.is_some()
        {
            return Some(c.bytes.clone());
        }
        let bytes = crate::connector::read_at_most(path, crate::connector::MAX_READ_BYTES).ok()?;
        self.reads += 1;
        self.disk.insert(
            path.to_path_buf(),
            CachedFile {
                modified,
                len: meta.len(),
                bytes: bytes.clone(),
            },
        );
        Some(bytes)
    }

    /// The text of `path` as the server last saw it: the buffer, else the disk.
    pub fn text(&mut self, path: &Path) -> Option<String> {
        if let Some(doc) = self.get(path) {
            return Some(doc.text.clone());
        }
        let bytes = self.cached(&key(path))?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_are_not_read_again_and_buffers_win() {
        let dir = tempfile::tempdir().unwrap();
        let folder = key(dir.path());
        std::fs::write(folder.join("apiDefinition.swagger.json"), "{}").unwrap();
        std::fs::write(folder.join("apiProperties.json"), "{}").unwrap();
        std::fs::write(folder.join("notes.txt"), "not a connector file").unwrap();
        let mut docs = Documents::default();
        let overlay = docs.overlay_for(&folder, None);
        assert_eq!(docs.reads, 2, "the two connector files, not notes.txt");
        assert_eq!(
            overlay
                .get(&folder.join("apiProperties.json"))
                .map(Vec::as_slice),
            Some(&b"{}"[..])
        );
        docs.overlay_for(&folder, None);
        assert_eq!(docs.reads, 2, "nothing changed: nothing read");
        // A change on disk (its size changes) is read; an open buffer replaces the file.
        std::fs::write(folder.join("apiProperties.json"), "{\"properties\": {}}").unwrap();
        docs.open(
            folder.join("apiDefinition.swagger.json"),
            OpenDocument {
                uri: path_to_uri(&folder.join("apiDefinition.swagger.json")).unwrap(),
                version: 1,
                text: "{\"swagger\": \"2.0\"}".into(),
            },
        );
        let overlay = docs.overlay_for(&folder, None);
        assert_eq!(docs.reads, 3);
        assert_eq!(
            overlay
                .get(&folder.join("apiDefinition.swagger.json"))
                .map(Vec::as_slice),
            Some(&b"{\"swagger\": \"2.0\"}"[..])
        );
        // The editor says it changed (a save): read again even with the same size and time.
        docs.forget_disk(&folder.join("apiProperties.json"));
        docs.overlay_for(&folder, None);
        assert_eq!(docs.reads, 4);
    }

    #[test]
    fn roles_ignore_case_and_know_config_files() {
        assert_eq!(
            role(Path::new("/x/APIDefinition.Swagger.JSON")),
            FileRole::Connector
        );
        assert_eq!(role(Path::new("/x/README.md")), FileRole::Connector);
        assert_eq!(role(Path::new("/x/.ppcert.toml")), FileRole::Config);
        assert_eq!(role(Path::new("/x/icon.png")), FileRole::Other);
    }
}
