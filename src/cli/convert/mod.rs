//! `ppcert convert`: an OpenAPI 3 description to a connector folder; with `--update`, over a
//! previous version of the connector ([`update`]).

mod update;

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::connector::{Connector, Profile, display_path};
use crate::convert::{self, Conversion, Options, PROPS_FILE, README_FILE, SWAGGER_FILE, Syntax};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json::LineIndex;
use crate::report::{self, Format, Summary};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Inputs larger than this are refused (the largest real connector definition is about 1 MB).
const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

#[derive(clap::Args, Clone)]
#[command(after_long_help = convert::ids::help_text())]
pub struct ConvertArgs {
    /// The OpenAPI 3.0 or 3.1 description, JSON or YAML (3.1 is read as 3.0, with a finding for
    /// each construct rewritten or dropped).
    pub input: PathBuf,
    /// The connector folder to write apiDefinition.swagger.json, apiProperties.json and
    /// readme.md into (created if needed).
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// Output format of the findings [default: full, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The certification track the connector is for (brand colour, and the rules `--lint`
    /// runs) [default: detected from --out, as `lint` does].
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Lint the written connector too, and print what the author still has to do.
    #[arg(long)]
    pub lint: bool,
    /// Overwrite connector files already in the output folder.
    #[arg(long)]
    pub force: bool,
    /// Regenerate the connector in PREVIOUS_FOLDER from the new description: keep its author's
    /// edits (operationIds, texts, visibility, x-ms-* extensions, security, apiProperties.json,
    /// readme.md, icon, script, settings) and report the operations that appeared or
    /// disappeared and the breaking changes. --out may be PREVIOUS_FOLDER itself (updated in
    /// place) or a new folder (the previous files are copied there).
    #[arg(long, value_name = "PREVIOUS_FOLDER")]
    pub update: Option<PathBuf>,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print findings only: no summary lines.
    #[arg(long, short)]
    pub quiet: bool,
}

fn format_of(args: &ConvertArgs) -> Format {
    args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Full
        }
    })
}

pub fn run(args: ConvertArgs, color: bool) -> u8 {
    if let Some(previous) = args.update.clone() {
        return update::run(&args, &previous, color);
    }
    let format = format_of(&args);
    let profile = args.profile.unwrap_or_else(|| Profile::detect(&args.out));
    let input_display = display_path(&args.input);
    let folder_display = display_path(&args.out);
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(message) => {
            let d = unreadable(&input_display, &folder_display, profile, message);
            print(&args, format, color, &[], &[d], None, None);
            return EXIT_FAILURE;
        }
    };
    let opts = options(&args.input, &input_display, &folder_display, profile, &text);
    let Conversion {
        output,
        diagnostics,
    } = convert::convert(&text, &opts);
    let input_lines = LineIndex::new(&text);
    let sources = [report::Source {
        name: input_display.as_str(),
        text: text.as_str(),
        lines: &input_lines,
    }];
    let Some(output) = output else {
        print(&args, format, color, &sources, &diagnostics, None, None);
        return EXIT_FAILURE;
    };
    if let Err(message) = write_folder(&args.out, &output, args.force) {
        print(&args, format, color, &sources, &diagnostics, None, None);
        print_error(color, &message);
        return EXIT_FAILURE;
    }
    let linted = args.lint.then(|| lint_output(&args.out, profile)).flatten();
    let written = (!args.quiet).then_some(folder_display.as_str());
    print(
        &args,
        format,
        color,
        &sources,
        &diagnostics,
        linted.as_ref().map(|(c, d)| (c, d.as_slice())),
        written,
    );
    let all = diagnostics
        .iter()
        .chain(linted.iter().flat_map(|(_, d)| d.iter()));
    exit_for(all, args.deny_warnings)
}

/// 1 when `findings` hold an error (or a warning with --deny-warnings), else 0.
pub(super) fn exit_for<'a>(
    findings: impl Iterator<Item = &'a Diagnostic>,
    deny_warnings: bool,
) -> u8 {
    let (mut errors, mut warnings) = (0, 0);
    for d in findings {
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Info => {}
        }
    }
    if errors > 0 || (deny_warnings && warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

pub(super) fn read_input(path: &Path) -> Result<String, String> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err("the input is a folder; give the OpenAPI file".into());
    }
    let bytes = crate::connector::read_named_file(path, MAX_INPUT_BYTES)
        .map_err(|e| format!("the input {}", e.describe(MAX_INPUT_BYTES)))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the input is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn unreadable(file: &str, connector: &str, profile: Profile, message: String) -> Diagnostic {
    Diagnostic {
        rule: convert::ids::INPUT_UNREADABLE,
        severity: Severity::Error,
        message,
        file: file.to_owned(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        pointer: String::new(),
        validator_code: None,
        value_path: None,
        help: None,
        connector: connector.to_owned(),
        profile: profile.as_str(),
        span: None,
        fix: None,
        related: Vec::new(),
    }
}

fn write_folder(dir: &Path, out: &convert::Output, force: bool) -> Result<(), String> {
    let files = [
        (SWAGGER_FILE, &out.swagger),
        (PROPS_FILE, &out.props),
        (README_FILE, &out.readme),
    ];
    // What is there already, seen without following links or opening anything: opening a FIFO
    // to write blocks until someone reads it, and a link would write outside the folder.
    let existing: Vec<(&str, std::fs::FileType)> = files
        .iter()
        .filter_map(|(name, _)| {
            let meta = std::fs::symlink_metadata(dir.join(name)).ok()?;
            Some((*name, meta.file_type()))
        })
        .collect();
    if let Some((name, _)) = existing.iter().find(|(_, t)| !t.is_file()) {
        return Err(format!(
            "`{}` is not a regular file (a folder, link, FIFO or device); nothing was written",
            display_path(&dir.join(name))
        ));
    }
    if !force {
        let existing: Vec<&str> = existing.iter().map(|(name, _)| *name).collect();
        if !existing.is_empty() {
            return Err(format!(
                "`{}` already holds {}; nothing was written (use --force to overwrite)",
                display_path(dir),
                existing.join(", ")
            ));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create `{}`: {e}", display_path(dir)))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| format!("cannot write `{}`: {e}", display_path(&path)))?;
    }
    Ok(())
}

fn count(diags: &[Diagnostic]) -> Summary {
    let mut s = Summary::default();
    s.add(diags);
    s
}

/// "Lint (certified): 0 errors, 2 warnings left for the author."
pub(super) fn lint_line(profile: Option<Profile>, diags: &[Diagnostic]) -> String {
    let l = count(diags);
    format!(
        "Lint ({}): {}, {}{} left for the author.",
        profile.map_or_else(|| "detected profile".to_owned(), |p| p.as_str().to_owned()),
        plural(l.errors, "error"),
        plural(l.warnings, "warning"),
        if l.infos > 0 {
            format!(", {}", plural(l.infos, "info"))
        } else {
            String::new()
        }
    )
}

/// The converter's options for `input` (shown as `input_display`) into `folder_display`.
pub(super) fn options(
    input: &Path,
    input_display: &str,
    folder_display: &str,
    profile: Profile,
    text: &str,
) -> Options {
    Options {
        input: input_display.to_owned(),
        connector: folder_display.to_owned(),
        profile,
        syntax: Syntax::detect(input, text),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Prints the conversion's findings, then (with --lint) the lint findings, in `format`.
#[allow(clippy::too_many_arguments)]
fn print(
    args: &ConvertArgs,
    format: Format,
    color: bool,
    sources: &[report::Source<'_>],
    converted: &[Diagnostic],
    linted: Option<(&Connector, &[Diagnostic])>,
    written: Option<&str>,
) {
    let width = super::terminal_width();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let lint_diags = linted.map_or(&[][..], |(_, d)| d);
    // A closed pipe is not an error worth reporting.
    let _ = (|| -> std::io::Result<()> {
        match format {
            Format::Json => {
                let rendered: Vec<String> = converted
                    .iter()
                    .chain(lint_diags)
                    .map(report::render_json_diagnostic)
                    .collect();
                let mut summary = count(converted);
                let lint_summary = count(lint_diags);
                summary.errors += lint_summary.errors;
                summary.warnings += lint_summary.warnings;
                summary.infos += lint_summary.infos;
                summary.failed_connectors = usize::from(summary.errors > 0);
                report::write_json_report(
                    &mut out,
                    rendered.iter().map(String::as_str),
                    &summary,
                    None,
                )?;
            }
            Format::Sarif => {
                let all = converted.iter().chain(lint_diags);
                let (root, cwd) = crate::workspace::source_root();
                let catalog = report::RuleCatalog::RulesAndConvert;
                report::write_sarif(&mut out, all, &root, &cwd, catalog)?;
            }
            Format::Github => {
                out.write_all(report::render_github(converted).as_bytes())?;
                out.write_all(report::render_github(lint_diags).as_bytes())?;
            }
            Format::Full | Format::Concise => {
                if format == Format::Full {
                    out.write_all(
                        report::render_full_sources(sources, converted, color, width).as_bytes(),
                    )?;
                    if let Some((c, d)) = linted {
                        out.write_all(report::render_full(c, d, color, width).as_bytes())?;
                    }
                } else {
                    out.write_all(report::render_concise(converted, color).as_bytes())?;
                    out.write_all(report::render_concise(lint_diags, color).as_bytes())?;
                }
                if args.quiet {
                    return Ok(());
                }
                let s = count(converted);
                if let Some(folder) = written {
                    writeln!(
                        out,
                        "Wrote {SWAGGER_FILE}, {PROPS_FILE} and {README_FILE} to `{folder}`."
                    )?;
                }
                writeln!(
                    out,
                    "Conversion: {}, {}, {}.",
                    plural(s.errors, "error"),
                    plural(s.warnings, "warning"),
                    plural(s.infos, "info")
                )?;
                if linted.is_some() {
                    writeln!(out, "{}", lint_line(args.profile, lint_diags))?;
                }
            }
        }
        out.flush()
    })();
}

/// Lints the written folder with every default rule of `profile` (no configuration: the folder
/// is new).
fn lint_output(
    out: &std::path::Path,
    profile: Profile,
) -> Option<(crate::connector::Connector, Vec<Diagnostic>)> {
    let request = crate::workspace::Request {
        paths: vec![out.to_path_buf()],
        rules: crate::config::RuleSettings {
            profile: Some(profile),
            ..Default::default()
        },
        config: crate::workspace::ConfigSource::Isolated,
        ..Default::default()
    };
    let run = crate::workspace::LintRun::plan(&request).ok()?;
    run.run_keeping()
        .into_iter()
        .next()
        .map(|(connector, linted)| (connector, linted.diagnostics))
}
