//! ## What it checks
//! Says, for each solution of the package, whether it is managed (`Managed` 1) or unmanaged
//! (`Managed` 0). Info only; other values are `sol-managed-value`'s.
//!
//! ## Why it matters for certification
//! It does not decide certification: ConnectorPackageValidator.ps1 never reads `Managed`, and
//! of the 22 merged packages we opened, 5 are managed and 17 unmanaged. A third-party checker
//! claims managed solutions are rejected; the merged packages contradict it. The finding makes
//! the choice visible, since the two kinds behave differently after import (a managed solution
//! can't be edited in the target environment).
//!
//! ## Example
//! `FlowSolution.zip` exported as managed.
//!
//! Use instead: either kind; export unmanaged if reviewers need to open the flow.
//!
//! ## Fix safety
//! No fix: the finding is informational; managed or unmanaged is the author's choice.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-platform/alm/solution-concepts-alm>
use crate::rules::util::solutions::{label, package_solutions};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgManaged;

impl SolutionRule for PkgManaged {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in package_solutions(input) {
            let Some(v) = s.manifest.as_ref().and_then(|m| m.managed.as_ref()) else {
                continue;
            };
            let kind = match v.trimmed() {
                "0" => "unmanaged",
                "1" => "managed",
                _ => continue,
            };
            cx.report_at(
                v.loc,
                format!(
                    "{} is {kind} (`Managed` {}); certification has accepted both kinds",
                    label(s),
                    v.trimmed()
                ),
            );
        }
    }
}
