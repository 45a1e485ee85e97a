//! ## What it checks
//! No two entries have the same name, compared without regard to case or separator.
//!
//! ## Why
//! Windows extraction (and the certification pipeline's `Expand-Archive`) collapses them into one
//! file, so which one Dataverse reads is an accident.
//!
//! ## How to fix
//! Remove one of the two entries; keep the name Dataverse writes (`solution.xml`,
//! `customizations.xml`).
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them, and which of the two entries to keep is the author's call.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipDuplicateName;

impl SolutionRule for ZipDuplicateName {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-duplicate-name");
    }
}
