//! ## What it checks
//! That exactly one solution of the package is the connector solution, classified the way
//! ConnectorPackageValidator.ps1 does: its `customizations.xml` has a `Connector` with content
//! and no `Workflows` with content (nor an AI plugin). Whitespace-only elements count as empty,
//! as they do for the script.
//!
//! Under `--strictness ps` the script's folder check is added: a connector solution without a
//! `Connector/` folder fails (otherwise the missing files are `sol-referenced-files`' to
//! report, at the element that names each one).
//!
//! When the number of solution zips is wrong, `pkg-solution-count` names the missing part and
//! this rule stays quiet.
//!
//! ## Why it matters for certification
//! Certification needs a solution that holds the connector (policy 5000.1.1.8); the script
//! fails a package in which no solution classifies as the connector solution (steps 6–8). A
//! connector solution that also holds the test flow classifies as a flow solution.
//!
//! ## Example
//! Both solutions of the package hold the connector and the flow.
//!
//! Use instead: a connector solution with only the custom connector (Solutions → New solution →
//! Add existing → Custom connector), and a separate flow solution.
//!
//! ## Fix safety
//! No fix: splitting the connector and the flow into two solutions is done in the environment; ppcert never rewrites packages.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::util::solutions::{Role, has_folder, label, package_solutions, role, roles_in_package, solution_count_ok};
use crate::rules::{SolutionChecker, SolutionRule, Strictness};
use crate::solution::Input;

pub struct PkgConnectorSolution;

impl SolutionRule for PkgConnectorSolution {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let Some(assets) = &inner.assets else {
            return;
        };
        let connector: Vec<_> = package_solutions(input)
            .filter(|s| role(s) == Role::Connector)
            .collect();
        if solution_count_ok(input) {
            match connector.len() {
                0 => {
                    let roles = roles_in_package(input);
                    cx.report_path(
                        &format!("{}!/{assets}/", inner.display),
                        format!(
                            "no solution of the package is the connector solution (a `Connector` and no `Workflows` in its customizations.xml): {roles}"
                        ),
                    )
                    .help("export the custom connector alone in its own solution and put that zip in the assets folder (policy 5000.1.1.8)");
                }
                1 => {}
                n => {
                    let list = connector
                        .iter()
                        .map(|s| label(s))
                        .collect::<Vec<_>>()
                        .join(", ");
                    cx.report_path(
                        &format!("{}!/{assets}/", inner.display),
                        format!(
                            "{n} solutions of the package classify as the connector solution ({list}); the package needs exactly one, and a flow solution with `Workflows`"
                        ),
                    )
                    .help("keep one connector solution; the other solution must hold the test flow");
                }
            }
        }
        if cx.strictness() == Strictness::Ps {
            for s in connector.iter().filter(|s| !has_folder(s, "Connector")) {
                cx.report_path(
                    &s.tree.display,
                    format!(
                        "the connector solution {} has a `Connector` in customizations.xml but no `Connector/` folder; ConnectorPackageValidator.ps1 fails it",
                        label(s)
                    ),
                )
                .help("export the solution again from the environment; the export writes the connector's files in `Connector/`");
            }
        }
    }
}
