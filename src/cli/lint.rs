//! `ppcert lint`: flags → [`LintRun`] → rendering.

use super::options::ReportOptions;
use super::{EXIT_FAILURE, EXIT_OK, print_error};
use crate::diagnostic::{Diagnostic, Severity, plural};
use crate::report::{self, ConnectorProfile, Digest, Format, Note, Statistics, Summary};
use crate::workspace::{Judged, LintRun, Linted, Unit};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct LintArgs {
    /// Connector folders, definition files, paconn settings.json files, or folders holding many
    /// connectors (every folder with an apiDefinition.swagger.json is one) [default: the current
    /// folder; with --changed-since or --base, the whole repository].
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub options: ReportOptions,
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
    /// lint findings (also when the definition has errors, which would stop the pipeline
    /// first). Lints only the connectors changed since REF unless --changed-since names another
    /// revision. Without --base, connectors that changed are compared with ppcert.toml's `base`
    /// or, in a clone of PowerPlatformConnectors, with the `dev` branch of its remote.
    #[arg(long, value_name = "REF", conflicts_with_all = ["watch", "no_base"])]
    pub base: Option<String>,
    /// Do not compare changed connectors with their upstream version (see --base).
    #[arg(long)]
    pub no_base: bool,
    /// Check only shard I of N: the connectors found, sorted by path, dealt out in turn to N
    /// shards (for splitting a large repository across CI machines; docs/scaling.md). Inputs
    /// that cannot be judged are reported by shard 1.
    #[arg(long, value_name = "I/N", conflicts_with = "watch")]
    pub shard: Option<crate::workspace::Shard>,
    /// Grade breaking changes by their effect on saved flows instead of by what Microsoft's
    /// change validator reports.
    #[arg(long)]
    pub lenient: bool,
    /// Apply the safe fixes the findings carry (the files keep their formatting), then report
    /// what remains.
    #[arg(long, conflicts_with_all = ["watch", "write_baseline"])]
    pub fix: bool,
    /// Also apply unsafe fixes: those that change what users see or what a flow sends.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them (exit 1 when there are some).
    #[arg(long, conflicts_with_all = ["watch", "write_baseline"])]
    pub diff: bool,
    /// Apply fixes and report only what was fixed.
    #[arg(long, conflicts_with_all = ["watch", "write_baseline"])]
    pub fix_only: bool,
    /// Only these rules' fixes may apply (same forms as --select; all by default).
    /// Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub fixable: Option<Vec<String>>,
    /// These rules' fixes never apply; their findings stay (same forms as --select).
    /// Comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub unfixable: Vec<String>,
}

impl LintArgs {
    fn request(&self) -> crate::workspace::Request {
        let mut request = self.options.request();
        request.paths = self.paths.clone();
        request.rules.fixable = self.fixable.clone();
        request.rules.unfixable = self.unfixable.clone();
        request.changed_since = self.changed_since.clone();
        request.base = self.base.clone();
        request.auto_base = self.base.is_none() && !self.no_base && !self.watch;
        request.baseline = self.baseline.clone();
        request.shard = self.shard;
        request.reading = if self.lenient {
            crate::workspace::Reading::Lenient
        } else {
            crate::workspace::Reading::Validator
        };
        request
    }
}

/// What a worker rendered of one connector's findings (those `--severity` shows).
fn render(j: &Judged, options: &ReportOptions, format: Format, color: bool, now: bool) -> String {
    if !now {
        return String::new();
    }
    let for_reading = matches!(format, Format::Full | Format::Concise);
    let lint = options.visible(j.lint, for_reading);
    let changes = options.visible(j.changes, for_reading);
    let width = super::terminal_width();
    {
        let lint_part = match format {
            Format::Full => report::render_full_in(j.connector, &j.files, &lint, color, width),
            Format::Concise => report::render_concise(&lint, color),
            Format::Github => report::render_github(&lint),
            Format::Json => report::render_json_diagnostics(lint.iter()),
            Format::Sarif => String::new(),
        };
        let diff_part = match &j.connector.swagger {
            Some(new) if !changes.is_empty() => {
                report::render_pair(&changes, j.old, new, format, color, width)
            }
            _ => String::new(),
        };
        if format == Format::Json && !lint_part.is_empty() && !diff_part.is_empty() {
            format!("{lint_part},{diff_part}")
        } else {
            lint_part + &diff_part
        }
    }
}

pub(super) fn run_once(args: &LintArgs, color: bool) -> u8 {
    let format = args.options.format();
    let fixed = if args.fix || args.diff || args.fix_only {
        match crate::workspace::fixing::fix(&args.request(), args.unsafe_fixes, !args.diff) {
            Ok(fixed) => Some(fixed),
            Err(failure) => {
                print_error(color, &failure.0);
                return EXIT_FAILURE;
            }
        }
    } else {
        None
    };
    if let Some(fixed) = &fixed {
        // What could not be judged was not fixed either: say so, and never exit 0 on it.
        let unjudged = (args.diff || args.fix_only) && !fixed.unjudged.is_empty();
        if unjudged {
            for u in &fixed.unjudged {
                print_error(color, &u.message);
            }
        }
        if args.diff {
            let mut out = std::io::stdout().lock();
            for (_, display, before, after) in &fixed.files {
                let _ = out.write_all(crate::fix::unified_diff(display, before, after).as_bytes());
            }
            eprintln!("{}", fixed_line(fixed, "Would fix"));
            return if unjudged {
                EXIT_FAILURE
            } else if fixed.count() > 0 {
                super::EXIT_FINDINGS
            } else {
                EXIT_OK
            };
        }
        if args.fix_only {
            println!("{}", fixed_line(fixed, "Fixed"));
            return if unjudged { EXIT_FAILURE } else { EXIT_OK };
        }
    }
    let mut run = match LintRun::plan(&args.request()) {
        Ok(run) => run,
        Err(failure) => {
            print_error(color, &failure.0);
            return EXIT_FAILURE;
        }
    };
    run.relocate_old_findings(matches!(format, Format::Github | Format::Sarif));
    let render_now = !args.options.statistics && args.write_baseline.is_none();
    // What is written is what was rendered (SARIF alone renders from the findings).
    run.shed_text_after_render(render_now && !matches!(format, Format::Sarif));
    // Each connector's findings are written as soon as it and those before it are linted; SARIF
    // is written from the findings at the end, as are the totals of every format.
    let streamed = render_now && !matches!(format, Format::Sarif);
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout());
    // On a terminal, each connector's findings show as they come.
    let flush_each = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut json = report::JsonReport::default();
    // A closed pipe (`ppcert lint | head`) is not an error worth reporting, nor worth more writes.
    let mut closed = false;
    let results = run.run_each(
        |j| render(j, &args.options, format, color, render_now),
        |r| {
            if streamed && !closed {
                let rendered = std::mem::take(&mut r.rendered);
                closed =
                    write_connector(&mut out, format, &mut json, &rendered, flush_each).is_err();
            }
        },
    );

    if let Some(path) = &args.write_baseline {
        return write_baseline(args, path, &results, color);
    }

    let summary = summarize(&run, &results, &args.options);
    let mut statistics = Statistics::default();
    let mut failing = false;
    for r in &results {
        statistics.add(args.options.shown(&r.diagnostics));
        failing |= r.diagnostics.iter().any(|d| args.options.fails(d.severity));
    }
    {
        let mut err = std::io::stderr().lock();
        let _ = report::write_unjudged(&mut err, &summary, color);
    }
    if !closed {
        let _ = write_output(
            &mut out,
            args,
            format,
            json,
            &results,
            &summary,
            &statistics,
            color,
        );
    }

    let (safe, unsafe_) = fixable(&results);
    if let Some(fixed) = &fixed {
        eprintln!("{}", fixed_line(fixed, "Fixed"));
    }
    if matches!(format, Format::Full | Format::Concise) && !args.options.statistics {
        if safe > 0 && fixed.is_none() {
            eprintln!("{} fixable with `--fix`.", plural(safe, "finding"));
        }
        if unsafe_ > 0 && !args.unsafe_fixes {
            eprintln!(
                "{} fixable with `--fix --unsafe-fixes` (they change what users see or what a flow sends).",
                plural(unsafe_, "more finding")
            );
        }
    }
    super::exit_code(&summary, failing)
}

/// "Fixed 3 findings in 2 files (basepath-slash: 1, …)."
fn fixed_line(fixed: &crate::workspace::fixing::Fixed, verb: &str) -> String {
    if fixed.count() == 0 {
        return format!("{verb} nothing: no finding has a fix to apply.");
    }
    let rules: Vec<String> = fixed
        .by_rule
        .iter()
        .map(|(rule, n)| format!("{rule}: {n}"))
        .collect();
    format!(
        "{verb} {} in {} ({}).",
        plural(fixed.count(), "finding"),
        plural(fixed.files.len(), "file"),
        rules.join(", ")
    )
}

/// How many findings of the run carry a safe fix, and how many an unsafe one.
fn fixable(results: &[Linted<String>]) -> (usize, usize) {
    use crate::fix::Applicability;
    let mut counts = (0, 0);
    for d in results.iter().flat_map(|r| &r.diagnostics) {
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => counts.0 += 1,
            Some(Applicability::Unsafe) => counts.1 += 1,
            _ => {}
        }
    }
    counts
}

/// The run's totals over what is shown, with everything said about how the run was made.
fn summarize(run: &LintRun, results: &[Linted<String>], options: &ReportOptions) -> Summary {
    let mut summary = Summary {
        deleted_connectors: run.deleted.clone(),
        excluded_connectors: run.excluded,
        baseline: run.baseline_counts(),
        unjudged: run.unjudged.clone(),
        notices: run.notices.clone(),
        ..Summary::default()
    };
    for r in results {
        if !r.unjudged.is_empty() {
            summary.unjudged.extend(r.unjudged.iter().cloned());
            if r.diagnostics.is_empty() {
                continue;
            }
        }
        match r.unit {
            Unit::Connector => summary.add(options.shown(&r.diagnostics)),
            Unit::Solution(kind) => summary.add_input(kind, options.shown(&r.diagnostics)),
        }
        summary.hidden += r.diagnostics.len() - options.shown(&r.diagnostics).count();
        summary.profiles.push(ConnectorProfile {
            connector: r.connector.clone(),
            profile: r.profile.clone(),
        });
        summary.notices.extend(r.notice.clone());
        if let Some(message) = &r.note {
            summary.notes.push(Note {
                connector: r.connector.clone(),
                message: message.clone(),
            });
        }
    }
    summary
}

fn write_baseline(
    args: &LintArgs,
    path: &std::path::Path,
    results: &[Linted<String>],
    color: bool,
) -> u8 {
    let all: Vec<Diagnostic> = results
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    match crate::workspace::write_baseline(path, &all) {
        Ok(n) => {
            if !args.options.quiet {
                eprintln!(
                    "Wrote {n} findings of {} to {}.",
                    plural(results.len(), "connector"),
                    path.display()
                );
            }
            EXIT_OK
        }
        Err(e) => {
            print_error(color, &format!("cannot write `{}`: {e}", path.display()));
            EXIT_FAILURE
        }
    }
}

/// What `format` shows of one connector (`rendered`), as the run hands it over.
fn write_connector(
    out: &mut dyn Write,
    format: Format,
    json: &mut report::JsonReport,
    rendered: &str,
    flush: bool,
) -> std::io::Result<()> {
    match format {
        Format::Json => json.diagnostics(out, rendered)?,
        _ => out.write_all(rendered.as_bytes())?,
    }
    if flush {
        out.flush()?;
    }
    Ok(())
}

/// The output, but for what [`write_connector`] wrote already (each result's `rendered` is then
/// empty), and `json`, the JSON document as far as it was written.
#[allow(clippy::too_many_arguments)]
fn write_output(
    out: &mut dyn Write,
    args: &LintArgs,
    format: Format,
    mut json: report::JsonReport,
    results: &[Linted<String>],
    summary: &Summary,
    statistics: &Statistics,
    color: bool,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            for r in results {
                json.diagnostics(out, &r.rendered)?;
            }
            json.finish(
                out,
                summary,
                args.options.statistics.then_some(statistics),
                None,
            )?;
        }
        Format::Sarif => {
            let all = results
                .iter()
                .flat_map(|r| args.options.shown(&r.diagnostics));
            let (root, cwd) = crate::workspace::source_root();
            let catalog = report::RuleCatalog::Rules;
            report::write_sarif_run(out, all, &root, &cwd, catalog, Some(summary))?;
        }
        _ if args.options.statistics => {
            report::write_statistics(out, statistics, color)?;
            if !args.options.quiet {
                report::write_profiles(out, summary)?;
            }
        }
        Format::Github => {
            for r in results {
                out.write_all(r.rendered.as_bytes())?;
            }
            if !args.options.quiet {
                let mut line = Vec::new();
                report::write_profiles(&mut line, summary)?;
                let line = String::from_utf8_lossy(&line);
                if !line.trim().is_empty() {
                    writeln!(out, "::notice title=ppcert::{}", line.trim())?;
                }
            }
        }
        _ => {
            for r in results {
                out.write_all(r.rendered.as_bytes())?;
            }
            if !args.options.quiet {
                let shown = summary.errors + summary.warnings + summary.infos;
                report::write_digest(out, statistics, shown, Digest::default(), color)?;
                report::write_notes(out, summary, "lint")?;
                write_summary(out, summary, args, color)?;
                report::write_profiles(out, summary)?;
            }
        }
    }
    out.flush()
}

/// A clean result under a profile ppcert guessed, which is only as good as the guess: says so,
/// and how to make it certain (no full stop: the caller may add to the line).
pub(super) fn no_findings_under_a_guess(checked: &str, whom: &str) -> String {
    format!(
        "No findings in {checked}, judged under a profile inferred from the files for {whom}: pin it with --profile or `profile` in ppcert.toml for a final answer"
    )
}

/// The summary line. "All checks passed" only when at least one connector was checked, every
/// input could be judged, nothing was found, shown or hidden, and no profile was guessed.
fn write_summary(
    out: &mut dyn Write,
    s: &Summary,
    args: &LintArgs,
    color: bool,
) -> std::io::Result<()> {
    let unjudged = (!s.unjudged.is_empty()).then(|| {
        format!(
            "{} could not be checked (see the errors above)",
            plural(s.unjudged.len(), "path")
        )
    });
    if s.connectors == 0 && s.solution_inputs.is_empty() {
        let why = if let Some(u) = &unjudged {
            u.clone()
        } else if let Some(shard) = args.shard {
            format!("shard {shard} got none of the connectors found")
        } else if let Some(rev) = args.changed_since.as_ref().or(args.base.as_ref()) {
            format!("no connector changed since {rev}")
        } else if !s.notices.is_empty() || s.excluded_connectors > 0 {
            "every connector named is excluded by ppcert.toml".into()
        } else {
            "no connector found".into()
        };
        return writeln!(out, "Nothing checked: {why}.");
    }
    let mut checked = s.checked();
    if let Some(shard) = args.shard {
        checked = format!("{checked}, shard {shard}");
    }
    let shown = s.errors + s.warnings + s.infos;
    let hidden = (s.hidden > 0).then(|| {
        format!(
            "{} below --severity {} not shown",
            plural(s.hidden, "finding"),
            args.options.severity.map_or("", Severity::as_str)
        )
    });
    let guessed = (s.profiles.iter())
        .filter(|p| p.profile.reason.is_guess())
        .count();
    let mut line = if shown == 0 && s.hidden == 0 && unjudged.is_none() && guessed > 0 {
        let whom = if guessed == s.profiles.len() {
            if guessed == 1 {
                "it".to_owned()
            } else {
                "all of them".to_owned()
            }
        } else {
            format!("{guessed} of them")
        };
        no_findings_under_a_guess(&checked, &whom)
    } else if shown == 0 && s.hidden == 0 && unjudged.is_none() {
        let style = anstyle::AnsiColor::Green.on_default().bold();
        let text = format!("All checks passed ({checked}).");
        return if color {
            writeln!(out, "{style}{text}{style:#}")
        } else {
            writeln!(out, "{text}")
        };
    } else if shown == 0 {
        format!("No findings shown in {checked}")
    } else {
        let mut parts = vec![plural(s.errors, "error"), plural(s.warnings, "warning")];
        if s.infos > 0 {
            parts.push(plural(s.infos, "info"));
        }
        format!(
            "Found {} in {checked} ({} with errors)",
            parts.join(", "),
            s.failed_connectors
        )
    };
    for extra in [hidden, unjudged].into_iter().flatten() {
        line += "; ";
        line += &extra;
    }
    writeln!(out, "{line}.")
}
