//! `lint`'s automatic comparison: in a git repository whose upstream is known (ppcert.toml's
//! `base`, or the `dev` branch of a PowerPlatformConnectors remote), each linted connector that
//! changed since the merge base is compared with its version there, as the upstream pipeline
//! does. Nothing here is an error of the run: what cannot be compared is said in a notice.

use super::Notice;
use super::diff::{BaseVersion, read_base};
use super::targets::Configured;
use crate::config::BaseSetting;
use crate::connector::{display_path, is_connector_marker};
use crate::git::{BaseTree, Repositories};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// One repository's base: the revision, and its tree (which knows what changed since).
struct Base {
    rev: String,
    tree: BaseTree,
}

/// What the automatic comparison found: per job, the version to compare with (`None`: not
/// compared; `None` as a whole when no job is), and the connector folders deleted since the
/// base under the paths linted.
pub(super) struct Found {
    pub bases: Option<Vec<Option<BaseVersion>>>,
    pub deleted: Vec<String>,
}

/// Compares what changed under `paths` (the paths linted) with its base.
pub(super) fn bases(jobs: &[Configured], paths: &[PathBuf], notices: &mut Vec<Notice>) -> Found {
    let mut repos: HashMap<(PathBuf, String), Option<Base>> = HashMap::new();
    let mut repositories = Repositories::default();
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(base_of(job, &mut repos, &mut repositories, notices));
    }
    let scopes: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| dunce::canonicalize(p).ok())
        .collect();
    let mut deleted: Vec<String> = repos
        .values()
        .flatten()
        .flat_map(|b| b.tree.changed.iter())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| is_connector_marker(&n))
                && !p.exists()
                && scopes.iter().any(|s| p.starts_with(s))
        })
        .filter_map(|p| p.parent().map(display_path))
        .collect();
    deleted.sort();
    deleted.dedup();
    let compared: Vec<&str> = repos
        .values()
        .flatten()
        .map(|b| b.rev.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if out.iter().any(Option::is_some) {
        notices.push(Notice {
            path: String::new(),
            message: format!(
                "changed connectors are compared with their version at the merge base of {} and HEAD (breaking changes); \
                 `--no-base` or `base = false` in ppcert.toml skips it",
                compared.join(", ")
            ),
        });
        Found {
            bases: Some(out),
            deleted,
        }
    } else {
        Found {
            bases: None,
            deleted,
        }
    }
}

fn base_of(
    job: &Configured,
    repos: &mut HashMap<(PathBuf, String), Option<Base>>,
    repositories: &mut Repositories,
    notices: &mut Vec<Notice>,
) -> Option<BaseVersion> {
    let target = &job.target;
    if target.solution.is_some() {
        return None;
    }
    let configured = job.config.as_ref().and_then(|c| c.base.clone());
    let rev = match configured {
        Some(BaseSetting::Enabled(false)) => return None,
        Some(BaseSetting::Revision(rev)) => rev,
        Some(BaseSetting::Enabled(true)) | None => repositories.upstream_dev(&target.folder)?,
    };
    let root = repositories.work_tree_root(&target.folder)?;
    let base = repos.entry((root.clone(), rev.clone())).or_insert_with(|| {
        match BaseTree::open(&target.folder, &rev) {
            Ok(tree) => Some(Base {
                rev: rev.clone(),
                tree,
            }),
            Err(e) => {
                notices.push(Notice {
                    path: display_path(&root),
                    message: format!(
                        "breaking changes not checked: cannot compare with {rev}: {}",
                        e.message()
                    ),
                });
                None
            }
        }
    });
    let base = base.as_ref()?;
    let folder = dunce::canonicalize(&target.folder).unwrap_or_else(|_| target.folder.clone());
    if !base.tree.changed.iter().any(|p| p.starts_with(&folder)) {
        return None;
    }
    match read_base(&base.tree, &base.rev, target) {
        Ok(version) => {
            // Say so when git sees the folder as moved: the old version was read elsewhere.
            if let Some((bytes, _)) = &version {
                let was = bytes.display.rsplit_once('/').map_or("", |(dir, _)| dir);
                let was = was.split_once(':').map_or(was, |(_, path)| path);
                let now = folder
                    .strip_prefix(&base.tree.root)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                if !was.is_empty() && was != now {
                    notices.push(Notice {
                        path: display_path(&target.folder),
                        message: format!(
                            "compared with `{}` (git sees the folder as moved from `{was}`)",
                            bytes.display
                        ),
                    });
                }
            }
            Some(version)
        }
        Err(e) => {
            notices.push(Notice {
                path: display_path(&target.folder),
                message: format!("breaking changes not checked: {e}"),
            });
            None
        }
    }
}
