//! File contents that replace what is on disk: an editor's unsaved buffers.
//!
//! The connector is loaded from disk as usual, then each of its files that has an overlay entry is
//! rebuilt from the entry's bytes, so the rules see exactly what the editor shows.

use crate::connector::{Connector, FileProblem, JsonFile, TextFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Contents by absolute path.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    files: Arc<HashMap<PathBuf, Vec<u8>>>,
}

fn key(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    dunce::canonicalize(&abs).unwrap_or(abs)
}

impl Overlay {
    /// An overlay holding these contents.
    pub fn new(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Overlay {
        Overlay {
            files: Arc::new(files.into_iter().map(|(p, b)| (key(&p), b)).collect()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    fn get(&self, path: &Path) -> Option<&Vec<u8>> {
        if self.files.is_empty() {
            return None;
        }
        self.files.get(&key(path))
    }

    /// Replaces the connector's files that have overlay contents.
    pub fn apply(&self, c: &mut Connector) {
        if self.files.is_empty() {
            return;
        }
        let mut problems: Vec<FileProblem> = Vec::new();
        let mut replaced: Vec<String> = Vec::new();
        for slot in [&mut c.swagger, &mut c.props, &mut c.settings] {
            let Some(file) = slot.as_ref() else { continue };
            if let Some(bytes) = self.get(&file.path) {
                replaced.push(file.display.clone());
                *slot = Some(JsonFile::from_bytes(
                    file.kind,
                    &file.path.clone(),
                    file.display.clone(),
                    bytes.clone(),
                    &mut problems,
                ));
            }
        }
        for slot in [&mut c.readme, &mut c.intro, &mut c.script] {
            let Some(file) = slot.as_ref() else { continue };
            if let Some(bytes) = self.get(&file.path) {
                replaced.push(file.display.clone());
                *slot = Some(TextFile::from_bytes(
                    file.kind,
                    &file.path.clone(),
                    file.display.clone(),
                    bytes.clone(),
                    &mut problems,
                ));
            }
        }
        // What was wrong with the file on disk no longer holds for the buffer.
        c.problems.retain(|p| !replaced.contains(&p.display));
        c.problems.extend(problems);
    }
}
