//! `ppcert submit`: lint, then plan and (unless `--dry-run`) open or update the pull request.
//! The work is in [`crate::submit`]; this module is the command line around it: options, the
//! lint gate, the confirmations ([`confirm`]) and what the user reads ([`plan`]).

mod confirm;
mod plan;

use super::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error, print_warning};
use crate::config::RuleSettings;
use crate::connector::{Profile, discover};
use crate::diagnostic::Severity;
use crate::report::{self, Summary};
use crate::submit::body::{self, LintFacts, Template};
use crate::submit::checklist::{self, Checklist};
use crate::submit::{ConnectorFolder, Known, Options, Plan, Reporter, Token, execute, prepare};
use plan::{Attestations, Offline, OfflinePlan, Submission};
use std::cell::Cell;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args, Clone)]
pub struct SubmitArgs {
    /// The connector folder to submit.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the whole plan (fork, branch, folder, files, title, lint, check boxes, body) and
    /// write nothing.
    ///
    /// When there is no token, or GitHub cannot be reached (no network, a refused connection, a
    /// timeout, a server error), the plan holds what can be decided offline and lists each
    /// thing it could not check as `not checked: ...`. Exit code 0 then means: the plan was
    /// printed and the lint passed; it does not say that GitHub would accept the submission.
    /// A rejected token or a missing repository is an error (exit 2), as in a submission.
    #[arg(long, verbatim_doc_comment)]
    pub dry_run: bool,
    /// Submit even when ppcert finds errors; the pull request body says they were overridden.
    #[arg(long)]
    pub force: bool,
    /// The connector's folder name upstream [default: the local folder's name].
    #[arg(long)]
    pub name: Option<String>,
    /// Submit as this profile instead of detecting it from the path; it decides the folder
    /// upstream (certified-connectors/, independent-publisher-connectors/, custom-connectors/).
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// The folder upstream you mean to submit to. ppcert refuses when the profile puts the
    /// connector elsewhere. custom-connectors/ holds samples that Microsoft never certifies or
    /// publishes, so ppcert asks before it submits there, and without a terminal (CI) it
    /// submits there only with `--target custom-connectors`.
    #[arg(long, value_enum, value_name = "FOLDER")]
    pub target: Option<confirm::TargetFolder>,
    /// The pull request's title [default: `<Name> (Independent Publisher)` for independent
    /// publishers, the connector's name otherwise].
    #[arg(long)]
    pub title: Option<String>,
    /// Tick the check boxes of upstream's pull-request template that you confirm, by name
    /// (comma-separated or repeated), or `all`. On a terminal ppcert asks for the others.
    ///
    /// The names (items are named after what they say, so they stay right when upstream
    /// renumbers its template; `--dry-run` lists the current template's):
    ///   not-duplicate     the connector does not already exist (platform, open pull requests)
    ///   works             you deployed the connector and tested every operation
    ///   descriptions      every operation and parameter has a detailed description
    ///   response-schemas  every action has a response schema, unless it is dynamic
    ///   paconn-validate   `paconn validate` passes on apiDefinition.swagger.json
    ///   icon-and-color    certified: a valid brand colour; independent publisher: no icon
    ///   pr-title          the title is "Connector Name (Independent Publisher)"
    ///   flow-screenshots  screenshots of 3 operations working in flows are in the description
    ///   test-screenshot   a screenshot of the Test operations section is in the description
    ///   oauth-steps       for OAuth, the readme explains how to create the app
    /// A name that the template in use does not have is an error (exit 2).
    #[arg(long, value_delimiter = ',', value_name = "NAME", verbatim_doc_comment)]
    pub attest: Vec<String>,
    /// Rewrite the title and body of the open pull request (they are left alone by default,
    /// so screenshots pasted into the body survive re-runs).
    #[arg(long)]
    pub update_body: bool,
    /// Read the token from this environment variable [default: GITHUB_TOKEN, then GH_TOKEN,
    /// then `gh auth token`].
    #[arg(long, value_name = "NAME")]
    pub token_env: Option<String>,
    /// GitHub's API; for GitHub Enterprise Server `https://HOST/api/v3`.
    #[arg(long, default_value = "https://api.github.com", value_name = "URL")]
    pub api_url: String,
    /// The repository receiving the pull request.
    #[arg(
        long,
        default_value = "microsoft/PowerPlatformConnectors",
        value_name = "OWNER/REPO"
    )]
    pub upstream: String,
    /// The branch the pull request targets.
    #[arg(long, default_value = "dev", value_name = "BRANCH")]
    pub base_branch: String,
    /// Where the shallow copy of upstream is kept [default: the user cache folder].
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Do not sync your fork's base branch with upstream before pushing.
    #[arg(long)]
    pub no_sync_fork: bool,
    /// How long to wait for a new fork to be ready, in seconds.
    #[arg(long, default_value_t = 300.0, value_name = "SECONDS")]
    pub fork_timeout: f64,
    /// Use this configuration file for the lint instead of the nearest ppcert.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files for the lint.
    #[arg(long)]
    pub isolated: bool,
    /// Print only warnings, errors and the pull request's address.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: SubmitArgs, color: bool) -> u8 {
    // A misspelt --attest must not cost a lint and a fetch.
    if let Err(message) = checklist::check_names(&args.attest) {
        print_error(color, &message);
        return EXIT_FAILURE;
    }
    let (folder, lint, profile_reason) = match lint_gate(&args, color) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let submission = Submission {
        folder: &folder,
        lint: &lint,
        profile_reason: &profile_reason,
    };
    if let Err(message) = confirm::target_folder(&args, &submission) {
        print_error(color, &message);
        return EXIT_FAILURE;
    }
    let opts = match options(&args) {
        Ok(o) => o,
        Err(message) => {
            print_error(color, &message);
            return EXIT_FAILURE;
        }
    };
    let token = match Token::find(args.token_env.as_deref()) {
        Ok(Some(t)) => t,
        Ok(None) if args.dry_run => {
            return offline_plan(
                &args,
                &submission,
                &Known::default(),
                &Offline::NoToken,
                color,
            );
        }
        Ok(None) => {
            print_error(
                color,
                "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a classic token with the `public_repo` scope, name another variable with --token-env, or log in with `gh auth login`",
            );
            return EXIT_FAILURE;
        }
        Err(e) => {
            print_error(color, &e.to_string());
            return EXIT_FAILURE;
        }
    };
    let reporter = CliReporter::new(&args, color, &token);
    let fail = |e: &dyn std::fmt::Display| {
        print_error(color, &token.redact(&e.to_string()));
        EXIT_FAILURE
    };

    let mut known = Known::default();
    let (session, plan) = match prepare(&folder, &token, &opts, &reporter, &mut known) {
        Ok(x) => x,
        // A dry run still shows what it can: GitHub's silence is reported, not a plan.
        Err(e) if args.dry_run && e.is_unreachable() => {
            let reason = token.redact(&e.to_string());
            reporter.warn(&format!(
                "{reason}; planning without GitHub (the plan says what could not be checked)"
            ));
            return offline_plan(
                &args,
                &submission,
                &known,
                &Offline::Unreachable(reason),
                color,
            );
        }
        Err(e) => return fail(&e),
    };
    if let Some(dup) = &plan.near_duplicate {
        reporter.warn(&format!(
            "upstream has `{dup}`, whose name differs from `{}` only in case: is this the same connector? (--name sets the folder name)",
            folder.repo_path()
        ));
    }
    if plan.nothing_to_submit() {
        if !args.quiet {
            println!(
                "Up to date: {} {} already holds {} exactly as it is here; nothing to submit.",
                plan.upstream.full_name,
                plan.base_branch,
                folder.repo_path()
            );
        }
        return EXIT_OK;
    }
    let checklist = Checklist::of(&plan.template);
    let source = format!(
        "the template on {} {}",
        plan.upstream.full_name, plan.base_branch
    );
    let ticked = match attestations(&args, &checklist, &source, &plan, &opts, &reporter) {
        Ok(t) => t,
        Err(e) => return fail(&e),
    };
    let body = body::render(&plan.template, &ticked, &folder, &lint);

    let mut out = std::io::stdout().lock();
    if args.dry_run {
        let attest = Attestations {
            checklist: &checklist,
            ticked: &ticked,
            source: &source,
        };
        let _ = plan::write_plan(&mut out, &submission, &plan, &opts, &attest, &body, color);
        return EXIT_OK;
    }
    let outcome = match execute(&session, &plan, &body, &reporter) {
        Ok(o) => o,
        Err(e) => return fail(&e),
    };
    let _ = plan::write_outcome(&mut out, &args, &folder, &plan, &outcome, color);
    EXIT_OK
}

/// A dry run without (part of) GitHub: the plan from what is known, with the check boxes of
/// the template read before GitHub stopped answering, else of ppcert's bundled copy.
fn offline_plan(
    args: &SubmitArgs,
    submission: &Submission<'_>,
    known: &Known,
    why: &Offline,
    color: bool,
) -> u8 {
    let folder = submission.folder;
    let tree = match crate::submit::folder_tree_in_memory(folder) {
        Ok(t) => t,
        Err(e) => {
            print_error(color, &e.to_string());
            return EXIT_FAILURE;
        }
    };
    let (template, source) = match &known.template {
        Some(t) => (
            t.clone(),
            format!("the template on {} {}", args.upstream, args.base_branch),
        ),
        None => (
            Template::parse(checklist::BUNDLED_TEMPLATE),
            "ppcert's bundled copy of upstream's template".to_owned(),
        ),
    };
    let checklist = Checklist::of(&template);
    // Offline, a known name that this copy lacks may still be in upstream's current template:
    // it is listed as not checked rather than refused.
    let (ticked, unresolved) = match checklist.resolve_offline(&args.attest, &source) {
        Ok(x) => x,
        Err(message) => {
            print_error(color, &message);
            return EXIT_FAILURE;
        }
    };
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| crate::submit::folder::pr_title(&folder.name, folder.profile));
    let body = body::render(&template, &ticked, folder, submission.lint);
    let offline = OfflinePlan {
        args,
        known,
        why,
        tree: tree.to_string(),
        title,
        unresolved: &unresolved,
    };
    let attest = Attestations {
        checklist: &checklist,
        ticked: &ticked,
        source: &source,
    };
    let mut out = std::io::stdout().lock();
    let _ = plan::write_offline_plan(&mut out, submission, &offline, &attest, &body, color);
    EXIT_OK
}

fn options(args: &SubmitArgs) -> Result<Options, String> {
    if !(args.fork_timeout.is_finite() && args.fork_timeout >= 0.0) {
        return Err("--fork-timeout must be a number of seconds".into());
    }
    Ok(Options {
        api_url: args.api_url.clone(),
        upstream: args.upstream.clone(),
        base_branch: args.base_branch.clone(),
        cache_dir: args.cache_dir.clone().unwrap_or_else(default_cache_dir),
        title: args.title.clone(),
        update_body: args.update_body,
        sync_fork: !args.no_sync_fork,
        fork_timeout: Duration::from_secs_f64(args.fork_timeout),
    })
}

/// `$XDG_CACHE_HOME/ppcert`, `~/.cache/ppcert`, or `%LOCALAPPDATA%\ppcert`.
fn default_cache_dir() -> PathBuf {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from("XDG_CACHE_HOME")
        .or_else(|| from("LOCALAPPDATA"))
        .or_else(|| from("HOME").map(|h| h.join(".cache")))
        .unwrap_or_else(std::env::temp_dir)
        .join("ppcert")
}

/// Lints the folder (with its configuration, as `ppcert lint` would) and refuses a connector
/// with errors unless `--force`. Built on the library, not on `lint.rs`, so that the two
/// commands can change independently.
fn lint_gate(args: &SubmitArgs, color: bool) -> Result<(ConnectorFolder, LintFacts, String), u8> {
    let fail = |message: String| {
        print_error(color, &message);
        EXIT_FAILURE
    };
    let targets = discover(&args.path)
        .map_err(|e| fail(format!("cannot read `{}`: {e}", args.path.display())))?;
    let target = match targets.as_slice() {
        [target] => target,
        [] => {
            return Err(fail(format!(
                "no connector found in `{}` (a connector folder holds an apiDefinition.swagger.json)",
                args.path.display()
            )));
        }
        many => {
            return Err(fail(format!(
                "`{}` holds {} connectors; submit one connector folder at a time (one connector per pull request)",
                args.path.display(),
                many.len()
            )));
        }
    };
    if target.explicit.is_some() {
        return Err(fail(format!(
            "`{}` is a file; submit the connector's folder",
            args.path.display()
        )));
    }
    // A folder the configuration excludes is still linted: submit names it explicitly.
    let request = crate::workspace::Request {
        paths: vec![target.folder.clone()],
        rules: RuleSettings {
            profile: args.profile,
            ..RuleSettings::default()
        },
        config: match (&args.config, args.isolated) {
            (_, true) => crate::workspace::ConfigSource::Isolated,
            (Some(path), false) => crate::workspace::ConfigSource::File(path.clone()),
            (None, false) => crate::workspace::ConfigSource::Nearest,
        },
        ..Default::default()
    };
    let run = crate::workspace::LintRun::plan(&request).map_err(|f| fail(f.0))?;
    let Some((connector, mut linted)) = run.run_keeping().into_iter().next() else {
        return Err(fail(format!(
            "`{}` could not be linted",
            args.path.display()
        )));
    };
    let diagnostics = std::mem::take(&mut linted.diagnostics);
    let mut summary = Summary::default();
    summary.add(&diagnostics);
    let rules = linted.rules;
    let facts = LintFacts {
        errors: summary.errors,
        warnings: summary.warnings,
        rules,
        forced: args.force,
    };
    let width = super::terminal_width();
    {
        let mut out = std::io::stdout().lock();
        let shown: Vec<_> = diagnostics
            .iter()
            .filter(|d| !args.quiet || d.severity == Severity::Error)
            .cloned()
            .collect();
        let _ = out.write_all(report::render_full(&connector, &shown, color, width).as_bytes());
        if !args.quiet {
            let inferred = linted.profile.reason.is_guess();
            let _ = write_summary(&mut out, &summary, inferred, color);
        }
        let _ = out.flush();
    }
    if summary.errors > 0 {
        if !args.force {
            print_error(
                color,
                &format!(
                    "not submitting: ppcert found {} in `{}`; fix them, or pass --force to submit anyway (the pull request will say so)",
                    body::count(summary.errors, "error"),
                    connector.display
                ),
            );
            return Err(EXIT_FINDINGS);
        }
        print_warning(
            color,
            &format!(
                "--force: submitting despite {}; the pull request body says so",
                body::count(summary.errors, "error")
            ),
        );
    }
    let profile_reason = linted.profile.reason.describe();
    let folder = ConnectorFolder::read(&connector.folder, connector.profile, args.name.as_deref())
        .map_err(|e| {
            print_error(color, &e);
            EXIT_FAILURE
        })?;
    Ok((folder, facts, profile_reason))
}

/// The check boxes to tick: those named by `--attest`, plus those confirmed at the terminal.
/// Never ticked on the author's behalf.
fn attestations(
    args: &SubmitArgs,
    checklist: &Checklist,
    source: &str,
    plan: &Plan,
    opts: &Options,
    reporter: &CliReporter<'_>,
) -> Result<Vec<usize>, String> {
    let mut ticked = checklist.resolve(&args.attest, source)?;
    let interactive = !args.dry_run
        && plan.writes_body(opts)
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    if interactive {
        reporter.clear_line();
        eprintln!(
            "The pull request template asks you to confirm {}. Answer y only for what is true:",
            body::count(checklist.items().len(), "item")
        );
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        for (i, item) in checklist.items().iter().enumerate() {
            if ticked.contains(&(i + 1)) {
                continue;
            }
            eprint!(
                "  {} ({}): {}\n     confirm? [y/N] ",
                i + 1,
                item.key,
                item.label
            );
            let _ = std::io::stderr().flush();
            let Some(Ok(answer)) = lines.next() else {
                break;
            };
            if confirm::is_yes(&answer) {
                ticked.push(i + 1);
            }
        }
        ticked.sort_unstable();
    }
    Ok(ticked)
}

/// The lint's closing line, worded as `ppcert lint` words it: no "All checks passed" under a
/// profile guessed from the files (it also decides the folder the pull request goes to).
fn write_summary(
    out: &mut dyn Write,
    s: &Summary,
    inferred: bool,
    color: bool,
) -> std::io::Result<()> {
    if s.errors + s.warnings + s.infos == 0 && inferred {
        let line = super::lint::no_findings_under_a_guess("1 connector", "it");
        return writeln!(out, "{line}.");
    }
    if s.errors + s.warnings + s.infos == 0 {
        let style = anstyle::AnsiColor::Green.on_default().bold();
        let text = "All checks passed (1 connector).";
        return if color {
            writeln!(out, "{style}{text}{style:#}")
        } else {
            writeln!(out, "{text}")
        };
    }
    let mut parts = vec![
        body::count(s.errors, "error"),
        body::count(s.warnings, "warning"),
    ];
    if s.infos > 0 {
        parts.push(body::count(s.infos, "info"));
    }
    writeln!(
        out,
        "Found {} in 1 connector ({} with errors).",
        parts.join(", "),
        s.failed_connectors
    )
}

/// Steps and warnings on stderr; a transfer indicator only on a terminal. Everything passes
/// through the token's redaction.
struct CliReporter<'a> {
    quiet: bool,
    color: bool,
    terminal: bool,
    token: &'a Token,
    progress_shown: Cell<bool>,
    last_progress: Cell<Instant>,
}

impl<'a> CliReporter<'a> {
    fn new(args: &SubmitArgs, color: bool, token: &'a Token) -> CliReporter<'a> {
        CliReporter {
            quiet: args.quiet,
            color,
            terminal: std::io::stderr().is_terminal(),
            token,
            progress_shown: Cell::new(false),
            last_progress: Cell::new(Instant::now()),
        }
    }

    fn clear_line(&self) {
        if self.progress_shown.replace(false) {
            eprint!("\r\x1b[2K");
        }
    }
}

impl Reporter for CliReporter<'_> {
    fn step(&self, message: &str) {
        if self.quiet {
            return;
        }
        self.clear_line();
        let message = self.token.redact(message);
        let style = anstyle::Style::new().dimmed();
        if self.color {
            eprintln!("{style}· {message}{style:#}");
        } else {
            eprintln!("· {message}");
        }
    }

    fn warn(&self, message: &str) {
        self.clear_line();
        print_warning(self.color, &self.token.redact(message));
    }

    fn progress(&self, label: &str, done: usize, total: usize, bytes: usize) {
        if self.quiet || !self.terminal {
            return;
        }
        // libgit2 calls back for every object; a terminal needs a few updates a second.
        let now = Instant::now();
        if done < total && now.duration_since(self.last_progress.get()) < Duration::from_millis(100)
        {
            return;
        }
        self.last_progress.set(now);
        let kib = bytes as f64 / 1024.0;
        let size = if kib >= 1024.0 {
            format!("{:.1} MiB", kib / 1024.0)
        } else {
            format!("{kib:.0} KiB")
        };
        eprint!("\r\x1b[2K  {label} objects: {done}/{total}, {size}");
        self.progress_shown.set(true);
    }

    fn progress_done(&self) {
        self.clear_line();
    }
}

#[cfg(test)]
mod tests {
    use crate::submit::checklist;
    use clap::CommandFactory;

    #[test]
    fn help_lists_every_attest_name() {
        let mut cli = crate::cli::Cli::command();
        let submit = cli.find_subcommand_mut("submit").expect("submit");
        let help = submit.render_long_help().to_string();
        for name in checklist::known_names() {
            assert!(
                help.contains(&format!("  {name}  ")),
                "{name} missing:\n{help}"
            );
        }
    }
}
