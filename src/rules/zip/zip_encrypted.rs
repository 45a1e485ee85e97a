//! ## What it checks
//! No entry is encrypted.
//!
//! ## Why
//! Dataverse and the certification pipeline cannot read encrypted entries; real exports never
//! encrypt.
//!
//! ## How to fix
//! Zip without a password.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; zip again without a password.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipEncrypted;

impl SolutionRule for ZipEncrypted {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-encrypted");
    }
}
