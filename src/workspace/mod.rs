//! The pipeline every front end runs: targets + configuration + profile (and why) +
//! `--changed-since`/`--base` + lint + diff + baseline → findings.
//!
//! The command line (and, later, the language server) only turn their input into a [`Request`],
//! call [`LintRun::plan`] or [`DiffRun::plan`], and render what comes back. Every decision about
//! what was checked, under which profile and why, and what could not be judged is made here,
//! once, so that no front end can print a green that was not earned.

mod auto;
mod diff;
pub mod fixing;
mod lint;
mod solution;
mod targets;

pub use crate::connector::Overlay;
pub use crate::connector::{ProfileChoice, ProfileReason};
pub use crate::rules::Reading;
pub use diff::{DiffRun, Rendered as DiffRendered, relocate_old_findings};
pub use lint::{Judged, LintRun, Linted, Unit};

use crate::config::RuleSettings;
pub use crate::diagnostic::{PathNote, plural};
use crate::rules::pattern_is_known;
use std::path::PathBuf;

/// What to check and how: the front end's arguments, already parsed.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Connector folders, definition files, settings.json files or trees of connectors.
    pub paths: Vec<PathBuf>,
    /// The command line's rule settings (on top of ppcert.toml).
    pub rules: RuleSettings,
    pub config: ConfigSource,
    /// Only connectors changed since the merge base of this revision and HEAD.
    pub changed_since: Option<String>,
    /// Also compare each connector with its version at the merge base of this revision and HEAD.
    pub base: Option<String>,
    /// Without `base`: compare the connectors that changed with ppcert.toml's `base`, or else the
    /// `dev` branch of a PowerPlatformConnectors remote, when there is one (`lint`'s default).
    pub auto_base: bool,
    /// Whose reading grades breaking changes.
    pub reading: Reading,
    /// Skip paths excluded by ppcert.toml even when they are named explicitly (as ruff does).
    pub force_exclude: bool,
    /// Only findings not recorded in this baseline.
    pub baseline: Option<PathBuf>,
    /// File contents that replace what is on disk (an editor's unsaved buffers).
    pub overlay: Overlay,
    /// Only this share of the connectors (`--shard i/n`), for splitting a tree across machines.
    pub shard: Option<Shard>,
}

/// One of `count` equal shares of a run's connectors: the connectors are sorted by path and
/// dealt out in turn, so shard `index` of `count` gets the 1st, (count+1)th, … after skipping
/// `index - 1`. Inputs that cannot be judged and deleted connectors are reported by shard 1, so
/// that the shards together report exactly what one whole run reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard: write i/n with 1 <= i <= n, e.g. 2/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = i.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the `position`th (0-based) of the sorted connectors is this shard's.
    pub fn takes(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// Which configuration files apply.
#[derive(Debug, Clone, Default)]
pub enum ConfigSource {
    /// The nearest ppcert.toml / .ppcert.toml above each connector.
    #[default]
    Nearest,
    /// This file for every connector.
    File(PathBuf),
    /// None at all.
    Isolated,
}

/// Why nothing could be run: a bad configuration, an unknown rule, a revision git cannot find.
/// The front end prints it and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure(pub String);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An input that could not be judged: it is reported, and the run exits 2 whatever else passed.
pub type Unjudged = PathNote;

/// Something the user should know about how the run was made (an explicitly named path that the
/// configuration excludes, a connector under custom-connectors/ that looks like a submission).
pub type Notice = PathNote;

/// Every rule pattern of the request must name a rule.
fn check_patterns(rules: &RuleSettings) -> Result<(), Failure> {
    let patterns = rules
        .select
        .iter()
        .flatten()
        .chain(&rules.extend_select)
        .chain(&rules.ignore)
        .chain(rules.fixable.iter().flatten())
        .chain(&rules.unfixable);
    for pattern in patterns {
        if !pattern_is_known(pattern) {
            return Err(Failure(format!(
                "unknown rule or rule group `{pattern}` (see `ppcert rules`)"
            )));
        }
    }
    Ok(())
}

/// Records `diagnostics` in a baseline file; returns how many were written.
pub fn write_baseline(
    path: &std::path::Path,
    diagnostics: &[crate::diagnostic::Diagnostic],
) -> std::io::Result<usize> {
    crate::baseline::Baseline::write(path, diagnostics)
}

/// The folder SARIF locations are relative to (the repository's work tree, else the current
/// folder), and the current folder, both canonical.
pub fn source_root() -> (PathBuf, PathBuf) {
    let cwd = std::env::current_dir().unwrap_or_default();
    // dunce: on Windows, a `\\?\` canonical form would not prefix the paths it is compared with.
    let cwd = dunce::canonicalize(&cwd).unwrap_or(cwd);
    let root = crate::git::work_tree_root(&cwd).unwrap_or_else(|| cwd.clone());
    (root, cwd)
}
