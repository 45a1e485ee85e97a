//! ## What it checks
//! Archives nest at most outer zip → package zip → solution zip; nothing inside a solution is opened.
//!
//! ## Why
//! The certification package is exactly two levels deep; a zip inside a solution (or deeper) is
//! never read by the platform and is how recursive zip bombs work. `.msapp` canvas app files are
//! never opened either.
//!
//! ## How to fix
//! Put the solution zips directly in the package's assets folder; remove archives from inside
//! solutions.
//!
//! ## Safety
//! ppcert reads every archive in memory through a bounded reader and never extracts it; the
//! problem is found when the archive is opened, before anything in it is parsed, on every level
//! (package, package zip, solution zips).
//!
//! ## Fix safety
//! No fix: ppcert reads archives in memory and never rewrites them; take the nested archives out and zip again.
//!
//! ## References
//! - `docs/solutions.md` §11.1

use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct ZipDepth;

impl SolutionRule for ZipDepth {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for deep in &input.too_deep {
            cx.report_path(
                deep,
                format!(
                    "`{deep}` is an archive inside a solution of a package: nesting stops at \
                     package → solution, so it was not opened"
                ),
            )
            .help("put solution zips directly in the package's assets folder; a solution never holds a zip");
        }
    }
}
