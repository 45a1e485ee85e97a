//! ## What it checks
//! Outside certification (the `custom` profile, and not a certification package), that a
//! solution does not hold both a custom connector and the cloud flows or canvas apps that use
//! it. A flow uses the connector when an entry of its `properties.connectionReferences` binds
//! to it (`api.logicalName`, the connection reference's `customconnectorid`, or its API name);
//! a canvas app, when its `ConnectionReferences` name it in `customApiLogicalName`.
//!
//! ## Why it matters
//! Microsoft's guidance for custom connectors in solutions is to keep the connector in a
//! solution of its own, imported before the solutions holding the flows and apps that use it:
//! the connector must exist before connection references to it can be created, and mixing them
//! currently breaks dependency tracking. (The certification package follows its own shape, in
//! which the flow solution may carry a copy of the connector; it is not judged here.)
//!
//! ## Example
//! One solution `ContosoWeather` with `Connector/cr123_contoso-20weather_*` and
//! `Workflows/GetForecast-….json` using it.
//!
//! Use instead: a solution `ContosoWeatherConnector` with the connector only, and a solution
//! `ContosoWeatherFlows` with the flows, their connection references and the apps.
//!
//! ## Fix safety
//! No fix: splitting the solution in two is done in the environment, and which solution holds what is the author's decision.
//!
//! ## References
//! - <https://learn.microsoft.com/cs-cz/training/modules/custom-connector-lifecycle-management/3-solutions>
//! - <https://learn.microsoft.com/en-us/connectors/custom-connectors/customconnectorssolutions#known-limitations>
use crate::rules::util::flows;
use crate::rules::{SolutionChecker, SolutionRule};
use crate::solution::{Input, InputKind};

pub struct FsolNotWithConnectorAlm;

impl SolutionRule for FsolNotWithConnectorAlm {
    fn check(&self, cx: &mut SolutionChecker, input: &Input) {
        if cx.for_certification() || input.kind == InputKind::Package {
            return;
        }
        for s in &input.solutions {
            for c in &s.connectors {
                let mut users: Vec<String> = Vec::new();
                for flow in &s.flows {
                    let uses = flows::entries(&flow.file).iter().any(|e| {
                        flows::connector_of(input, e).is_some_and(|t| std::ptr::eq(t, c))
                    });
                    if uses {
                        users.push(format!("flow `{}`", flows::flow_name(s, flow)));
                    }
                }
                for app in flows::canvas_apps(input, s) {
                    if app.custom_connectors.iter().any(|n| n.eq_ignore_ascii_case(&c.name)) {
                        users.push(format!("canvas app `{}`", app.name));
                    }
                }
                if users.is_empty() {
                    continue;
                }
                cx.report_at(
                    c.xml.loc,
                    format!(
                        "solution `{}` holds connector `{}` together with what uses it ({})",
                        s.name(),
                        c.name,
                        users.join(", ")
                    ),
                )
                .help("keep the connector in a solution of its own and import it first; put the flows and apps in another solution");
            }
        }
    }
}
