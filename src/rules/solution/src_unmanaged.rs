//! ## What it checks
//! That an unpacked solution in source control is not managed only: `Managed` in
//! `Other/Solution.xml` is 0 (unmanaged) or 2 (unpacked with both kinds), not 1.
//!
//! ## Why it matters
//! Unmanaged solutions are the source; managed solutions are build artifacts made from them,
//! and a managed solution can't be turned back into an unmanaged one (D13, D10). A managed
//! unpack in source control can't be edited and re-exported as the source it should be.
//!
//! ## Example
//! `Other/Solution.xml` with `<Managed>1</Managed>`.
//!
//! Use instead: export the unmanaged solution (or both) from the development environment and
//! unpack it with `pac solution unpack --packagetype Unmanaged` (or `Both`).
//!
//! ## Fix safety
//! No fix: a managed solution can't be turned back into an unmanaged one; export the unmanaged solution and unpack it again.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-concepts-alm>
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-packager-tool>
use crate::rules::util::solutions::label;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct SrcUnmanaged;

impl SolutionRule for SrcUnmanaged {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in input.solutions.iter().filter(|s| s.unpacked) {
            let Some(v) = s.manifest.as_ref().and_then(|m| m.managed.as_ref()) else {
                continue;
            };
            if v.trimmed() == "1" {
                cx.report_at(
                    v.loc,
                    format!(
                        "the unpacked solution {} is managed (`Managed` 1); source control should hold the unmanaged solution",
                        label(s)
                    ),
                )
                .help("export the unmanaged solution from the development environment and unpack it with `--packagetype Unmanaged` or `Both`");
            }
        }
    }
}
