//! The command line: `ppcert lint`, `ppcert diff`, `ppcert rules`, `ppcert explain`,
//! `ppcert submit`, `ppcert convert`, `ppcert new`, and the Power Platform commands (`login`, `logout`, `env`,
//! `connector`, `deploy`, `download`, `validate`).

mod convert;
mod deploy;
mod diff;
mod explain;
mod lint;
mod new;
mod options;
mod server;
mod submit;
mod watch;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit codes, as ruff and cargo use them.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILURE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "ppcert",
    version,
    about = "Lint Power Platform custom connectors against Microsoft's certification rules, offline; find breaking changes between versions, convert OpenAPI 3, deploy to environments, and submit pull requests."
)]
#[command(propagate_version = true, arg_required_else_help = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// The options of every subcommand.
#[derive(clap::Args)]
pub struct GlobalArgs {
    /// When to use colours (also honours NO_COLOR and CLICOLOR_FORCE).
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// Lint connector folders, definition files or whole repositories of connectors.
    Lint(lint::LintArgs),
    /// Report breaking changes between two versions of connector definitions.
    Diff(diff::DiffArgs),
    /// List the rules (`--format json` for machines).
    Rules(explain::RulesArgs),
    /// Show a rule's documentation; or the rules behind a `ppcert convert` finding or a
    /// Microsoft Swagger Validator code.
    Explain(explain::ExplainArgs),
    /// Lint a connector folder, then open or update its pull request on
    /// microsoft/PowerPlatformConnectors.
    Submit(submit::SubmitArgs),
    /// Convert an OpenAPI 3 description (JSON or YAML) into a connector folder, reporting
    /// everything that could not be carried over.
    Convert(convert::ConvertArgs),
    /// Create a connector folder for a certification track, with a TODO placeholder wherever the
    /// author must decide; from the templates or an OpenAPI 3 description.
    New(new::NewArgs),
    /// Sign in to Power Platform (device code; silent renewal afterwards).
    Login(deploy::LoginArgs),
    /// Forget the Power Platform sign-in on this machine.
    Logout(deploy::LogoutArgs),
    /// Power Platform environments: `ppcert env list`.
    Env(deploy::EnvArgs),
    /// Connectors of an environment: `ppcert connector list --env ENV`.
    Connector(deploy::ConnectorArgs),
    /// Lint a connector folder, then create or update it in an environment (or a solution).
    Deploy(deploy::DeployArgs),
    /// Download a connector from an environment into a folder, saying what changed.
    Download(deploy::DownloadArgs),
    /// Lint a connector folder; with --online, also ask Microsoft's validator and compare.
    Validate(deploy::ValidateArgs),
    /// Run the language server (LSP over stdin/stdout) for editors.
    Server(server::ServerArgs),
}

/// 2 when an input could not be judged, whatever else passed; 1 on failing findings; else 0.
pub(crate) fn exit_code(summary: &crate::report::Summary, failing: bool) -> u8 {
    if !summary.unjudged.is_empty() {
        EXIT_FAILURE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The width snippets are wrapped to: `COLUMNS`, else 100.
pub(crate) fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Whether stdout gets colours.
pub fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The global options and `lint` alone, for [`parse_lint_quickly`].
fn lint_only_tree() -> clap::Command {
    use clap::Args;
    let lint = lint::LintArgs::augment_args(clap::Command::new("lint"));
    GlobalArgs::augment_args(clap::Command::new("ppcert")).subcommand(lint)
}

/// `ppcert lint …`, which editors and hooks run on every save, parsed against a tree of just
/// the global options and `lint`: building all sixteen subcommands is half of a 0.5 ms parse.
/// Only a clean parse is taken; help, `--version` and errors come from the whole tree.
fn parse_lint_quickly(args: &[std::ffi::OsString]) -> Option<Cli> {
    use clap::FromArgMatches;
    if args.get(1)? != "lint" {
        return None;
    }
    let matches = lint_only_tree().try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = match parse_lint_quickly(&args) {
        Some(cli) => Ok(cli),
        None => Cli::try_parse_from(&args),
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let color = use_color(cli.global.color);
    if matches!(
        cli.command,
        Command::Lint(_)
            | Command::Diff(_)
            | Command::Rules(_)
            | Command::Explain(_)
            | Command::Convert(_)
            | Command::New(_)
            | Command::Server(_)
    ) {
        skip_tls_setup();
    }
    let code = match cli.command {
        Command::Lint(args) if args.watch => watch::run(args, color),
        Command::Lint(args) => lint::run_once(&args, color),
        Command::Diff(args) => diff::run(args, color),
        Command::Rules(args) => explain::rules(args, color),
        Command::Explain(args) => explain::explain(args, color),
        Command::Submit(args) => submit::run(args, color),
        Command::Convert(args) => convert::run(args, color),
        Command::New(args) => new::run(args, color),
        Command::Login(args) => deploy::login(args, color),
        Command::Logout(args) => deploy::logout(args, color),
        Command::Env(args) => deploy::environments(args, color),
        Command::Connector(args) => deploy::connectors(args, color),
        Command::Deploy(args) => deploy::deploy(args, color),
        Command::Download(args) => deploy::download(args, color),
        Command::Validate(args) => deploy::validate(args, color),
        Command::Server(args) => server::run(args),
    };
    ExitCode::from(code)
}

/// libgit2 (built with HTTPS for `submit`) loads the system's CA bundle when it starts, which
/// costs about 30 ms: a third of a `--changed-since` run. Only `submit` talks TLS through git, so
/// the other commands point OpenSSL at an empty bundle.
fn skip_tls_setup() {
    #[cfg(unix)]
    // SAFETY: called at the start of `main`, before any other thread exists.
    unsafe {
        std::env::set_var("SSL_CERT_FILE", "/dev/null");
    }
}

/// Prints an error to stderr in the `error: ...` style of cargo and ruff.
pub(crate) fn print_error(color: bool, message: &str) {
    // Messages may quote bad input; a huge value must not become a huge line.
    let message = crate::diagnostic::abbreviate(message, 4000);
    let style = anstyle::AnsiColor::Red.on_default().bold();
    if color {
        eprintln!("{style}error{style:#}: {message}");
    } else {
        eprintln!("error: {message}");
    }
}

/// Prints a warning to stderr in the `warning: ...` style of cargo and ruff.
pub(crate) fn print_warning(color: bool, message: &str) {
    let style = anstyle::AnsiColor::Yellow.on_default().bold();
    if color {
        eprintln!("{style}warning{style:#}: {message}");
    } else {
        eprintln!("warning: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// What a parse gave each of `lint`'s options, and the colour.
    fn parsed(matches: &clap::ArgMatches) -> Vec<String> {
        let lint = matches.subcommand_matches("lint").expect("lint");
        let mut out = vec![format!(
            "{:?}",
            lint.get_raw("color").map(|v| v.collect::<Vec<_>>())
        )];
        for arg in lint_only_tree()
            .find_subcommand("lint")
            .unwrap()
            .get_arguments()
        {
            let id = arg.get_id().as_str();
            out.push(format!(
                "{id}: {:?} {:?}",
                lint.get_raw(id).map(|v| v.collect::<Vec<_>>()),
                lint.value_source(id)
            ));
        }
        out
    }

    #[test]
    fn lint_parses_the_same_with_the_whole_tree() {
        let cases: &[&[&str]] = &[
            &["ppcert", "lint"],
            &["ppcert", "lint", "a", "b/c"],
            &[
                "ppcert",
                "lint",
                "--format",
                "json",
                "--select",
                "spelling,basepath-slash",
                "x",
            ],
            &[
                "ppcert",
                "lint",
                "--color",
                "never",
                "--fix",
                "--unsafe-fixes",
                ".",
            ],
            &[
                "ppcert",
                "lint",
                "--profile",
                "certified",
                "--statistics",
                "--",
                "--odd",
            ],
            &["ppcert", "lint", "--shard", "1/2", "--isolated", "."],
            &["ppcert", "lint", "--watch", "."],
            // Refused by both alike.
            &["ppcert", "lint", "--watch", "--shard", "1/2", "."],
            &["ppcert", "lint", "--format", "nonsense"],
        ];
        for case in cases {
            let whole = Cli::command().try_get_matches_from(*case);
            let quick = lint_only_tree().try_get_matches_from(*case);
            match (whole, quick) {
                (Ok(w), Ok(q)) => assert_eq!(parsed(&w), parsed(&q), "{case:?}"),
                (Err(w), Err(q)) => assert_eq!(w.kind(), q.kind(), "{case:?}"),
                (w, q) => panic!("{case:?}: {:?} / {:?}", w.err(), q.err()),
            }
        }
        // What the quick tree refuses goes to the whole one: help, versions, mistakes.
        for case in [
            &["ppcert", "lint", "--help"][..],
            &["ppcert", "lint", "--version"],
            &["ppcert", "lint", "--no-such-option"],
            &["ppcert", "--color", "never", "lint"],
        ] {
            let args: Vec<std::ffi::OsString> = case.iter().map(Into::into).collect();
            assert!(parse_lint_quickly(&args).is_none(), "{case:?}");
        }
    }
}
