//! ## What it checks
//! That the connector solution holds the connector and nothing else of substance: no flows,
//! canvas apps, tables, model-driven apps, roles, option sets, … Connection references and
//! environment variables (which the connector may use) are allowed; 4 of the 22 merged
//! connector solutions carry a connection reference. Sections are judged by content, so
//! `<Workflows />` and whitespace-only sections are empty.
//!
//! Which solution is the connector solution: in a certification package, the one classified as
//! such (a `Connector`, no `Workflows`); in a solution zip or unpacked folder, every solution
//! with a connector.
//!
//! An error for certification (and under `--strictness ps`), a warning otherwise. Outside
//! certification, flows and canvas apps beside the connector are `fsol-not-with-connector-alm`'s
//! to report, and this rule judges the other components.
//!
//! ## Why it matters
//! Microsoft's guidance keeps a custom connector in a solution of its own, imported before the
//! apps and flows that use it: mixing them breaks dependency tracking and import order (D18,
//! D22). The certification script classifies a solution with `Workflows` as a flow solution,
//! so a connector solution that also holds the flow leaves the package without a connector
//! solution.
//!
//! ## Example
//! A connector solution that also holds a table and a model-driven app.
//!
//! Use instead: a solution with only the custom connector (Add existing → Custom connector).
//!
//! ## Fix safety
//! No fix: moving components to another solution is done in the environment, and which components go where is the author's decision.
//!
//! ## References
//! - <https://github.com/microsoft/PowerPlatformConnectors/blob/dev/scripts/ConnectorPackageValidator.ps1>
//! - <https://learn.microsoft.com/cs-cz/training/modules/custom-connector-lifecycle-management/3-solutions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/customconnectorssolutions#known-limitations>
use crate::diagnostic::Severity;
use crate::rules::util::solutions::{connector_solutions, label};
use crate::rules::{SolutionChecker, SolutionRule, Strictness};
use crate::solution::Input;

pub struct CsolOnlyConnector;

/// Sections a connector solution may fill.
const ALLOWED: &[&str] = &["Connectors", "connectionreferences", "Languages"];
/// Sections `fsol-not-with-connector-alm` judges outside certification.
const APPS_AND_FLOWS: &[&str] = &["Workflows", "CanvasApps"];

impl SolutionRule for CsolOnlyConnector {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let strict = cx.for_certification() || cx.strictness() == Strictness::Ps;
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        for s in connector_solutions(input) {
            let Some(custom) = &s.customizations else {
                continue;
            };
            for section in custom.sections.iter().filter(|x| x.non_empty) {
                let name = section.name.as_str();
                if ALLOWED.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                    continue;
                }
                if !strict && APPS_AND_FLOWS.iter().any(|a| a.eq_ignore_ascii_case(name)) {
                    continue;
                }
                cx.report_at(
                    section.loc,
                    format!(
                        "the connector solution {} also holds `{name}`; it should hold only the connector (and the connection references and environment variables it uses)",
                        label(s)
                    ),
                )
                .severity(severity)
                .help("move these components to another solution and export the connector alone");
            }
            if s.unpacked
                && strict
                && let Some(w) = s.workflows.first()
            {
                cx.report_at(
                    w.loc,
                    format!(
                        "the connector solution {} also holds the workflow `{}`; it should hold only the connector",
                        label(s),
                        w.display()
                    ),
                )
                .severity(severity)
                .help("move the flows to a flow solution and export the connector alone");
            }
        }
    }
}
