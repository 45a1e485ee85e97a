//! `lint`'s automatic comparison: in a git repository whose upstream is known (ppcert.toml's
//! `base`, or the `dev` branch of a PowerPlatformConnectors remote), each linted connector that
//! changed since the merge base is compared with its version there, as the upstream pipeline
//! does. Nothing here is an error of the run: what cannot be compared is said in a notice.

use super::Notice;
use super::diff::{BaseVersion, read_base};
use super::targets::Configured;
use crate::config::BaseSetting;
use crate::connector::display_path;
use crate::git::{BaseTree, changed_since, upstream_dev, work_tree_root};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// One repository's base: the revision, its tree and the paths changed since.
struct Base {
    rev: String,
    tree: BaseTree,
    changed: BTreeSet<PathBuf>,
}

/// Per job, the version to compare with (`None`: not compared); `None` when no job is.
pub(super) fn bases(
    jobs: &[Configured],
    notices: &mut Vec<Notice>,
) -> Option<Vec<Option<BaseVersion>>> {
    let mut repos: HashMap<(PathBuf, String), Option<Base>> = HashMap::new();
    let mut out = Vec::with_capacity(jobs.len());
    for job in jobs {
        out.push(base_of(job, &mut repos, notices));
    }
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
        Some(out)
    } else {
        None
    }
}

fn base_of(
    job: &Configured,
    repos: &mut HashMap<(PathBuf, String), Option<Base>>,
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
        Some(BaseSetting::Enabled(true)) | None => upstream_dev(&target.folder)?,
    };
    let root = work_tree_root(&target.folder)?;
    let base = repos.entry((root.clone(), rev.clone())).or_insert_with(|| {
        let opened = BaseTree::open(&target.folder, &rev)
            .and_then(|tree| Ok((tree, changed_since(&target.folder, &rev)?.paths)));
        match opened {
            Ok((tree, changed)) => Some(Base {
                rev: rev.clone(),
                tree,
                changed,
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
    if !base.changed.iter().any(|p| p.starts_with(&folder)) {
        return None;
    }
    match read_base(&base.tree, &base.rev, target) {
        Ok(version) => Some(version),
        Err(e) => {
            notices.push(Notice {
                path: display_path(&target.folder),
                message: format!("breaking changes not checked: {e}"),
            });
            None
        }
    }
}
