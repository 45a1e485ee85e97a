//! ## What it checks
//! That every `inputs.host.operationId` of a flow action or trigger bound to a packaged custom
//! connector is an operation of that connector's definition (`<name>_openapidefinition.json`,
//! `paths` and `x-ms-paths`):
//!
//! - an operationId the definition does not have is an error (the message says when it
//!   differs only in case);
//! - an operation marked `x-ms-visibility: internal` is a warning: makers cannot see it, so the
//!   sample flow does not make it searchable.
//!
//! The action is bound through `host.connectionName` → `properties.connectionReferences` →
//! `api.logicalName` (or the connection reference's `customconnectorid`). Actions of standard
//! connectors, and connectors whose definition could not be read, are left alone.
//!
//! ## Why it matters for certification
//! The sample flow must make the connector and its actions searchable (policy 5000.1.1.9). An
//! action naming an operation the connector does not have — usually renamed in the definition
//! after the flow was built — fails to load in the designer and at run time. In all 22
//! certified packages we opened, every operationId the flow used existed in the definition.
//!
//! ## Example
//! ```json
//! "host": { "connectionName": "shared_contoso-5fweather-5f0a1b", "operationId": "GetForcast" }
//! ```
//! while the definition has `"operationId": "GetForecast"`.
//!
//! Use instead: open the flow, re-add the action from the current connector, and export again.
//!
//! ## Fix safety
//! No fix: which operation the action should call is the author's decision, made by re-adding it in the designer; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::diagnostic::Severity;
use crate::rules::util::flows;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct FsolOperationExists;

impl SolutionRule for FsolOperationExists {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for flow in &s.flows {
                let flow_name = flows::flow_name(s, flow);
                let entries = flows::entries(&flow.file);
                for host in flows::hosts(&flow.file) {
                    let (Some((_, key)), Some(op_node)) = (host.connection, host.operation_id)
                    else {
                        continue;
                    };
                    let Some(op) = op_node.as_str().map(str::trim).filter(|o| !o.is_empty())
                    else {
                        continue;
                    };
                    let Some(entry) = entries.iter().find(|e| e.key == key) else {
                        continue;
                    };
                    let Some(c) = flows::connector_of(input, entry) else {
                        continue;
                    };
                    if c.operations.is_empty()
                        && c.swagger.as_ref().and_then(|f| f.doc()).is_none()
                    {
                        continue; // the definition is missing or broken: other rules say so
                    }
                    match c.operations.get(op) {
                        Some(Some(v)) if v.eq_ignore_ascii_case("internal") => {
                            cx.report_json(
                                &flow.file,
                                op_node,
                                format!(
                                    "flow `{flow_name}` uses operation `{op}` of connector `{}`, which is `x-ms-visibility: internal`",
                                    c.name
                                ),
                            )
                            .severity(Severity::Warning)
                            .help("makers cannot see internal operations; use a visible operation in the sample flow, or make this one visible");
                        }
                        Some(_) => {}
                        None => {
                            let near = c
                                .operations
                                .keys()
                                .find(|k| k.eq_ignore_ascii_case(op))
                                .map(|k| format!(" (the definition has `{k}`, which differs in case)"))
                                .unwrap_or_default();
                            cx.report_json(
                                &flow.file,
                                op_node,
                                format!(
                                    "flow `{flow_name}` uses operation `{op}`, which connector `{}` does not have{near}",
                                    c.name
                                ),
                            )
                            .help("re-add the action from the current connector in the flow designer and export the solution again");
                        }
                    }
                }
            }
        }
    }
}
