//! `ppcert diff`: breaking changes between two versions of connector definitions.

use super::lint::{Stop, changed_targets, plural, write_statistics};
use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::config::Config;
use crate::connector::{FileProblem, JsonFile, Profile, Target, discover, display_path};
use crate::diagnostic::Diagnostic;
use crate::diff::source::{self, Comparison, Outcome};
use crate::diff::{DiffRuleSet, Reading};
use crate::git::BaseTree;
use crate::report::{self, Format, Note, Source, Statistics, Summary};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Clone)]
#[command(after_help = "Examples:\n  \
    ppcert diff old/apiDefinition.swagger.json new/apiDefinition.swagger.json\n  \
    ppcert diff --base origin/dev certified-connectors/Contoso\n  \
    ppcert diff --base origin/dev --lenient --format json\n\n\
    Removals point into the old version (`REF:path` with --base); everything else into the new one.\n\
    ppcert.toml's `ignore`, `severity` and `profile` apply; a `select` naming no diff rule only concerns lint.")]
pub struct DiffArgs {
    /// OLD and NEW: definition files, connector folders, or folders of connectors (paired by their
    /// relative paths). With --base: the connectors to compare (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Compare each changed connector's definition with its version at the merge base of REF and
    /// HEAD, read from git's object database; the new version is the working tree.
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// Grade changes by their effect on saved flows instead of by what Microsoft's change
    /// validator reports.
    #[arg(long)]
    pub lenient: bool,
    #[command(flatten)]
    pub options: super::options::ReportOptions,
}

/// One comparison to make, with the settings that apply to it. Files are read and parsed by
/// the worker that compares them, so a run holds only a few parsed definitions at a time.
pub(super) struct Job {
    target: Target,
    old: Option<OldSide>,
    profile: Profile,
    set_key: String,
    severity: BTreeMap<String, crate::diagnostic::Severity>,
}

/// What comparing one connector gave, rendered for the chosen format.
pub(super) struct Rendered {
    pub connector: String,
    pub outcome: Outcome,
    pub rendered: String,
}

pub fn run(args: DiffArgs, color: bool) -> u8 {
    let format = args.options.format();
    let reading = if args.lenient {
        Reading::Lenient
    } else {
        Reading::Validator
    };
    let (jobs, sets, deleted) = match plan(&args, color) {
        Ok(p) => p,
        Err(Stop(code)) => return code,
    };
    // With --base, removals point into `REF:path`, which GitHub and SARIF viewers cannot open.
    let relocate = args.base.is_some() && matches!(format, Format::Github | Format::Sarif);
    let results = compare_jobs(
        jobs,
        &sets,
        reading,
        format,
        color,
        relocate,
        args.options.statistics,
    );
    let mut summary = Summary {
        deleted_connectors: deleted,
        ..Summary::default()
    };
    let mut statistics = Statistics::default();
    for r in &results {
        summary.add(&r.outcome.diagnostics);
        statistics.add(&r.outcome.diagnostics);
        if let Some(note) = &r.outcome.note {
            summary.notes.push(Note {
                connector: r.connector.clone(),
                message: note.clone(),
            });
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let _ = write_results(
        &mut out,
        &results,
        &summary,
        &statistics,
        format,
        &args,
        color,
    );
    if summary.errors > 0 || (args.options.deny_warnings && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

type Plan = (Vec<Job>, HashMap<String, DiffRuleSet>, Vec<String>);

fn plan(args: &DiffArgs, color: bool) -> Result<Plan, Stop> {
    let cli = args.options.rule_settings(color)?;
    let mut pairs: Vec<(Target, Option<OldSide>)> = Vec::new();
    let mut deleted = Vec::new();
    match &args.base {
        None => {
            let [old, new] = args.paths.as_slice() else {
                print_error(
                    color,
                    "expected OLD and NEW (two definition files or connector folders), or --base REF [PATH]...",
                );
                return Err(Stop(EXIT_FAILURE));
            };
            pairs = pair_paths(old, new, color)?;
        }
        Some(rev) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths.clone()
            };
            let (targets, gone) = changed_targets(&paths, rev, "--base", color)?;
            deleted = gone;
            let mut trees: HashMap<PathBuf, BaseTree> = HashMap::new();
            for target in targets {
                let tree = base_tree(&mut trees, &target.folder, rev, color)?;
                pairs.push((target, Some(OldSide::Git(tree))));
            }
            // Resolve the git sides now: the object database is read on this thread only.
            let mut resolved = Vec::new();
            for (target, old) in pairs {
                let old = match old {
                    Some(OldSide::Git(root)) => {
                        let read = read_base(&trees[&root], rev, &target, color)?;
                        Some(OldSide::Read(Box::new(read)))
                    }
                    other => other,
                };
                resolved.push((target, old));
            }
            pairs = resolved;
        }
    }

    let forced = match &args.options.config {
        Some(path) => Some(Config::load(path).map_err(|e| {
            print_error(color, &e.to_string());
            Stop(EXIT_FAILURE)
        })?),
        None => None,
    };
    let mut configs: HashMap<PathBuf, Option<Config>> = HashMap::new();
    let mut sets = HashMap::new();
    let mut jobs = Vec::new();
    for (target, old) in pairs {
        let config: Option<&Config> = if args.options.isolated {
            None
        } else if let Some(forced) = &forced {
            Some(forced)
        } else {
            match Config::find(&target.folder) {
                None => None,
                Some(path) => {
                    if !configs.contains_key(&path) {
                        let loaded = Config::load(&path).map_err(|e| {
                            print_error(color, &e.to_string());
                            Stop(EXIT_FAILURE)
                        })?;
                        configs.insert(path.clone(), Some(loaded));
                    }
                    configs[&path].as_ref()
                }
            }
        };
        if config.is_some_and(|c| c.is_excluded(&target.folder)) {
            continue;
        }
        let effective = Config::effective(config, &target.folder, &cli);
        sets.entry(effective.key.clone())
            .or_insert_with(|| DiffRuleSet::new(&effective.selector.for_diff()));
        let profile = effective
            .profile
            .unwrap_or_else(|| Profile::detect(&target.folder));
        jobs.push(Job {
            target,
            old,
            profile,
            set_key: effective.key,
            severity: effective.severity,
        });
    }
    Ok((jobs, sets, deleted))
}

/// Where a connector's old version comes from.
enum OldSide {
    /// A definition file on disk.
    File(PathBuf),
    /// The base tree of the repository whose root is this.
    Git(PathBuf),
    /// Already read (from git): `None` when the connector is new.
    Read(Box<BaseVersion>),
}

fn base_tree(
    trees: &mut HashMap<PathBuf, BaseTree>,
    folder: &Path,
    rev: &str,
    color: bool,
) -> Result<PathBuf, Stop> {
    let root = crate::git::work_tree_root(folder).unwrap_or_default();
    if !trees.contains_key(&root) {
        let tree = BaseTree::open(folder, rev).map_err(|e| {
            print_error(color, &format!("--base {rev}: {}", e.message()));
            Stop(EXIT_FAILURE)
        })?;
        trees.insert(root.clone(), tree);
    }
    Ok(root)
}

fn read_base(
    tree: &BaseTree,
    rev: &str,
    target: &Target,
    color: bool,
) -> Result<BaseVersion, Stop> {
    let Some(path) = source::definition_of(target) else {
        return Ok(None);
    };
    let mut problems = Vec::new();
    match source::read_base_definition(tree, rev, &path, &mut problems) {
        Ok(Some(file)) => Ok(Some((file, problems))),
        Ok(None) => Ok(None),
        Err(e) => {
            print_error(
                color,
                &format!(
                    "--base {rev}: cannot read `{}`: {}",
                    path.display(),
                    e.message()
                ),
            );
            Err(Stop(EXIT_FAILURE))
        }
    }
}

/// OLD and NEW given on the command line: two files, two connector folders, or two folders of
/// connectors paired by relative path.
fn pair_paths(old: &Path, new: &Path, color: bool) -> Result<Vec<(Target, Option<OldSide>)>, Stop> {
    let found = |path: &Path| -> Result<Vec<Target>, Stop> {
        match discover(path) {
            Ok(t) if t.is_empty() => {
                print_error(
                    color,
                    &format!(
                        "no connector definition found in `{}` (a connector folder holds an apiDefinition.swagger.json)",
                        path.display()
                    ),
                );
                Err(Stop(EXIT_FAILURE))
            }
            Ok(t)
                if t.iter()
                    .any(|t| t.explicit.is_some() && source::definition_of(t).is_none()) =>
            {
                print_error(
                    color,
                    &format!(
                        "`{}` is not a connector definition: diff compares definitions",
                        path.display()
                    ),
                );
                Err(Stop(EXIT_FAILURE))
            }
            Ok(t) => Ok(t),
            Err(e) => {
                print_error(color, &crate::connector::describe_discover_error(path, &e));
                Err(Stop(EXIT_FAILURE))
            }
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

fn comparison(target: &Target, old: Option<OldSide>, profile: Profile) -> Comparison {
    let mut problems = Vec::new();
    let new = match source::definition_of(target) {
        Some(path) => source::read_definition(&path, &mut problems),
        None => source::read_definition(
            &target.folder.join("apiDefinition.swagger.json"),
            &mut problems,
        ),
    };
    let old = match old {
        Some(OldSide::File(path)) => Some(source::read_definition(&path, &mut problems)),
        Some(OldSide::Read(read)) => read.map(|(bytes, p)| {
            problems.extend(p);
            bytes.parse(&mut problems)
        }),
        Some(OldSide::Git(_)) | None => None,
    };
    Comparison {
        connector: display_path(&target.folder),
        profile,
        old,
        new,
        problems,
    }
}

/// Compares every job in parallel and renders each connector's findings on its worker.
pub(super) fn compare_jobs(
    jobs: Vec<Job>,
    sets: &HashMap<String, DiffRuleSet>,
    reading: Reading,
    format: Format,
    color: bool,
    relocate: bool,
    statistics: bool,
) -> Vec<Rendered> {
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    jobs.into_par_iter()
        .map(|job| {
            let c = &comparison(&job.target, job.old, job.profile);
            let mut outcome = source::compare(c, &sets[&job.set_key], reading);
            for d in &mut outcome.diagnostics {
                if let Some(s) = job.severity.get(d.rule) {
                    d.severity = *s;
                }
            }
            if relocate {
                relocate_old_findings(&mut outcome.diagnostics, &c.new.display);
            }
            let rendered = if statistics {
                String::new()
            } else {
                render(&outcome.diagnostics, c, format, color, width)
            };
            Rendered {
                connector: c.connector.clone(),
                outcome,
                rendered,
            }
        })
        .collect()
}

pub(super) fn render(
    diags: &[Diagnostic],
    c: &Comparison,
    format: Format,
    color: bool,
    width: usize,
) -> String {
    render_files(diags, c.old.as_ref(), &c.new, format, color, width)
}

/// The base version of each linted connector's definition (`ppcert lint --base`), read on this
/// thread: `None` for a connector that is new since REF.
pub(super) type BaseVersion = Option<(source::BaseBytes, Vec<FileProblem>)>;

pub(super) fn base_versions(
    jobs: &[(Target, crate::config::Effective)],
    rev: &str,
    color: bool,
) -> Result<Vec<BaseVersion>, Stop> {
    let mut trees: HashMap<PathBuf, BaseTree> = HashMap::new();
    let mut out = Vec::with_capacity(jobs.len());
    for (target, _) in jobs {
        let root = base_tree(&mut trees, &target.folder, rev, color)?;
        out.push(read_base(&trees[&root], rev, target, color)?);
    }
    Ok(out)
}

/// The breaking changes of a linted connector against its base version, unless its definition
/// has errors (the upstream pipeline runs the change check only on definitions that pass
/// validation). Returns the findings, why nothing was compared, and the old file.
pub(super) fn diff_linted(
    connector: &crate::connector::Connector,
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
    let old = source::BaseBytes {
        path: bytes.path.clone(),
        display: bytes.display.clone(),
        bytes: bytes.bytes.clone(),
    }
    .parse(&mut problems);
    let errors = lint_findings
        .iter()
        .filter(|d| d.file == new.display && d.severity == crate::diagnostic::Severity::Error)
        .count();
    if errors > 0 {
        return (
            Vec::new(),
            Some(format!(
                "breaking changes not checked: the definition has {} (the upstream pipeline compares only definitions that pass validation)",
                plural(errors, "error")
            )),
            Some(old),
        );
    }
    let who = source::Who {
        connector: &connector.display,
        profile: connector.profile,
    };
    let outcome = source::compare_files(&who, Some(&old), new, &problems, set, reading);
    (outcome.diagnostics, outcome.note, Some(old))
}

/// Renders diff findings between two files already loaded.
pub(super) fn render_files(
    diags: &[Diagnostic],
    old: Option<&JsonFile>,
    new: &JsonFile,
    format: Format,
    color: bool,
    width: usize,
) -> String {
    match format {
        Format::Full => {
            let sources: Vec<Source> = [old, Some(new)]
                .into_iter()
                .flatten()
                .filter_map(|f| {
                    Some(Source {
                        name: &f.display,
                        text: f.text()?,
                        lines: f.lines()?,
                    })
                })
                .collect();
            report::render_full_sources(&sources, diags, color, width)
        }
        Format::Concise => report::render_concise(diags, color),
        Format::Github => report::render_github(diags),
        Format::Json => diags
            .iter()
            .map(report::render_json_diagnostic)
            .collect::<Vec<_>>()
            .join(","),
        Format::Sarif => String::new(),
    }
}

/// Findings located in `REF:path` move to the top of the new file, keeping the old position in
/// the message.
pub(super) fn relocate_old_findings(diags: &mut [Diagnostic], new_file: &str) {
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

fn write_results(
    out: &mut dyn Write,
    results: &[Rendered],
    summary: &Summary,
    statistics: &Statistics,
    format: Format,
    args: &DiffArgs,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Json => report::write_json_report(
            out,
            results.iter().map(|r| r.rendered.as_str()),
            summary,
            args.options.statistics.then_some(statistics),
        )?,
        Format::Sarif => {
            let all = results.iter().flat_map(|r| r.outcome.diagnostics.iter());
            let cwd = std::env::current_dir().unwrap_or_default();
            let cwd = cwd.canonicalize().unwrap_or(cwd);
            let root = crate::git::work_tree_root(&cwd).unwrap_or_else(|| cwd.clone());
            report::write_sarif(out, all, &root, &cwd, report::RuleCatalog::Rules)?;
        }
        _ if args.options.statistics => write_statistics(out, statistics, color)?,
        _ => {
            for r in results {
                out.write_all(r.rendered.as_bytes())?;
            }
            if !args.options.quiet && format != Format::Github {
                write_notes(out, summary)?;
                write_diff_summary(out, summary, color)?;
            }
        }
    }
    out.flush()
}

pub(super) fn write_notes(out: &mut dyn Write, summary: &Summary) -> std::io::Result<()> {
    for n in &summary.notes {
        writeln!(out, "`{}`: {}.", n.connector, n.message)?;
    }
    for d in &summary.deleted_connectors {
        writeln!(out, "`{d}` was deleted: nothing to compare.")?;
    }
    Ok(())
}

fn write_diff_summary(out: &mut dyn Write, s: &Summary, color: bool) -> std::io::Result<()> {
    let compared = plural(s.connectors - s.notes.len().min(s.connectors), "connector");
    if s.errors + s.warnings + s.infos == 0 {
        let style = anstyle::AnsiColor::Green.on_default().bold();
        let text = format!("No changes that affect existing flows ({compared} compared).");
        return if color {
            writeln!(out, "{style}{text}{style:#}")
        } else {
            writeln!(out, "{text}")
        };
    }
    let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    writeln!(
        out,
        "Found {} in {compared} ({} with breaking changes).",
        parts.join(", "),
        s.failed_connectors
    )
}
