//! The data plane, through libgit2: a bare cache repository holding a depth-1 fetch of the
//! upstream base branch (never its history), the connector commit built in memory (no work
//! tree, no index), and the push of one branch to the fork over HTTPS.
//!
//! The token reaches libgit2 only through the credentials callback, only for the host the
//! GitHub API named, and only once per operation (libgit2 would otherwise ask again forever
//! on a 401). URLs stay free of credentials.

use super::folder::ConnectorFolder;
use super::token::Token;
use super::{Error, Reporter};
use git2::build::TreeUpdateBuilder;
use git2::{
    AutotagOption, Cred, CredentialType, FetchOptions, FileMode, Oid, ProxyOptions, PushOptions,
    RemoteCallbacks, Repository, Signature,
};
use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};

/// The git server gave no answer to judge by: no connection, or a server error (5xx).
fn no_answer(e: &git2::Error) -> bool {
    match e.class() {
        git2::ErrorClass::Net | git2::ErrorClass::Os => true,
        git2::ErrorClass::Http => e.message().contains("status code: 5"),
        _ => false,
    }
}

/// Who may receive the token: the login and the one host the API gave the git URLs for.
pub struct GitAuth<'a> {
    pub login: &'a str,
    pub token: &'a Token,
}

/// The bare repository under the cache directory.
pub struct Cache {
    repo: Repository,
    path: PathBuf,
}

/// Bytes a fetch received.
#[derive(Debug, Clone, Copy, Default)]
pub struct FetchStats {
    pub received_bytes: usize,
    pub received_objects: usize,
}

/// Bytes a push sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct PushStats {
    pub sent_bytes: usize,
    pub objects: usize,
}

impl Cache {
    /// Opens the cache for `clone_url` under `dir`, creating it on first use.
    pub fn open(dir: &Path, clone_url: &str) -> Result<Cache, Error> {
        let path = dir.join(cache_key(clone_url));
        let repo = match Repository::open_bare(&path) {
            Ok(repo) => repo,
            Err(_) => {
                std::fs::create_dir_all(&path).map_err(|e| {
                    Error::new(format!("cannot create the cache `{}`: {e}", path.display()))
                })?;
                Repository::init_bare(&path).map_err(|e| {
                    Error::new(format!(
                        "cannot create the cache repository `{}`: {}",
                        path.display(),
                        e.message()
                    ))
                })?
            }
        };
        Ok(Cache { repo, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Fetches `branch` of `url` with depth 1 into `local_ref` and returns its commit.
    pub fn fetch(
        &self,
        url: &str,
        branch: &str,
        local_ref: &str,
        auth: &GitAuth<'_>,
        reporter: &dyn Reporter,
    ) -> Result<(Oid, FetchStats), Error> {
        let mut remote = self
            .repo
            .remote_anonymous(url)
            .map_err(|e| Error::new(format!("cannot fetch `{url}`: {}", e.message())))?;
        let mut callbacks = RemoteCallbacks::new();
        let asked = Cell::new(false);
        callbacks.credentials(credentials(url, auth, &asked));
        callbacks.transfer_progress(|p| {
            reporter.progress(
                "receiving",
                p.received_objects(),
                p.total_objects(),
                p.received_bytes(),
            );
            true
        });
        let mut options = FetchOptions::new();
        options
            .remote_callbacks(callbacks)
            .proxy_options(proxy())
            .depth(1)
            .download_tags(AutotagOption::None);
        let refspec = format!("+refs/heads/{branch}:{local_ref}");
        let fetched = remote.fetch(&[refspec.as_str()], Some(&mut options), None);
        reporter.progress_done();
        if let Err(e) = fetched {
            let mut text = format!("cannot fetch `{branch}` from `{url}`: {}", e.message());
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                text.push_str(
                    " (ppcert fetches only the tip, with depth 1, and libgit2 can make such shallow fetches only over HTTP(S), not from local paths or file:// URLs)",
                );
            } else if asked.get() && e.class() == git2::ErrorClass::Http {
                text.push_str(" (the git server refused the token)");
            } else if no_answer(&e) {
                return Err(Error::unreachable(text));
            }
            return Err(Error::new(text));
        }
        let stats = remote.stats();
        let stats = FetchStats {
            received_bytes: stats.received_bytes(),
            received_objects: stats.received_objects(),
        };
        let oid = self
            .repo
            .refname_to_id(local_ref)
            .map_err(|e| Error::new(format!("`{branch}` of `{url}`: {}", e.message())))?;
        Ok((oid, stats))
    }

    /// Whether the cache holds commit `oid` (and so needs no fetch for it).
    pub fn has_commit(&self, oid: Oid) -> bool {
        self.repo.find_commit(oid).is_ok()
    }

    /// Points `refname` at `oid` in the cache.
    pub fn set_ref(&self, refname: &str, oid: Oid) -> Result<(), Error> {
        self.repo
            .reference(refname, oid, true, "ppcert submit")
            .map(|_| ())
            .map_err(|e| Error::new(format!("cache: {}", e.message())))
    }

    /// The id of the tree or blob at `path` in `commit`'s tree.
    pub fn entry_at(&self, commit: Oid, path: &str) -> Option<Oid> {
        let tree = self.repo.find_commit(commit).ok()?.tree().ok()?;
        tree.get_path(Path::new(path)).ok().map(|e| e.id())
    }

    /// The text of the file at `path` in `commit`'s tree.
    pub fn text_at(&self, commit: Oid, path: &str) -> Option<String> {
        let id = self.entry_at(commit, path)?;
        let blob = self.repo.find_blob(id).ok()?;
        String::from_utf8(blob.content().to_vec()).ok()
    }

    /// Names of the entries of folder `path` in `commit`'s tree.
    pub fn names_in(&self, commit: Oid, path: &str) -> Vec<String> {
        let Some(id) = self.entry_at(commit, path) else {
            return Vec::new();
        };
        let Ok(tree) = self.repo.find_tree(id) else {
            return Vec::new();
        };
        tree.iter()
            .filter_map(|e| e.name().ok().map(str::to_owned))
            .collect()
    }

    /// Writes the submitted files as blobs and returns their folder's tree. The bytes are
    /// taken as they are on disk: no newline conversion.
    pub fn folder_tree(&self, folder: &ConnectorFolder) -> Result<Oid, Error> {
        write_folder_tree(&self.repo, folder)
    }

    /// A commit on `base` whose tree is `base`'s with the folder at `repo_path` replaced by
    /// `folder_tree` as a whole (files deleted locally disappear upstream too).
    pub fn commit_folder(
        &self,
        base: Oid,
        repo_path: &str,
        folder_tree: Oid,
        author: &Signature<'_>,
        message: &str,
    ) -> Result<Oid, Error> {
        let fail = |e: git2::Error| Error::new(format!("cannot build the commit: {}", e.message()));
        let parent = self.repo.find_commit(base).map_err(fail)?;
        let base_tree = parent.tree().map_err(fail)?;
        let tree_id = TreeUpdateBuilder::new()
            .upsert(repo_path, folder_tree, FileMode::Tree)
            .create_updated(&self.repo, &base_tree)
            .map_err(fail)?;
        let tree = self.repo.find_tree(tree_id).map_err(fail)?;
        self.repo
            .commit(None, author, author, message, &tree, &[&parent])
            .map_err(fail)
    }

    /// The files a commit changes against its first parent, as (status, path).
    pub fn changed_paths(&self, commit: Oid) -> Vec<(char, String)> {
        let Ok(c) = self.repo.find_commit(commit) else {
            return Vec::new();
        };
        let (Ok(tree), Ok(parent)) = (c.tree(), c.parent(0).and_then(|p| p.tree())) else {
            return Vec::new();
        };
        let Ok(diff) = self
            .repo
            .diff_tree_to_tree(Some(&parent), Some(&tree), None)
        else {
            return Vec::new();
        };
        diff.deltas()
            .map(|d| {
                let status = match d.status() {
                    git2::Delta::Added => 'A',
                    git2::Delta::Deleted => 'D',
                    _ => 'M',
                };
                let path = d
                    .new_file()
                    .path()
                    .or_else(|| d.old_file().path())
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (status, path)
            })
            .collect()
    }

    /// Pushes `commit` to `refs/heads/<branch>` of `url`, fast-forward only. A server that
    /// declines the update (a hook, branch protection) is an error carrying its message:
    /// libgit2 reports that only through callbacks, `push()` itself succeeds.
    pub fn push(
        &self,
        url: &str,
        commit: Oid,
        branch: &str,
        auth: &GitAuth<'_>,
        reporter: &dyn Reporter,
    ) -> Result<PushStats, Error> {
        let local = format!("refs/ppcert/push/{branch}");
        self.set_ref(&local, commit)?;
        let mut remote = self
            .repo
            .remote_anonymous(url)
            .map_err(|e| Error::new(format!("cannot push to `{url}`: {}", e.message())))?;
        let rejections: RefCell<Vec<String>> = RefCell::new(Vec::new());
        let remote_text: RefCell<Vec<u8>> = RefCell::new(Vec::new());
        let stats = Cell::new(PushStats::default());
        let asked = Cell::new(false);
        let mut callbacks = RemoteCallbacks::new();
        callbacks.credentials(credentials(url, auth, &asked));
        callbacks.push_update_reference(|refname, status| {
            if let Some(status) = status {
                rejections.borrow_mut().push(format!("{refname}: {status}"));
            }
            Ok(())
        });
        callbacks.sideband_progress(|data| {
            remote_text.borrow_mut().extend_from_slice(data);
            true
        });
        callbacks.push_transfer_progress(|current, total, bytes| {
            stats.set(PushStats {
                sent_bytes: bytes,
                objects: total,
            });
            reporter.progress("sending", current, total, bytes);
        });
        let mut options = PushOptions::new();
        options.remote_callbacks(callbacks).proxy_options(proxy());
        // No `+`: a branch that moved elsewhere is refused rather than overwritten.
        let refspec = format!("{local}:refs/heads/{branch}");
        let pushed = remote.push(&[refspec.as_str()], Some(&mut options));
        reporter.progress_done();
        drop(remote);
        let server = server_lines(&remote_text.borrow());
        if let Err(e) = pushed {
            let mut text = format!("the push to `{url}` failed: {}", e.message());
            if asked.get() && e.class() == git2::ErrorClass::Http {
                text.push_str(" (the git server refused the token)");
            }
            if !server.is_empty() {
                text.push_str(&format!("\nthe server said:\n{server}"));
            }
            return Err(Error::new(text));
        }
        drop(options);
        let rejections = rejections.borrow().clone();
        if !rejections.is_empty() {
            let mut text = format!(
                "the server rejected the push to `{url}`: {}",
                rejections.join("; ")
            );
            if !server.is_empty() {
                text.push_str(&format!("\nthe server said:\n{server}"));
            }
            return Err(Error::new(text));
        }
        Ok(stats.get())
    }
}

/// One folder per upstream URL, named readably: `github.com_microsoft_PowerPlatformConnectors`.
fn cache_key(clone_url: &str) -> String {
    let rest = clone_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(clone_url);
    let rest = rest.trim_end_matches('/').trim_end_matches(".git");
    let key: String = rest
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{key}.git")
}

fn proxy() -> ProxyOptions<'static> {
    let mut p = ProxyOptions::new();
    p.auto();
    p
}

fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    // No credentials in our URLs; drop any `user@` the server may have put in a redirect.
    Some(authority.rsplit('@').next().unwrap_or(authority))
}

/// The credentials callback: the token, once, and only to the host of `expected_url`.
fn credentials<'a>(
    expected_url: &'a str,
    auth: &'a GitAuth<'a>,
    asked: &'a Cell<bool>,
) -> impl FnMut(&str, Option<&str>, CredentialType) -> Result<Cred, git2::Error> + 'a {
    move |url, _username, allowed| {
        if asked.replace(true) {
            // libgit2 asks again after a 401; answering again would loop forever.
            return Err(git2::Error::from_str(
                "the git server refused the credentials",
            ));
        }
        let expected = host_of(expected_url);
        if expected.is_none() || host_of(url) != expected {
            return Err(git2::Error::from_str(
                "a different host asked for credentials; the token is not given to it",
            ));
        }
        if !allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            return Err(git2::Error::from_str(
                "the git server asked for a kind of credentials other than a token",
            ));
        }
        Cred::userpass_plaintext(auth.login, auth.token.expose())
    }
}

/// The `remote:` lines a server sent, cleaned for display.
fn server_lines(raw: &[u8]) -> String {
    String::from_utf8_lossy(raw)
        .split(['\n', '\r'])
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("  remote: {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_folder_tree(repo: &Repository, folder: &ConnectorFolder) -> Result<Oid, Error> {
    let fail = |e: git2::Error| Error::new(format!("cannot store the connector: {}", e.message()));
    let mut builder = repo.treebuilder(None).map_err(fail)?;
    for file in &folder.files {
        let bytes = std::fs::read(&file.path)
            .map_err(|e| Error::new(format!("cannot read `{}`: {e}", file.path.display())))?;
        let blob = repo.blob(&bytes).map_err(fail)?;
        builder
            .insert(&file.name, blob, i32::from(FileMode::Blob))
            .map_err(fail)?;
    }
    builder.write().map_err(fail)
}

/// The folder's tree id computed in memory, without any repository on disk (a dry run without
/// a token).
pub fn folder_tree_in_memory(folder: &ConnectorFolder) -> Result<Oid, Error> {
    let fail = |e: git2::Error| Error::new(format!("cannot hash the connector: {}", e.message()));
    let odb = git2::Odb::new().map_err(fail)?;
    odb.add_new_mempack_backend(1).map_err(fail)?;
    let repo = Repository::from_odb(odb).map_err(fail)?;
    write_folder_tree(&repo, folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_keys_are_plain_folder_names() {
        assert_eq!(
            cache_key("https://github.com/microsoft/PowerPlatformConnectors.git"),
            "github.com_microsoft_PowerPlatformConnectors.git"
        );
        assert_eq!(
            cache_key("http://127.0.0.1:4000/o/r.git"),
            "127.0.0.1_4000_o_r.git"
        );
    }

    #[test]
    fn hosts_ignore_user_info() {
        assert_eq!(host_of("https://github.com/a/b.git"), Some("github.com"));
        assert_eq!(host_of("https://x@github.com/a"), Some("github.com"));
        assert_eq!(host_of("http://127.0.0.1:80/a"), Some("127.0.0.1:80"));
        assert_eq!(host_of("/local/path"), None);
    }
}
