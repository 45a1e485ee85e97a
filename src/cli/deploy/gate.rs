//! The lint before a deploy (and beside Microsoft's verdict in `validate --online`): one
//! connector folder, judged with its configuration as `ppcert lint` would judge it.

use crate::config::RuleSettings;
use crate::connector::Profile;
use crate::diagnostic::Diagnostic;
use crate::report::{self, Summary};
use std::path::{Path, PathBuf};

/// How to lint: the flags deploy and validate share with `ppcert lint`.
#[derive(clap::Args, Debug, Clone)]
pub struct LintFlags {
    /// Judge the connector under this profile instead of the one its path or files imply.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// Use this configuration file instead of the nearest ppcert.toml.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub isolated: bool,
}

pub struct Judged {
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// "certified (from path: …)".
    pub profile: String,
    /// Whether the profile was guessed from the connector's files (no path, flag or config).
    pub inferred: bool,
    /// Why the connector could not be judged, when it could not.
    pub unjudged: Vec<String>,
    rendered: String,
}

impl Judged {
    /// The findings as `ppcert lint` shows them, then a line with the counts and the profile.
    pub fn render(&self) -> String {
        let mut out = self.rendered.clone();
        let s = &self.summary;
        let clean = s.errors + s.warnings + s.infos == 0 && self.unjudged.is_empty();
        if clean && self.inferred {
            // As `ppcert lint` words it: a pass under a guessed profile is only as good as
            // the guess.
            out.push_str(&format!(
                "ppcert: no findings, under a profile inferred from the files (pin it with --profile or `profile` in ppcert.toml). Profile: {}.\n",
                self.profile
            ));
        } else if clean {
            out.push_str(&format!(
                "ppcert: all checks passed. Profile: {}.\n",
                self.profile
            ));
        } else {
            out.push_str(&format!(
                "ppcert: {}, {}. Profile: {}.\n",
                crate::workspace::plural(s.errors, "error"),
                crate::workspace::plural(s.warnings, "warning"),
                self.profile
            ));
        }
        for why in &self.unjudged {
            out.push_str(&format!("ppcert could not judge it: {why}\n"));
        }
        out
    }
}

/// Lints the connector folder `dir`.
pub fn judge(dir: &Path, flags: &LintFlags, color: bool) -> Result<Judged, String> {
    let request = crate::workspace::Request {
        paths: vec![dir.to_path_buf()],
        rules: RuleSettings {
            profile: flags.profile,
            ..RuleSettings::default()
        },
        config: match (&flags.config, flags.isolated) {
            (_, true) => crate::workspace::ConfigSource::Isolated,
            (Some(path), false) => crate::workspace::ConfigSource::File(path.clone()),
            (None, false) => crate::workspace::ConfigSource::Nearest,
        },
        ..Default::default()
    };
    let run = crate::workspace::LintRun::plan(&request).map_err(|f| f.0)?;
    let Some((connector, linted)) = run.run_keeping().into_iter().next() else {
        // Say why, as `ppcert lint` would (a missing path, a folder without a connector).
        return Err(match run.unjudged.first() {
            Some(why) => why.message.clone(),
            None => format!("no connector to lint in `{}`", dir.display()),
        });
    };
    let mut summary = Summary::default();
    summary.add(&linted.diagnostics);
    let width = crate::cli::terminal_width();
    Ok(Judged {
        rendered: report::render_full(&connector, &linted.diagnostics, color, width),
        summary,
        profile: linted.profile.to_string(),
        inferred: linted.profile.reason.is_guess(),
        unjudged: linted
            .unjudged
            .iter()
            .map(|u| format!("{}: {}", u.path, u.message))
            .collect(),
        diagnostics: linted.diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(profile: &str, inferred: bool) -> Judged {
        Judged {
            diagnostics: Vec::new(),
            summary: Summary::default(),
            profile: profile.into(),
            inferred,
            unjudged: Vec::new(),
            rendered: String::new(),
        }
    }

    /// A clean lint is "all checks passed" only under a profile that was not guessed.
    #[test]
    fn a_clean_lint_under_a_guessed_profile_is_not_a_pass() {
        let guessed = judged(
            "custom (inferred: nothing in the files points to a submission)",
            true,
        );
        let text = guessed.render();
        assert!(!text.contains("passed"), "{text}");
        assert!(
            text.contains("no findings, under a profile inferred"),
            "{text}"
        );
        let pinned = judged("certified (from path: certified-connectors/)", false);
        assert!(pinned.render().contains("all checks passed"));
    }
}
