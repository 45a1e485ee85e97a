//! ## What it checks
//! An archive has at most 10,000 entries.
//!
//! ## Why
//! A connector or flow solution has tens of entries; tens of thousands are a resource-exhaustion
//! attack, and ppcert stops reading at the limit.
//!
//! ## How to fix
//! Remove what does not belong in the solution.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert stops reading at the limit and never rewrites archives; what does not belong in the archive is the author's to remove.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipEntries;

impl SolutionRule for ZipEntries {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-entries");
    }
}
