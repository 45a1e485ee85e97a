//! ## What it checks
//! Every archive level opens, its central directory parses, and every entry inflates to its declared size with a matching CRC.
//!
//! ## Why
//! The certification bot rejects a package it cannot open ("Not able deserialize the package.
//! Invalid package"), and Dataverse refuses a solution zip it cannot read. A corrupt entry also
//! means ppcert could not judge what it holds.
//!
//! ## How to fix
//! Rebuild the zip from the exported files (Dataverse export or `pac solution export`, and any
//! standard zip tool for the outer levels).
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: a corrupt archive can't be repaired from what ppcert can read, and ppcert never rewrites archives; rebuild it from the exported files.
//!
//! ## References
//! - https://github.com/microsoft/PowerPlatformConnectors/pull/3815

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipReadable;

impl SolutionRule for ZipReadable {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-readable");
    }
}
