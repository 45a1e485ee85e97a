//! The options `lint` and `diff` share: output, rule selection and configuration.

use crate::config::RuleSettings;
use crate::connector::Profile;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Format;
use crate::workspace::{ConfigSource, Request};
use std::borrow::Cow;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct ReportOptions {
    /// Output format [default: full, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Use this profile instead of deciding it from ppcert.toml, the folder
    /// (certified-connectors/, independent-publisher-connectors/, custom-connectors/) or,
    /// elsewhere, the connector's files. The profile used is always shown.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// How certification packages are judged: `ps` reproduces the verdicts of Microsoft's
    /// ConnectorPackageValidator.ps1 (a flow solution without its own copy of the connector is an
    /// error); `default` makes what real certified packages do a warning.
    #[arg(long, value_enum, value_name = "STRICTNESS")]
    pub package_strictness: Option<crate::rules::Strictness>,
    /// Only these rules: ids, `prefix-*`, file kinds (swagger, props, readme, ...), `diff` or ALL.
    /// Comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Add rules to the selection (same forms as --select). Comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub extend_select: Vec<String>,
    /// Skip these rules (same forms as --select). Comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Show only findings of at least this severity (the summary counts the others as hidden;
    /// the exit code still depends on every finding).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub severity: Option<Severity>,
    /// Print findings only: no notes or summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Use this configuration file instead of the nearest ppcert.toml / .ppcert.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Skip paths that ppcert.toml's `exclude` matches even when they are named on the command
    /// line (as ruff's --force-exclude; useful in pre-commit hooks, which name files).
    #[arg(long)]
    pub force_exclude: bool,
}

impl ReportOptions {
    /// The chosen format, else `github` on GitHub Actions, else `full`.
    pub fn format(&self) -> Format {
        self.format.unwrap_or_else(|| {
            if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
                Format::Github
            } else {
                Format::Full
            }
        })
    }

    /// The request these options describe (paths and the rest are the command's to fill in).
    pub fn request(&self) -> Request {
        Request {
            rules: RuleSettings {
                select: self.select.clone(),
                extend_select: self.extend_select.clone(),
                ignore: self.ignore.clone(),
                profile: self.profile,
                package_strictness: self.package_strictness,
                severity: Default::default(),
                fixable: None,
                unfixable: Vec::new(),
            },
            config: match (&self.config, self.isolated) {
                (_, true) => ConfigSource::Isolated,
                (Some(path), false) => ConfigSource::File(path.clone()),
                (None, false) => ConfigSource::Nearest,
            },
            force_exclude: self.force_exclude,
            ..Request::default()
        }
    }

    /// Whether a finding is shown under `--severity`.
    pub fn shows(&self, severity: Severity) -> bool {
        self.severity.is_none_or(|min| severity >= min)
    }

    /// The findings `--severity` shows.
    pub fn shown<'a>(&'a self, diags: &'a [Diagnostic]) -> impl Iterator<Item = &'a Diagnostic> {
        diags.iter().filter(|d| self.shows(d.severity))
    }

    /// Whether a finding fails the run: an error, or a warning with `--deny-warnings`. Every
    /// finding counts, shown or not.
    pub fn fails(&self, severity: Severity) -> bool {
        severity == Severity::Error || (self.deny_warnings && severity == Severity::Warning)
    }

    /// The findings shown under `--severity`, errors first when `for_reading`; borrowed when
    /// nothing is filtered or reordered.
    pub fn visible<'a>(&self, diags: &'a [Diagnostic], for_reading: bool) -> Cow<'a, [Diagnostic]> {
        if self.severity.is_none() && !for_reading {
            return Cow::Borrowed(diags);
        }
        let mut shown: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| self.shows(d.severity))
            .cloned()
            .collect();
        if for_reading {
            crate::report::sort_for_reading(&mut shown);
        }
        Cow::Owned(shown)
    }
}
