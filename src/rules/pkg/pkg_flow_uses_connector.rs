//! ## What it checks
//! That some action (or trigger) of the package's flows calls the packaged connector: its
//! `inputs.host.connectionName` names an entry of `properties.connectionReferences` whose
//! `api.logicalName` is the connector's `name`, or whose connection reference points at the
//! connector's id (`customconnectorid`). The message lists what the flows call instead.
//!
//! Which operations exist and whether each reference resolves are the `fsol-*` rules'.
//!
//! ## Why it matters for certification
//! Certification needs a flow that uses the connector (policy 5000.1.1.7), so that the
//! connector and its actions can be found (5000.1.1.9). In all 22 merged packages we opened,
//! an action of the test flow binds to the packaged connector this way.
//!
//! ## Example
//! A test flow with only a "Send an email" action: it calls Office 365 Outlook, not the
//! connector.
//!
//! Use instead: a flow with at least one action of the custom connector (add an action, pick
//! the connector under Custom), created inside the solution so that it uses a connection
//! reference.
//!
//! ## Fix safety
//! No fix: which action of the connector the test flow should call is the author's decision, made in the flow designer.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::rules::util::solutions::{bindings, package_solutions, packaged_connectors};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct PkgFlowUsesConnector;

impl SolutionRule for PkgFlowUsesConnector {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        if input.package.is_none() {
            return;
        }
        let connectors = packaged_connectors(input);
        if connectors.is_empty() {
            return;
        }
        let flows: Vec<_> = package_solutions(input)
            .flat_map(|s| s.flows.iter())
            .collect();
        let Some(first) = flows.first() else {
            return;
        };
        let mut used = Vec::new();
        for flow in &flows {
            for b in bindings(flow) {
                if connectors.iter().any(|c| b.binds_to(input, c)) {
                    return;
                }
                let api = b.api_logical_name().unwrap_or(b.key).to_owned();
                if !used.contains(&api) {
                    used.push(api);
                }
            }
        }
        let names = connectors
            .iter()
            .map(|c| format!("`{}`", c.name))
            .collect::<Vec<_>>()
            .join(", ");
        let calls = if used.is_empty() {
            "they have no action that uses a connection".to_owned()
        } else {
            format!(
                "they call only {}",
                used.iter()
                    .map(|u| format!("`{u}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let message = format!(
            "no action of the package's {} calls the packaged connector {names}; {calls}",
            if flows.len() == 1 { "flow" } else { "flows" }
        );
        let help = "add an action of the custom connector to the test flow (through a connection reference) and export the flow solution again (policies 5000.1.1.7, 5000.1.1.9)";
        let at = first
            .file
            .doc()
            .and_then(|d| d.root().get("properties"))
            .and_then(|p| p.get("definition"))
            .and_then(|d| d.get("actions"));
        match at {
            Some(node) => cx.report_json(&first.file, node, message),
            None => cx.report_path(&first.file.display, message),
        }
        .help(help);
    }
}
