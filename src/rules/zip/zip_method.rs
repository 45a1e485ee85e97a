//! ## What it checks
//! Every entry is Stored or Deflated.
//!
//! ## Why
//! Dataverse exports use only Stored (0) and Deflate (8); other methods (bzip2, LZMA, zstd) are
//! not read by the platform's importer.
//!
//! ## How to fix
//! Rebuild the zip with the default (Deflate) compression.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; rebuild the zip with Deflate.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipMethod;

impl SolutionRule for ZipMethod {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-method");
    }
}
