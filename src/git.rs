//! What ppcert needs from git, through libgit2 (no `git` subprocess): the work tree's root, and
//! which paths changed since a revision.

use git2::{Delta, DiffOptions, Repository};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The work tree root of the repository holding `dir`, if any.
pub fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.workdir()
        .map(|w| w.canonicalize().unwrap_or_else(|_| w.to_path_buf()))
}

/// Paths that differ between the merge base of `rev` and HEAD, and the working tree (staged,
/// unstaged and untracked changes included), as absolute paths. Deleted files are included.
pub struct Changes {
    pub root: PathBuf,
    pub paths: BTreeSet<PathBuf>,
}

pub fn changed_since(dir: &Path, rev: &str) -> Result<Changes, git2::Error> {
    let repo = Repository::discover(dir)?;
    let root = repo
        .workdir()
        .ok_or_else(|| git2::Error::from_str("the repository has no work tree"))?
        .to_path_buf();
    let root = root.canonicalize().unwrap_or(root);
    let target = repo.revparse_single(rev)?.peel_to_commit()?;
    let head = repo.head()?.peel_to_commit()?;
    let base_oid = repo.merge_base(target.id(), head.id())?;
    let base_tree = repo.find_commit(base_oid)?.tree()?;
    let mut opts = DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_typechange(true);
    let diff = repo.diff_tree_to_workdir_with_index(Some(&base_tree), Some(&mut opts))?;
    let mut paths = BTreeSet::new();
    for delta in diff.deltas() {
        if delta.status() == Delta::Unmodified {
            continue;
        }
        for file in [delta.old_file(), delta.new_file()] {
            if let Some(p) = file.path() {
                paths.insert(root.join(p));
            }
        }
    }
    Ok(Changes { root, paths })
}
