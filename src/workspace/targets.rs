//! From the user's paths to connector targets, each with the configuration that applies to it.
//!
//! Everything that keeps a path from being checked is said here: a missing path, a folder with no
//! connector, a path the configuration excludes. Nothing is dropped silently.

use super::{ConfigSource, Failure, Notice, Overlay, Shard, Unjudged};
use crate::config::{Config, Effective, RuleSettings};
use crate::connector::{
    ExplicitFiles, SolutionSource, Target, describe_discover_error, discover_including,
    display_path, is_connector_marker,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The connectors a request names, before configuration.
#[derive(Default)]
pub(super) struct Found {
    /// Each target, and whether the user named it directly (not found inside a tree).
    pub targets: Vec<(Target, bool)>,
    /// Connector folders that a change deleted.
    pub deleted: Vec<String>,
    pub unjudged: Vec<Unjudged>,
}

/// The connectors named by `paths`: by walking them, or, with `changed` (a revision and the flag
/// that named it), those with changes since the merge base of that revision and HEAD.
pub(super) fn find(paths: &[PathBuf], changed: Option<(&str, &str)>) -> Result<Found, Failure> {
    let mut found = match changed {
        Some((rev, flag)) => changed_targets(paths, rev, flag)?,
        None => walk_paths(paths),
    };
    // The same connector named twice (or found under two PATHs) is linted once, in path order;
    // named directly wins over found inside a tree.
    found
        .targets
        .sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    found.targets.dedup_by(|a, b| a.0 == b.0);
    join_named_files(&mut found.targets);
    Ok(found)
}

/// Files of one connector named one by one (`ppcert lint c/apiDefinition.swagger.json
/// c/apiProperties.json`) are that connector, linted once with all of them: apart, each would
/// be judged alone, under a profile inferred from that file alone. A file of a folder that is
/// named whole is linted with the folder. Two files of the same kind stay apart (two
/// definitions in one folder are two connectors).
fn join_named_files(targets: &mut Vec<(Target, bool)>) {
    let whole: std::collections::HashSet<PathBuf> = targets
        .iter()
        .filter(|(t, _)| t.explicit.is_none() && t.solution.is_none())
        .map(|(t, _)| t.folder.clone())
        .collect();
    targets.retain(|(t, _)| t.explicit.is_none() || !whole.contains(&t.folder));
    let mut joined: Vec<(Target, bool)> = Vec::with_capacity(targets.len());
    for (target, named) in targets.drain(..) {
        if let Some((last, last_named)) = joined.last_mut()
            && last.folder == target.folder
            && let (Some(into), Some(files)) = (last.explicit.as_mut(), target.explicit.as_ref())
            && join(into, files)
        {
            *last_named |= named;
            continue;
        }
        joined.push((target, named));
    }
    *targets = joined;
}

/// Adds `more` to `files` when no kind of file is in both; says whether it did.
fn join(files: &mut ExplicitFiles, more: &ExplicitFiles) -> bool {
    let ExplicitFiles {
        swagger,
        props,
        settings,
        icon,
        script,
        readme,
        intro,
    } = more;
    let pairs = [
        (&mut files.swagger, swagger),
        (&mut files.props, props),
        (&mut files.settings, settings),
        (&mut files.icon, icon),
        (&mut files.script, script),
        (&mut files.readme, readme),
        (&mut files.intro, intro),
    ];
    if pairs.iter().any(|(a, b)| a.is_some() && b.is_some()) {
        return false;
    }
    for (a, b) in pairs {
        if b.is_some() {
            *a = b.clone();
        }
    }
    true
}

/// Keeps `shard`'s share of the connectors found (see [`Shard`]); what could not be judged and
/// the deleted connectors stay with shard 1. Returns the notice that says so.
pub(super) fn keep_shard(found: &mut Found, shard: Shard) -> Notice {
    let total = found.targets.len();
    let mut position = 0;
    found.targets.retain(|_| {
        position += 1;
        shard.takes(position - 1)
    });
    if shard.index != 1 {
        found.unjudged.clear();
        found.deleted.clear();
    }
    Notice {
        path: ".".into(),
        message: format!(
            "shard {shard}: {} of the {total} connectors found; the other shards check the rest",
            found.targets.len()
        ),
    }
}

fn walk_paths(paths: &[PathBuf]) -> Found {
    let mut found = Found::default();
    for path in paths {
        match discover_including(path, Some(crate::solution::PROBE)) {
            Ok(targets) if targets.is_empty() => found.unjudged.push(Unjudged {
                path: display_path(path),
                message: format!(
                    "no connector found in `{}` (a connector folder holds an apiDefinition.swagger.json or apiProperties.json)",
                    display_path(path)
                ),
            }),
            Ok(targets) => {
                let named = |t: &Target| t.explicit.is_some() || same_dir(&t.folder, path);
                found.targets.extend(targets.into_iter().map(|t| {
                    let n = named(&t);
                    (t, n)
                }));
            }
            Err(e) => found.unjudged.push(Unjudged {
                path: display_path(path),
                message: describe_discover_error(path, &e),
            }),
        }
    }
    found
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((dunce::canonicalize(a), dunce::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// The connector folder holding `path`: the nearest existing ancestor that is a connector.
fn connector_of(path: &Path, stop_at: &Path) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(stop_at))
        .find_map(|dir| {
            let entries = std::fs::read_dir(dir).ok()?;
            entries
                .flatten()
                .any(|e| is_connector_marker(&e.file_name().to_string_lossy()))
                .then(|| dir.to_path_buf())
        })
}

/// The solution input a changed file belongs to: a solution zip or package itself, or the
/// unpacked solution folder it lies in.
fn solution_of(path: &Path, stop_at: &Path) -> Option<SolutionSource> {
    let probe = crate::solution::PROBE;
    if path
        .to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".zip")
    {
        return (path.is_file() && (probe.zip)(path))
            .then(|| SolutionSource::Zip(path.to_path_buf()));
    }
    path.ancestors()
        .skip(1)
        .take_while(|d| d.starts_with(stop_at))
        .find_map(|dir| (probe.folder)(dir, None))
}

/// `abs` as the user would write it from the current folder: relative below it, `.` for it.
fn relative_to_cwd(abs: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_default();
    let cwd = dunce::canonicalize(&cwd).unwrap_or(cwd);
    match abs.strip_prefix(&cwd) {
        Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rel) => rel.to_path_buf(),
        Err(_) => abs.to_path_buf(),
    }
}

/// The connectors under `paths` with changes since the merge base of `rev` and HEAD, and the
/// connector folders the changes deleted. With no paths, the whole repository is searched, so the
/// answer is the same from any folder of it.
fn changed_targets(paths: &[PathBuf], rev: &str, flag: &str) -> Result<Found, Failure> {
    let mut found = Found::default();
    let cwd = std::env::current_dir().unwrap_or_default();
    let whole_repository = paths.is_empty();
    let paths = if whole_repository {
        vec![cwd.clone()]
    } else {
        paths.to_vec()
    };
    for path in &paths {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let Ok(abs) = dunce::canonicalize(&abs) else {
            found.unjudged.push(Unjudged {
                path: display_path(path),
                message: format!(
                    "cannot read `{}`: no such file or folder",
                    display_path(path)
                ),
            });
            continue;
        };
        let dir = if abs.is_file() {
            abs.parent().unwrap_or(&abs).to_path_buf()
        } else {
            abs.clone()
        };
        let changes = crate::git::changed_since(&dir, rev)
            .map_err(|e| Failure(format!("{flag} {rev}: {}", e.message())))?;
        let scope = if whole_repository {
            changes.root.clone()
        } else {
            abs.clone()
        };
        for changed in changes.paths.iter().filter(|p| p.starts_with(&scope)) {
            // A changed solution zip, or a file of an unpacked solution, is that solution.
            if let Some(source) = solution_of(changed, &changes.root) {
                let folder = changed.parent().unwrap_or(changed);
                let named = same_dir(folder, &abs) || changed == &abs;
                let source = match source {
                    SolutionSource::Zip(p) => SolutionSource::Zip(relative_to_cwd(&p)),
                    SolutionSource::Unpacked(p) => SolutionSource::Unpacked(relative_to_cwd(&p)),
                    SolutionSource::GitYaml(p) => SolutionSource::GitYaml(relative_to_cwd(&p)),
                };
                let folder = match &source {
                    SolutionSource::Zip(_) => relative_to_cwd(folder),
                    SolutionSource::Unpacked(p) | SolutionSource::GitYaml(p) => p.clone(),
                };
                found.targets.push((
                    Target {
                        folder,
                        explicit: None,
                        solution: Some(source),
                    },
                    named,
                ));
                if !changed
                    .to_string_lossy()
                    .to_ascii_lowercase()
                    .ends_with(".zip")
                {
                    continue;
                }
            }
            match connector_of(changed, &changes.root) {
                Some(folder) if folder.starts_with(&scope) || scope.starts_with(&folder) => {
                    let named = same_dir(&folder, &abs);
                    let target = Target {
                        folder: relative_to_cwd(&folder),
                        explicit: None,
                        solution: None,
                    };
                    found.targets.push((target, named));
                }
                Some(_) => {}
                None => {
                    let name = changed
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let parent = changed.parent().unwrap_or(changed);
                    if is_connector_marker(&name) && !parent.join(&name).exists() {
                        found.deleted.push(display_path(&relative_to_cwd(parent)));
                    }
                }
            }
        }
    }
    found.deleted.sort();
    found.deleted.dedup();
    Ok(found)
}

/// A target with the settings that apply to it.
pub(super) struct Configured {
    pub target: Target,
    pub effective: Effective,
    /// The configuration file that applies, if any.
    pub config: Option<Arc<Config>>,
}

/// Applies the configuration to each target: settings, and `exclude` with ruff's semantics (a
/// path found inside a tree is skipped; a path named directly is checked anyway, unless
/// `force_exclude`). Both cases are told as notices.
pub(super) fn configure(
    found: Vec<(Target, bool)>,
    source: &ConfigSource,
    cli: &RuleSettings,
    force_exclude: bool,
    overlay: &Overlay,
    notices: &mut Vec<Notice>,
) -> Result<(Vec<Configured>, usize), Failure> {
    // An unsaved ppcert.toml in the editor counts as the file.
    let load = |path: &Path| {
        let loaded = match overlay.get(path) {
            Some(bytes) => Config::parse(path, &String::from_utf8_lossy(bytes)),
            None => Config::load(path),
        };
        loaded.map(Arc::new).map_err(|e| Failure(e.to_string()))
    };
    let forced = match source {
        ConfigSource::File(path) => Some(load(path)?),
        _ => None,
    };
    let mut cache: HashMap<PathBuf, Arc<Config>> = HashMap::new();
    let mut config_of_folder = HashMap::new();
    let mut out = Vec::new();
    let mut excluded_in_trees = 0;
    for (target, named) in found {
        let config = match (source, &forced) {
            (ConfigSource::Isolated, _) => None,
            (_, Some(forced)) => Some(forced.clone()),
            _ => match Config::find_remembering(&target.folder, &mut config_of_folder) {
                None => None,
                Some(path) => match cache.get(&path) {
                    Some(c) => Some(c.clone()),
                    None => {
                        let c = load(&path)?;
                        cache.insert(path, c.clone());
                        Some(c)
                    }
                },
            },
        };
        if let Some((c, pattern)) = config
            .as_ref()
            .and_then(|c| c.excluded_by(&target.folder).map(|p| (c, p)))
        {
            let path = display_path(&target.folder);
            let why = format!("excluded by `{pattern}` in {}", display_path(&c.path));
            if !named {
                excluded_in_trees += 1;
                continue;
            }
            if force_exclude {
                notices.push(Notice {
                    path,
                    message: format!("not checked: {why} (--force-exclude)"),
                });
                continue;
            }
            notices.push(Notice {
                path,
                message: format!(
                    "{why}, but named explicitly: checked anyway (--force-exclude skips it)"
                ),
            });
        }
        let effective = Config::effective(config.as_deref(), &target.folder, cli);
        out.push(Configured {
            target,
            effective,
            config,
        });
    }
    Ok((out, excluded_in_trees))
}
