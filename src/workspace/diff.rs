//! `diff`: pairs of versions (two paths, or the working tree and git at a base revision) →
//! configuration → profile → diff rules → severity overrides.
//!
//! Files are read and parsed by the worker that compares them, so a run holds only a few parsed
//! definitions at a time.

use super::targets::{self, Configured};
use super::{Failure, Notice, Request, Unjudged, check_patterns};
use crate::connector::profile::{from_path, infer_beside, infer_from};
use crate::connector::{
    Connector, FileProblem, JsonFile, Profile, ProfileChoice, ProfileReason, Target,
    describe_discover_error, discover, display_path, read_props_beside,
};
use crate::diagnostic::{Diagnostic, Severity, plural};
use crate::diff::source::{self, Comparison, Outcome};
use crate::diff::{DiffRuleSet, Reading};
use crate::git::BaseTree;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A diff run, planned.
pub struct DiffRun {
    jobs: Vec<(Configured, Option<OldSide>)>,
    sets: HashMap<String, DiffRuleSet>,
    reading: Reading,
    profile_flag: bool,
    relocate_old: bool,
    pub unjudged: Vec<Unjudged>,
    pub notices: Vec<Notice>,
    /// With `--base`: connector folders that a change deleted.
    pub deleted: Vec<String>,
}

/// What comparing one connector gave, with what the front end rendered of it.
pub struct Rendered<R> {
    pub connector: String,
    pub profile: ProfileChoice,
    pub outcome: Outcome,
    pub rendered: R,
}

/// Where a connector's old version comes from.
enum OldSide {
    /// A definition file on disk.
    File(PathBuf),
    /// Already read from git: `None` when the connector is new.
    Read(Box<BaseVersion>),
}

impl DiffRun {
    /// OLD and NEW in `request.paths`, or, with `request.base`, the changed connectors under them
    /// against their versions at the merge base.
    pub fn plan(request: &Request) -> Result<DiffRun, Failure> {
        check_patterns(&request.rules)?;
        let mut deleted = Vec::new();
        let mut unjudged = Vec::new();
        let pairs: Vec<(Target, bool, Option<OldSide>)> = match &request.base {
            None => {
                let [old, new] = request.paths.as_slice() else {
                    return Err(Failure(
                        "expected OLD and NEW (two definition files or connector folders), or --base REF [PATH]...".into(),
                    ));
                };
                pair_paths(old, new)?
                    .into_iter()
                    .map(|(t, old)| (t, true, old))
                    .collect()
            }
            Some(rev) => {
                let found = targets::find(&request.paths, Some((rev, "--base")))?;
                deleted = found.deleted;
                unjudged = found.unjudged;
                let olds = base_versions(found.targets.iter().map(|(t, _)| t), rev)?;
                found
                    .targets
                    .into_iter()
                    .zip(olds)
                    .map(|((t, named), old)| (t, named, Some(OldSide::Read(Box::new(old)))))
                    .collect()
            }
        };
        let mut olds: BTreeMap<Target, Option<OldSide>> = BTreeMap::new();
        let mut found = Vec::new();
        for (target, named, old) in pairs {
            found.push((target.clone(), named));
            olds.insert(target, old);
        }
        let mut notices = Vec::new();
        let (configured, _) = targets::configure(
            found,
            &request.config,
            &request.rules,
            request.force_exclude,
            &request.overlay,
            &mut notices,
        )?;
        let mut sets = HashMap::new();
        let mut jobs = Vec::new();
        for job in configured {
            let e = &job.effective;
            sets.entry(e.key.clone())
                .or_insert_with(|| DiffRuleSet::new(&e.selector.for_diff()));
            let old = olds.remove(&job.target).flatten();
            jobs.push((job, old));
        }
        Ok(DiffRun {
            jobs,
            sets,
            reading: request.reading,
            profile_flag: request.rules.profile.is_some(),
            relocate_old: false,
            unjudged,
            notices,
            deleted,
        })
    }

    /// See [`super::LintRun::relocate_old_findings`].
    pub fn relocate_old_findings(&mut self, yes: bool) {
        self.relocate_old = yes;
    }

    /// Compares every pair in parallel; `render` runs on the worker, with both files in memory.
    pub fn run<R: Send>(
        self,
        render: impl Fn(&[Diagnostic], &Comparison) -> R + Sync,
    ) -> Vec<Rendered<R>> {
        let DiffRun {
            jobs,
            sets,
            reading,
            profile_flag,
            relocate_old,
            ..
        } = self;
        jobs.into_par_iter()
            .map(|(job, old)| {
                let (mut c, inferred) = comparison(&job.target, old);
                let profile = profile_of(&job, profile_flag, inferred);
                c.profile = profile.profile;
                let c = &c;
                let mut outcome = source::compare(c, &sets[&job.effective.key], reading);
                for d in &mut outcome.diagnostics {
                    if let Some(s) = job.effective.severity.get(d.rule) {
                        d.severity = *s;
                    }
                }
                if relocate_old {
                    relocate_old_findings(&mut outcome.diagnostics, &c.new.display);
                }
                let rendered = render(&outcome.diagnostics, c);
                Rendered {
                    connector: c.connector.clone(),
                    profile,
                    outcome,
                    rendered,
                }
            })
            .collect()
    }
}

/// The profile of a diffed connector: pinned, else the path, else `inferred` from the new
/// version's files.
fn profile_of(job: &Configured, flag: bool, inferred: (Profile, String)) -> ProfileChoice {
    if let Some(profile) = job.effective.profile {
        let reason = match (&job.config, flag) {
            (Some(c), false) => ProfileReason::Config(display_path(&c.path)),
            _ => ProfileReason::Flag,
        };
        return ProfileChoice { profile, reason };
    }
    match from_path(&job.target.folder) {
        Some((profile, folder)) => ProfileChoice {
            profile,
            reason: ProfileReason::Path(folder.into()),
        },
        None => {
            let (profile, why) = inferred;
            ProfileChoice {
                profile,
                reason: ProfileReason::Inferred(why),
            }
        }
    }
}

/// OLD and NEW given on the command line: two files, two connector folders, or two folders of
/// connectors paired by relative path.
fn pair_paths(old: &Path, new: &Path) -> Result<Vec<(Target, Option<OldSide>)>, Failure> {
    let found = |path: &Path| -> Result<Vec<Target>, Failure> {
        match discover(path) {
            Ok(t) if t.is_empty() => Err(Failure(format!(
                "no connector definition found in `{}` (a connector folder holds an apiDefinition.swagger.json)",
                path.display()
            ))),
            Ok(t) if t.iter().any(|t| t.solution.is_some()) => Err(Failure(format!(
                "`{}` is a solution or package, which ppcert diff does not compare: diff the connector's definitions \
                 (`apiDefinition.swagger.json`, or a solution's `Connector/<name>_openapidefinition.json`)",
                path.display()
            ))),
            Ok(t)
                if t.iter()
                    .any(|t| t.explicit.is_some() && source::definition_of(t).is_none()) =>
            {
                Err(Failure(format!(
                    "`{}` is not a connector definition: diff compares definitions",
                    path.display()
                )))
            }
            Ok(t) => Ok(t),
            Err(e) => Err(Failure(describe_discover_error(path, &e))),
        }
    };
    let (olds, news) = (found(old)?, found(new)?);
    if olds.len() == 1
        && news.len() == 1
        && (old.is_file() || olds[0].folder == old || news[0].folder == new)
    {
        let old_def = source::definition_of(&olds[0]);
        return Ok(vec![(news[0].clone(), old_def.map(OldSide::File))]);
    }
    // Two trees of connectors: pair by the path below OLD and NEW.
    let mut pairs = Vec::new();
    for target in news {
        let rel = target.folder.strip_prefix(new).unwrap_or(&target.folder);
        let before = olds
            .iter()
            .find(|o| o.folder.strip_prefix(old).ok() == Some(rel));
        let old_side = before.and_then(source::definition_of).map(OldSide::File);
        pairs.push((target, old_side));
    }
    Ok(pairs)
}

/// The two versions of `target`, judged as custom until the caller knows better, and the
/// profile the new version's files point to (its apiProperties.json too, whether or not the old
/// version has one: only the brand colour there tells an independent publisher from a certified
/// connector).
fn comparison(target: &Target, old: Option<OldSide>) -> (Comparison, (Profile, String)) {
    let mut problems = Vec::new();
    let new_path = source::definition_of(target)
        .unwrap_or_else(|| target.folder.join("apiDefinition.swagger.json"));
    let new = source::read_definition(&new_path, &mut problems);
    // apiProperties.json is compared when both versions have one beside the definition (a
    // definition named alone is compared alone).
    let new_props = target
        .explicit
        .is_none()
        .then(|| read_props_beside(&new_path, &mut problems))
        .flatten();
    let (old, old_props) = match old {
        Some(OldSide::File(path)) => {
            let props = new_props
                .as_ref()
                .and_then(|_| read_props_beside(&path, &mut problems));
            (Some(source::read_definition(&path, &mut problems)), props)
        }
        Some(OldSide::Read(read)) => match *read {
            Some((bytes, p)) => {
                problems.extend(p);
                let props = bytes.parse_props(&mut problems);
                (Some(bytes.parse(&mut problems)), props)
            }
            None => (None, None),
        },
        None => (None, None),
    };
    // A definition named alone is compared alone, but the apiProperties.json beside it still
    // tells its track, as for lint.
    let inferred = match (&new_props, &target.explicit) {
        (None, Some(_)) => infer_beside(&new),
        _ => infer_from(Some(&new), new_props.as_ref()),
    };
    let comparison = Comparison {
        connector: display_path(&target.folder),
        profile: Profile::Custom,
        old,
        new,
        props: old_props.zip(new_props),
        problems,
    };
    (comparison, inferred)
}

/// The base version of a connector's definition, read from git: `None` for a connector that is
/// new since the revision.
pub(super) type BaseVersion = Option<(source::BaseBytes, Vec<FileProblem>)>;

/// The base versions of `targets`' definitions, read on this thread (the object database is not
/// shared between threads).
pub(super) fn base_versions<'t>(
    targets: impl Iterator<Item = &'t Target>,
    rev: &str,
) -> Result<Vec<BaseVersion>, Failure> {
    let mut trees: HashMap<PathBuf, BaseTree> = HashMap::new();
    let mut out = Vec::new();
    for target in targets {
        let root = crate::git::work_tree_root(&target.folder).unwrap_or_default();
        if !trees.contains_key(&root) {
            let tree = BaseTree::open(&target.folder, rev)
                .map_err(|e| Failure(format!("--base {rev}: {}", e.message())))?;
            trees.insert(root.clone(), tree);
        }
        out.push(read_base(&trees[&root], rev, target)?);
    }
    Ok(out)
}

pub(super) fn read_base(
    tree: &BaseTree,
    rev: &str,
    target: &Target,
) -> Result<BaseVersion, Failure> {
    let Some(path) = source::definition_of(target) else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    match source::read_base_definition(tree, rev, &path, &mut problems) {
        Ok(Some(file)) => Ok(Some((file, problems))),
        Ok(None) => Ok(None),
        Err(e) => Err(Failure(format!(
            "--base {rev}: cannot read `{}`: {}",
            path.display(),
            e.message()
        ))),
    }
}

/// The breaking changes of a linted connector against its base version, also when its
/// definition has errors (the upstream pipeline would stop there first: the note says so).
/// Returns the findings, a note on the comparison, and the old file.
pub(super) fn diff_linted(
    connector: &Connector,
    lint_findings: &[Diagnostic],
    base: &BaseVersion,
    set: &DiffRuleSet,
    reading: Reading,
) -> (Vec<Diagnostic>, Option<String>, Option<JsonFile>) {
    let Some(new) = &connector.swagger else {
        return (Vec::new(), None, None);
    };
    let Some((bytes, problems)) = base else {
        return (
            Vec::new(),
            Some("new connector: no breaking changes to check".into()),
            None,
        );
    };
    let mut problems = problems.clone();
    let old_props = bytes.parse_props(&mut problems);
    let old = source::BaseBytes {
        path: bytes.path.clone(),
        display: bytes.display.clone(),
        bytes: bytes.bytes.clone(),
        props: None,
    }
    .parse(&mut problems);
    let errors = lint_findings
        .iter()
        .filter(|d| d.file == new.display && d.severity == Severity::Error)
        .count();
    let who = source::Who {
        connector: &connector.display,
        profile: connector.profile,
        props: old_props.as_ref().zip(connector.props.as_ref()),
    };
    let outcome = source::compare_files(&who, Some(&old), new, &problems, set, reading);
    // The upstream pipeline stops at validation errors before it compares; the changes are
    // still worth knowing now rather than one review round later.
    let note = match (errors, outcome.note) {
        (0, note) => note,
        (n, note) => Some(format!(
            "the definition has {}, at which the upstream pipeline would stop before it looks for breaking changes;              the breaking changes are reported anyway{}",
            plural(n, "error"),
            note.map(|n| format!(" ({n})")).unwrap_or_default()
        )),
    };
    (outcome.diagnostics, note, Some(old))
}

/// Findings located in `REF:path` move to the top of the new file, keeping the old position in
/// the message (also `convert --update` in place: `previous:path`).
pub fn relocate_old_findings(diags: &mut [Diagnostic], new_file: &str) {
    for d in diags
        .iter_mut()
        .filter(|d| d.file != new_file && d.value_path.is_some())
    {
        d.message = format!("{} (at {}:{}:{})", d.message, d.file, d.line, d.column);
        d.file = new_file.to_owned();
        d.line = 1;
        d.column = 1;
        d.end_line = 1;
        d.end_column = 1;
        d.span = None;
        d.pointer = String::new();
    }
}
