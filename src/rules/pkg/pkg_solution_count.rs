//! ## What it checks
//! That the assets folder of the package holds exactly two solution zips, the connector
//! solution and the flow solution, or three when the connector ships an AI plugin (some
//! solution has an `aicopilot_aiplugin`). The message says how many zips were found, what each
//! one is (by its `customizations.xml`, as the certification script classifies them) and which
//! part is missing.
//!
//! When the count is wrong this rule names the missing part, and `pkg-connector-solution` and
//! `pkg-flow-solution` don't repeat it.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 wants exactly two `*.zip` files in the assets folder (three
//! with a plugin; step 4); certification reports "no solution zips found" (5000.1.1.13) and a
//! missing flow or connector solution (5000.1.1.6; bot "Package should contain a flow package",
//! #3848, #3833). The script fails one solution (or more than three with a plugin) without
//! saying why; ppcert words every case.
//!
//! ## Example
//! `PkgAssets/` holding only `ConnectorSolution.zip`.
//!
//! Use instead: `PkgAssets/ConnectorSolution.zip` (the connector alone) and
//! `PkgAssets/FlowSolution.zip` (a test flow using the connector through a connection
//! reference).
//!
//! ## Fix safety
//! No fix: a missing solution has to be exported from the environment (or an extra one left out); ppcert never rewrites packages.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3848>
use crate::rules::util::solutions::{Role, expected_solutions, package_solutions, role};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgSolutionCount;

impl SolutionRule for PkgSolutionCount {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let Some(inner) = input.package.as_ref().and_then(|p| p.inner.as_ref()) else {
            return;
        };
        let Some(assets) = &inner.assets else {
            return;
        };
        let want = expected_solutions(input);
        let found = inner.solution_zips.len();
        if found == want {
            return;
        }
        let roles: Vec<(String, Role)> = package_solutions(input)
            .map(|s| (s.file_name.clone().unwrap_or_default(), role(s)))
            .collect();
        let listed = roles
            .iter()
            .map(|(f, r)| format!("`{f}` ({})", r.describe()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut missing = Vec::new();
        if !roles.iter().any(|(_, r)| *r == Role::Connector) {
            missing.push("the connector solution (the connector alone)");
        }
        if !roles.iter().any(|(_, r)| *r == Role::Flow) {
            missing.push("the flow solution (a test flow using the connector)");
        }
        if want == 3 && !roles.iter().any(|(_, r)| *r == Role::Plugin) {
            missing.push("the AI plugin solution");
        }
        let what = if want == 3 {
            "three solution zips (connector, flow and AI plugin solution)"
        } else {
            "two solution zips (the connector solution and the flow solution)"
        };
        let message = if found == 0 {
            format!("the assets folder `{assets}/` holds no solution zip; it must hold {what}")
        } else {
            let missing = if missing.is_empty() {
                String::new()
            } else {
                format!("; missing: {}", missing.join(", "))
            };
            format!(
                "the assets folder `{assets}/` holds {found} solution {} ({listed}); it must hold {what}{missing}",
                if found == 1 { "zip" } else { "zips" }
            )
        };
        let help = if found < want {
            "export the missing solution from the environment (Solutions → Export) and put its zip in the assets folder"
        } else {
            "keep one connector solution and one flow solution; remove the other zips from the assets folder"
        };
        cx.report_path(&format!("{}!/{assets}/", inner.display), message)
            .help(help);
    }
}
