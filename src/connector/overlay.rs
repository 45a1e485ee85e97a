//! File contents that replace what is on disk: an editor's unsaved buffers, a fix's new text, or
//! what the language server already read.
//!
//! Loading a connector takes a file's bytes from the overlay when it has them, and reads the disk
//! only for the others, so the rules see exactly what the editor shows and an unchanged file is
//! not read again.

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

    /// The contents that replace the file at `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&Vec<u8>> {
        if self.files.is_empty() {
            return None;
        }
        self.files.get(&key(path))
    }
}
