//! ## What it checks
//! No entry name has a `..` segment, starts with `/` or `\`, has a drive letter, a NUL or is a UNC path.
//!
//! ## Why
//! The zip specification (APPNOTE 4.4.17.1) forbids such names; extractors that trust them write
//! outside the target folder (zip-slip). The certification pipeline extracts packages to disk.
//!
//! ## How to fix
//! Zip the folder's contents with relative names (`Compress-Archive -Path folder\*` or `zip -r`).
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; zip the folder's contents with relative names.
//!
//! ## References
//! - https://github.com/PowerShell/Microsoft.PowerShell.Archive/issues/48
//! - https://docs.rs/zip/latest/zip/read/struct.ZipFile.html

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipPathTraversal;

impl SolutionRule for ZipPathTraversal {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-path-traversal");
    }
}
