//! ## What it checks
//! No entry name contains `\`.
//!
//! ## Why
//! The zip format allows only `/` as separator; old `Compress-Archive` wrote backslashes, which
//! other tools extract as one file with a strange name, so the solution's folders vanish.
//!
//! ## How to fix
//! Rebuild the zip with a spec-compliant tool (PowerShell 7's `Compress-Archive`, 7-Zip, `zip`).
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; rebuild the zip with a tool that writes `/`.
//!
//! ## References
//! - https://github.com/PowerShell/Microsoft.PowerShell.Archive/issues/48

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipBackslash;

impl SolutionRule for ZipBackslash {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-backslash");
    }
}
