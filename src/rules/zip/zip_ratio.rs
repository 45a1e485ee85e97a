//! ## What it checks
//! No entry over 1 MiB inflates more than 100 times its compressed size, and none inflates past its declared size.
//!
//! ## Why
//! Real solution entries compress at most about 15:1; DEFLATE alone can reach about 1032:1, the
//! mark of a zip bomb. ppcert stops at the declared size and refuses the entry.
//!
//! ## How to fix
//! Check where the entry came from; a real export never compresses like this.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert refuses the entry and never rewrites archives; where a bomb-like entry came from needs checking by hand.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::util::zip::report_archive_issues;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipRatio;

impl SolutionRule for ZipRatio {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        report_archive_issues(cx, input, "zip-ratio");
    }
}
