//! The options `lint` and `diff` share: output, rule selection and configuration.

use super::lint::{Stop, check_patterns};
use crate::config::RuleSettings;
use crate::connector::Profile;
use crate::report::Format;
use std::path::PathBuf;

#[derive(clap::Args, Clone)]
pub struct ReportOptions {
    /// Output format [default: full, or github when GITHUB_ACTIONS=true].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Use this profile instead of detecting it from the folder
    /// (certified-connectors/, independent-publisher-connectors/, anything else = custom).
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
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
    /// Print findings only: no notes or summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Use this configuration file instead of the nearest ppcert.toml / .ppcert.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
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

    /// The command line's rule settings; every pattern must name a rule.
    pub(super) fn rule_settings(&self, color: bool) -> Result<RuleSettings, Stop> {
        check_patterns(&self.select, &self.extend_select, &self.ignore, color)?;
        Ok(RuleSettings {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            profile: self.profile,
            severity: Default::default(),
        })
    }
}
