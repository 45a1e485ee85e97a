//! The confirmation `submit` asks before it targets custom-connectors/.
//!
//! The folder upstream follows the profile, and a connector whose path, configuration and
//! flags say nothing is linted as `custom` — the lenient profile — and would go to
//! custom-connectors/, which holds samples: Microsoft's pipeline validates them without the
//! certification rules and never certifies or publishes them. An author preparing a
//! certification submission who lands there has been linted against the wrong rules and
//! submitted to the wrong place, so ppcert asks first (y/N on a terminal) and, without a
//! terminal, submits there only when `--target custom-connectors` says it is meant.

use super::SubmitArgs;
use super::plan::Submission;
use crate::connector::Profile;
use crate::submit::folder::kind_folder;
use std::io::{BufRead, IsTerminal, Write};

/// The three folders of upstream a connector can go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TargetFolder {
    #[value(name = "certified-connectors")]
    Certified,
    #[value(name = "independent-publisher-connectors")]
    IndependentPublisher,
    #[value(name = "custom-connectors")]
    Custom,
}

impl TargetFolder {
    fn profile(self) -> Profile {
        match self {
            TargetFolder::Certified => Profile::Certified,
            TargetFolder::IndependentPublisher => Profile::IndependentPublisher,
            TargetFolder::Custom => Profile::Custom,
        }
    }
}

/// Whether the submission may go to the folder its profile chose: `--target` must agree, and
/// custom-connectors/ needs a yes at the terminal or `--target custom-connectors`. A dry run
/// never asks (its plan says what a submission would do).
pub(super) fn target_folder(args: &SubmitArgs, s: &Submission<'_>) -> Result<(), String> {
    let folder = s.folder;
    if let Some(target) = args.target {
        if target.profile() == folder.profile {
            return Ok(());
        }
        let wanted = target.profile();
        return Err(format!(
            "--target {}: the connector was linted as `{}` ({}), which puts it in {}/; to submit it to {}/, pass --profile {} (it is then linted with that profile's rules)",
            kind_folder(wanted),
            folder.profile.as_str(),
            s.profile_reason,
            folder.kind_folder(),
            kind_folder(wanted),
            wanted.as_str()
        ));
    }
    if folder.profile != Profile::Custom || args.dry_run {
        return Ok(());
    }
    let why = format!(
        "custom-connectors/ holds samples: Microsoft validates them without the certification rules and never certifies or publishes them. The connector was linted as `custom` ({}). To publish it, submit it as certified (--profile certified) or as an independent publisher (--profile independent-publisher); both lint it with the certification rules.",
        s.profile_reason
    );
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return Err(format!(
            "not submitting to {}: {why} To submit a sample there, pass --target custom-connectors (there is no terminal to ask on).",
            folder.repo_path()
        ));
    }
    eprintln!(
        "ppcert would submit this connector to {} in {}.\n{why}",
        folder.repo_path(),
        args.upstream
    );
    eprint!("Submit it to custom-connectors/ anyway? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    if is_yes(&answer) {
        Ok(())
    } else {
        Err(format!(
            "not submitted: you did not confirm custom-connectors/ for {}",
            folder.repo_path()
        ))
    }
}

/// `y` or `yes`, in any case; everything else, an empty line included, is no.
pub(super) fn is_yes(answer: &str) -> bool {
    matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_yes_is_yes() {
        for yes in ["y", "Y", "yes", " Yes\n"] {
            assert!(is_yes(yes), "{yes:?}");
        }
        for no in ["", "\n", "n", "no", "yess", "ok"] {
            assert!(!is_yes(no), "{no:?}");
        }
    }
}
