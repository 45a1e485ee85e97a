//! ## What it checks
//! That a cloud flow's custom-connector bindings point at the connector the input carries (in
//! any solution of the package):
//!
//! - the entry's `api.logicalName` in `properties.connectionReferences` is the `<name>` of a
//!   packaged `<Connector>`;
//! - the connection reference it names has a `<customconnectorid><connectorid>` equal to that
//!   connector's `<connectorid>` (braces and case aside);
//! - a connection reference without `<customconnectorid>` has a `<connectorid>` whose API
//!   (`/providers/Microsoft.PowerApps/apis/<api>`) is the entry's `api.name`.
//!
//! Standard connectors (no `api.logicalName`, no `customconnectorid`) are left alone, and so is
//! a solution that carries no connector at all: there is nothing to compare with. A
//! `api.logicalName` naming a connector the solution lists in `<MissingDependencies>` is a
//! warning: the flow relies on a connector outside the input.
//!
//! ## Why it matters for certification
//! The package's sample flow must use the packaged connector (policy 5000.1.1.7). A binding to
//! another connector id makes the flow use a connector that is not in the package — typically
//! an older copy of the connector in the author's environment — or fails the import. In 21 of
//! the 22 certified packages we opened every id agreed; the exception carried a stale
//! dependency on another connector.
//!
//! ## Example
//! ```xml
//! <connectionreference connectionreferencelogicalname="cr123_sharedcontosoweather_5f0a1b">
//!   <customconnectorid><connectorid>9a8b…</connectorid></customconnectorid>
//! ```
//! while the connector solution says `<connectorid>1f2e…</connectorid>`.
//!
//! Use instead: export both solutions from the same environment, after rebinding the flow to
//! the connector that is in the connector solution.
//!
//! ## Fix safety
//! No fix: the flow is rebound to the packaged connector in the environment and both solutions exported again; ppcert never rewrites solutions.
//!
//! ## References
//! - <https://learn.microsoft.com/en-us/power-apps/developer/data-platform/reference/entities/connectionreference>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/certification-policy-errors>
use crate::connector::JsonFile;
use crate::diagnostic::Severity;
use crate::rules::util::flows::{self, Entry};
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::{Input, Solution, SolutionConnector};

pub struct FsolConnRefTarget;

const HELP: &str = "rebind the flow to the packaged connector and export both solutions from the same environment";
const OUTSIDE: &str = "the solution lists that connector as a missing dependency: the flow relies on a connector outside the package; rebind it to the packaged connector";

impl SolutionRule for FsolConnRefTarget {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        let connectors = flows::packaged_connectors(input);
        if connectors.is_empty() {
            return;
        }
        let names: Vec<String> = connectors.iter().map(|c| format!("`{}`", c.name)).collect();
        let names = names.join(", ");
        for s in &input.solutions {
            for flow in &s.flows {
                let flow_name = flows::flow_name(s, flow);
                for e in flows::entries(&flow.file) {
                    if !flows::is_custom(input, &e) {
                        continue;
                    }
                    let target = flows::connector_of(input, &e);
                    if target.is_none() {
                        check_logical_name(cx, s, &flow.file, &flow_name, &e, &names);
                    }
                    check_reference(cx, input, &flow_name, &e, target, &connectors, &names);
                }
            }
        }
    }
}

/// `api.logicalName` names no packaged connector.
fn check_logical_name(
    cx: &mut SolutionChecker,
    s: &Solution,
    file: &JsonFile,
    flow_name: &str,
    e: &Entry,
    names: &str,
) {
    let (Some(logical), Some(node)) = (e.logical_name(), e.logical_name) else {
        return;
    };
    let declared = s.manifest.iter().flat_map(|m| &m.missing_dependencies).any(|d| {
        d.required.as_ref().is_some_and(|r| {
            r.kind.as_deref().map(str::trim) == Some("372")
                && r.schema_name
                    .as_deref()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(logical))
        })
    });
    let message = format!(
        "flow `{flow_name}` binds `{}` to connector `{logical}`, which is not the connector in the input ({names})",
        e.key
    );
    let d = cx.report_json(file, node, message);
    if declared {
        d.severity(Severity::Warning).help(OUTSIDE);
    } else {
        d.help(HELP);
    }
}

/// The connection reference points at another connector id, or at another API.
fn check_reference(
    cx: &mut SolutionChecker,
    input: &Input,
    flow_name: &str,
    e: &Entry,
    target: Option<&SolutionConnector>,
    connectors: &[&SolutionConnector],
    names: &str,
) {
    let Some((_, r)) = e.reference().and_then(|l| flows::find_reference(input, l)) else {
        return;
    };
    let logical = r.logical_name.as_ref().map_or("?", |v| v.trimmed());
    if let Some(id) = flows::custom_connector_id(r) {
        let is_id = |c: &&SolutionConnector| c.xml.id().as_deref() == Some(id.as_str());
        let ok = match target {
            Some(c) => is_id(&c),
            None => connectors.iter().any(is_id),
        };
        if ok {
            return;
        }
        let expected = match target.and_then(|c| c.xml.id().map(|i| (c, i))) {
            Some((c, i)) => format!("connector `{}` has id `{i}`", c.name),
            None => format!("the input's connectors are {names}"),
        };
        let at = r.custom_connector_id.as_ref().map_or(r.loc, |v| v.loc);
        let message = format!(
            "connection reference `{logical}` points at custom connector id `{id}`, but {expected}"
        );
        cx.report_at(at, message).help(HELP);
    } else if let (Some(api_id), Some(api)) = (r.get("connectorid"), e.api_name()) {
        let named = flows::api_of_connector_id(api_id.trimmed());
        if !named.eq_ignore_ascii_case(api) {
            let message = format!(
                "connection reference `{logical}` is for API `{named}`, but flow `{flow_name}` uses it for `{api}`"
            );
            cx.report_at(api_id.loc, message).help(HELP);
        }
    }
}
