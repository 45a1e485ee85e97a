//! For the library's tests: the corpus folder, and the files of given names under folders.

use std::path::{Path, PathBuf};

/// `$PPCERT_CORPUS`, else `../shared/corpus` beside the project.
pub fn corpus() -> PathBuf {
    std::env::var_os("PPCERT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"))
}

/// The corpus folder, or `None` after saying that the test is skipped without it.
pub fn corpus_or_skip() -> Option<PathBuf> {
    let corpus = corpus();
    if corpus.is_dir() {
        Some(corpus)
    } else {
        eprintln!("skipped: no corpus (set PPCERT_CORPUS or put it at ../shared/corpus)");
        None
    }
}

/// Every file named one of `names` under `roots` (missing roots give nothing).
pub fn files_named(roots: Vec<PathBuf>, names: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = roots;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .file_name()
                .is_some_and(|n| names.iter().any(|name| n == *name))
            {
                found.push(path);
            }
        }
    }
    found
}
