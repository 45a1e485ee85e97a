//! `ppcert diff`: breaking changes between two versions of connector definitions.

use super::{EXIT_FAILURE, print_error};
use crate::diagnostic::plural;
use crate::report::{self, ConnectorProfile, Format, Note, Statistics, Summary};
use crate::workspace::{DiffRendered, DiffRun};
use std::io::Write;
use std::path::PathBuf;

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

pub fn run(args: DiffArgs, color: bool) -> u8 {
    let format = args.options.format();
    let mut request = args.options.request();
    request.paths = args.paths.clone();
    request.base = args.base.clone();
    request.reading = if args.lenient {
        crate::workspace::Reading::Lenient
    } else {
        crate::workspace::Reading::Validator
    };
    let mut run = match DiffRun::plan(&request) {
        Ok(run) => run,
        Err(failure) => {
            print_error(color, &failure.0);
            return EXIT_FAILURE;
        }
    };
    // With --base, removals point into `REF:path`, which GitHub and SARIF viewers cannot open.
    run.relocate_old_findings(
        args.base.is_some() && matches!(format, Format::Github | Format::Sarif),
    );
    let mut summary = Summary {
        deleted_connectors: run.deleted.clone(),
        unjudged: run.unjudged.clone(),
        notices: run.notices.clone(),
        ..Summary::default()
    };
    let width = super::terminal_width();
    let options = &args.options;
    let results = run.run(|diags, c| {
        if options.statistics {
            return String::new();
        }
        let shown = options.visible(diags, matches!(format, Format::Full | Format::Concise));
        report::render_pair(&shown, c.old.as_ref(), &c.new, format, color, width)
    });
    let mut statistics = Statistics::default();
    let mut failing = false;
    for r in &results {
        let diags = &r.outcome.diagnostics;
        summary.add(options.shown(diags));
        summary.hidden += diags.len() - options.shown(diags).count();
        statistics.add(options.shown(diags));
        summary.profiles.push(ConnectorProfile {
            connector: r.connector.clone(),
            profile: r.profile.clone(),
        });
        failing |= diags.iter().any(|d| options.fails(d.severity));
        if let Some(note) = &r.outcome.note {
            summary.notes.push(Note {
                connector: r.connector.clone(),
                message: note.clone(),
            });
        }
    }
    {
        let mut err = std::io::stderr().lock();
        let _ = report::write_unjudged(&mut err, &summary, color);
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
    super::exit_code(&summary, failing)
}

fn write_results(
    out: &mut dyn Write,
    results: &[DiffRendered<String>],
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
            let all = results
                .iter()
                .flat_map(|r| args.options.shown(&r.outcome.diagnostics));
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
        _ => {
            for r in results {
                out.write_all(r.rendered.as_bytes())?;
            }
            if !args.options.quiet && format != Format::Github {
                let shown = summary.errors + summary.warnings + summary.infos;
                report::write_digest(out, statistics, shown, report::Digest::default(), color)?;
                report::write_notes(out, summary, "compare")?;
                write_diff_summary(out, summary, color)?;
                report::write_profiles(out, summary)?;
            }
        }
    }
    out.flush()
}

fn write_diff_summary(out: &mut dyn Write, s: &Summary, color: bool) -> std::io::Result<()> {
    let compared_count = s.connectors - s.notes.len().min(s.connectors);
    let compared = plural(compared_count, "connector");
    let shown = s.errors + s.warnings + s.infos;
    if compared_count == 0 && shown == 0 {
        let why = if s.unjudged.is_empty() {
            "no connector had two versions to compare"
        } else {
            "see the errors above"
        };
        return writeln!(out, "Nothing compared: {why}.");
    }
    if shown == 0 && s.hidden > 0 {
        return writeln!(
            out,
            "No findings shown in {compared}; {} below --severity not shown.",
            plural(s.hidden, "finding")
        );
    }
    if shown == 0 && !s.unjudged.is_empty() {
        return writeln!(
            out,
            "No changes that affect existing flows in {compared}; {} could not be checked (see the errors above).",
            plural(s.unjudged.len(), "path")
        );
    }
    if shown == 0 {
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
