//! What ppcert needs from git, through libgit2 (no `git` subprocess): the work tree's root, and
//! which paths changed since a revision.

use git2::{Delta, DiffFindOptions, DiffOptions, Repository};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// Where the repository holding `dir` keeps its files, as far as they tell without libgit2.
#[derive(Clone)]
enum GitDirAbove {
    /// No `.git` in `dir` or above it, no bare repository's layout, no `GIT_DIR`: certain.
    None,
    /// The git folder, and the folder of the real path where the search stopped (libgit2's
    /// search from anywhere below it up to it looks at the same folders from there on).
    Found { git_dir: PathBuf, at: PathBuf },
    /// Something only libgit2 can judge.
    Unsure,
}

/// The git folder of the repository holding `dir`, looked for along the real path: libgit2 walks
/// up that one (links and `..` resolved), and `repo/../elsewhere` as written would pass by `repo`.
fn git_dir_above(dir: &Path) -> GitDirAbove {
    git_dir_above_remembering(dir, &mut HashMap::new())
}

/// [`git_dir_above`], keeping in `known` the answer for every folder looked at.
fn git_dir_above_remembering(dir: &Path, known: &mut HashMap<PathBuf, GitDirAbove>) -> GitDirAbove {
    if std::env::var_os("GIT_DIR").is_some() {
        return GitDirAbove::Unsure;
    }
    let Ok(real) = std::fs::canonicalize(dir) else {
        return GitDirAbove::Unsure;
    };
    crate::connector::nearest_above(&real, known, GitDirAbove::None, git_dir_at)
}

/// What `folder` itself says: a `.git` in it, or a bare repository's layout.
fn git_dir_at(folder: &Path) -> Option<GitDirAbove> {
    let dot_git = folder.join(".git");
    let found = |git_dir| GitDirAbove::Found {
        git_dir,
        at: folder.to_path_buf(),
    };
    // One `stat` answers both questions.
    let dot_git_kind = std::fs::metadata(&dot_git).map(|m| m.is_dir());
    if dot_git_kind.as_ref().is_ok_and(|&dir| dir) {
        return Some(found(dot_git));
    }
    if dot_git_kind.is_ok() {
        // A worktree's or submodule's `gitdir: <path>`.
        return Some(
            std::fs::read_to_string(&dot_git)
                .ok()
                .and_then(|text| {
                    let path = text.trim_end().strip_prefix("gitdir:")?.trim().to_owned();
                    Some(found(folder.join(path)))
                })
                .unwrap_or(GitDirAbove::Unsure),
        );
    }
    if folder.join("HEAD").is_file() && folder.join("objects").is_dir() {
        return Some(found(folder.to_path_buf()));
    }
    None
}

/// What libgit2 answers about the folders of a run, asked once per repository: every folder
/// below where [`git_dir_above`] stops gets the same answers from libgit2, whose search looks
/// at no folder below that one that this one did not (it accepts less: a repository needs
/// `refs/` too). A run over the thousand connectors of a clone then starts libgit2 once,
/// not twice per connector.
#[derive(Default)]
pub struct Repositories {
    git_dirs: HashMap<PathBuf, GitDirAbove>,
    upstream_dev: HashMap<PathBuf, Option<String>>,
    work_tree_root: HashMap<PathBuf, Option<PathBuf>>,
}

impl Repositories {
    /// [`upstream_dev`] of `dir`.
    pub fn upstream_dev(&mut self, dir: &Path) -> Option<String> {
        ask_once(
            &mut self.git_dirs,
            &mut self.upstream_dev,
            dir,
            upstream_dev,
        )
    }

    /// [`work_tree_root`] of `dir`.
    pub fn work_tree_root(&mut self, dir: &Path) -> Option<PathBuf> {
        ask_once(
            &mut self.git_dirs,
            &mut self.work_tree_root,
            dir,
            work_tree_root,
        )
    }
}

/// `ask(dir)`, from `answers` when a folder of the same repository asked it before. Outside any
/// repository every question here has no answer.
fn ask_once<T: Clone>(
    git_dirs: &mut HashMap<PathBuf, GitDirAbove>,
    answers: &mut HashMap<PathBuf, Option<T>>,
    dir: &Path,
    ask: fn(&Path) -> Option<T>,
) -> Option<T> {
    match git_dir_above_remembering(dir, git_dirs) {
        GitDirAbove::None => None,
        GitDirAbove::Unsure => ask(dir),
        GitDirAbove::Found { at, .. } => answers.entry(at).or_insert_with(|| ask(dir)).clone(),
    }
}

/// Whether `dir` may be inside a repository. `false` is certain, and saves starting libgit2 (and
/// the TLS library it initialises) in runs over folders outside any repository: about 4 ms of a
/// one-connector run.
fn may_be_in_repository(dir: &Path) -> bool {
    !matches!(git_dir_above(dir), GitDirAbove::None)
}

/// Whether the repository holding `dir` may have a remote-tracking `dev` branch
/// (`refs/remotes/<remote>/dev`, loose or packed), judged from its files: `false` is certain,
/// and then [`upstream_dev`] has nothing to find. A connector author's own repository has no
/// such branch, and a one-connector run there (a pre-commit hook) need not start libgit2 and
/// OpenSSL (measured: 7.6 -> 5.5 ms for a median connector). Whatever this does not understand
/// is left to libgit2.
fn may_have_remote_dev(dir: &Path) -> bool {
    if std::env::var_os("GIT_COMMON_DIR").is_some() {
        return true;
    }
    let git_dir = match git_dir_above(dir) {
        GitDirAbove::None => return false,
        GitDirAbove::Unsure => return true,
        GitDirAbove::Found { git_dir, .. } => git_dir,
    };
    if !git_dir.join("HEAD").is_file() {
        return true; // not a repository libgit2 would stop at
    }
    // A worktree keeps its refs in the repository it belongs to.
    let common = match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(path) => git_dir.join(path.trim_end()),
        Err(_) => git_dir,
    };
    refs_may_hold_remote_dev(&common)
}

/// Whether the refs of the git folder `common` may hold a `refs/remotes/<remote>/dev`.
fn refs_may_hold_remote_dev(common: &Path) -> bool {
    if common.join("reftable").exists() {
        return true;
    }
    let packed = match std::fs::read_to_string(common.join("packed-refs")) {
        Ok(text) => text.lines().any(|line| {
            line.split_once(' ').is_some_and(|(_, name)| {
                name.starts_with("refs/remotes/") && name.ends_with("/dev")
            })
        }),
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
    };
    if packed {
        return true;
    }
    // Loose: a file `dev` below a remote's folder (a remote's name may hold slashes).
    let remotes = common.join("refs").join("remotes");
    let mut stack = vec![remotes.clone()];
    while let Some(folder) = stack.pop() {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(_) => return true,
        };
        for entry in entries {
            let Ok(entry) = entry else { return true };
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if entry.file_name() == "dev" && folder != remotes {
                return true;
            }
        }
    }
    false
}

/// The repository holding `dir`, if any.
fn discover(dir: &Path) -> Option<Repository> {
    if !may_be_in_repository(dir) {
        return None;
    }
    Repository::discover(dir).ok()
}

/// The work tree root of the repository holding `dir`, if any.
pub fn work_tree_root(dir: &Path) -> Option<PathBuf> {
    let repo = discover(dir)?;
    repo.workdir()
        .map(|w| dunce::canonicalize(w).unwrap_or_else(|_| w.to_path_buf()))
}

/// Paths that differ between the merge base of `rev` and HEAD, and the working tree (staged,
/// unstaged and untracked changes included), as absolute paths. Deleted files are included.
pub struct Changes {
    pub root: PathBuf,
    pub paths: BTreeSet<PathBuf>,
}

/// The diff between `tree` and the working tree (staged, unstaged and untracked changes), with
/// renames detected as `git status` does when `renames`.
fn diff_to_workdir<'r>(
    repo: &'r Repository,
    tree: &git2::Tree<'_>,
    renames: bool,
) -> Result<git2::Diff<'r>, git2::Error> {
    let mut opts = DiffOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_typechange(true);
    let mut diff = repo.diff_tree_to_workdir_with_index(Some(tree), Some(&mut opts))?;
    if renames {
        let mut find = DiffFindOptions::new();
        find.renames(true).for_untracked(true);
        diff.find_similar(Some(&mut find))?;
    }
    Ok(diff)
}

/// The repository holding `dir`, its work tree root, and the merge base of `rev` and HEAD.
fn open_at_merge_base(
    dir: &Path,
    rev: &str,
) -> Result<(Repository, PathBuf, git2::Oid), git2::Error> {
    let repo = Repository::discover(dir)?;
    let root = repo
        .workdir()
        .ok_or_else(|| git2::Error::from_str("the repository has no work tree"))?
        .to_path_buf();
    let root = dunce::canonicalize(&root).unwrap_or(root);
    let target = repo.revparse_single(rev)?.peel_to_commit()?.id();
    let head = repo.head()?.peel_to_commit()?.id();
    let base = repo.merge_base(target, head)?;
    Ok((repo, root, base))
}

pub fn changed_since(dir: &Path, rev: &str) -> Result<Changes, git2::Error> {
    let (repo, root, base_oid) = open_at_merge_base(dir, rev)?;
    let base_tree = repo.find_commit(base_oid)?.tree()?;
    let diff = diff_to_workdir(&repo, &base_tree, false)?;
    let paths = changed_paths(&diff, &root);
    Ok(Changes { root, paths })
}

/// Every path a diff touches (both sides of a rename), absolute.
fn changed_paths(diff: &git2::Diff<'_>, root: &Path) -> BTreeSet<PathBuf> {
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
    paths
}

/// The tree a change is compared against: the merge base of a revision and HEAD, read straight
/// from the object database (no checkout).
pub struct BaseTree {
    repo: Repository,
    tree: git2::Oid,
    /// Renamed files: path now → path at the base, relative to the work tree root.
    renamed: HashMap<PathBuf, PathBuf>,
    /// What differs since the base, as [`changed_since`] lists it (absolute paths).
    pub changed: BTreeSet<PathBuf>,
    /// The work tree root.
    pub root: PathBuf,
}

/// A file of the base tree.
pub enum BaseFile {
    /// The file's bytes, and its path relative to the work tree root (as git spells it).
    Found(Vec<u8>, String),
    /// Not in the base tree: new since then.
    Absent,
    /// Too large to read.
    TooLarge(u64),
}

impl BaseTree {
    /// The merge base of `rev` and HEAD in the repository holding `dir`.
    pub fn open(dir: &Path, rev: &str) -> Result<BaseTree, git2::Error> {
        let (repo, root, base) = open_at_merge_base(dir, rev)?;
        let (tree, renamed, changed) = {
            let tree = repo.find_commit(base)?.tree()?;
            let diff = diff_to_workdir(&repo, &tree, true)?;
            let changed = changed_paths(&diff, &root);
            let mut renamed = HashMap::new();
            for delta in diff.deltas() {
                if delta.status() == Delta::Renamed
                    && let (Some(old), Some(new)) =
                        (delta.old_file().path(), delta.new_file().path())
                {
                    renamed.insert(new.to_path_buf(), old.to_path_buf());
                }
            }
            (tree.id(), renamed, changed)
        };
        Ok(BaseTree {
            repo,
            tree,
            renamed,
            changed,
            root,
        })
    }

    /// The base version of the work-tree file `abs`. The file name is matched without regard to
    /// case when the exact name is absent (the upstream pipeline matches definition names so).
    pub fn read(&self, abs: &Path, max_bytes: u64) -> Result<BaseFile, git2::Error> {
        let Ok(rel) = abs.strip_prefix(&self.root) else {
            return Ok(BaseFile::Absent);
        };
        // A file git sees as moved (a renamed connector folder) is read where it was.
        let rel = self.renamed.get(rel).map_or(rel, PathBuf::as_path);
        let tree = self.repo.find_tree(self.tree)?;
        let entry = match tree.get_path(rel) {
            Ok(e) => Some(e),
            Err(e) if e.code() == git2::ErrorCode::NotFound => {
                let name = rel.file_name().map(|n| n.to_string_lossy().to_lowercase());
                let dir = match rel.parent().filter(|p| !p.as_os_str().is_empty()) {
                    Some(parent) => match tree.get_path(parent) {
                        Ok(e) => e.to_object(&self.repo)?.into_tree().ok(),
                        Err(e) if e.code() == git2::ErrorCode::NotFound => None,
                        Err(e) => return Err(e),
                    },
                    None => Some(tree.clone()),
                };
                dir.and_then(|dir| {
                    dir.iter()
                        .find(|e| {
                            e.name().map(str::to_lowercase).ok() == name
                                && e.kind() == Some(git2::ObjectType::Blob)
                        })
                        .map(|e| e.to_owned())
                })
            }
            Err(e) => return Err(e),
        };
        let Some(entry) = entry.filter(|e| e.kind() == Some(git2::ObjectType::Blob)) else {
            return Ok(BaseFile::Absent);
        };
        let blob = self.repo.find_blob(entry.id())?;
        if blob.size() as u64 > max_bytes {
            return Ok(BaseFile::TooLarge(blob.size() as u64));
        }
        let git_path = match rel.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) => format!(
                "{}/{}",
                parent.to_string_lossy().replace('\\', "/"),
                entry.name().unwrap_or_default()
            ),
            None => entry.name().unwrap_or_default().to_owned(),
        };
        Ok(BaseFile::Found(blob.content().to_vec(), git_path))
    }
}

/// The `dev` branch of the repository's PowerPlatformConnectors remote, as a revision
/// (`upstream/dev`), when a remote points at github.com/microsoft/PowerPlatformConnectors and its
/// `dev` has been fetched. `upstream` is preferred, then `origin`, then the others by name.
pub fn upstream_dev(dir: &Path) -> Option<String> {
    if !may_have_remote_dev(dir) {
        return None;
    }
    let repo = Repository::discover(dir).ok()?;
    let remotes = repo.remotes().ok()?;
    let mut names: Vec<&str> = remotes.iter().flatten().flatten().collect();
    names.sort_by_key(|n| (*n != "upstream", *n != "origin", n.to_string()));
    names.into_iter().find_map(|name| {
        let remote = repo.find_remote(name).ok()?;
        let url = remote.url().ok()?.to_ascii_lowercase();
        let url = url.trim_end_matches('/').trim_end_matches(".git");
        let upstream = url.ends_with("github.com/microsoft/powerplatformconnectors")
            || url.ends_with("github.com:microsoft/powerplatformconnectors");
        let branch = format!("refs/remotes/{name}/dev");
        (upstream && repo.find_reference(&branch).is_ok()).then(|| format!("{name}/dev"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repository_precheck_follows_the_real_path() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("repo");
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("connectors/A")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        assert!(may_be_in_repository(&repo.join("connectors/A")));
        assert!(may_be_in_repository(&repo));
        if may_be_in_repository(tmp.path()) {
            eprintln!("skipped the rest: the temporary folder is itself inside a repository");
            return;
        }
        // Written through the repository, but not in it.
        assert!(!may_be_in_repository(&repo.join("../outside")));
        assert!(!may_be_in_repository(&outside));
        // A bare repository's layout counts too.
        let bare = tmp.path().join("bare.git");
        std::fs::create_dir_all(bare.join("objects")).unwrap();
        std::fs::write(bare.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        assert!(may_be_in_repository(&bare));
        // A path that cannot be resolved is left to libgit2.
        assert!(may_be_in_repository(&tmp.path().join("missing")));
    }

    /// What libgit2 finds, without the precheck.
    fn upstream_dev_by_libgit2(dir: &Path) -> Option<String> {
        let repo = Repository::discover(dir).ok()?;
        let remotes = repo.remotes().ok()?;
        let names: Vec<String> = remotes
            .iter()
            .flatten()
            .flatten()
            .map(String::from)
            .collect();
        names.into_iter().find_map(|name| {
            let branch = format!("refs/remotes/{name}/dev");
            repo.find_reference(&branch)
                .is_ok()
                .then(|| format!("{name}/dev"))
        })
    }

    #[test]
    fn remote_dev_precheck_misses_no_branch_libgit2_finds() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        let folder = root.join("connectors/A");
        std::fs::create_dir_all(&folder).unwrap();
        let repo = Repository::init(&root).unwrap();
        let sig = git2::Signature::now("t", "t@example.com").unwrap();
        let tree = repo.treebuilder(None).unwrap().write().unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let commit = repo
            .commit(Some("HEAD"), &sig, &sig, "c", &tree, &[])
            .unwrap();
        repo.remote(
            "upstream",
            "https://github.com/microsoft/PowerPlatformConnectors.git",
        )
        .unwrap();
        let check = |expect: bool| {
            assert_eq!(may_have_remote_dev(&folder), expect);
            assert_eq!(upstream_dev_by_libgit2(&folder).is_some(), expect);
            let found = upstream_dev(&folder);
            assert_eq!(found.is_some(), expect, "{found:?}");
        };
        check(false);
        // Loose, then packed, then under a remote whose name has a slash.
        let mut dev = repo
            .reference("refs/remotes/upstream/dev", commit, true, "t")
            .unwrap();
        check(true);
        dev.delete().unwrap();
        check(false);
        let packed = root.join(".git/packed-refs");
        std::fs::write(&packed, format!("{commit} refs/remotes/upstream/main\n")).unwrap();
        check(false);
        std::fs::write(&packed, format!("{commit} refs/remotes/upstream/dev\n")).unwrap();
        check(true);
        std::fs::remove_file(&packed).unwrap();
        repo.remote_rename("upstream", "team/upstream").unwrap();
        repo.reference("refs/remotes/team/upstream/dev", commit, true, "t")
            .unwrap();
        assert!(may_have_remote_dev(&folder));
        // A worktree's `.git` file leads to the repository's refs.
        let worktree = tmp.path().join("wt");
        repo.worktree("wt", &worktree, None).unwrap();
        assert!(may_have_remote_dev(&worktree));
        // Outside any repository there is nothing to find.
        let outside = tmp.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        if !may_be_in_repository(tmp.path()) {
            assert!(!may_have_remote_dev(&outside));
        }
    }

    /// A run's answers, kept per repository, are those libgit2 gives each folder afresh: in a
    /// clone with a PowerPlatformConnectors remote, in a repository nested in it, in a worktree
    /// and outside any repository, whatever the order of the folders.
    #[test]
    fn answers_kept_per_repository_are_each_folders_own() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("repo");
        let nested = root.join("connectors/Nested");
        for folder in ["connectors/A", "connectors/B/C", "connectors/Nested/D"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let commit_in = |repo: &Repository| {
            let sig = git2::Signature::now("t", "t@example.com").unwrap();
            let tree = repo.treebuilder(None).unwrap().write().unwrap();
            let tree = repo.find_tree(tree).unwrap();
            repo.commit(Some("HEAD"), &sig, &sig, "c", &tree, &[])
                .unwrap()
        };
        let repo = Repository::init(&root).unwrap();
        let commit = commit_in(&repo);
        repo.remote(
            "upstream",
            "https://github.com/microsoft/PowerPlatformConnectors.git",
        )
        .unwrap();
        repo.reference("refs/remotes/upstream/dev", commit, true, "t")
            .unwrap();
        commit_in(&Repository::init(&nested).unwrap());
        let worktree = tmp.path().join("wt");
        repo.worktree("wt", &worktree, None).unwrap();
        std::fs::create_dir_all(worktree.join("connectors/E")).unwrap();
        let outside = tmp.path().join("outside/F");
        std::fs::create_dir_all(&outside).unwrap();
        let folders = [
            root.join("connectors/A"),
            root.join("connectors/B/C"),
            root.join("connectors/B"),
            nested.join("D"),
            nested.clone(),
            root.clone(),
            worktree.join("connectors/E"),
            root.join("connectors/../connectors/A"),
            outside.clone(),
            tmp.path().join("missing"),
        ];
        for order in [folders.to_vec(), folders.iter().rev().cloned().collect()] {
            let mut kept = Repositories::default();
            for folder in order {
                assert_eq!(
                    kept.upstream_dev(&folder),
                    upstream_dev(&folder),
                    "{folder:?}"
                );
                assert_eq!(
                    kept.work_tree_root(&folder),
                    work_tree_root(&folder),
                    "{folder:?}"
                );
            }
        }
        // The answers differ between the repositories, so sharing one would show.
        assert_eq!(
            upstream_dev(&root.join("connectors/A")).as_deref(),
            Some("upstream/dev")
        );
        assert_eq!(upstream_dev(&nested.join("D")), None);
        assert_ne!(
            work_tree_root(&nested.join("D")),
            work_tree_root(&root.join("connectors/A"))
        );
    }
}
