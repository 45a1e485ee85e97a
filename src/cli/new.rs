//! `ppcert new`: a connector folder for a track, from the templates or an OpenAPI description.

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error, print_warning};
use crate::connector::{Profile, display_path};
use crate::convert::{self, Conversion, Options, Syntax};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json::LineIndex;
use crate::report;
use crate::scaffold::{self, Placement, Plan};
use std::path::PathBuf;

/// Prints to stdout; a closed pipe (`ppcert new X | head`) is not an error worth a panic.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = std::io::stdout().write_all(format!($($arg)*).as_bytes());
    }};
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        out!($($arg)*);
        out!("\n");
    }};
}

/// The rule that reports placeholders; its findings are the author's to-do list.
const PLACEHOLDER_RULE: &str = "placeholder-todo";

/// Other lint findings listed after creation; `ppcert lint` shows the rest.
const MAX_OTHER_FINDINGS: usize = 10;

#[derive(clap::Args, Clone)]
#[command(after_long_help = "\
In a PowerPlatformConnectors checkout (a folder holding certified-connectors/,
independent-publisher-connectors/ or custom-connectors/), the connector goes into the track's
folder; elsewhere into NAME, with a .ppcert.toml that pins the profile for `ppcert lint`.

Every value only the author can decide is a placeholder: `TODO: ...` text, TODO.example.com
addresses, and a certified connector's brand colour #70d0d0. `ppcert lint` reports each one as a
placeholder-todo warning; the folder has no errors.")]
pub struct NewArgs {
    /// The connector's name: the folder's name and the definition's title. Spaces are fine
    /// ("Contoso Weather"); certified and independent-publisher titles follow the title rules
    /// (at most 30 characters, no "API" or "Connector", ending in a letter or digit).
    pub name: String,
    /// The certification track [required, except inside a track folder, whose name decides].
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Start from this OpenAPI 3.0 or 3.1 description (JSON or YAML), converted as `ppcert
    /// convert` does, instead of the template's sample operation.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Create the connector under DIR instead of the current folder (under DIR's track folder
    /// when DIR is a PowerPlatformConnectors checkout).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(args: NewArgs, color: bool) -> u8 {
    let base = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let plan = match scaffold::plan(&args.name, args.profile, &base) {
        Ok(p) => p,
        Err(message) => {
            print_error(color, &message);
            return EXIT_FAILURE;
        }
    };
    let mut converted_errors = false;
    let converted = match &args.from {
        None => None,
        Some(input) => match convert_input(input, &plan, color) {
            Ok((output, had_errors)) => {
                converted_errors = had_errors;
                Some(output)
            }
            Err(()) => return EXIT_FAILURE,
        },
    };
    let rendered = match scaffold::render(&plan, converted.as_ref()) {
        Ok(r) => r,
        Err(message) => {
            print_error(color, &format!("{message}; nothing was written"));
            return EXIT_FAILURE;
        }
    };
    if let Err(message) = scaffold::write(&plan, &rendered.files) {
        print_error(color, &message);
        return EXIT_FAILURE;
    }
    print_created(&plan, &rendered);
    for d in &plan.title_warnings {
        print_warning(color, &format!("the title: {} ({})", d.message, d.rule));
    }
    if let Some(config) = &plan.shadowed_config {
        print_warning(
            color,
            &format!(
                "{} in the new folder takes the place of `{}` for it: ppcert reads only the nearest configuration file",
                scaffold::CONFIG_FILE,
                display_path(config)
            ),
        );
    }
    let lint_errors = print_lint(&plan, color);
    outln!("\nNext steps:");
    for (i, step) in scaffold::next_steps(&plan, &rendered).iter().enumerate() {
        outln!("  {}. {step}", i + 1);
    }
    if converted_errors || lint_errors {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Converts `input` as `ppcert convert` does and prints its findings the same way; `Err` when
/// nothing can be made of it (the error is printed). The findings about the readme skeleton and
/// the placeholder brand colour are left out: `new` writes its own readme and colour.
fn convert_input(
    input: &std::path::Path,
    plan: &Plan,
    color: bool,
) -> Result<(convert::Output, bool), ()> {
    let input_display = display_path(input);
    let text = super::convert::read_input(input).map_err(|message| {
        print_error(
            color,
            &format!("{input_display}: {message}; nothing was written"),
        );
    })?;
    let opts = Options {
        input: input_display.clone(),
        connector: display_path(&plan.folder),
        profile: plan.profile,
        syntax: Syntax::detect(input, &text),
    };
    let Conversion {
        output,
        diagnostics,
    } = convert::convert(&text, &opts);
    let diagnostics: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| {
            d.rule != convert::ids::README_SKELETON
                && d.rule != convert::ids::BRAND_COLOR_PLACEHOLDER
        })
        .collect();
    let lines = LineIndex::new(&text);
    let sources = [report::Source {
        name: input_display.as_str(),
        text: text.as_str(),
        lines: &lines,
    }];
    out!(
        "{}",
        report::render_full_sources(&sources, &diagnostics, color, super::terminal_width())
    );
    let mut summary = report::Summary::default();
    summary.add(&diagnostics);
    outln!(
        "Conversion of `{input_display}`: {}, {}, {}.",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info")
    );
    match output {
        Some(output) => Ok((output, summary.errors > 0)),
        None => {
            print_error(
                color,
                &format!("`{input_display}` cannot be converted; nothing was written"),
            );
            Err(())
        }
    }
}

fn print_created(plan: &Plan, rendered: &scaffold::Rendered) {
    let where_ = match &plan.placement {
        Placement::Repository { track } => format!(" in {track}/ of the checkout"),
        Placement::InTrack { track } => format!(" in {track}/"),
        Placement::Standalone => String::new(),
    };
    let profile = plan.profile.as_str();
    let article = if profile.starts_with('i') { "an" } else { "a" };
    outln!(
        "Created `{}`, {article} {profile} connector{where_}:",
        display_path(&plan.folder)
    );
    let width = rendered
        .files
        .iter()
        .map(|f| f.name.len())
        .max()
        .unwrap_or(0);
    for f in &rendered.files {
        outln!("  {:width$}  {}", f.name, f.purpose);
    }
}

/// Lints the new folder as `ppcert lint` would (configuration files included) and prints the
/// verdict, the placeholders and the other findings; true when there are errors.
fn print_lint(plan: &Plan, color: bool) -> bool {
    let request = crate::workspace::Request {
        paths: vec![plan.folder.clone()],
        ..Default::default()
    };
    let linted = crate::workspace::LintRun::plan(&request)
        .map(|run| run.run_keeping())
        .unwrap_or_default();
    let Some((_, linted)) = linted.into_iter().next() else {
        print_warning(
            color,
            "the new folder could not be linted; run `ppcert lint` on it",
        );
        return false;
    };
    if linted.profile.profile != plan.profile {
        print_warning(
            color,
            &format!(
                "`ppcert lint` judges the folder as {} ({}), not {}: pin the profile in that configuration file",
                linted.profile.profile.as_str(),
                linted.profile.reason.describe(),
                plan.profile.as_str()
            ),
        );
    }
    let (todo, other): (Vec<Diagnostic>, Vec<Diagnostic>) = linted
        .diagnostics
        .into_iter()
        .partition(|d| d.rule == PLACEHOLDER_RULE);
    let mut summary = report::Summary::default();
    summary.add(&todo);
    summary.add(&other);
    outln!(
        "\nLint: {}, {}; profile {}.",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        linted.profile
    );
    let folder = display_path(&plan.folder);
    if !todo.is_empty() {
        outln!(
            "\nTo do: {}, which `ppcert lint` reports (placeholder-todo) until you replace them:",
            plural(todo.len(), "placeholder")
        );
        for d in &todo {
            outln!("  {}  {}", place(d, &folder), d.message);
        }
    }
    let mut other = other;
    other.sort_by_key(|d| d.severity != Severity::Error);
    if !other.is_empty() {
        outln!("\nAlso reported:");
        let shown = &other[..other.len().min(MAX_OTHER_FINDINGS)];
        for d in shown {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            outln!(
                "  {}  {severity}[{}] {}",
                place(d, &folder),
                d.rule,
                d.message
            );
        }
        if other.len() > shown.len() {
            outln!(
                "... and {} more: run `ppcert lint` on the folder",
                other.len() - shown.len()
            );
        }
    }
    summary.errors > 0
}

/// `file:line:column` of a finding, the file relative to the new folder.
fn place(d: &Diagnostic, folder: &str) -> String {
    let file = match d
        .file
        .strip_prefix(folder)
        .map(|f| f.trim_start_matches('/'))
    {
        Some("") => folder,
        Some(f) => f,
        None => d.file.as_str(),
    };
    format!("{file}:{}:{}", d.line, d.column)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
