//! The files of one solution, whether they sit in a zip (read from memory) or in an unpacked
//! folder (read from disk), behind one small interface.

use super::archive::Archive;
use crate::connector::{MAX_READ_BYTES, read_named_file};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many files of an unpacked tree are looked at; the same bound as a zip's entries.
const MAX_TREE_FILES: usize = 10_000;
/// How deep an unpacked tree is walked.
const MAX_TREE_DEPTH: usize = 12;

enum Backing {
    Zip(Arc<Archive>),
    Dir(PathBuf),
}

/// Why a file of a tree could not be read, and the rule that says so.
#[derive(Debug, Clone)]
pub struct ReadFailure {
    pub rule: &'static str,
    pub message: String,
    /// The zip reader refused the entry when it opened the archive: that is already a finding.
    pub already_reported: bool,
}

/// One file: its path inside the solution (`/`-separated, as stored), its size.
#[derive(Debug, Clone)]
pub struct TreeEntry {
    pub path: String,
    pub size: u64,
    index: usize,
}

/// The files of a solution.
pub struct Tree {
    /// The solution as shown to the user: `Pkg.zip!/PkgAssets/Flow.zip` or `src/MySolution`.
    pub display: String,
    separator: &'static str,
    pub entries: Vec<TreeEntry>,
    backing: Backing,
    /// Whether the walk of an unpacked tree stopped at [`MAX_TREE_FILES`].
    pub truncated: bool,
}

impl Tree {
    /// The files of a zip: every entry that is not a folder.
    pub fn of_archive(archive: Arc<Archive>) -> Tree {
        let entries = archive
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| !e.is_dir)
            .map(|(index, e)| TreeEntry {
                path: e.name.replace('\\', "/"),
                size: e.size,
                index,
            })
            .collect();
        Tree {
            display: archive.display.clone(),
            separator: "!/",
            entries,
            backing: Backing::Zip(archive),
            truncated: false,
        }
    }

    /// The files below `root`, walked to a bounded depth and count, never following links.
    pub fn of_dir(root: &Path, display: String) -> Tree {
        let mut entries = Vec::new();
        let mut truncated = false;
        let mut stack = vec![(root.to_path_buf(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let Ok(read) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut items: Vec<_> = read.flatten().collect();
            items.sort_by_key(|e| e.file_name());
            for item in items {
                let Ok(kind) = item.file_type() else { continue };
                let name = item.file_name().to_string_lossy().into_owned();
                if kind.is_dir() {
                    if depth < MAX_TREE_DEPTH
                        && !matches!(name.as_str(), ".git" | "node_modules" | "bin" | "obj")
                    {
                        stack.push((item.path(), depth + 1));
                    }
                    continue;
                }
                if entries.len() >= MAX_TREE_FILES {
                    truncated = true;
                    break;
                }
                let rel = item.path();
                let rel = rel.strip_prefix(root).unwrap_or(&rel);
                entries.push(TreeEntry {
                    path: rel.to_string_lossy().replace('\\', "/"),
                    size: item.metadata().map(|m| m.len()).unwrap_or(0),
                    index: 0,
                });
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Tree {
            display,
            separator: "/",
            entries,
            backing: Backing::Dir(root.to_path_buf()),
            truncated,
        }
    }

    pub fn is_zip(&self) -> bool {
        matches!(self.backing, Backing::Zip(_))
    }

    pub fn archive(&self) -> Option<&Arc<Archive>> {
        match &self.backing {
            Backing::Zip(a) => Some(a),
            Backing::Dir(_) => None,
        }
    }

    /// How a file of the tree is shown: `Pkg.zip!/Connector/x.json` or `src/Other/Solution.xml`.
    pub fn display_of(&self, path: &str) -> String {
        format!("{}{}{}", self.display, self.separator, path)
    }

    /// The file at `path` (leading `/` ignored), compared without regard to case as Windows and
    /// Dataverse do.
    pub fn find(&self, path: &str) -> Option<&TreeEntry> {
        let path = path.trim().trim_start_matches('/');
        self.entries.iter().find(|e| e.path == path).or_else(|| {
            self.entries
                .iter()
                .find(|e| e.path.eq_ignore_ascii_case(path))
        })
    }

    /// Files directly or indirectly under `folder` (no trailing slash), any case.
    pub fn under<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = &'a TreeEntry> + 'a {
        self.entries.iter().filter(move |e| {
            e.path.len() > folder.len()
                && e.path.as_bytes()[folder.len()] == b'/'
                && e.path[..folder.len()].eq_ignore_ascii_case(folder)
        })
    }

    /// Files at the root of the tree.
    pub fn root_files(&self) -> impl Iterator<Item = &TreeEntry> {
        self.entries.iter().filter(|e| !e.path.contains('/'))
    }

    /// Folders at the root of the tree, implied by the files' paths (zips need no folder entries).
    pub fn root_folders(&self) -> Vec<String> {
        let mut out: Vec<String> = match &self.backing {
            // The archive knows its folder entries too, even empty ones.
            Backing::Zip(a) => a.root_folders(),
            Backing::Dir(_) => self
                .entries
                .iter()
                .filter_map(|e| e.path.split_once('/').map(|(f, _)| f.to_owned()))
                .collect(),
        };
        out.sort();
        out.dedup();
        out
    }

    /// The bytes of a file, bounded; a zip entry is inflated in memory and its CRC checked.
    pub fn read(&self, entry: &TreeEntry) -> Result<Vec<u8>, ReadFailure> {
        match &self.backing {
            Backing::Zip(a) => a.read(entry.index).map_err(|issue| ReadFailure {
                rule: issue.kind.rule(),
                // An entry refused when the archive was opened is already a finding.
                already_reported: !a.entries[entry.index].readable(),
                message: format!("`{}`: {}", self.display_of(&entry.path), issue.message),
            }),
            Backing::Dir(root) => {
                read_named_file(&root.join(&entry.path), MAX_READ_BYTES).map_err(|e| ReadFailure {
                    rule: "sol-referenced-files",
                    already_reported: false,
                    message: format!(
                        "`{}` {}",
                        self.display_of(&entry.path),
                        e.describe(MAX_READ_BYTES)
                    ),
                })
            }
        }
    }

    /// Total size of the files.
    pub fn total_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }
}
