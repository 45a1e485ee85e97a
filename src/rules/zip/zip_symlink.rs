//! ## What it checks
//! No entry is a symbolic link.
//!
//! ## Why
//! A symlink entry followed by a later entry through it writes outside the extraction folder
//! (GHSA-94vh-gphv-8pm8 in the Rust zip crate); nothing in a solution is a link. ppcert never
//! follows or reads it.
//!
//! ## How to fix
//! Zip real files, not links (`zip -r` stores links unless told otherwise; use `zip -r --symlinks`
//! only on purpose).
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert never follows the link or rewrites archives; zip the real files instead of links.
//!
//! ## References
//! - https://github.com/rustsec/advisory-db/pull/3099

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipSymlink;

impl SolutionRule for ZipSymlink {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-symlink");
    }
}
