//! ## What it checks
//! That at least one solution of the package is a flow solution: its `customizations.xml` has
//! `Workflows` with content. Every solution with `Workflows` must also have a `Workflows/`
//! folder.
//!
//! Whether the flow solution also carries the connector, which the certification script
//! requires, is `pkg-flow-has-connector`'s to report. When the number of solution zips is
//! wrong, `pkg-solution-count` names the missing part and this rule does not repeat it.
//!
//! ## Why it matters for certification
//! Certification needs a flow solution beside the connector solution (policy 5000.1.1.6) with
//! a `Workflows` folder (5000.1.1.14); ConnectorPackageValidator.ps1 fails a package without one
//! (steps 7–8), and the certification bot answers "Package should contain a flow package"
//! (#3848, #3833).
//!
//! ## Example
//! A package whose second solution holds only a connection reference.
//!
//! Use instead: a flow solution holding a cloud flow that calls the connector through a
//! connection reference (create the flow inside the solution, then export the solution).
//!
//! ## Fix safety
//! No fix: a flow solution is built in the environment around a flow that uses the connector; ppcert cannot create one.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3848>
use crate::rules::util::solutions::{Role, has_folder, label, package_solutions, role, roles_in_package, solution_count_ok};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgFlowSolution;

impl SolutionRule for PkgFlowSolution {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let Some(assets) = &inner.assets else {
            return;
        };
        let flows: Vec<_> = package_solutions(input)
            .filter(|s| role(s) == Role::Flow)
            .collect();
        if flows.is_empty() && solution_count_ok(input) {
            let roles = roles_in_package(input);
            cx.report_path(
                &format!("{}!/{assets}/", inner.display),
                format!(
                    "no solution of the package is a flow solution (`Workflows` in its customizations.xml): {roles}"
                ),
            )
            .help("create a cloud flow that calls the connector inside a second solution, export that solution and put its zip in the assets folder (policy 5000.1.1.6)");
        }
        for s in flows.iter().filter(|s| !has_folder(s, "Workflows")) {
            cx.report_path(
                &s.tree.display,
                format!(
                    "the flow solution {} lists workflows in customizations.xml but has no `Workflows/` folder",
                    label(s)
                ),
            )
            .help("export the solution again; the export writes each flow's definition to `Workflows/` (policy 5000.1.1.14)");
        }
    }
}
