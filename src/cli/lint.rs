//! `ppcert lint`.

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::connector::{Connector, Profile, Target, discover};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{RuleSelector, RuleSet, lint};
use crate::report::{self, Format, Statistics, Summary};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LintArgs {
    /// Connector folders, definition files, paconn settings.json files, or folders holding many
    /// connectors (every folder with an apiDefinition.swagger.json is one).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Lint as this profile instead of detecting it from the folder
    /// (certified-connectors/, independent-publisher-connectors/, anything else = custom).
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Only these rules: ids, `prefix-*`, file kinds (swagger, props, readme, ...) or ALL. Comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules (same forms as --select). Comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print findings only: no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

struct Outcome {
    diagnostics: Vec<Diagnostic>,
    rendered: String,
}

pub fn run(args: LintArgs, color: bool) -> u8 {
    let selector = match RuleSelector::new(args.select.clone(), args.ignore.clone()) {
        Ok(s) => s,
        Err(e) => {
            print_error(color, &e.to_string());
            return EXIT_FAILURE;
        }
    };
    let mut io_failed = false;
    let mut targets: Vec<Target> = Vec::new();
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
                print_error(color, &format!("cannot read `{}`: {e}", path.display()));
                io_failed = true;
            }
        }
    }
    targets.dedup();

    let set = RuleSet::new(&selector);
    let width = terminal_width();
    let format = args.format;
    let render = !args.statistics;
    let outcomes: Vec<Outcome> = targets
        .par_iter()
        .map(|target| {
            let connector = Connector::load(target, args.profile);
            let diagnostics = lint(&connector, &set);
            let rendered = if !render {
                String::new()
            } else {
                match format {
                    Format::Full => report::render_full(&connector, &diagnostics, color, width),
                    Format::Concise => report::render_concise(&diagnostics, color),
                    Format::Json => diagnostics
                        .iter()
                        .map(report::render_json_diagnostic)
                        .collect::<Vec<_>>()
                        .join(","),
                }
            };
            Outcome {
                diagnostics,
                rendered,
            }
        })
        .collect();

    let mut summary = Summary::default();
    let mut statistics = Statistics::default();
    for o in &outcomes {
        summary.add(&o.diagnostics);
        statistics.add(&o.diagnostics);
    }

    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed pipe (`ppcert lint | head`) is not an error worth reporting.
    let _ = (|| -> std::io::Result<()> {
        match format {
            Format::Json => {
                let rendered: Vec<String> = outcomes.iter().map(|o| o.rendered.clone()).collect();
                report::write_json_report(
                    &mut out,
                    &rendered,
                    &summary,
                    args.statistics.then_some(&statistics),
                )?;
            }
            _ if args.statistics => write_statistics(&mut out, &statistics, color)?,
            _ => {
                for o in &outcomes {
                    out.write_all(o.rendered.as_bytes())?;
                }
                if !args.quiet {
                    write_summary(&mut out, &summary, color)?;
                }
            }
        }
        out.flush()
    })();

    let failing = summary.errors > 0 || (args.deny_warnings && summary.warnings > 0);
    if io_failed {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn plural(n: usize, word: &str) -> String {
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

fn write_statistics(out: &mut dyn Write, stats: &Statistics, color: bool) -> std::io::Result<()> {
    let rows = stats.rows();
    let width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in rows {
        let sev = match r.severity {
            Severity::Error => "error  ",
            Severity::Warning => "warning",
            Severity::Info => "info   ",
        };
        let sev = if color {
            let style = match r.severity {
                Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
                Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
                Severity::Info => anstyle::AnsiColor::Cyan.on_default().bold(),
            };
            format!("{style}{sev}{style:#}")
        } else {
            sev.to_owned()
        };
        writeln!(
            out,
            "{:>7}  {sev}  {:<width$}  {}",
            r.count, r.rule, r.summary
        )?;
    }
    Ok(())
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
