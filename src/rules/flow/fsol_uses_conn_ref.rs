//! ## What it checks
//! That every cloud flow of a solution reaches its connections through connection references:
//!
//! - every entry of `properties.connectionReferences` has
//!   `connection.connectionReferenceLogicalName`;
//! - no entry binds to a connection directly (`connectionName`, `connection.name`, or
//!   `"source": "Embedded"`) — the `runtimeSource: "embedded"` of solution exports is fine;
//! - every action's and trigger's `inputs.host.connectionName` names an entry of
//!   `properties.connectionReferences`;
//! - the definition's `$connections` parameter defaults to `{}`.
//!
//! The connection id itself is `sec-connection-id`'s to report.
//!
//! ## Why it matters
//! Inside a solution a flow binds to connection references; the importer asks for a connection
//! per reference in the target environment (or takes it from the deployment settings file). A
//! flow bound to a connection directly carries the author's connection, which does not exist
//! anywhere else, and breaks on import. All 22 certified packages we opened bind every action
//! through a connection reference.
//!
//! ## Example
//! ```json
//! "connectionReferences": {
//!   "shared_contoso-5fweather-5f0a1b": {
//!     "connectionName": "shared-contoso-5fweather-5f0a1b-…",
//!     "source": "Embedded",
//!     "id": "/providers/Microsoft.PowerApps/apis/shared_contoso-5fweather-5f0a1b"
//!   }
//! }
//! ```
//! Use instead (what a solution export writes):
//! ```json
//! "shared_contoso-5fweather-5f0a1b": {
//!   "runtimeSource": "embedded",
//!   "connection": { "connectionReferenceLogicalName": "cr123_sharedcontosoweather_5f0a1b" },
//!   "api": { "name": "shared_contoso-5fweather-5f0a1b", "logicalName": "cr123_contoso-20weather" }
//! }
//! ```
//! Add the flow to the solution from inside the solution (or open it there and save it), so
//! that Power Automate creates the connection reference, then export again.
//!
//! ## Fix safety
//! No fix: Power Automate creates the connection reference when the flow is added from inside the solution; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/maker/data-platform/create-connection-reference>
use crate::rules::util::flows;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::Input;

pub struct FsolUsesConnRef;

const HELP: &str = "add or open the flow inside the solution so that it uses a connection reference, then export the solution again";

impl SolutionRule for FsolUsesConnRef {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        for s in &input.solutions {
            for flow in &s.flows {
                let file = &flow.file;
                let name = flows::flow_name(s, flow);
                let entries = flows::entries(file);
                for e in &entries {
                    let embedded = e
                        .node
                        .get_ignore_case("connectionName")
                        .is_some_and(|v| !v.is_null())
                        || e
                            .node
                            .get_ignore_case("connection")
                            .and_then(|c| c.get_ignore_case("name"))
                            .and_then(|v| v.as_str())
                            .is_some_and(|v| !v.trim().is_empty())
                        || e
                            .node
                            .get_ignore_case("source")
                            .and_then(|v| v.as_str())
                            .is_some_and(|v| v.eq_ignore_ascii_case("embedded"));
                    if embedded {
                        cx.report_json(
                            file,
                            e.node,
                            format!(
                                "flow `{name}` binds `{}` to a connection directly (an embedded connection), not through a connection reference",
                                e.key
                            ),
                        )
                        .help(HELP);
                    } else if e.reference().is_none() {
                        cx.report_json(
                            file,
                            e.node,
                            format!(
                                "flow `{name}`: `{}` has no `connection.connectionReferenceLogicalName`",
                                e.key
                            ),
                        )
                        .help(HELP);
                    }
                }
                for host in flows::hosts(file) {
                    let Some((node, key)) = host.connection else {
                        continue;
                    };
                    if !entries.iter().any(|e| e.key == key) {
                        cx.report_json(
                            file,
                            node,
                            format!(
                                "flow `{name}` uses connection `{key}`, which is not in `properties.connectionReferences`"
                            ),
                        )
                        .help(HELP);
                    }
                }
                if let Some(default) = flows::definition(file)
                    .and_then(|d| d.get_ignore_case("parameters"))
                    .and_then(|p| p.get("$connections"))
                    .and_then(|c| c.get_ignore_case("defaultValue"))
                    .filter(|v| !(v.is_object() && v.is_empty()) && !v.is_null())
                {
                    let message = format!(
                        "flow `{name}`: the `$connections` parameter must default to `{{}}`; connections come from the connection references at run time"
                    );
                    cx.report_json(file, default, message).help(HELP);
                }
            }
        }
    }
}
