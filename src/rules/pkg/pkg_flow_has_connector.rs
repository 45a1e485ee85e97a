//! ## What it checks
//! That each flow solution of the package (a solution with `Workflows`) also carries its own
//! copy of the connector: a `Connector` in its `customizations.xml` and a `Connector/` folder.
//! The message says what is missing and whether the solution declares the connector as a
//! missing dependency instead.
//!
//! A warning; an error under `--strictness ps`, where ppcert gives the certification script's
//! verdict.
//!
//! ## Why it matters for certification
//! ConnectorPackageValidator.ps1 classifies a flow solution as one with a `Connector` *and*
//! `Workflows`, and wants both `Connector/` and `Workflows/` folders in it (steps 7–8); a
//! reviewer asked for the connector in the flow solution once (#3912).
//!
//! Evidence against it: six of the 22 merged packages we opened (AccuWeather, Deliverea, GitHub
//! Repo Files, Holopin, Markdown Converter, Toggl Track) have no connector in the flow solution
//! and were merged; in #3912 the author declined to add it and the connector was certified.
//! ALM guidance also keeps the connector out of the solution that uses it. Hence only a
//! warning by default.
//!
//! ## Example
//! A flow solution holding `Workflows/TestFlow-….json` and a connection reference, listing the
//! connector under `MissingDependencies`.
//!
//! Use instead (to pass the script): add the custom connector to the flow solution (Add
//! existing → Custom connector) and export it again.
//!
//! ## Fix safety
//! No fix: adding the connector to the flow solution is done in the environment, and six merged packages went without it; ppcert never rewrites packages.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://github.com/microsoft/PowerPlatformConnectors/pull/3912>
//! - <https://learn.microsoft.com/cs-cz/training/modules/custom-connector-lifecycle-management/3-solutions>
use crate::diagnostic::Severity;
use crate::rules::util::solutions::{
    Role, has_folder, is_connector_type, label, package_solutions, ps_view, role,
};
use crate::rules::{SolutionChecker, SolutionRule, Strictness};
use crate::solution::Input;

pub struct PkgFlowHasConnector;

impl SolutionRule for PkgFlowHasConnector {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let ps = cx.strictness() == Strictness::Ps;
        for s in package_solutions(input).filter(|s| role(s) == Role::Flow) {
            let node = ps_view(s).0;
            let folder = has_folder(s, "Connector");
            if node && folder {
                continue;
            }
            let what = match (node, folder) {
                (false, false) => {
                    "carries no copy of the connector: no `Connector` in customizations.xml and no `Connector/` folder"
                }
                (true, false) => {
                    "has a `Connector` in customizations.xml but no `Connector/` folder"
                }
                _ => "has a `Connector/` folder but no `Connector` in customizations.xml",
            };
            let depends = s.manifest.as_ref().is_some_and(|m| {
                m.missing_dependencies.iter().any(|d| {
                    d.required
                        .as_ref()
                        .and_then(|r| r.kind.as_deref())
                        .is_some_and(is_connector_type)
                })
            });
            let depends = if depends {
                "; it lists the connector as a missing dependency instead"
            } else {
                ""
            };
            let verdict = if ps {
                "ConnectorPackageValidator.ps1 fails it"
            } else {
                "ConnectorPackageValidator.ps1 fails this, though packages without the copy have been certified"
            };
            let d = cx.report_path(
                &s.tree.display,
                format!("the flow solution {} {what}{depends}; {verdict}", label(s)),
            );
            d.help("add the custom connector to the flow solution (Add existing → Custom connector) and export it again");
            if ps {
                d.severity(Severity::Error);
            }
        }
    }
}
