//! ## What it checks
//! An archive's entries add up to at most 256 MiB uncompressed.
//!
//! ## Why
//! Dataverse refuses solutions over 95 MB; far beyond that, an archive is not a solution, and
//! ppcert does not inflate it.
//!
//! ## How to fix
//! Split the solution, or remove what does not belong in it.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert never rewrites archives, and what to split or remove is the author's decision.
//!
//! ## References
//! - https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-solution

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipSize;

impl SolutionRule for ZipSize {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-size");
    }
}
