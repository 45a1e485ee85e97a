//! ## What it checks
//! That the connector solution has a `<Connector>` (for certification, a solution zip or
//! unpacked folder with neither a connector nor a flow is reported), and that each connector has the columns
//! Dataverse creates it from: a `connectorid` that is a GUID, a `name`, a `displayname`, and
//! `connectortype` 1 (custom connector; 0 is "not specified", 2 "connection-less").
//!
//! In a certification package, a package without a connector solution is
//! `pkg-connector-solution`'s to report.
//!
//! ## Why it matters
//! Creating a solution-aware custom connector requires `connectorid`, `name`, `displayname`,
//! `openapidefinition` and `connectortype` 1 (D21); certification reports a package without the
//! connector (policy 5000.1.1.8). All 47 real connectors we opened have `connectortype` 1.
//!
//! ## Example
//! ```xml
//! <Connector><connectorid>5c0a…</connectorid><name>cts_contoso</name><connectortype>0</connectortype>…
//! ```
//! Use instead: export the custom connector from the environment; the export writes
//! `<connectortype>1</connectortype>` and every required column.
//!
//! ## Fix safety
//! No fix: Dataverse writes these columns when it exports a custom connector; export it again rather than editing the XML (ppcert never rewrites solutions).
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/solution-custom-api>
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connector>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::util::solutions::{connector_solutions, label};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::model::normalize_guid;
use crate::solution::{Input, InputKind};

pub struct CsolConnectorPresent;

fn is_guid(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

impl SolutionRule for CsolConnectorPresent {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let help = "export the custom connector from the environment instead of editing its XML";
        let solutions = connector_solutions(input);
        if solutions.is_empty()
            && cx.for_certification()
            && input.kind != InputKind::Package
            && !input.solutions.iter().any(|s| s.has_workflows())
        {
            if let Some(s) = input.solutions.first() {
                let at = s
                    .customizations
                    .as_ref()
                    .map(|c| c.loc)
                    .or_else(|| s.manifest.as_ref().map(|m| m.loc));
                let message = format!(
                    "{} has no custom connector; a connector solution holds a `<Connector>`",
                    label(s)
                );
                let help = "add the custom connector to the solution (Add existing → Custom connector) and export it again (policy 5000.1.1.8)";
                match at {
                    Some(at) => cx.report_at(at, message),
                    None => cx.report_path(&s.tree.display, message),
                }
                .help(help);
            }
            return;
        }
        for s in solutions {
            for c in &s.connectors {
                let mut missing = Vec::new();
                match c.xml.get("connectorid") {
                    None => missing.push("connectorid"),
                    Some(v) if !is_guid(&normalize_guid(v.trimmed())) => {
                        cx.report_at(
                            v.loc,
                            format!(
                                "the connectorid `{}` of the connector `{}` is not a GUID",
                                v.trimmed(),
                                c.name
                            ),
                        )
                        .help(help);
                    }
                    Some(_) => {}
                }
                for field in ["name", "displayname"] {
                    if c.xml.get(field).is_none() {
                        missing.push(field);
                    }
                }
                match c.xml.get("connectortype") {
                    None => missing.push("connectortype"),
                    Some(v) if v.trimmed() != "1" => {
                        let what = match v.trimmed() {
                            "0" => " (not specified)",
                            "2" => " (connection-less)",
                            _ => "",
                        };
                        cx.report_at(
                            v.loc,
                            format!(
                                "the connector `{}` of {} has `connectortype` {}{what}; a custom connector is 1",
                                c.name,
                                label(s),
                                v.trimmed()
                            ),
                        )
                        .help(help);
                    }
                    Some(_) => {}
                }
                if !missing.is_empty() {
                    cx.report_at(
                        c.xml.loc,
                        format!(
                            "the connector `{}` of {} has no {}",
                            c.name,
                            label(s),
                            missing
                                .iter()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .help(help);
                }
            }
        }
    }
}
