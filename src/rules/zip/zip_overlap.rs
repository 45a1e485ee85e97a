//! ## What it checks
//! No two entries share bytes, and each local header agrees with the central directory.
//!
//! ## Why
//! Overlapping entries are how non-recursive zip bombs reach ratios of millions to one;
//! disagreeing headers make different tools read different files. Neither comes from a real
//! export.
//!
//! ## How to fix
//! Rebuild the zip from the files.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them, and overlapping entries have no single right content; rebuild the zip from the files.
//!
//! ## References
//! - https://www.bamsoftware.com/hacks/zipbomb/

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipOverlap;

impl SolutionRule for ZipOverlap {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-overlap");
    }
}
