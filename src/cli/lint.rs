//! `ppcert lint`.

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::baseline::Baseline;
use crate::config::{Config, Effective};
use crate::connector::{Connector, Target, discover};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{RuleSet, lint, pattern_is_known};
use crate::report::{self, Format, Statistics, Summary};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(clap::Args, Clone)]
pub struct LintArgs {
    /// Connector folders, definition files, paconn settings.json files, or folders holding many
    /// connectors (every folder with an apiDefinition.swagger.json is one).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub options: super::options::ReportOptions,
    /// Report only findings that are not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Lint only connectors that changed since the merge base of REF and HEAD, including staged,
    /// unstaged and untracked changes.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Lint again whenever files of the linted connectors change (Ctrl-C to stop).
    #[arg(long)]
    pub watch: bool,
    /// Also compare each linted definition with its version at the merge base of REF and HEAD
    /// (read from git), as the upstream pipeline does: breaking changes are reported with the
    /// lint findings, and a definition with errors is not compared. Lints only the connectors
    /// changed since REF unless --changed-since names another revision.
    #[arg(long, value_name = "REF", conflicts_with = "watch")]
    pub base: Option<String>,
    /// With --base: grade breaking changes by their effect on saved flows instead of by what
    /// Microsoft's change validator reports.
    #[arg(long, requires = "base")]
    pub lenient: bool,
}

/// Everything decided before linting: the targets and the settings of each.
struct Plan {
    jobs: Vec<(Target, Effective)>,
    rule_sets: HashMap<String, RuleSet>,
    /// Connector folders that a change deleted.
    deleted: Vec<String>,
    io_failed: bool,
}

/// Why a run could not start: already explained to the user.
pub(super) struct Stop(pub u8);

/// Every rule pattern of the command line must name a rule.
pub(super) fn check_patterns(
    select: &Option<Vec<String>>,
    extend_select: &[String],
    ignore: &[String],
    color: bool,
) -> Result<(), Stop> {
    for pattern in select.iter().flatten().chain(extend_select).chain(ignore) {
        if !pattern_is_known(pattern) {
            print_error(
                color,
                &format!("unknown rule or rule group `{pattern}` (see `ppcert rules`)"),
            );
            return Err(Stop(EXIT_FAILURE));
        }
    }
    Ok(())
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
                .any(|e| crate::connector::is_connector_marker(&e.file_name().to_string_lossy()))
                .then(|| dir.to_path_buf())
        })
}

/// The connectors under `paths` with changes since the merge base of `rev` and HEAD, and the
/// connector folders the changes deleted.
pub(super) fn changed_targets(
    paths: &[PathBuf],
    rev: &str,
    flag: &str,
    color: bool,
) -> Result<(Vec<Target>, Vec<String>), Stop> {
    let mut targets = Vec::new();
    let mut deleted = Vec::new();
    for path in paths {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let abs = abs.canonicalize().unwrap_or(abs);
        let dir = if abs.is_file() {
            abs.parent().unwrap_or(&abs).to_path_buf()
        } else {
            abs.clone()
        };
        let changes = crate::git::changed_since(&dir, rev).map_err(|e| {
            print_error(color, &format!("{flag} {rev}: {}", e.message()));
            Stop(EXIT_FAILURE)
        })?;
        let cwd = std::env::current_dir().unwrap_or_default();
        for changed in changes.paths.iter().filter(|p| p.starts_with(&abs)) {
            match connector_of(changed, &changes.root) {
                Some(folder) if folder.starts_with(&abs) || abs.starts_with(&folder) => {
                    let folder = folder
                        .strip_prefix(&cwd)
                        .map(Path::to_path_buf)
                        .unwrap_or(folder);
                    targets.push(Target {
                        folder,
                        explicit: None,
                    });
                }
                Some(_) => {}
                None => {
                    let name = changed
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let parent = changed.parent().unwrap_or(changed);
                    if crate::connector::is_connector_marker(&name) && !parent.join(&name).exists()
                    {
                        deleted.push(crate::connector::display_path(parent));
                    }
                }
            }
        }
    }
    targets.sort();
    targets.dedup();
    deleted.sort();
    deleted.dedup();
    Ok((targets, deleted))
}

fn plan(args: &LintArgs, color: bool) -> Result<Plan, Stop> {
    let cli = args.options.rule_settings(color)?;
    let load = |path: &Path| {
        Config::load(path).map(Arc::new).map_err(|e| {
            print_error(color, &e.to_string());
            Stop(EXIT_FAILURE)
        })
    };
    let forced = args.options.config.as_deref().map(load).transpose()?;

    let mut io_failed = false;
    let (targets, deleted) = match (&args.changed_since, &args.base) {
        (Some(rev), _) => changed_targets(&args.paths, rev, "--changed-since", color)?,
        (None, Some(rev)) => changed_targets(&args.paths, rev, "--base", color)?,
        (None, None) => {
            let mut targets = Vec::new();
            for path in &args.paths {
                match discover(path) {
                    Ok(found) if found.is_empty() => {
                        print_error(
                            color,
                            &format!(
                                "no connector found in `{}` (a connector folder holds an apiDefinition.swagger.json)",
                                path.display()
                            ),
                        );
                        io_failed = true;
                    }
                    Ok(found) => targets.extend(found),
                    Err(e) => {
                        print_error(color, &crate::connector::describe_discover_error(path, &e));
                        io_failed = true;
                    }
                }
            }
            // The same connector named twice (or found under two PATHs) is linted once, in path order.
            targets.sort();
            targets.dedup();
            (targets, Vec::new())
        }
    };

    let mut configs: HashMap<PathBuf, Option<Arc<Config>>> = HashMap::new();
    let mut jobs = Vec::new();
    let mut rule_sets = HashMap::new();
    for target in targets {
        let config = if args.options.isolated {
            None
        } else if let Some(forced) = &forced {
            Some(forced.clone())
        } else {
            match Config::find(&target.folder) {
                None => None,
                Some(path) => match configs.get(&path) {
                    Some(c) => c.clone(),
                    None => {
                        let c = Some(load(&path)?);
                        configs.insert(path, c.clone());
                        c
                    }
                },
            }
        };
        if config
            .as_ref()
            .is_some_and(|c| c.is_excluded(&target.folder))
        {
            continue;
        }
        let effective = Config::effective(config.as_deref(), &target.folder, &cli);
        rule_sets
            .entry(effective.key.clone())
            .or_insert_with(|| RuleSet::new(&effective.selector));
        jobs.push((target, effective));
    }
    Ok(Plan {
        jobs,
        rule_sets,
        deleted,
        io_failed,
    })
}

struct Outcome {
    diagnostics: Vec<Diagnostic>,
    rendered: String,
    /// With --base: why the connector's definition was not compared.
    note: Option<(String, String)>,
}

pub fn run(args: LintArgs, color: bool) -> u8 {
    if args.watch {
        return super::watch::run(args, color);
    }
    run_once(&args, color)
}

pub(super) fn run_once(args: &LintArgs, color: bool) -> u8 {
    let format = args.options.format();
    let plan = match plan(args, color) {
        Ok(p) => p,
        Err(Stop(code)) => return code,
    };
    let mut baseline = None;
    if let Some(path) = &args.baseline {
        match Baseline::load(path) {
            Ok(b) => baseline = Some(Mutex::new(b)),
            Err(e) => {
                print_error(color, &e);
                return EXIT_FAILURE;
            }
        }
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let render_now = !args.options.statistics && args.write_baseline.is_none();
    let bases = match &args.base {
        Some(rev) => match super::diff::base_versions(&plan.jobs, rev, color) {
            Ok(b) => Some(b),
            Err(Stop(code)) => return code,
        },
        None => None,
    };
    let reading = if args.lenient {
        crate::diff::Reading::Lenient
    } else {
        crate::diff::Reading::Validator
    };
    let diff_sets: HashMap<&str, crate::diff::DiffRuleSet> = plan
        .jobs
        .iter()
        .filter(|_| bases.is_some())
        .map(|(_, e)| {
            let set = crate::diff::DiffRuleSet::new(&e.selector.for_diff());
            (e.key.as_str(), set)
        })
        .collect();

    let outcomes: Vec<Outcome> = plan
        .jobs
        .par_iter()
        .enumerate()
        .map(|(i, (target, effective))| {
            let connector = Connector::load(target, effective.profile);
            let set = &plan.rule_sets[&effective.key];
            let mut diagnostics = lint(&connector, set);
            let (mut changes, note, old) = match bases.as_ref().map(|b| &b[i]) {
                Some(base) => super::diff::diff_linted(
                    &connector,
                    &diagnostics,
                    base,
                    &diff_sets[effective.key.as_str()],
                    reading,
                ),
                None => (Vec::new(), None, None),
            };
            if matches!(format, Format::Github | Format::Sarif)
                && let Some(new) = &connector.swagger
            {
                super::diff::relocate_old_findings(&mut changes, &new.display);
            }
            for d in diagnostics.iter_mut().chain(changes.iter_mut()) {
                if let Some(s) = effective.severity.get(d.rule) {
                    d.severity = *s;
                }
            }
            if let Some(b) = &baseline {
                let (baseline, base) = &mut *b.lock().unwrap_or_else(|e| e.into_inner());
                baseline.filter(base, &mut diagnostics);
                baseline.filter(base, &mut changes);
            }
            let rendered = if !render_now {
                String::new()
            } else {
                let lint_part = match format {
                    Format::Full => report::render_full(&connector, &diagnostics, color, width),
                    Format::Concise => report::render_concise(&diagnostics, color),
                    Format::Github => report::render_github(&diagnostics),
                    Format::Json => diagnostics
                        .iter()
                        .map(report::render_json_diagnostic)
                        .collect::<Vec<_>>()
                        .join(","),
                    Format::Sarif => String::new(),
                };
                let diff_part = match (&connector.swagger, old.as_ref()) {
                    (Some(new), old) if !changes.is_empty() => {
                        super::diff::render_files(&changes, old, new, format, color, width)
                    }
                    _ => String::new(),
                };
                if format == Format::Json && !lint_part.is_empty() && !diff_part.is_empty() {
                    format!("{lint_part},{diff_part}")
                } else {
                    lint_part + &diff_part
                }
            };
            diagnostics.extend(changes);
            Outcome {
                diagnostics,
                rendered,
                note: note.map(|n| (connector.display.clone(), n)),
            }
        })
        .collect();

    let mut summary = Summary {
        deleted_connectors: plan.deleted.clone(),
        ..Summary::default()
    };
    let mut statistics = Statistics::default();
    for o in &outcomes {
        summary.add(&o.diagnostics);
        statistics.add(&o.diagnostics);
        if let Some((connector, message)) = &o.note {
            summary.notes.push(crate::report::Note {
                connector: connector.clone(),
                message: message.clone(),
            });
        }
    }

    if let Some(path) = &args.write_baseline {
        let all: Vec<Diagnostic> = outcomes.into_iter().flat_map(|o| o.diagnostics).collect();
        return match Baseline::write(path, &all) {
            Ok(n) => {
                if !args.options.quiet {
                    eprintln!(
                        "Wrote {n} findings of {} connectors to {}.",
                        summary.connectors,
                        path.display()
                    );
                }
                EXIT_OK
            }
            Err(e) => {
                print_error(color, &format!("cannot write `{}`: {e}", path.display()));
                EXIT_FAILURE
            }
        };
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed pipe (`ppcert lint | head`) is not an error worth reporting.
    let _ = (|| -> std::io::Result<()> {
        match format {
            Format::Json => {
                let rendered = outcomes.iter().map(|o| o.rendered.as_str());
                report::write_json_report(
                    &mut out,
                    rendered,
                    &summary,
                    args.options.statistics.then_some(&statistics),
                )?;
            }
            Format::Sarif => {
                let all = outcomes.iter().flat_map(|o| o.diagnostics.iter());
                let cwd = std::env::current_dir().unwrap_or_default();
                let cwd = cwd.canonicalize().unwrap_or(cwd);
                let root = crate::git::work_tree_root(&cwd).unwrap_or_else(|| cwd.clone());
                report::write_sarif(&mut out, all, &root, &cwd, report::RuleCatalog::Rules)?;
            }
            _ if args.options.statistics => write_statistics(&mut out, &statistics, color)?,
            _ => {
                for o in &outcomes {
                    out.write_all(o.rendered.as_bytes())?;
                }
                if !args.options.quiet && format != Format::Github {
                    for n in &summary.notes {
                        writeln!(out, "`{}`: {}.", n.connector, n.message)?;
                    }
                    for d in &summary.deleted_connectors {
                        writeln!(out, "`{d}` was deleted: nothing to lint.")?;
                    }
                    write_summary(&mut out, &summary, color)?;
                }
            }
        }
        out.flush()
    })();

    let failing = summary.errors > 0 || (args.options.deny_warnings && summary.warnings > 0);
    if plan.io_failed {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn write_summary(out: &mut dyn Write, s: &Summary, color: bool) -> std::io::Result<()> {
    let checked = plural(s.connectors, "connector");
    if s.errors + s.warnings + s.infos == 0 {
        let style = anstyle::AnsiColor::Green.on_default().bold();
        let text = format!("All checks passed ({checked}).");
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
        "Found {} in {checked} ({} with errors).",
        parts.join(", "),
        s.failed_connectors
    )
}

pub(super) fn write_statistics(
    out: &mut dyn Write,
    stats: &Statistics,
    color: bool,
) -> std::io::Result<()> {
    let rows = stats.rows();
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in rows {
        let sev = format!("{:<7}", r.severity.as_str());
        let sev = if color {
            let style = match r.severity {
                Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
                Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
                Severity::Info => anstyle::AnsiColor::Cyan.on_default().bold(),
            };
            format!("{style}{sev}{style:#}")
        } else {
            sev
        };
        writeln!(
            out,
            "{:>7}  {sev}  {:<width$}  {}",
            r.count, r.rule, r.summary
        )?;
    }
    Ok(())
}
